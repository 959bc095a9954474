/*
 * report.c - --export md: a lab-report page from a recording.
 *
 * What happened in numbers, the exchange as a Mermaid sequenceDiagram (it
 * renders in GitLab, GitHub, VS Code, Obsidian), every step's sentence in a
 * numbered table a student can explain line by line, and the fd sets of the
 * select() turns in which something was ready.
 */
#include "replay.h"

#include "i18n.h"

#include <stdlib.h>
#include <string.h>

/* Past these, a report says how many it left out (and how to narrow it). */
#define REPORT_ARROWS_MAX 300
#define REPORT_STEPS_MAX 1500
#define REPORT_TURNS_MAX 12

/* ---- Numbers -------------------------------------------------------------------- */

struct report_numbers {
    bool client; /* a client's trace (obrol-client --record): its own rows */
    unsigned long clients, requests, messages, turns, events, answers, pushed;
    long long bytes_in, bytes_out;
    int64_t first_us, last_us;
    int64_t *rtts; /* request -> the send() that carried its response, in microseconds */
    size_t rtt_count;
};

/* The first send() of bytes to `fd` after event i: the response on its way. */
static bool report_response_time(const struct trace *trace, size_t i, int64_t *us)
{
    long long fd = trace_int(trace, i, "fd", -1);

    for (size_t j = i + 1; j < trace->count; j++) {
        if (strcmp(trace_kind(trace, j), "leave") == 0 && trace_int(trace, j, "fd", -2) == fd)
            return false;
        if (strcmp(trace_kind(trace, j), "send") == 0 && trace_int(trace, j, "fd", -2) == fd &&
            trace_int(trace, j, "result", 0) > 0) {
            *us = trace_int(trace, j, "t", 0) - trace_int(trace, i, "t", 0);
            return true;
        }
    }
    return false;
}

/* A client's row: what it sent, what came back, and the round trips it measured itself. */
static void report_count_client(const struct trace *trace, size_t i, struct report_numbers *numbers)
{
    const char *kind = trace_kind(trace, i);
    long long len = trace_int(trace, i, "len", 0), rtt = trace_int(trace, i, "rtt_us", -1);

    numbers->clients += strcmp(kind, "connected") == 0;
    if (strcmp(kind, "sent") == 0) {
        numbers->requests++;
        numbers->bytes_out += len;
    } else if (strcmp(kind, "answer") == 0 || strcmp(kind, "pushed") == 0) {
        numbers->bytes_in += len;
        numbers->answers += strcmp(kind, "answer") == 0;
        numbers->pushed += strcmp(kind, "pushed") == 0;
        if (rtt >= 0)
            numbers->rtts[numbers->rtt_count++] = rtt;
    }
}

static void report_count(const struct trace *trace, size_t i, struct report_numbers *numbers)
{
    const char *kind = trace_kind(trace, i);
    long long result = trace_int(trace, i, "result", 0);
    int64_t us;

    if (numbers->events++ == 0)
        numbers->first_us = trace_int(trace, i, "t", 0);
    numbers->last_us = trace_int(trace, i, "t", 0);
    if (numbers->client) {
        report_count_client(trace, i, numbers);
        return;
    }
    numbers->clients += strcmp(kind, "accept") == 0;
    numbers->messages += strcmp(kind, "line") == 0;
    numbers->turns += strcmp(kind, "select") == 0;
    if (strcmp(kind, "recv") == 0 && result > 0)
        numbers->bytes_in += result;
    if (strcmp(kind, "send") == 0 && result > 0)
        numbers->bytes_out += result;
    if (strcmp(kind, "request") != 0)
        return;
    numbers->requests++;
    if (report_response_time(trace, i, &us))
        numbers->rtts[numbers->rtt_count++] = us;
}

static int report_compare_us(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* A client's numbers: its requests, what came back, and its round trips. */
static void report_print_client_numbers(const struct report_numbers *numbers, FILE *out)
{
    if (numbers->clients > 0) /* --batch records no connect rows */
        fprintf(out, _("| connections | %lu |\n"), numbers->clients);
    fprintf(out, _("| requests sent | %lu |\n"), numbers->requests);
    fprintf(out, _("| responses | %lu |\n"), numbers->answers);
    fprintf(out, _("| events pushed by the server | %lu |\n"), numbers->pushed);
    fprintf(out, _("| bytes sent | %lld |\n"), numbers->bytes_out);
    fprintf(out, _("| bytes received | %lld |\n"), numbers->bytes_in);
    if (numbers->rtt_count > 0)
        fprintf(out,
                ngettext("| round trips (a request to its response, measured by the client) | "
                         "fastest %.3f ms, median %.3f ms, slowest %.3f ms (%zu response) |\n",
                         "| round trips (a request to its response, measured by the client) | "
                         "fastest %.3f ms, median %.3f ms, slowest %.3f ms (%zu responses) |\n",
                         numbers->rtt_count),
                (double)numbers->rtts[0] / 1e3,
                (double)numbers->rtts[numbers->rtt_count / 2] / 1e3,
                (double)numbers->rtts[numbers->rtt_count - 1] / 1e3, numbers->rtt_count);
    fprintf(out, "\n");
}

static void report_print_numbers(const struct report_numbers *numbers,
                                 const struct replay_exchange *exchange, FILE *out)
{
    fprintf(out, _("## What happened, in numbers\n\n| | |\n|---|---|\n"));
    fprintf(out, _("| events (steps) | %lu, from %.3f s to %.3f s |\n"), numbers->events,
            (double)numbers->first_us / 1e6, (double)numbers->last_us / 1e6);
    if (numbers->client) {
        report_print_client_numbers(numbers, out);
        return;
    }
    fprintf(out, _("| clients accepted (accept()) | %lu |\n"), numbers->clients);
    fprintf(out, _("| who took part | "));
    for (size_t p = 0; p < exchange->participant_count; p++)
        fprintf(out, "%s%s (fd %d)", p ? ", " : "", exchange->participants[p].nick,
                exchange->participants[p].fd);
    fprintf(out, " |\n");
    fprintf(out, _("| requests (lines the server read) | %lu |\n"), numbers->requests);
    fprintf(out, _("| chat messages relayed | %lu |\n"), numbers->messages);
    fprintf(out, _("| bytes received (recv) | %lld |\n"), numbers->bytes_in);
    fprintf(out, _("| bytes sent (send) | %lld |\n"), numbers->bytes_out);
    fprintf(out, _("| turns of the loop (select() calls) | %lu |\n"), numbers->turns);
    if (numbers->rtt_count > 0)
        fprintf(out,
                ngettext("| from a request to the send() of its response, in the server | "
                         "fastest %.3f ms, median %.3f ms, slowest %.3f ms (%zu request) |\n",
                         "| from a request to the send() of its response, in the server | "
                         "fastest %.3f ms, median %.3f ms, slowest %.3f ms (%zu requests) |\n",
                         numbers->rtt_count),
                (double)numbers->rtts[0] / 1e3,
                (double)numbers->rtts[numbers->rtt_count / 2] / 1e3,
                (double)numbers->rtts[numbers->rtt_count - 1] / 1e3, numbers->rtt_count);
    fprintf(out, "\n");
}

/* ---- The sequence diagram ---------------------------------------------------------- */

/* Mermaid takes ';' and '#' for its own, and '<' '>' as HTML: they are written as entities. */
static void report_mermaid_text(const char *text, FILE *out)
{
    for (; *text != '\0'; text++) {
        if (*text == ';')
            fputs("#59;", out);
        else if (*text == '#')
            fputs("#35;", out);
        else if (*text == '<')
            fputs("#lt;", out);
        else if (*text == '>')
            fputs("#gt;", out);
        else
            fputc(*text, out);
    }
}

static void report_mermaid_arrow(const struct replay_exchange *exchange,
                                 const struct replay_arrow *arrow, FILE *out)
{
    int fd = exchange->participants[arrow->participant].fd;

    switch (arrow->kind) {
    case REPLAY_TO_SERVER:
        fprintf(out, "    c%zu->>S: ", arrow->participant);
        break;
    case REPLAY_TO_CLIENT:
        fprintf(out, "    S->>c%zu: ", arrow->participant);
        break;
    case REPLAY_CONNECTED:
        fprintf(out, "    Note over S,c%zu: ", arrow->participant);
        if (arrow->text[0] == '\0') /* a client's trace says its own connect() */
            fprintf(out, _("accept() = fd %d"), fd);
        break;
    case REPLAY_LEFT:
        fprintf(out, "    Note over S,c%zu: ", arrow->participant);
        if (arrow->text[0] == '\0')
            fprintf(out, _("close(fd %d)"), fd);
        break;
    }
    report_mermaid_text(arrow->text, out);
    fputc('\n', out);
}

static void report_print_diagram(const struct replay_exchange *exchange, FILE *out)
{
    bool client = exchange->participant_count == 1 && exchange->participants[0].fd < 0;

    if (client)
        fprintf(out, _("## The exchange\n\nEvery line this client sent and every line it "
                       "received, in the order the client sent and received them.\n\n"));
    else
        fprintf(out, _("## The exchange\n\nEvery line a client sent (to the server) and every "
                       "line the server sent back, in the order the server read and sent "
                       "them.\n\n"));
    fprintf(out, "```mermaid\nsequenceDiagram\n    participant S as %s\n",
            client ? "server" : "obrol-server");
    for (size_t p = 0; p < exchange->participant_count; p++) {
        fprintf(out, "    participant c%zu as ", p);
        report_mermaid_text(exchange->participants[p].nick, out);
        if (exchange->participants[p].fd >= 0)
            fprintf(out, " (fd %d)", exchange->participants[p].fd);
        fputc('\n', out);
    }
    for (size_t a = 0; a < exchange->arrow_count && a < REPORT_ARROWS_MAX; a++)
        report_mermaid_arrow(exchange, &exchange->arrows[a], out);
    if (exchange->arrow_count > REPORT_ARROWS_MAX) {
        fprintf(out, "    Note over S: ");
        fprintf(out, _("... %zu more (a shorter report: --from, --to)"),
                exchange->arrow_count - REPORT_ARROWS_MAX);
        fputc('\n', out);
    }
    fprintf(out, "```\n\n");
}

/* ---- The narration, step by step ------------------------------------------------------ */

struct report_steps {
    FILE *out;
    unsigned long step, shown, left_out;
    double seconds;
};

/* A table cell: '|' would end it, '<' could start HTML. */
static void report_cell(const char *text, FILE *out)
{
    for (; *text != '\0'; text++) {
        if (*text == '|')
            fputs("\\|", out);
        else if (*text == '<')
            fputs("&lt;", out);
        else
            fputc(*text, out);
    }
}

static void report_step_line(const char *line, bool is_error, void *context)
{
    struct report_steps *steps = context;

    (void)is_error;
    if (steps->shown >= REPORT_STEPS_MAX) {
        steps->left_out++;
        return;
    }
    steps->shown++;
    fprintf(steps->out, "| %lu | %.6f | ", steps->step, steps->seconds);
    report_cell(line[0] == ' ' ? line + strspn(line, " ") : line, steps->out);
    fprintf(steps->out, " |\n");
}

static void report_print_steps(const struct trace *trace, const struct replay_range *range,
                               FILE *out)
{
    struct report_steps steps = {.out = out};

    if (strcmp(trace->program, "client") == 0)
        fprintf(out, _("## Step by step\n\nEvery row of the client's flow pane. Explain each "
                       "line in your own words.\n\n"));
    else
        fprintf(out, _("## Step by step\n\nWhat the server said at each step (as `obrol-server "
                       "-v` says it). Explain each line in your own words.\n\n"));
    fprintf(out, _("| step | time (s) | what happened |\n|---:|---:|---|\n"));
    for (size_t i = 0; i < trace->count; i++) {
        if (!replay_in_range(trace, i, range))
            continue;
        steps.step = (unsigned long)trace_int(trace, i, "n", 0);
        steps.seconds = (double)trace_int(trace, i, "t", 0) / 1e6;
        replay_tell(trace, i, report_step_line, &steps);
    }
    if (steps.left_out > 0)
        fprintf(out, _("\n... %lu more lines (a shorter report: --from, --to)\n"), steps.left_out);
    fprintf(out, "\n");
}

/* ---- The fd sets of chosen turns ------------------------------------------------------ */

static void report_fds(const struct trace *trace, size_t i, const char *key, FILE *out)
{
    fd_set set;
    int highest = trace_fds(trace, i, key, &set);

    fputc('{', out);
    for (int fd = 0, shown = 0; fd <= highest; fd++) {
        if (FD_ISSET(fd, &set))
            fprintf(out, shown++ ? " %d" : "%d", fd);
    }
    fputc('}', out);
}

/* One row: the select event i (the sets handed in) and its answer, event j. */
static void report_turn_row(const struct trace *trace, size_t i, size_t j, FILE *out)
{
    long long timeout = trace_int(trace, i, "timeout_ms", -1);

    fprintf(out, "| %lld | %lld | ", trace_int(trace, i, "turn", 0), trace_int(trace, i, "n", 0));
    report_fds(trace, i, "read", out);
    fprintf(out, " | ");
    report_fds(trace, i, "write", out);
    if (timeout < 0)
        fprintf(out, _(" | none | "));
    else
        fprintf(out, _(" | %lld ms | "), timeout);
    fprintf(out, "%lld | ", trace_int(trace, j, "result", 0));
    report_fds(trace, j, "read", out);
    fprintf(out, " | ");
    report_fds(trace, j, "write", out);
    fprintf(out, " |\n");
}

/* The first turns in which select() returned something ready. */
static void report_print_turns(const struct trace *trace, const struct replay_range *range,
                               FILE *out)
{
    size_t shown = 0;

    fprintf(out, _("## The fd sets of select()\n\nThe first %d turns of the loop in which "
                   "something was ready: the sets handed to select(), and what it returned "
                   "(fd 0 is the server's standard input, the teacher's keys).\n\n"),
            REPORT_TURNS_MAX);
    fprintf(out, _("| turn | step | read set | write set | time-out | select() = | ready to "
                   "read | ready to write |\n|---:|---:|---|---|---|---:|---|---|\n"));
    for (size_t i = 0; i + 1 < trace->count && shown < REPORT_TURNS_MAX; i++) {
        if (!replay_in_range(trace, i, range) || strcmp(trace_kind(trace, i), "select") != 0 ||
            strcmp(trace_kind(trace, i + 1), "selected") != 0 ||
            trace_int(trace, i + 1, "result", 0) <= 0)
            continue;
        report_turn_row(trace, i, i + 1, out);
        shown++;
    }
    fprintf(out, "\n");
}

/* ---- The page ---------------------------------------------------------------------- */

bool replay_export_md(const struct trace *trace, const struct replay_range *range,
                      const char *name, FILE *out)
{
    struct replay_exchange exchange;
    struct report_numbers numbers = {.rtts = calloc(trace->count + 1, sizeof(int64_t)),
                                     .client = strcmp(trace->program, "client") == 0};

    if (numbers.rtts == NULL || !replay_exchange_build(trace, range, &exchange)) {
        free(numbers.rtts);
        return false;
    }
    for (size_t i = 0; i < trace->count; i++) {
        if (replay_in_range(trace, i, range))
            report_count(trace, i, &numbers);
    }
    qsort(numbers.rtts, numbers.rtt_count, sizeof(*numbers.rtts), report_compare_us);
    fprintf(out, _("# Lab report: %s\n\n"), name);
    fprintf(out, _("Recorded by obrol-%s on %s (UTC). Made with obrol-replay --export md.\n\n"),
            trace->program, trace_header_text(trace, "date"));
    report_print_numbers(&numbers, &exchange, out);
    report_print_diagram(&exchange, out);
    report_print_steps(trace, range, out);
    if (!numbers.client) /* a client's trace holds no select() of the server's */
        report_print_turns(trace, range, out);
    replay_exchange_free(&exchange);
    free(numbers.rtts);
    return !ferror(out);
}
