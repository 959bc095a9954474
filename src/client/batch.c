/*
 * batch.c - the screenless client: stdin lines out, received lines printed.
 *
 * One select() loop over stdin, the socket and the signal pipe, like the
 * screen client's, with stdout in place of ncurses.
 */
#include "batch.h"

#include "clock.h"
#include "fdset.h"
#include "i18n.h"
#include "interrupt.h"
#include "linebuf.h"
#include "model/chat.h"
#include "model/flow.h"
#include "net/connection.h"
#include "protocol.h"
#include "recording.h"
#include "report.h"
#include "sanitize.h"
#include "selfpipe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#define BATCH_LINES_PER_TURN_MAX 100000                    /* bounded: at most one buffer's worth */
#define BATCH_INPUT_LINE_MAX (PROTO_DEFAULT_MAX_LINE * 64) /* a line of stdin */
#define BATCH_PONG_REQUEST "/pong"                         /* the answer to a PING */

struct batch {
    struct connection conn;
    struct flow flow;       /* pairs responses with requests, as on the screen */
    struct linebuf input;   /* lines of stdin */
    bool input_done;        /* stdin reached end-of-file */
    int64_t drain_until_ms; /* after end-of-file: stop waiting for responses */
    const char *nick;
    const char *room_code; /* --room-code: sent as /join CODE first */
    char *print;           /* room for one sanitised line */
    size_t print_room;
    size_t requests; /* sent, ours and the client's own (/join, /nick, /pong) */
    size_t refused;  /* answered with ERR: the exit status says so */
    struct recording recording; /* --record FILE */
};

/* Print one line with its prefix, sanitised: received text is never a format. */
static void batch_print(struct batch *batch, const char *prefix, const char *text, size_t len)
{
    size_t used = sanitize_text(text, len, batch->print, batch->print_room);

    fputs(prefix, stdout);
    fwrite(batch->print, 1, used, stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

/* A note from the client itself ("# ..."). */
static void batch_note(struct batch *batch, const char *text)
{
    batch_print(batch, "# ", text, strlen(text));
}

/* Queue one request and record it for pairing. */
static void batch_send(struct batch *batch, const char *line, size_t len)
{
    if (len == 0)
        return; /* an empty line is not a request: no response would come */
    if (!connection_queue_line(&batch->conn, line, len)) {
        batch_note(batch, _("output queue full: line not sent"));
        return;
    }
    flow_add_request(&batch->flow, line, len, clock_us(), 0);
    batch->requests++;
}

/* Print every complete (or flushed) line that arrived. */
static void batch_take_lines(struct batch *batch)
{
    const char *line;
    size_t len;
    int64_t now_ms = clock_ms();

    for (int i = 0; i < BATCH_LINES_PER_TURN_MAX; i++) {
        enum incoming_result result = incoming_next(&batch->conn.in, now_ms, &line, &len);
        if (result == INCOMING_NONE)
            return;
        if (result == INCOMING_TOO_LONG) {
            batch_note(batch, _("a line longer than 64 KiB was dropped"));
            continue;
        }
        struct proto_line parsed;
        proto_parse_line(line, len, &parsed);
        enum flow_class how = proto_line_is_response(parsed.kind) ? FLOW_AS_RESPONSE
                              : parsed.kind == PROTO_LINE_OTHER   ? FLOW_GUESS
                                                                  : FLOW_AS_EVENT;
        const struct flow_row *row = flow_add_received(&batch->flow, how, line, len,
                                                       result == INCOMING_PARTIAL, clock_us(), 0);
        batch_print(batch, row->kind == FLOW_RESPONSE ? "< " : "* ", line, len);
        if (parsed.kind == PROTO_LINE_ERR)
            batch->refused++;
        if (parsed.kind == PROTO_LINE_PING) /* still here: any line answers, /pong says why */
            batch_send(batch, BATCH_PONG_REQUEST, sizeof(BATCH_PONG_REQUEST) - 1);
    }
}

/* Read what stdin has; send complete lines; at EOF send the rest and start draining. */
static void batch_read_input(struct batch *batch)
{
    size_t room;
    const char *line;
    size_t len;
    char *space = linebuf_space(&batch->input, &room);

    if (space == NULL)
        return;
    ssize_t got = read(STDIN_FILENO, space, room);
    if (got < 0 && net_would_block(errno))
        return;
    if (got > 0)
        linebuf_commit(&batch->input, (size_t)got);
    for (int i = 0; i < BATCH_LINES_PER_TURN_MAX; i++) {
        enum linebuf_result result = linebuf_next(&batch->input, &line, &len);
        if (result == LINEBUF_NONE)
            break;
        if (result == LINEBUF_LINE)
            batch_send(batch, line, len);
    }
    if (got <= 0) { /* end of input (or an error reading it) */
        if (linebuf_take_partial(&batch->input, &line, &len))
            batch_send(batch, line, len);
        batch->input_done = true;
        batch->drain_until_ms = clock_ms() + BATCH_DRAIN_MS;
    }
    linebuf_compact(&batch->input);
}

/* The select() timeout: the next partial-line flush or the end of draining. */
static struct timeval *batch_timeout(struct batch *batch, struct timeval *tv)
{
    int64_t now = clock_ms(), due = incoming_due_ms(&batch->conn.in);

    if (batch->input_done && (due < 0 || batch->drain_until_ms < due))
        due = batch->drain_until_ms;
    if (due < 0)
        return NULL;
    int64_t wait = due > now ? due - now : 0;
    tv->tv_sec = (time_t)(wait / 1000);
    tv->tv_usec = (suseconds_t)(wait % 1000) * 1000;
    return tv;
}

/* Connected: say so, give the room code and ask for the nick if they were given. */
static void batch_on_connected(struct batch *batch)
{
    char text[NET_ADDRESS_MAX + 64];
    char request[CHAT_REQUEST_MAX];
    size_t len;

    snprintf(text, sizeof(text), _("connected to %s"), batch->conn.address);
    batch_note(batch, text);
    /* The room code first: a locked room refuses everything else. */
    if (batch->room_code != NULL && chat_request(request, "/join", batch->room_code, &len))
        batch_send(batch, request, len);
    if (batch->nick != NULL && chat_request(request, "/nick", batch->nick, &len))
        batch_send(batch, request, len);
}

/* Build the fd sets and select(). false when select() failed (reported). */
static bool batch_wait(struct batch *batch, int wake_fd, fd_set *readable, fd_set *writable)
{
    struct timeval tv;
    int fd = batch->conn.fd, max_fd = -1;

    FD_ZERO(readable);
    FD_ZERO(writable);
    fdset_watch(readable, wake_fd, &max_fd);
    if (batch->conn.state == CONNECTION_CONNECTED) {
        fdset_watch(readable, fd, &max_fd);
        if (!batch->input_done)
            fdset_watch(readable, STDIN_FILENO, &max_fd);
    }
    if (connection_wants_write(&batch->conn))
        fdset_watch(writable, fd, &max_fd);
    recording_before_sleep(&batch->recording, &batch->flow, writable, &max_fd); /* --record */
    if (select(max_fd + 1, readable, writable, NULL, batch_timeout(batch, &tv)) >= 0)
        return true;
    if (errno != EINTR) {
        report_error("select()", errno);
        return false;
    }
    FD_ZERO(readable); /* interrupted by a signal: nothing is known to be ready */
    FD_ZERO(writable);
    return true;
}

/* The socket and stdin are ready for something. Returns -1 to go on, or the exit status. */
static int batch_exchange(struct batch *batch, const fd_set *readable)
{
    if (FD_ISSET(STDIN_FILENO, readable))
        batch_read_input(batch);
    if (FD_ISSET(batch->conn.fd, readable)) {
        enum connection_read result = connection_read(&batch->conn, clock_ms());
        batch_take_lines(batch);
        if (result == CONNECTION_READ_CLOSED || result == CONNECTION_READ_ERROR) {
            batch_note(batch, result == CONNECTION_READ_CLOSED
                                  ? _("connection closed by the server")
                                  : batch->conn.error);
            return EXIT_SUCCESS;
        }
    }
    batch_take_lines(batch); /* partial lines that are due */
    if (connection_flush(&batch->conn) < 0) {
        batch_note(batch, batch->conn.error);
        return EXIT_SUCCESS;
    }
    if (batch->input_done && outq_pending(&batch->conn.out) == 0 &&
        (flow_pending(&batch->flow) == 0 || clock_ms() >= batch->drain_until_ms))
        return EXIT_SUCCESS;
    return -1;
}

/* One turn of the loop. Returns -1 to go on, or the exit status. */
static int batch_turn(struct batch *batch, int wake_fd)
{
    fd_set readable, writable;

    if (!batch_wait(batch, wake_fd, &readable, &writable))
        return EXIT_FAILURE;
    if (interrupt_stop)
        return EXIT_FAILURE;
    if (FD_ISSET(wake_fd, &readable))
        selfpipe_drain(wake_fd);
    if (batch->conn.state == CONNECTION_CONNECTING && FD_ISSET(batch->conn.fd, &writable)) {
        enum connection_progress progress = connection_finish_connect(&batch->conn);
        if (progress == CONNECTION_FAILED) {
            fprintf(stderr, _("obrol-client: cannot connect to %s: %s\n"), batch->conn.address,
                    batch->conn.error);
            return EXIT_FAILURE;
        }
        if (progress == CONNECTION_DONE)
            batch_on_connected(batch);
        return -1; /* CONNECTION_NEXT: wait for the next address */
    }
    if (batch->conn.state != CONNECTION_CONNECTED)
        return -1;
    return batch_exchange(batch, &readable);
}

/* The exit status once the loop is over: a run that went well, but in which the
 * server refused requests, does not end with success. */
static int batch_exit_status(const struct batch *batch, int status)
{
    if (status != EXIT_SUCCESS || batch->refused == 0)
        return status;
    fprintf(stderr,
            ngettext("obrol-client: the server refused %zu of %zu request (ERR)\n",
                     "obrol-client: the server refused %zu of %zu requests (ERR)\n",
                     batch->requests),
            batch->refused, batch->requests);
    return CLIENT_EXIT_REFUSED;
}

int batch_run(const struct client_options *options, int wake_fd)
{
    static struct batch batch; /* the flow log is large: not on the stack */
    int status = -1;

    memset(&batch, 0, sizeof(batch));
    recording_init(&batch.recording);
    batch.nick = options->nick;
    batch.room_code = options->room_code;
    batch.print_room = SANITIZE_MAX_OUTPUT(INCOMING_LINE_MAX + 1);
    batch.print = malloc(batch.print_room);
    connection_init(&batch.conn, options->host, options->port);
    linebuf_init(&batch.input, BATCH_INPUT_LINE_MAX);
    if (batch.print == NULL || !flow_init(&batch.flow)) {
        report_error("malloc()", ENOMEM);
        status = EXIT_FAILURE;
    } else if (!recording_start(&batch.recording, options->record)) {
        status = EXIT_FAILURE;
    } else if (!connection_start(&batch.conn)) {
        fprintf(stderr, _("obrol-client: cannot connect to %s: %s\n"), batch.conn.address,
                batch.conn.error);
        status = EXIT_FAILURE;
    } else if (batch.conn.state == CONNECTION_CONNECTED) {
        batch_on_connected(&batch);
    }
    /* Bounded in time by the drain deadline once stdin ends; until then, by stdin. */
    while (status < 0)
        status = batch_turn(&batch, wake_fd);
    status = batch_exit_status(&batch, status);
    if (!recording_finish(&batch.recording, &batch.flow, options->record) && status == EXIT_SUCCESS)
        status = EXIT_FAILURE;
    connection_free(&batch.conn);
    linebuf_free(&batch.input);
    flow_free(&batch.flow);
    free(batch.print);
    return status;
}
