/*
 * run.c - profile detection, one fresh server per check, outcomes.
 */
#include "check/run.h"

#include "check/loop.h"
#include "check/probe.h"
#include "check/procnet.h"
#include "clock.h"
#include "fdlimit.h"
#include "i18n.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#define RUN_READY_MS 5000 /* a spawned server must listen within this */
#define RUN_STOP_GRACE_MS 300

bool run_select(const char *only, enum grader_profile profile, const struct check **chosen,
                size_t *count, char *error, size_t room)
{
    *count = 0;
    if (only != NULL) {
        char list[1024];
        snprintf(list, sizeof(list), "%s", only);
        for (char *save = NULL, *id = strtok_r(list, ",", &save); id != NULL;
             id = strtok_r(NULL, ",", &save)) {
            if (checks_find(id) == NULL) {
                snprintf(error, room, _("obrol-check: unknown check '%s' (--list shows them)"), id);
                return false;
            }
        }
    }
    for (size_t i = 0; i < checks_count; i++) {
        const struct check *check = &checks_table[i];
        char needle[64];
        snprintf(needle, sizeof(needle), ",%s,", check->id);
        char haystack[1100];
        snprintf(haystack, sizeof(haystack), ",%s,", only != NULL ? only : "");
        if (only != NULL && strstr(haystack, needle) == NULL)
            continue;
        /* Asked for by name, a check of another profile is reported as skipped. */
        if (only == NULL && profile != PROFILE_DETECT && !checks_in_profile(check, profile))
            continue;
        chosen[(*count)++] = check;
    }
    return true;
}

/* A port nobody listens on now: bind 127.0.0.1:0 and ask which one came. */
static unsigned run_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof(address);
    unsigned port = 0;

    if (fd >= 0 && bind(fd, (struct sockaddr *)&address, sizeof(address)) == 0 &&
        getsockname(fd, (struct sockaddr *)&address, &length) == 0)
        port = ntohs(address.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* host:port as a socket address. */
static bool run_resolve(const char *host, unsigned port, struct sockaddr_storage *address,
                        socklen_t *length, char *error, size_t room)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *list;
    char service[16];

    snprintf(service, sizeof(service), "%u", port);
    int status = getaddrinfo(host, service, &hints, &list);
    if (status != 0) {
        snprintf(error, room, _("cannot find %s: %s"), host, gai_strerror(status));
        return false;
    }
    /* "localhost" may give ::1 first; students' servers mostly listen on IPv4. */
    const struct addrinfo *chosen = list;
    for (const struct addrinfo *each = list; each != NULL; each = each->ai_next) {
        if (each->ai_family == AF_INET) {
            chosen = each;
            break;
        }
    }
    memcpy(address, chosen->ai_addr, chosen->ai_addrlen);
    *length = chosen->ai_addrlen;
    freeaddrinfo(list);
    return true;
}

/* Wait (draining its output) until the spawned server listens, or dies. */
static bool run_wait_listening(struct spawn *spawn, unsigned port, char *error, size_t room)
{
    int64_t deadline = clock_ms() + RUN_READY_MS;

    while (!procnet_listening(port)) {
        if (spawn_poll(spawn)) {
            spawn_drain(spawn);
            spawn_describe_end(spawn->status, error, room);
            return false;
        }
        if (clock_ms() >= deadline) {
            snprintf(error, room, _("the server did not listen on port %u within %d s"), port,
                     RUN_READY_MS / 1000);
            return false;
        }
        fd_set readable;
        FD_ZERO(&readable);
        if (spawn->output_fd >= 0 && spawn->output_fd < FD_SETSIZE)
            FD_SET(spawn->output_fd, &readable);
        struct timeval pause = {.tv_sec = 0, .tv_usec = 10000};
        if (select(spawn->output_fd + 1, &readable, NULL, NULL, &pause) > 0)
            spawn_drain(spawn);
    }
    return true;
}

/* Start the --spawn command on a free port (or --port) and wait for it to listen. */
static bool run_start_server(struct run *run, struct spawn *spawn, char *error, size_t room)
{
    char command[4096];

    run->port = run->options->port_given ? run->options->port : run_free_port();
    if (run->port == 0 || !spawn_substitute_port(run->options->spawn, run->port, command, sizeof(command))) {
        snprintf(error, room, "%s", _("no free port, or the command is too long"));
        return false;
    }
    if (!spawn_start(spawn, command)) {
        snprintf(error, room, _("cannot start the server: %s"), strerror(errno));
        return false;
    }
    return run_wait_listening(spawn, run->port, error, room);
}

/* Keep what the trial knows in the outcome: its words and its transcript. */
static void run_keep(struct outcome *outcome, const struct trial *trial)
{
    char scratch[TRANSCRIPT_LINE_MAX];
    size_t count = transcript_lines(&trial->transcript);

    snprintf(outcome->expected, sizeof(outcome->expected), "%s",
             trial->expected[0] != '\0' ? trial->expected
                                         : _("the server keeps running and serving its clients"));
    snprintf(outcome->saw, sizeof(outcome->saw), "%s", trial->saw);
    outcome->transcript = calloc(count ? count : 1, sizeof(char *));
    for (size_t i = 0; outcome->transcript != NULL && i < count; i++) {
        const char *line = transcript_line(&trial->transcript, i, scratch, sizeof(scratch));
        outcome->transcript[i] = strdup(line);
        if (outcome->transcript[i] != NULL)
            outcome->transcript_count = i + 1;
    }
}

/* A failure before the check could begin: the server did not start. */
static void run_no_server(struct outcome *outcome, struct spawn *spawn)
{
    outcome->result = RESULT_FAIL;
    snprintf(outcome->expected, sizeof(outcome->expected), "%s",
             _("the server starts and listens on its port"));
    if (spawn->pid > 0) {
        spawn_stop(spawn, RUN_STOP_GRACE_MS);
        outcome->server_tail = strdup(spawn_tail(spawn, RUN_TAIL_LINES));
    }
}

/* Why a check is not run at all, or NULL. */
static const char *run_skip_reason(const struct run *run, const struct check *check)
{
    if (!checks_in_profile(check, run->profile))
        return _("not part of this profile");
    if (check->needs_spawn && run->options->spawn == NULL)
        return _("needs --spawn: the grader must start the server itself");
    return NULL;
}

static void run_one(struct run *run, const struct check *check, struct outcome *outcome)
{
    struct spawn spawn = {.pid = 0, .output_fd = -1};
    struct sockaddr_storage address;
    socklen_t length;
    struct trial trial;
    int64_t start = clock_ms();
    const char *skip = run_skip_reason(run, check);

    outcome->check = check;
    if (skip != NULL) {
        outcome->result = RESULT_SKIP;
        snprintf(outcome->saw, sizeof(outcome->saw), "%s", skip);
        return;
    }
    run->port = run->options->port;
    if (run->options->spawn != NULL && !run_start_server(run, &spawn, outcome->saw, sizeof(outcome->saw))) {
        run_no_server(outcome, &spawn);
        return;
    }
    if (!run_resolve(run->options->host, run->port,
                     &address, &length, outcome->saw, sizeof(outcome->saw))) {
        run_no_server(outcome, &spawn);
        return;
    }
    trial_begin(&trial, run->options, run->profile, &address, length, run->port,
                run->options->spawn != NULL ? &spawn : NULL);
    outcome->result = check->run(&trial);
    run_keep(outcome, &trial);
    trial_end(&trial);
    if (run->options->spawn != NULL) {
        spawn_stop(&spawn, RUN_STOP_GRACE_MS);
        if (outcome->result == RESULT_FAIL)
            outcome->server_tail = strdup(spawn_tail(&spawn, RUN_TAIL_LINES));
    }
    outcome->seconds = (double)(clock_ms() - start) / 1000.0;
}

/* A sends a line: B receives it (relay), or only A gets an answer (reply). */
static bool run_detect(struct run *run, struct trial *trial)
{
    struct peer *peers[2];
    char text[64];

    if (!probe_open(trial, "AB", peers, 3000)) {
        snprintf(run->error, sizeof(run->error), _("obrol-check: cannot connect to the server: %s"),
                 trial->saw[0] != '\0' ? trial->saw : trial->expected);
        return false;
    }
    if (run->options->profile != PROFILE_DETECT)
        return true;
    snprintf(text, sizeof(text), "obrol-check probe %s", trial->tag);
    if (probe_relay(trial, peers[0], peers + 1, 1, text, run->options->quick ? 1000 : 1500)) {
        run->profile = PROFILE_RELAY;
        return true;
    }
    if (peers[0]->bytes_in > 0) {
        run->profile = PROFILE_REPLY;
        return true;
    }
    snprintf(run->error, sizeof(run->error), "%s",
             _("obrol-check: cannot tell the profile: B did not receive A's line and A got no "
               "answer; give --profile relay or --profile reply"));
    return false;
}

/* Connect (starting the server if asked) and find out the profile. */
static bool run_prepare(struct run *run)
{
    struct spawn spawn = {.pid = 0, .output_fd = -1};
    struct sockaddr_storage address;
    socklen_t length;
    struct trial trial;
    char why[TRIAL_TEXT_MAX];

    run->port = run->options->port;
    if (run->options->spawn != NULL && !run_start_server(run, &spawn, why, sizeof(why))) {
        spawn_stop(&spawn, RUN_STOP_GRACE_MS);
        const char *tail = spawn_tail(&spawn, RUN_TAIL_LINES);
        snprintf(run->error, sizeof(run->error), _("obrol-check: the --spawn command failed: %s\n%s"),
                 why, tail);
        size_t end = strlen(run->error);
        if (end > 0 && run->error[end - 1] == '\n')
            run->error[end - 1] = '\0'; /* main() adds the last newline */
        return false;
    }
    bool ready = run_resolve(run->options->host, run->port,
                             &address, &length, why, sizeof(why));
    if (!ready)
        snprintf(run->error, sizeof(run->error), "obrol-check: %.400s", why);
    if (ready) {
        trial_begin(&trial, run->options, run->profile, &address, length, run->port,
                    run->options->spawn != NULL ? &spawn : NULL);
        ready = run_detect(run, &trial);
        trial_end(&trial);
    }
    spawn_stop(&spawn, RUN_STOP_GRACE_MS);
    return ready;
}

bool run_all(struct run *run, const struct grader_options *options)
{
    const struct check *chosen[64];
    size_t count;
    int64_t start = clock_ms();

    memset(run, 0, sizeof(*run));
    run->options = options;
    run->profile = options->profile;
    run->profile_detected = options->profile == PROFILE_DETECT;
    fdlimit_raise(SPAWN_FD_LIMIT, NULL); /* fd-limit opens more than 1,024 clients */
    if (!run_select(options->only, options->profile, chosen, &count, run->error, sizeof(run->error)) ||
        !run_prepare(run))
        return false;
    if (run->profile_detected)
        run_select(options->only, run->profile, chosen, &count, run->error, sizeof(run->error));
    run->outcomes = calloc(count ? count : 1, sizeof(*run->outcomes));
    if (run->outcomes == NULL)
        return false;
    for (size_t i = 0; i < count; i++) {
        run_one(run, chosen[i], &run->outcomes[i]);
        run->count = i + 1;
        run->passed += run->outcomes[i].result == RESULT_PASS;
        run->failed += run->outcomes[i].result == RESULT_FAIL;
        run->skipped += run->outcomes[i].result == RESULT_SKIP;
    }
    run->seconds = (double)(clock_ms() - start) / 1000.0;
    return true;
}

void run_free(struct run *run)
{
    for (size_t i = 0; i < run->count; i++) {
        for (size_t j = 0; j < run->outcomes[i].transcript_count; j++)
            free(run->outcomes[i].transcript[j]);
        free(run->outcomes[i].transcript);
        free(run->outcomes[i].server_tail);
    }
    free(run->outcomes);
    run->outcomes = NULL;
    run->count = 0;
}
