/*
 * loop.c - the full-screen client's select() loop.
 *
 * One thread, one loop, the same model the server teaches. Each turn:
 *
 *   1. build the fd sets   stdin (keys), the signal pipe, the socket
 *   2. select()            sleep until a key, a byte, a signal or a timer
 *   3. signals             Ctrl-C, SIGTERM, SIGHUP: leave cleanly
 *   4. keys                edit the input line; Enter hands a line over
 *   5. the socket          finish connecting, read and frame lines, write the queue
 *   6. timers              flush a quiet partial line, reconnect, give up on /quit
 *   7. draw                the views redraw the screen from the model
 *
 * The loop is the only place that connects the three parts: the connection
 * (socket), the chat model, and the ui (ncurses). None of them knows the others.
 */
#include "loop.h"

#include "chat.h"
#include "clock.h"
#include "connection.h"
#include "explain.h"
#include "i18n.h"
#include "interrupt.h"
#include "ui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#define LOOP_QUIT_WAIT_MS 2000 /* after /quit: wait this long for the server's answer */
#define LOOP_KEYS_PER_TURN 256 /* a paste is handled over several turns */
#define LOOP_LINES_PER_TURN 4096
#define LOOP_EMPTY_READS_MAX 50 /* readable stdin without keys this often: no terminal */
#define LOOP_TICK_MS 1000 /* redraw at least this often (retry countdown) */

struct loop {
    const struct client_options *options;
    int wake_fd;
    struct connection conn;
    struct chat chat;
    struct ui ui;
    bool quitting;        /* /quit sent: leave when answered or closed */
    int64_t quit_deadline_ms;
    int exit_status;      /* -1 while running */
    int empty_reads;      /* turns in a row where stdin was readable but gave no key */
};

/* Wall-clock milliseconds, for timestamps people read. */
static int64_t loop_wall_ms(void)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* ---- Sending ----------------------------------------------------------------------- */

/* Queue a request, record it in the model, and try to send it right away. */
static void loop_send(struct loop *loop, const char *line, size_t len, bool quiet)
{
    if (loop->conn.state != CONNECTION_CONNECTED) {
        explain_not_connected(loop->chat.explain, sizeof(loop->chat.explain));
        return;
    }
    if (!connection_queue_line(&loop->conn, line, len)) {
        explain_queue_full(loop->chat.explain, sizeof(loop->chat.explain));
        return;
    }
    chat_sent(&loop->chat, line, len, quiet, clock_us(), loop_wall_ms());
    if (connection_flush(&loop->conn) >= 0 && outq_pending(&loop->conn.out) > 0)
        chat_queued(&loop->chat, outq_pending(&loop->conn.out));
}

/* ---- The connection's life ------------------------------------------------------------ */

static void loop_on_connected(struct loop *loop)
{
    char request[PROTO_NICK_MAX + 8];

    chat_connected(&loop->chat, loop->conn.address, clock_us(), loop_wall_ms());
    if (loop->options->nick != NULL) {
        snprintf(request, sizeof(request), "/nick %s", loop->options->nick);
        loop_send(loop, request, strlen(request), false);
    }
    loop_send(loop, "/who", 4, true); /* fills the people count and Tab completion */
}

/* Start connecting (now); a failure schedules the next attempt. */
static void loop_connect(struct loop *loop)
{
    chat_connecting(&loop->chat, loop->conn.address, clock_us(), loop_wall_ms());
    if (!connection_start(&loop->conn)) {
        unsigned delay = connection_schedule_retry(&loop->conn, clock_ms());
        chat_connect_failed(&loop->chat, loop->conn.address, loop->conn.error, delay, clock_us(),
                            loop_wall_ms());
    } else if (loop->conn.state == CONNECTION_CONNECTED) {
        loop_on_connected(loop);
    }
}

/* The connection ended: say why, and plan a reconnect (unless we are leaving). */
static void loop_on_closed(struct loop *loop, const char *reason)
{
    connection_close(&loop->conn);
    if (loop->quitting) {
        chat_closed(&loop->chat, reason, 0, clock_us(), loop_wall_ms());
        loop->exit_status = EXIT_SUCCESS;
        return;
    }
    unsigned delay = connection_schedule_retry(&loop->conn, clock_ms());
    chat_closed(&loop->chat, reason, delay, clock_us(), loop_wall_ms());
}

/* Hand every complete (or due partial) line to the model. */
static void loop_take_lines(struct loop *loop)
{
    const char *line;
    size_t len;

    for (int i = 0; i < LOOP_LINES_PER_TURN; i++) {
        enum incoming_result result = incoming_next(&loop->conn.in, clock_ms(), &line, &len);
        if (result == INCOMING_NONE)
            return;
        if (result == INCOMING_TOO_LONG) {
            explain_too_long(loop->chat.explain, sizeof(loop->chat.explain));
            continue;
        }
        chat_received(&loop->chat, line, len, result == INCOMING_PARTIAL, loop->conn.in.closed,
                      clock_us(), loop_wall_ms());
    }
}

/* Step 5: the socket is ready for something. */
static void loop_socket(struct loop *loop, const fd_set *readable, const fd_set *writable)
{
    int fd = loop->conn.fd;

    if (fd < 0)
        return;
    if (loop->conn.state == CONNECTION_CONNECTING) {
        if (!FD_ISSET(fd, writable))
            return;
        if (connection_finish_connect(&loop->conn)) {
            loop_on_connected(loop);
        } else {
            unsigned delay = connection_schedule_retry(&loop->conn, clock_ms());
            chat_connect_failed(&loop->chat, loop->conn.address, loop->conn.error, delay,
                                clock_us(), loop_wall_ms());
        }
        return;
    }
    if (FD_ISSET(fd, readable)) {
        enum connection_read result = connection_read(&loop->conn, clock_ms());
        loop_take_lines(loop);
        if (result == CONNECTION_READ_CLOSED) {
            loop_on_closed(loop, _("the server closed the connection"));
            return;
        }
        if (result == CONNECTION_READ_ERROR) {
            loop_on_closed(loop, loop->conn.error);
            return;
        }
    }
    if (FD_ISSET(fd, writable) && connection_flush(&loop->conn) < 0)
        loop_on_closed(loop, loop->conn.error);
}

/* ---- Keys and typed lines ------------------------------------------------------------------ */

/* What to do with a line the person finished with Enter. */
static void loop_typed_line(struct loop *loop, const char *text)
{
    char request[EDITOR_MAX * 4 + 1];
    size_t len;
    enum chat_action action = chat_command(text, strlen(text), request, sizeof(request), &len);
    bool connected = loop->conn.state == CONNECTION_CONNECTED;

    switch (action) {
    case CHAT_NOTHING: /* Enter on an empty line while disconnected: retry now */
        if (loop->conn.state == CONNECTION_WAITING)
            loop_connect(loop);
        break;
    case CHAT_SEND:
        loop_send(loop, request, len, false);
        break;
    case CHAT_QUIT:
        if (!connected) {
            loop->exit_status = EXIT_SUCCESS;
            break;
        }
        loop->quitting = true;
        loop->quit_deadline_ms = clock_ms() + LOOP_QUIT_WAIT_MS;
        loop_send(loop, request, len, false);
        break;
    case CHAT_HELP:
        chat_help(&loop->chat, loop_wall_ms());
        if (connected)
            loop_send(loop, request, len, false);
        break;
    case CHAT_CLEAR:
        scrollback_clear(&loop->chat.messages);
        break;
    case CHAT_RECONNECT:
        if (loop->conn.state != CONNECTION_WAITING) {
            connection_close(&loop->conn);
            chat_closed(&loop->chat, _("/reconnect"), 0, clock_us(), loop_wall_ms());
        }
        loop->conn.backoff_seconds = 1;
        loop_connect(loop);
        break;
    }
}

/* Step 4: read every key waiting. A readable stdin with no bytes is a lost terminal. */
static void loop_keys(struct loop *loop, bool readable)
{
    char line[EDITOR_MAX * 4 + 1];
    int waiting = 0, keys = 0;

    if (readable && ioctl(STDIN_FILENO, FIONREAD, &waiting) == 0 && waiting == 0) {
        loop->exit_status = EXIT_FAILURE; /* end of file or hang-up: nobody is typing */
        return;
    }
    for (int i = 0; i < LOOP_KEYS_PER_TURN; i++) {
        enum ui_key_result result = ui_handle_key(&loop->ui, &loop->chat, line, sizeof(line));
        if (result == UI_KEY_NO_MORE)
            break;
        keys++;
        if (result == UI_KEY_HELP)
            chat_help(&loop->chat, loop_wall_ms());
        if (result == UI_KEY_SUBMIT)
            loop_typed_line(loop, line);
        if (loop->exit_status >= 0)
            break;
    }
    /* stdin that is not a terminal (no FIONREAD) and keeps giving nothing: gone. */
    loop->empty_reads = readable && keys == 0 ? loop->empty_reads + 1 : 0;
    if (loop->empty_reads > LOOP_EMPTY_READS_MAX)
        loop->exit_status = EXIT_FAILURE;
}

/* ---- Timers ------------------------------------------------------------------------------- */

/* The earliest of the timers, as a select() timeout. */
static void loop_timeout(const struct loop *loop, struct timeval *tv)
{
    int64_t now = clock_ms(), due = now + LOOP_TICK_MS;
    int64_t partial = incoming_due_ms(&loop->conn.in);

    if (loop->conn.state == CONNECTION_CONNECTED && partial >= 0 && partial < due)
        due = partial;
    if (loop->conn.state == CONNECTION_WAITING && loop->conn.retry_at_ms >= 0 &&
        loop->conn.retry_at_ms < due)
        due = loop->conn.retry_at_ms;
    if (loop->quitting && loop->quit_deadline_ms < due)
        due = loop->quit_deadline_ms;
    int64_t wait = due > now ? due - now : 0;
    tv->tv_sec = (time_t)(wait / 1000);
    tv->tv_usec = (suseconds_t)(wait % 1000) * 1000;
}

/* Step 6: whatever has come due. */
static void loop_timers(struct loop *loop)
{
    int64_t now = clock_ms();

    if (loop->conn.state == CONNECTION_CONNECTED)
        loop_take_lines(loop); /* a partial line after INCOMING_IDLE_MS of silence */
    if (loop->conn.state == CONNECTION_WAITING && loop->conn.retry_at_ms >= 0 &&
        now >= loop->conn.retry_at_ms)
        loop_connect(loop);
    if (loop->quitting && (loop->chat.quit_answered || now >= loop->quit_deadline_ms) &&
        outq_pending(&loop->conn.out) == 0)
        loop->exit_status = EXIT_SUCCESS;
}

/* Step 7: the connection as the status bar shows it, then every view. */
static void loop_draw(struct loop *loop)
{
    struct ui_status status = {loop->conn.address, UI_DISCONNECTED, -1};

    if (loop->conn.state == CONNECTION_CONNECTING)
        status.connection = UI_CONNECTING;
    else if (loop->conn.state == CONNECTION_CONNECTED)
        status.connection = UI_CONNECTED;
    else if (loop->conn.retry_at_ms >= 0)
        status.retry_in_ms = loop->conn.retry_at_ms - clock_ms();
    ui_draw(&loop->ui, &loop->chat, &status);
}

/* ---- The loop ------------------------------------------------------------------------------- */

/* One turn: steps 1 to 7. */
static void loop_turn(struct loop *loop)
{
    fd_set readable, writable;
    struct timeval tv;
    int fd = loop->conn.fd, max_fd = loop->wake_fd > fd ? loop->wake_fd : fd;

    FD_ZERO(&readable);
    FD_ZERO(&writable);
    FD_SET(STDIN_FILENO, &readable);
    FD_SET(loop->wake_fd, &readable);
    if (loop->conn.state == CONNECTION_CONNECTED)
        FD_SET(fd, &readable);
    if (connection_wants_write(&loop->conn))
        FD_SET(fd, &writable);
    loop_timeout(loop, &tv);

    int ready = select(max_fd + 1, &readable, &writable, NULL, &tv);
    if (ready < 0 && errno != EINTR) {
        loop->exit_status = EXIT_FAILURE;
        return;
    }
    if (ready < 0) { /* interrupted (SIGWINCH): nothing is known to be ready */
        FD_ZERO(&readable);
        FD_ZERO(&writable);
    }
    if (interrupt_stop) {
        loop->exit_status = interrupt_hangup ? EXIT_FAILURE : EXIT_SUCCESS;
        return;
    }
    if (FD_ISSET(loop->wake_fd, &readable))
        interrupt_drain(loop->wake_fd);
    loop_keys(loop, FD_ISSET(STDIN_FILENO, &readable));
    if (loop->exit_status >= 0)
        return;
    loop_socket(loop, &readable, &writable);
    loop_timers(loop);
    if (loop->exit_status < 0)
        loop_draw(loop);
}

int loop_run(const struct client_options *options, int wake_fd)
{
    static struct loop loop; /* the models are large: not on the stack */

    memset(&loop, 0, sizeof(loop));
    loop.options = options;
    loop.wake_fd = wake_fd;
    loop.exit_status = -1;
    connection_init(&loop.conn, options->host, options->port);
    ui_init(&loop.ui);
    if (!chat_init(&loop.chat)) {
        fprintf(stderr, "obrol-client: %s\n", strerror(ENOMEM));
        return EXIT_FAILURE;
    }
    if (!ui_start(&loop.ui)) {
        chat_free(&loop.chat);
        return EXIT_FAILURE;
    }
    loop_connect(&loop);
    loop_draw(&loop);
    while (loop.exit_status < 0)
        loop_turn(&loop);
    ui_stop();

    connection_free(&loop.conn);
    chat_free(&loop.chat);
    ui_free(&loop.ui);
    return loop.exit_status;
}
