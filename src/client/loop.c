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
 *   6. timers              flush a quiet partial line, reconnect, give up on /quit,
 *                          the next /trickle fragment, the next slow-motion step,
 *                          a request with no answer for CHAT_NO_ANSWER_MS
 *   7. draw                the views redraw the screen from the model
 *
 * Teaching mode stays in this one loop, without threads or sleep(): in step
 * mode a typed line waits in the stepping queue and received bytes are kept
 * aside (not framed) until a key takes the step; slow motion and /trickle are
 * nothing but more timers in the select() timeout.
 *
 * The loop is the only place that connects the three parts: the connection
 * (net/, the socket), the chat model (model/) and the ui (ui/, ncurses). The
 * connection and the model never call each other, and neither knows the
 * screen; the ui reads the model (never changes it) and sees the connection
 * only as the struct ui_status this file fills in. What a key asks of the
 * model comes back here as a struct ui_key.
 */
#include "loop.h"

#include "clock.h"
#include "fdset.h"
#include "i18n.h"
#include "interrupt.h"
#include "model/chat.h"
#include "net/connection.h"
#include "recording.h"
#include "report.h"
#include "selfpipe.h"
#include "teach/explain.h"
#include "teach/stepping.h"
#include "teach/trickle.h"
#include "ui/ui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#define LOOP_QUIT_WAIT_MS 2000       /* after /quit: wait this long for the server's answer */
#define LOOP_KEYS_PER_TURN_MAX 256   /* a paste is handled over several turns */
#define LOOP_LINES_PER_TURN_MAX 4096 /* received lines handled in one turn */
#define LOOP_EMPTY_READS_MAX 50      /* readable stdin without keys this often: no terminal */
#define LOOP_TICK_MS 1000            /* redraw at least this often (retry countdown) */
#define LOOP_STEP_RECV_MAX 4096      /* step mode: bytes of one recv() kept for a step */
#define LOOP_MODE_LABEL_MAX 64       /* the step mode's label in the status bar */
#define LOOP_WHO_REQUEST "/who"      /* who is here: sent once per connection */

struct loop {
    const struct client_options *options;
    int wake_fd;
    struct connection conn;
    struct chat chat;
    struct ui ui;
    bool quitting; /* /quit sent: leave when answered or closed */
    int64_t quit_deadline_ms;
    int exit_status;          /* -1 while running */
    int failed_errno;         /* select() failed (reported once the screen is gone); 0: no */
    int empty_reads;          /* turns in a row where stdin was readable but gave no key */
    struct stepping stepping; /* step mode: what waits for a step */
    struct trickle trickle;   /* /trickle: the line going out in fragments */
    bool who_asked;           /* /who was sent on this connection */
    struct recording recording; /* --record FILE, /save FILE */
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
    if (loop->trickle.active) { /* its bytes and ours would mix into one line */
        explain_trickle_busy(loop->chat.explain, sizeof(loop->chat.explain));
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

/* Hand the fragments that are due to send(), one send() each (step 6). */
static void loop_trickle_tick(struct loop *loop);

/* Begin a /trickle: the request is recorded whole (its response will pair with
 * it), and its bytes go out in fragments from now on. */
static void loop_trickle_start(struct loop *loop, const char *line, size_t len,
                               size_t fragment_size, int pause_ms)
{
    if (loop->conn.state != CONNECTION_CONNECTED) {
        explain_not_connected(loop->chat.explain, sizeof(loop->chat.explain));
        return;
    }
    if (loop->trickle.active) {
        explain_trickle_busy(loop->chat.explain, sizeof(loop->chat.explain));
        return;
    }
    if (!trickle_start(&loop->trickle, line, len, fragment_size, pause_ms, clock_ms())) {
        explain_trickle_usage(loop->chat.explain, sizeof(loop->chat.explain));
        return;
    }
    chat_sent(&loop->chat, line, len, false, clock_us(), loop_wall_ms());
    chat_trickle_started(&loop->chat, loop->trickle.fragments);
    loop_trickle_tick(loop); /* the first fragment goes at once */
}

/*
 * A request the person typed: in step mode it waits for a step (a flow row
 * says "about to send()"); otherwise it goes now, whole or trickled.
 */
static void loop_offer(struct loop *loop, const char *line, size_t len, bool trickle,
                       size_t fragment_size, int pause_ms)
{
    if (!loop->stepping.on) {
        if (trickle)
            loop_trickle_start(loop, line, len, fragment_size, pause_ms);
        else
            loop_send(loop, line, len, false);
        return;
    }
    if (loop->conn.state != CONNECTION_CONNECTED) {
        explain_not_connected(loop->chat.explain, sizeof(loop->chat.explain));
        return;
    }
    struct stepping_item item = {
        .kind = STEPPING_SEND,
        .row = chat_step_send(&loop->chat, line, len, clock_us(), loop_wall_ms()),
        .trickle = trickle,
        .fragment_size = fragment_size,
        .pause_ms = pause_ms,
    };
    if (!stepping_push(&loop->stepping, &item, line, len, clock_ms())) {
        chat_step_settle(&loop->chat, item.row, false);
        explain_step_full(loop->chat.explain, sizeof(loop->chat.explain));
    }
}

/* ---- The connection's life ------------------------------------------------------------ */

/* Send "COMMAND ARGUMENT" (nothing if it is too long for a request: chat_request()). */
static void loop_send_command(struct loop *loop, const char *command, const char *argument)
{
    char request[CHAT_REQUEST_MAX];
    size_t len;

    if (chat_request(request, command, argument, &len))
        loop_send(loop, request, len, false);
}

/* Ask for our nick (the one chosen last: --nick or /nick, kept across reconnects),
 * and for who is here once the server speaks obrol. */
static void loop_ask_nick_and_who(struct loop *loop)
{
    const char *nick = chat_nick_to_ask(&loop->chat);

    if (nick != NULL)
        loop_send_command(loop, "/nick", nick);
    loop->who_asked = false;
}

static void loop_on_connected(struct loop *loop)
{
    chat_connected(&loop->chat, loop->conn.address, clock_us(), loop_wall_ms());
    loop->who_asked = false;
    if (loop->options->room_code != NULL) /* first, so that the door is open for the rest */
        loop_send_command(loop, "/join", loop->options->room_code);
    loop_ask_nick_and_who(loop);
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

/* Forget what waits for a step or a fragment: the connection it was for is gone. */
static void loop_forget_pending(struct loop *loop)
{
    struct stepping_item item;

    trickle_cancel(&loop->trickle);
    while (stepping_pop(&loop->stepping, &item, clock_ms())) {
        chat_step_settle(&loop->chat, item.row, false);
        free(item.bytes);
    }
}

/* The connection ended: say why, and plan a reconnect (unless we are leaving). */
static void loop_on_closed(struct loop *loop, const char *reason)
{
    connection_close(&loop->conn);
    loop_forget_pending(loop);
    if (loop->quitting) {
        chat_closed(&loop->chat, reason, 0, clock_us(), loop_wall_ms());
        loop->exit_status = EXIT_SUCCESS;
        return;
    }
    unsigned delay = connection_schedule_retry(&loop->conn, clock_ms());
    chat_closed(&loop->chat, reason, delay, clock_us(), loop_wall_ms());
}

/* Lines the client sends by itself: /pong for a PING; /nick and /who once let in;
 * /nick again when the chosen nick became free. */
static void loop_answer_server(struct loop *loop)
{
    char answer[CHAT_ANSWER_MAX];

    if (chat_take_answer(&loop->chat, answer, sizeof(answer)))
        loop_send(loop, answer, strlen(answer), true);
    if (chat_take_joined(&loop->chat))
        loop_ask_nick_and_who(loop);
    if (chat_take_nick_free(&loop->chat) && chat_nick_to_ask(&loop->chat) != NULL)
        loop_send_command(loop, "/nick", chat_nick_to_ask(&loop->chat));
    if (chat_take_who_stale(&loop->chat))
        loop->who_asked = false; /* asked below, now that we know who we are */
    /* /who fills the people count and Tab completion. It waits until the server
     * has said something of obrol's: the lesson's Python server answers any
     * first line and closes, and must get the student's line, not ours. */
    if (!loop->who_asked && loop->chat.server_is_obrol) {
        loop->who_asked = true;
        loop_send(loop, LOOP_WHO_REQUEST, sizeof(LOOP_WHO_REQUEST) - 1, true);
    }
}

/* Hand every complete (or due partial) line to the model; returns how many. */
static int loop_take_lines(struct loop *loop)
{
    const char *line;
    size_t len;
    int taken = 0;

    for (int i = 0; i < LOOP_LINES_PER_TURN_MAX; i++, taken++) {
        enum incoming_result result = incoming_next(&loop->conn.in, clock_ms(), &line, &len);
        if (result == INCOMING_NONE)
            return taken;
        if (result == INCOMING_TOO_LONG) {
            explain_too_long(loop->chat.explain, sizeof(loop->chat.explain));
            continue;
        }
        chat_received(&loop->chat, line, len, result == INCOMING_PARTIAL, loop->conn.in.closed,
                      clock_us(), loop_wall_ms());
        loop_answer_server(loop);
    }
    return taken;
}

/* ---- Step mode ------------------------------------------------------------------------ */

/* True while something waits for a step, or step mode is on: received bytes then
 * go through the stepping queue, so that they are shown in the order they came. */
static bool loop_stepping(const struct loop *loop)
{
    return loop->stepping.on || stepping_count(&loop->stepping) > 0;
}

/* A request cannot go while a /trickle is still sending: its step must wait. */
static bool loop_step_blocked(const struct loop *loop)
{
    const struct stepping_item *next = stepping_peek(&loop->stepping);

    return next != NULL && next->kind == STEPPING_SEND && loop->trickle.active;
}

/* Take one step: send the oldest waiting request, or frame the oldest received
 * bytes. false when nothing could be done. */
static bool loop_step(struct loop *loop, bool by_hand)
{
    struct stepping_item item;

    if (loop_step_blocked(loop)) {
        if (by_hand)
            explain_trickle_busy(loop->chat.explain, sizeof(loop->chat.explain));
        return false;
    }
    if (!stepping_pop(&loop->stepping, &item, clock_ms()))
        return false;
    chat_step_settle(&loop->chat, item.row, true);
    if (item.kind == STEPPING_RECV) {
        if (incoming_feed(&loop->conn.in, item.bytes, item.len, clock_ms()) < item.len)
            explain_too_long(loop->chat.explain, sizeof(loop->chat.explain));
        else if (loop_take_lines(loop) == 0)
            chat_partial_recv(&loop->chat, item.len);
        chat_step_framed(&loop->chat); /* the held bytes are framed: their wait is over */
    } else if (item.trickle) {
        loop_trickle_start(loop, item.bytes, item.len, item.fragment_size, item.pause_ms);
    } else {
        loop_send(loop, item.bytes, item.len, false);
    }
    free(item.bytes);
    return true;
}

/* Step mode's read: recv() now (the bytes leave the kernel), frame them at a step. */
static void loop_step_read(struct loop *loop)
{
    static char buffer[LOOP_STEP_RECV_MAX];
    enum connection_read result = connection_receive(&loop->conn, buffer, sizeof(buffer));

    if (result == CONNECTION_READ_DATA) {
        size_t got = loop->conn.last_read;
        struct stepping_item item = {
            .kind = STEPPING_RECV,
            .row = chat_step_recv(&loop->chat, buffer, got, clock_us(), loop_wall_ms()),
        };
        if (!stepping_push(&loop->stepping, &item, buffer, got, clock_ms())) {
            /* no memory for the copy (a full queue is not read at all: loop_wants_read()) */
            chat_step_settle(&loop->chat, item.row, false);
            explain_step_full(loop->chat.explain, sizeof(loop->chat.explain));
        }
        return;
    }
    loop_take_lines(loop); /* the unterminated rest, at a close */
    if (result == CONNECTION_READ_CLOSED)
        loop_on_closed(loop, _("the server closed the connection"));
    else if (result == CONNECTION_READ_ERROR)
        loop_on_closed(loop, loop->conn.error);
}

/* True when the loop should read the socket: not while received bytes wait for a step. */
static bool loop_wants_read(const struct loop *loop)
{
    return loop->conn.state == CONNECTION_CONNECTED && !stepping_holds_recv(&loop->stepping) &&
           stepping_count(&loop->stepping) < STEPPING_QUEUE_MAX;
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
        enum connection_progress progress = connection_finish_connect(&loop->conn);
        if (progress == CONNECTION_DONE) {
            loop_on_connected(loop);
        } else if (progress == CONNECTION_FAILED) {
            unsigned delay = connection_schedule_retry(&loop->conn, clock_ms());
            chat_connect_failed(&loop->chat, loop->conn.address, loop->conn.error, delay,
                                clock_us(), loop_wall_ms());
        } /* CONNECTION_NEXT: the next address of the name is being tried */
        return;
    }
    if (FD_ISSET(fd, readable) && loop_stepping(loop)) {
        loop_step_read(loop);
        if (loop->conn.fd < 0)
            return;
    } else if (FD_ISSET(fd, readable)) {
        enum connection_read result = connection_read(&loop->conn, clock_ms());
        if (loop_take_lines(loop) == 0 && result == CONNECTION_READ_DATA)
            chat_partial_recv(&loop->chat, loop->conn.last_read);
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
/* /save FILE: the flow pane's rows as a trace (recording.h), and a line saying so. */
static void loop_save(struct loop *loop, const char *path)
{
    char said[512];
    long rows = path[0] != '\0' ? recording_save(&loop->recording, &loop->chat.flow, path) : -2;

    if (rows == -2)
        snprintf(said, sizeof(said), "%s", _("Usage: /save FILE (the flow pane, for obrol-replay)"));
    else if (rows < 0)
        snprintf(said, sizeof(said), _("Cannot save into %s: %s"), path, strerror(errno));
    else
        snprintf(said, sizeof(said),
                 ngettext("Saved %ld row of the flow pane into %s (obrol-replay --export md %s)",
                          "Saved %ld rows of the flow pane into %s (obrol-replay --export md %s)",
                          (unsigned long)rows),
                 rows, path, path);
    chat_info(&loop->chat, rows < 0 ? SCROLLBACK_ERROR : SCROLLBACK_INFO, said, loop_wall_ms());
}

static void loop_typed_line(struct loop *loop, const char *text)
{
    char request[EDITOR_BYTES_MAX + 1];
    size_t len;
    enum chat_action action = chat_command(text, strlen(text), request, sizeof(request), &len);
    bool connected = loop->conn.state == CONNECTION_CONNECTED;

    switch (action) {
    case CHAT_NOTHING: /* Enter on an empty line while disconnected: retry now */
        if (loop->conn.state == CONNECTION_WAITING)
            loop_connect(loop);
        break;
    case CHAT_SEND:
        loop_offer(loop, request, len, false, 0, 0);
        break;
    case CHAT_TRICKLE: {
        struct trickle_request trickle = {.fragment_size = loop->options->trickle_size,
                                          .pause_ms = (int)loop->options->trickle_pause};
        if (!trickle_parse(request, len, &trickle) || trickle.text_len > TRICKLE_LINE_MAX)
            explain_trickle_usage(loop->chat.explain, sizeof(loop->chat.explain));
        else
            loop_offer(loop, trickle.text, trickle.text_len, true, trickle.fragment_size,
                       trickle.pause_ms);
        break;
    }
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
            loop_offer(loop, request, len, false, 0, 0);
        break;
    case CHAT_CLEAR:
        scrollback_clear(&loop->chat.messages);
        break;
    case CHAT_SAVE:
        loop_save(loop, request);
        break;
    case CHAT_RECONNECT:
        loop_forget_pending(loop);
        if (loop->conn.state != CONNECTION_WAITING) {
            connection_close(&loop->conn);
            chat_reconnect_asked(&loop->chat, clock_us(), loop_wall_ms());
        }
        loop->conn.backoff_seconds = 1;
        loop_connect(loop);
        break;
    }
}

/* The step-mode keys: F5, a step, faster, slower. */
static void loop_step_key(struct loop *loop, enum ui_key_action key)
{
    char *explain = loop->chat.explain;
    size_t room = sizeof(loop->chat.explain);

    if (key == UI_KEY_STEP_MODE) {
        loop->stepping.on = !loop->stepping.on; /* off: step 6 lets everything go */
        explain_step_mode(explain, room, loop->stepping.on);
    } else if (key == UI_KEY_FASTER || key == UI_KEY_SLOWER) {
        int speed = key == UI_KEY_FASTER ? stepping_faster(&loop->stepping, clock_ms())
                                         : stepping_slower(&loop->stepping, clock_ms());
        explain_step_speed(explain, room, stepping_interval_ms(speed));
    } else if (stepping_count(&loop->stepping) > 0) {
        loop_step(loop, true);
    } else if (loop->conn.state == CONNECTION_WAITING) {
        loop_connect(loop); /* Enter on an empty line while disconnected, as without steps */
    } else {
        explain_step_nothing(explain, room);
    }
}

/* Do what a key asked of the model or the connection (the ui did its own part). */
static void loop_key(struct loop *loop, struct ui_key key, const char *line)
{
    struct scrollback *messages = &loop->chat.messages;

    switch (key.action) {
    case UI_KEY_HELP:
        chat_help(&loop->chat, loop_wall_ms());
        break;
    case UI_KEY_SUBMIT:
        loop_typed_line(loop, line);
        break;
    case UI_KEY_STEP_MODE:
    case UI_KEY_STEP:
    case UI_KEY_FASTER:
    case UI_KEY_SLOWER:
        loop_step_key(loop, key.action);
        break;
    case UI_KEY_OLDER:
        scrollback_page_up(messages, key.count);
        break;
    case UI_KEY_NEWER:
        scrollback_page_down(messages, key.count);
        break;
    case UI_KEY_NEWEST:
        scrollback_end(messages);
        break;
    case UI_KEY_COMPLETED:
        if (key.count != 1) /* none, or several: say so (one: the line shows it) */
            explain_completion(loop->chat.explain, sizeof(loop->chat.explain), key.count);
        break;
    case UI_KEY_NONE:
    case UI_KEY_NO_MORE:
        break;
    }
}

/* Step 4: read every key waiting. A readable stdin with no bytes is a lost terminal. */
static void loop_keys(struct loop *loop, bool readable)
{
    char line[EDITOR_BYTES_MAX + 1];
    int waiting = 0, keys = 0;

    if (readable && ioctl(STDIN_FILENO, FIONREAD, &waiting) == 0 && waiting == 0) {
        loop->exit_status = EXIT_FAILURE; /* end of file or hang-up: nobody is typing */
        return;
    }
    for (int i = 0; i < LOOP_KEYS_PER_TURN_MAX; i++) {
        loop->ui.step_keys = loop->stepping.on;
        struct ui_key key = ui_handle_key(&loop->ui, &loop->chat, line, sizeof(line));
        if (key.action == UI_KEY_NO_MORE)
            break;
        keys++;
        loop_key(loop, key, line);
        if (loop->exit_status >= 0)
            break;
    }
    /* stdin that is not a terminal (no FIONREAD) and keeps giving nothing: gone. */
    loop->empty_reads = readable && keys == 0 ? loop->empty_reads + 1 : 0;
    if (loop->empty_reads > LOOP_EMPTY_READS_MAX)
        loop->exit_status = EXIT_FAILURE;
}

/* ---- Timers ------------------------------------------------------------------------------- */

static void loop_trickle_tick(struct loop *loop)
{
    const char *bytes;
    size_t count;

    for (int i = 0; i <= TRICKLE_LINE_MAX; i++) {
        if (!trickle_next(&loop->trickle, clock_ms(), &bytes, &count))
            return; /* the next one is not due yet, or the line is out */
        if (!connection_queue_bytes(&loop->conn, bytes, count)) {
            trickle_cancel(&loop->trickle);
            explain_queue_full(loop->chat.explain, sizeof(loop->chat.explain));
            return;
        }
        chat_fragment(&loop->chat, bytes, count, loop->trickle.fragment, loop->trickle.fragments,
                      clock_us(), loop_wall_ms());
        if (connection_flush(&loop->conn) < 0) { /* each fragment: its own send() */
            loop_on_closed(loop, loop->conn.error);
            return;
        }
    }
}

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
    int64_t fragment = trickle_due_ms(&loop->trickle);
    if (loop->conn.state == CONNECTION_CONNECTED && fragment >= 0 && fragment < due)
        due = fragment;
    int64_t step = stepping_due_ms(&loop->stepping);
    if (step >= 0 && step < due && !loop_step_blocked(loop))
        due = step;
    int64_t unanswered = chat_due_us(&loop->chat); /* the no-answer check */
    if (unanswered >= 0 && unanswered / 1000 + 1 < due)
        due = unanswered / 1000 + 1; /* + 1: the check finds it due, not 0.9 ms early */
    int64_t highlight_end = loop->chat.path.at_ms + CHAT_PATH_SHOW_MS;
    if (loop->ui.topology && loop->chat.path.at_ms >= 0 && highlight_end > now &&
        highlight_end < due)
        due = highlight_end; /* redraw when the topology's highlight goes out */
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
    if (loop->conn.state == CONNECTION_CONNECTED)
        loop_trickle_tick(loop);
    if (!stepping_holds_recv(&loop->stepping)) /* held bytes may be the answer: not overdue */
        chat_tick(&loop->chat, clock_us());
    int64_t step = stepping_due_ms(&loop->stepping);
    if (step >= 0 && now >= step)
        loop_step(loop, false); /* slow motion */
    for (int i = 0; !loop->stepping.on && i < STEPPING_QUEUE_MAX && loop_step(loop, false); i++) {
        /* step mode was switched off: let everything go, in order */
    }
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
    char mode[LOOP_MODE_LABEL_MAX];
    struct ui_status status = {
        .address = loop->conn.address,
        .connection = UI_DISCONNECTED,
        .retry_in_ms = -1,
        .mode = mode,
        .now_ms = clock_ms(),
    };

    stepping_label(&loop->stepping, mode, sizeof(mode));

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
    int fd = loop->conn.fd, max_fd = -1;

    FD_ZERO(&readable);
    FD_ZERO(&writable);
    fdset_watch(&readable, STDIN_FILENO, &max_fd);
    fdset_watch(&readable, loop->wake_fd, &max_fd);
    if (loop_wants_read(loop))
        fdset_watch(&readable, fd, &max_fd);
    if (connection_wants_write(&loop->conn))
        fdset_watch(&writable, fd, &max_fd);
    recording_before_sleep(&loop->recording, &loop->chat.flow, &writable, &max_fd); /* --record */
    loop_timeout(loop, &tv);

    int ready = select(max_fd + 1, &readable, &writable, NULL, &tv);
    if (ready < 0 && errno != EINTR) {
        loop->failed_errno = errno; /* reported when the screen is gone */
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
        selfpipe_drain(loop->wake_fd);
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
    recording_init(&loop.recording);
    loop.options = options;
    loop.wake_fd = wake_fd;
    loop.exit_status = -1;
    connection_init(&loop.conn, options->host, options->port);
    stepping_init(&loop.stepping, options->step);
    ui_init(&loop.ui);
    if (!chat_init(&loop.chat)) {
        report_error("malloc()", ENOMEM);
        return EXIT_FAILURE;
    }
    if (options->nick != NULL)
        chat_choose_nick(&loop.chat, options->nick);
    if (!recording_start(&loop.recording, options->record) || !ui_start()) {
        recording_finish(&loop.recording, &loop.chat.flow, options->record);
        chat_free(&loop.chat);
        return EXIT_FAILURE;
    }
    loop_connect(&loop);
    loop_draw(&loop);
    while (loop.exit_status < 0)
        loop_turn(&loop);
    ui_stop();
    if (loop.failed_errno != 0)
        report_error("select()", loop.failed_errno);
    if (!recording_finish(&loop.recording, &loop.chat.flow, options->record))
        loop.exit_status = EXIT_FAILURE;

    stepping_clear(&loop.stepping);
    connection_free(&loop.conn);
    chat_free(&loop.chat);
    ui_free(&loop.ui);
    return loop.exit_status;
}
