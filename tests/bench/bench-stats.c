/*
 * bench-stats.c - the figures: a latency histogram and the server's /proc entries.
 *
 * Millions of latencies are measured in one run. Keeping them all and sorting
 * would work, but a histogram answers "what is the 99th percentile?" as exactly
 * (to the microsecond below 100 ms) in fixed memory and constant time per sample.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- Latency histogram ------------------------------------------------------------ */

int bench_latency_init(struct bench_latency *latency)
{
    memset(latency, 0, sizeof(*latency));
    latency->buckets = calloc(BENCH_HIST_FINE + BENCH_HIST_COARSE, sizeof(*latency->buckets));
    latency->min_us = INT64_MAX;
    if (latency->buckets == NULL) {
        fprintf(stderr, "obrol-bench: out of memory for the latency histogram\n");
        return -1;
    }
    return 0;
}

void bench_latency_free(struct bench_latency *latency)
{
    free(latency->buckets);
    latency->buckets = NULL;
}

/* Bucket i < FINE holds i µs; bucket FINE + j holds (FINE + 1000 j) µs and up. */
static size_t bench_latency_bucket(int64_t us)
{
    if (us < BENCH_HIST_FINE)
        return (size_t)us;
    int64_t coarse = (us - BENCH_HIST_FINE) / 1000;
    if (coarse >= BENCH_HIST_COARSE)
        coarse = BENCH_HIST_COARSE - 1;
    return BENCH_HIST_FINE + (size_t)coarse;
}

static int64_t bench_latency_bucket_value(size_t bucket)
{
    if (bucket < BENCH_HIST_FINE)
        return (int64_t)bucket;
    return BENCH_HIST_FINE + (int64_t)(bucket - BENCH_HIST_FINE) * 1000;
}

void bench_latency_add(struct bench_latency *latency, int64_t us)
{
    if (us < 0)
        us = 0; /* cannot happen with one monotonic clock, but never index below 0 */
    latency->buckets[bench_latency_bucket(us)]++;
    latency->count++;
    latency->sum_us += (double)us;
    if (us > latency->max_us)
        latency->max_us = us;
    if (us < latency->min_us)
        latency->min_us = us;
}

int64_t bench_latency_percentile(const struct bench_latency *latency, double fraction)
{
    if (latency->count == 0)
        return 0;
    /* The smallest value with at least fraction * count samples at or below it. */
    uint64_t wanted = (uint64_t)(fraction * (double)latency->count + 0.999999);
    uint64_t seen = 0;

    if (wanted == 0)
        wanted = 1;
    for (size_t i = 0; i < BENCH_HIST_FINE + BENCH_HIST_COARSE; i++) {
        seen += latency->buckets[i];
        if (seen >= wanted)
            return bench_latency_bucket_value(i);
    }
    return latency->max_us;
}

/* ---- /proc/PID ------------------------------------------------------------------------ */

double bench_proc_cpu_seconds(pid_t pid)
{
    char path[64], text[1024];
    unsigned long user_ticks, system_ticks;

    snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        perror(path);
        return -1;
    }
    size_t len = fread(text, 1, sizeof(text) - 1, file);
    fclose(file);
    text[len] = '\0';
    /* Field 2 is "(name)" and the name may hold spaces: count fields after the ')'.
     * Then: 3 state ... 14 utime 15 stime, in clock ticks (proc(5)). */
    const char *after_name = strrchr(text, ')');
    if (after_name == NULL ||
        sscanf(after_name + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &user_ticks,
               &system_ticks) != 2) {
        fprintf(stderr, "obrol-bench: cannot read the CPU times in %s\n", path);
        return -1;
    }
    return (double)(user_ticks + system_ticks) / (double)sysconf(_SC_CLK_TCK);
}

long bench_proc_rss_kib(pid_t pid)
{
    char path[64], line[256];
    long kib = -1;

    snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        perror(path);
        return -1;
    }
    while (fgets(line, sizeof(line), file) != NULL) {
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    }
    fclose(file);
    if (kib < 0)
        fprintf(stderr, "obrol-bench: no VmRSS line in %s\n", path);
    return kib;
}

/* ---- Report lines ------------------------------------------------------------------------ */

void bench_report_int(const char *key, long long value)
{
    printf("%s=%lld\n", key, value);
}

void bench_report_double(const char *key, double value, int decimals)
{
    printf("%s=%.*f\n", key, decimals, value);
}

/* prefix_p50_us, prefix_p99_us, prefix_max_us, prefix_mean_us, prefix_samples */
void bench_report_latency(const char *prefix, const struct bench_latency *latency)
{
    char key[64];

    snprintf(key, sizeof(key), "%s_samples", prefix);
    bench_report_int(key, (long long)latency->count);
    snprintf(key, sizeof(key), "%s_p50_us", prefix);
    bench_report_int(key, bench_latency_percentile(latency, 0.50));
    snprintf(key, sizeof(key), "%s_p99_us", prefix);
    bench_report_int(key, bench_latency_percentile(latency, 0.99));
    snprintf(key, sizeof(key), "%s_max_us", prefix);
    bench_report_int(key, latency->max_us);
    snprintf(key, sizeof(key), "%s_mean_us", prefix);
    bench_report_double(key, latency->count ? latency->sum_us / (double)latency->count : 0, 1);
}
