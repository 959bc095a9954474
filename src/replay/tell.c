/*
 * tell.c - one recorded event, told again in the server's own words.
 *
 * The sentences are narrate.c's, not copies: each event is handed back to
 * the narrate_*() function that recorded it, with a connection rebuilt from
 * the event's fields, and narrate_set_sink() catches the line. So a replay
 * says exactly what `obrol-server -v` said, in the language asked for now.
 */
#include "replay.h"

#include "i18n.h"
#include "narrate.h"
#include "timer.h"

#include <stdio.h>
#include <string.h>

/* The sink narrate.c calls has no context argument: it is kept here for the call. */
static replay_sink tell_sink;
static void *tell_context;

static void tell_line(const char *line, bool is_error)
{
    tell_sink(line, is_error, tell_context);
}

/* The connection an event is about, as far as narrate.c looks at it. */
static void tell_conn(const struct trace *trace, size_t i, struct conn *conn)
{
    memset(conn, 0, sizeof(*conn));
    conn->fd = (int)trace_int(trace, i, "fd", -1);
    snprintf(conn->nick, sizeof(conn->nick), "%s", trace_text(trace, i, "nick", "?"));
    snprintf(conn->address, sizeof(conn->address), "%s", trace_text(trace, i, "address", "?"));
    snprintf(conn->leave_reason, sizeof(conn->leave_reason), "%s",
             trace_text(trace, i, "reason", ""));
    conn->peer_closed = trace_bool(trace, i, "peer_closed");
}

/* ---- One teller per kind of event ---------------------------------------------------- */

typedef void (*tell_function)(const struct trace *trace, size_t i, const struct conn *conn);

static void tell_listen(const struct trace *trace, size_t i, const struct conn *conn)
{
    narrate_listening(conn->fd, trace_text(trace, i, "address", "?"));
}

static void tell_select(const struct trace *trace, size_t i, const struct conn *conn)
{
    fd_set reads, writes;
    struct conn whose;
    struct timer due = {.kind = timer_from_name(trace_text(trace, i, "due", "none")),
                        .conn = &whose};

    (void)conn;
    memset(&whose, 0, sizeof(whose)); /* the timer's client: its nick is all the sentence needs */
    snprintf(whose.nick, sizeof(whose.nick), "%s", trace_text(trace, i, "due_nick", "?"));
    trace_fds(trace, i, "read", &reads);
    trace_fds(trace, i, "write", &writes);
    narrate_select_call(&reads, &writes, (int)trace_int(trace, i, "max_fd", -1),
                        (long)trace_int(trace, i, "timeout_ms", -1), &due);
}

static void tell_selected(const struct trace *trace, size_t i, const struct conn *conn)
{
    fd_set reads, writes;

    (void)conn;
    int highest = trace_fds(trace, i, "read", &reads);
    int highest_write = trace_fds(trace, i, "write", &writes);
    narrate_select_result((int)trace_int(trace, i, "result", 0), &reads, &writes,
                          highest > highest_write ? highest : highest_write);
}

static void tell_accept(const struct trace *trace, size_t i, const struct conn *conn)
{
    narrate_accept((int)trace_int(trace, i, "listen_fd", -1), conn);
}

static void tell_refuse(const struct trace *trace, size_t i, const struct conn *conn)
{
    narrate_refused(conn->address, conn->fd, trace_text(trace, i, "reason", ""));
}

static void tell_recv(const struct trace *trace, size_t i, const struct conn *conn)
{
    char bytes[TRACE_BYTES_MAX + 1];

    trace_bytes(trace, i, bytes, sizeof(bytes));
    narrate_recv(conn, (ssize_t)trace_int(trace, i, "result", 0), bytes);
}

static void tell_framing(const struct trace *trace, size_t i, const struct conn *conn)
{
    narrate_framing_counted(conn, (size_t)trace_int(trace, i, "lines", 0),
                            (size_t)trace_int(trace, i, "complete", 0),
                            (size_t)trace_int(trace, i, "waiting", 0));
}

static void tell_line_event(const struct trace *trace, size_t i, const struct conn *conn)
{
    char bytes[TRACE_BYTES_MAX + 1];
    size_t len = trace_bytes(trace, i, bytes, sizeof(bytes));

    narrate_line(conn, bytes, len);
}

static void tell_flush(const struct trace *trace, size_t i, const struct conn *conn)
{
    narrate_idle_flush(conn, (size_t)trace_int(trace, i, "len", 0));
}

static void tell_send(const struct trace *trace, size_t i, const struct conn *conn)
{
    narrate_send(conn, (ssize_t)trace_int(trace, i, "result", 0),
                 (size_t)trace_int(trace, i, "offered", 0));
}

static void tell_nick(const struct trace *trace, size_t i, const struct conn *conn)
{
    (void)conn;
    narrate_nick(trace_text(trace, i, "old", "?"), trace_text(trace, i, "new", "?"));
}

static void tell_leave(const struct trace *trace, size_t i, const struct conn *conn)
{
    (void)trace, (void)i;
    narrate_leave(conn);
}

static void tell_admit(const struct trace *trace, size_t i, const struct conn *conn)
{
    (void)trace, (void)i;
    narrate_admitted(conn);
}

static void tell_wrong_code(const struct trace *trace, size_t i, const struct conn *conn)
{
    narrate_wrong_code(conn, (unsigned)trace_int(trace, i, "tries", 0));
}

static void tell_stopping(const struct trace *trace, size_t i, const struct conn *conn)
{
    (void)conn;
    narrate_stopping((unsigned)trace_int(trace, i, "clients", 0));
}

static void tell_stopped(const struct trace *trace, size_t i, const struct conn *conn)
{
    (void)trace, (void)i, (void)conn;
    narrate_stopped();
}

static void tell_error(const struct trace *trace, size_t i, const struct conn *conn)
{
    (void)conn;
    narrate_error(trace_text(trace, i, "what", "?"), (int)trace_int(trace, i, "errno", 0));
}

/* The recorder's own notes: said here, since the live server never says them. */
static void tell_note(const struct trace *trace, size_t i, const struct conn *conn)
{
    char line[256];

    (void)conn;
    if (strcmp(trace_kind(trace, i), "capped") == 0)
        snprintf(line, sizeof(line),
                 _("The recording stops here: the trace reached its size cap (%lld bytes)."),
                 trace_int(trace, i, "cap", 0));
    else
        snprintf(line, sizeof(line),
                 _("%lld events are missing here: the trace file did not take them in time."),
                 trace_int(trace, i, "count", 0));
    tell_sink(line, false, tell_context);
}

/* ---- obrol-client's events: the rows of its flow pane ------------------------------------- */

/* The event's bytes, shown as C text: \n \r \t, and \xNN for other controls (and for
 * bytes that were not text). */
static void tell_escaped(const struct trace *trace, size_t i, char *out, size_t room)
{
    char bytes[TRACE_BYTES_MAX + 1];
    size_t len = trace_bytes(trace, i, bytes, sizeof(bytes)), used = 0;
    bool binary = trace_text(trace, i, "bytes_hex", NULL) != NULL;

    for (size_t at = 0; at < len && used + 5 < room; at++) {
        unsigned char c = (unsigned char)bytes[at];
        const char *named = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
        if (named != NULL)
            used += (size_t)snprintf(out + used, room - used, "%s", named);
        else if (c < 0x20 || c == 0x7F || (binary && c >= 0x80))
            used += (size_t)snprintf(out + used, room - used, "\\x%02x", c);
        else
            out[used++] = (char)c;
    }
    out[used] = '\0';
}

static void tell_client_row(const struct trace *trace, size_t i, const struct conn *conn)
{
    char shown[4 * TRACE_BYTES_MAX + 8], line[sizeof(shown) + 256];
    const char *kind = trace_kind(trace, i), *note = trace_text(trace, i, "text", "");
    long long row = trace_int(trace, i, "row", 0), len = trace_int(trace, i, "len", 0);
    long long rtt = trace_int(trace, i, "rtt_us", -1);

    (void)conn;
    tell_escaped(trace, i, shown, sizeof(shown));
    if (strcmp(kind, "connecting") == 0)
        snprintf(line, sizeof(line), _("connect() to %s: the TCP handshake begins"), note);
    else if (strcmp(kind, "connected") == 0)
        snprintf(line, sizeof(line), _("Connected to %s"), note);
    else if (strcmp(kind, "connect_failed") == 0)
        snprintf(line, sizeof(line), _("connect() failed: %s"), note);
    else if (strcmp(kind, "closed") == 0)
        snprintf(line, sizeof(line), _("Connection closed: %s"), note);
    else if (strcmp(kind, "sent") == 0)
        snprintf(line, sizeof(line), _("-> request %lld, %lld bytes: \"%s\""), row, len, shown);
    else if (strcmp(kind, "answer") == 0 && rtt >= 0)
        snprintf(line, sizeof(line), _("<- response to request %lld, round trip %.3f ms: \"%s\""),
                 trace_int(trace, i, "partner", 0), (double)rtt / 1e3, shown);
    else if (strcmp(kind, "answer") == 0 || strcmp(kind, "pushed") == 0)
        snprintf(line, sizeof(line), _("<- from the server, %lld bytes: \"%s\""), len, shown);
    else if (strcmp(kind, "fragment") == 0)
        snprintf(line, sizeof(line), _("-> /trickle: send() of fragment %lld of %lld: \"%s\""),
                 trace_int(trace, i, "fragment", 0), trace_int(trace, i, "fragments", 0), shown);
    else
        snprintf(line, sizeof(line), _("step mode: %s waits for a step: \"%s\""),
                 strcmp(kind, "step_send") == 0 ? "send()" : "recv()", shown);
    tell_sink(line, strcmp(kind, "connect_failed") == 0, tell_context);
}

static const struct tell_entry {
    const char *kind;
    tell_function tell;
} tell_table[] = {
    {"listen", tell_listen},     {"select", tell_select},   {"selected", tell_selected},
    {"accept", tell_accept},     {"refuse", tell_refuse},   {"recv", tell_recv},
    {"framing", tell_framing},   {"line", tell_line_event}, {"flush", tell_flush},
    {"send", tell_send},         {"nick", tell_nick},       {"leave", tell_leave},
    {"admit", tell_admit},       {"wrong_code", tell_wrong_code},
    {"stopping", tell_stopping}, {"stopped", tell_stopped}, {"error", tell_error},
    {"capped", tell_note},       {"dropped", tell_note},
    {"connecting", tell_client_row}, {"connected", tell_client_row},
    {"connect_failed", tell_client_row}, {"closed", tell_client_row},
    {"sent", tell_client_row},   {"answer", tell_client_row}, {"pushed", tell_client_row},
    {"fragment", tell_client_row}, {"step_send", tell_client_row},
    {"step_recv", tell_client_row},
    /* "request" and "end" say nothing: recv and line already told the request. */
};

void replay_tell(const struct trace *trace, size_t i, replay_sink sink, void *context)
{
    struct conn conn;
    const char *kind = trace_kind(trace, i);

    for (size_t t = 0; t < sizeof(tell_table) / sizeof(tell_table[0]); t++) {
        if (strcmp(tell_table[t].kind, kind) != 0)
            continue;
        tell_sink = sink;
        tell_context = context;
        narrate_init(NARRATE_VERBOSE); /* a replay shows everything that was recorded */
        narrate_set_sink(tell_line);
        tell_conn(trace, i, &conn);
        tell_table[t].tell(trace, i, &conn);
        narrate_set_sink(NULL);
        return;
    }
}
