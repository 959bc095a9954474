/*
 * narrate.c - every sentence obrol-server prints, in one place.
 */
#include "narrate.h"

#include "i18n.h"
#include "limit.h"
#include "meaning.h"
#include "record.h"
#include "sanitize.h"
#include "selfpipe.h"
#include "server.h"
#include "terminal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* At most this many fds are listed for one fd set; then "... (N more)". */
#define NARRATE_MAX_FDS_SHOWN 24
/* recv() previews show at most this many bytes, escaped. */
#define NARRATE_PREVIEW_BYTES 40

/* Longest narrated line (longer ones are cut). */
#define NARRATE_LINE_MAX 1024

static enum narrate_level narrate_level = NARRATE_NORMAL;
static narrate_sink narrate_output = NULL; /* NULL: stdout and stderr (terminal.c) */

void narrate_set_sink(narrate_sink sink)
{
    narrate_output = sink;
}

/*
 * The terminal is behind and drops lines until it catches up: the line about
 * to be narrated is counted as skipped, and need not be built at all (the
 * busiest narrations check this first: formatting fd sets and previews costs
 * more than the relay itself).
 */
static bool narrate_behind(bool is_error)
{
    return narrate_output == NULL && terminal_skip_if_behind(is_error);
}

/* Every narrated line goes through here: to the terminal's queue, or to the dashboard. */
static void narrate_emit(bool is_error, const char *format, va_list args)
    __attribute__((format(printf, 2, 0)));

static void narrate_emit(bool is_error, const char *format, va_list args)
{
    char line[NARRATE_LINE_MAX];

    if (narrate_behind(is_error))
        return; /* it would be dropped: it is only counted */
    int len = vsnprintf(line, sizeof(line), format, args);

    if (len < 0)
        return;
    size_t end = strlen(line);
    if (end == sizeof(line) - 1)
        line[end - 1] = '\n'; /* cut: it still ends its line */
    if (narrate_output != NULL) {
        if (end > 0 && line[end - 1] == '\n')
            line[end - 1] = '\0'; /* the sink shows lines, not newlines */
        narrate_output(line, is_error);
    } else {
        terminal_print(line, end, is_error); /* queued: never a blocking write */
    }
}

static void narrate_print(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void narrate_print(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    narrate_emit(false, format, args);
    va_end(args);
}

static void narrate_print_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void narrate_print_error(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    narrate_emit(true, format, args);
    va_end(args);
}

/* One "meaning:" line (meaning.h): what a word the line above used means. */
static void narrate_meaning(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void narrate_meaning(const char *format, ...)
{
    char text[600];
    va_list args;

    va_start(args, format);
    vsnprintf(text, sizeof(text), format, args);
    va_end(args);
    narrate_print(_("    meaning: %s\n"), text);
}

void narrate_init(enum narrate_level level)
{
    narrate_level = level;
}

void narrate_caught_up(void)
{
    unsigned long lines;

    if ((lines = terminal_caught_up(false)) > 0)
        narrate_print(ngettext("… %lu line of narration skipped: the terminal did not keep up\n",
                               "… %lu lines of narration skipped: the terminal did not keep up\n",
                               lines),
                      lines);
    if ((lines = terminal_caught_up(true)) > 0)
        narrate_print_error(
            ngettext("obrol-server: … %lu error line skipped: the terminal did not keep up\n",
                     "obrol-server: … %lu error lines skipped: the terminal did not keep up\n",
                     lines),
            lines);
}

bool narrate_verbose(void)
{
    return narrate_level >= NARRATE_VERBOSE;
}

bool narrate_detailed(void)
{
    return narrate_verbose() || record_active();
}

static bool narrate_normal(void)
{
    return narrate_level >= NARRATE_NORMAL;
}

/* ---- Helpers ------------------------------------------------------------------ */

/* "{3 5 7}" for the fds of a set, shortened for very large sets. */
static void narrate_fd_set(const fd_set *set, int max_fd, char *out, size_t room)
{
    size_t used = (size_t)snprintf(out, room, "{");
    int shown = 0, hidden = 0;

    for (int fd = 0; fd <= max_fd; fd++) {
        if (!FD_ISSET(fd, set))
            continue;
        if (shown == NARRATE_MAX_FDS_SHOWN) {
            hidden++;
            continue;
        }
        if (used < room)
            used += (size_t)snprintf(out + used, room - used, shown ? " %d" : "%d", fd);
        shown++;
    }
    if (used < room && hidden > 0)
        used += (size_t)snprintf(out + used, room - used, _(" ... and %d more"), hidden);
    if (used < room)
        snprintf(out + used, room - used, "}");
}

/* A short C-style escaped preview of raw bytes: "Halo\r\n" shows as "Halo\r\n". */
static void narrate_escape(const char *bytes, size_t count, char *out, size_t room)
{
    static const char hex[] = "0123456789abcdef";
    size_t used = 0, limit = count;

    if (limit > NARRATE_PREVIEW_BYTES)
        limit = NARRATE_PREVIEW_BYTES;

    for (size_t i = 0; i < limit && used + 5 < room; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c == '\n') {
            out[used++] = '\\', out[used++] = 'n';
        } else if (c == '\r') {
            out[used++] = '\\', out[used++] = 'r';
        } else if (c == '\t') {
            out[used++] = '\\', out[used++] = 't';
        } else if (c == '"' || c == '\\') {
            out[used++] = '\\', out[used++] = (char)c;
        } else if (c >= 0x20 && c < 0x7F) {
            out[used++] = (char)c;
        } else {
            out[used++] = '\\', out[used++] = 'x';
            out[used++] = hex[c >> 4], out[used++] = hex[c & 15];
        }
    }
    if (limit < count && used + 4 < room)
        out[used++] = '.', out[used++] = '.', out[used++] = '.';
    out[used] = '\0';
}

/* ---- Start and stop -------------------------------------------------------------- */

void narrate_listening(int fd, const char *address)
{
    record_listening(fd, address);
    if (narrate_verbose())
        narrate_print(_("socket() + bind() + listen() -> fd %d listens on %s\n"), fd, address);
}

void narrate_fds(int wake_fd, int spare_fd, int listen_fd)
{
    if (!narrate_verbose() || !meaning_first(MEANING_FD))
        return;
    narrate_meaning(_("An fd (file descriptor) is the number the kernel gives a program for each "
                      "file, pipe or socket it has open. This server holds 0 (the keyboard), 1 "
                      "and 2 (the terminal), %d and %d (the two ends of the signal pipe: Ctrl-C "
                      "writes a byte into %d, so that select() wakes up on %d), %d (a spare fd, "
                      "to refuse a client politely when no fd is left) and %d (the listening "
                      "socket). Each client will get the lowest free number."),
                    wake_fd, selfpipe_write_end(), selfpipe_write_end(), wake_fd, spare_fd,
                    listen_fd);
}

void narrate_ready(const char *address)
{
    /* Always printed, even with -q: scripts and tests wait for this line. */
    narrate_print(_("Server ready to accept connections on %s\n"), address);
}

void narrate_cannot_listen(const char *bind, unsigned port, const char *why)
{
    narrate_print_error(_("obrol-server: cannot listen on %s port %u: %s\n"), bind, port, why);
}

void narrate_no_terminal(void)
{
    narrate_print_error(_("obrol-server: --tui needs a terminal\n"));
}

void narrate_no_free_fds(int free_fds, int needed)
{
    narrate_print_error(_("obrol-server: cannot start: select() can only watch file descriptors "
                          "0 to %d, and only %d of them are free (%d needed). The program that "
                          "started obrol-server left the others open: close them there, or "
                          "start obrol-server from a shell.\n"),
                        FD_SETSIZE - 1, free_fds, needed);
}

void narrate_join_hint(const char *host, unsigned port)
{
    /* Printed even with -q: the teacher needs it to tell the class. */
    narrate_print(_("Students join with: obrol-client --host %s --port %u\n"), host, port);
}

void narrate_no_join_hint(void)
{
    narrate_print(_("This computer has no network address besides loopback: only programs on "
                    "it can connect.\n"));
}

void narrate_stopping(unsigned clients)
{
    record_stopping(clients);
    if (narrate_normal())
        narrate_print(ngettext("Shutting down: telling %u client and closing its connection\n",
                               "Shutting down: telling %u clients and closing their connections\n",
                               clients),
                      clients);
}

void narrate_stopped(void)
{
    record_stopped();
    if (narrate_normal())
        narrate_print(_("Server stopped.\n"));
}

/* ---- The loop ---------------------------------------------------------------------- */

/* What a time-out waits for, in a few words ("guest1's WELCOME is due"). */
static void narrate_timer(const struct timer *due, char *out, size_t room)
{
    const char *nick = due->conn != NULL ? due->conn->nick : "";

    switch (due->kind) {
    case TIMER_WELCOME:
        snprintf(out, room, _("%s's WELCOME is due"), nick);
        break;
    case TIMER_LINE_END:
        snprintf(out, room, _("%s's bytes without a newline count as a line after %d ms of silence"),
                 nick, LIMIT_IDLE_FLUSH_MS);
        break;
    case TIMER_RATE:
        snprintf(out, room, _("%s may send its next line (--rate)"), nick);
        break;
    case TIMER_PING:
        snprintf(out, room, _("%s has been silent: time to send it PING"), nick);
        break;
    case TIMER_PING_TIMEOUT:
        snprintf(out, room, _("%s has not answered PING: then it is dropped"), nick);
        break;
    case TIMER_DOOR:
        snprintf(out, room, _("%s has not given the room code: then it is closed"), nick);
        break;
    case TIMER_CLOSE:
        snprintf(out, room, _("the last bytes for %s; then its socket is closed anyway"), nick);
        break;
    case TIMER_STOP:
        snprintf(out, room, _("shutting down: the last bytes, then the server stops"));
        break;
    case TIMER_NONE:
    default:
        snprintf(out, room, "%s", "");
        break;
    }
}

/* The meaning lines of a select() call: the sets, the write set, the time-out. */
static void narrate_select_meaning(const fd_set *write_set, int max_fd, long timeout_ms)
{
    if (meaning_first(MEANING_READ_SET))
        narrate_meaning(_("select() sleeps until one of the fds in the read set has bytes to read "
                          "(for the listening socket: a new connection), one in the write set can "
                          "take bytes, or the time-out passes; it then says which are ready."));
    for (int fd = 0; fd <= max_fd; fd++) {
        if (FD_ISSET(fd, write_set) && fd > 2 && meaning_first(MEANING_WRITE_SET)) {
            narrate_meaning(_("fd %d is in the write set because bytes wait in its output queue; "
                              "select() says when its socket can take them. A socket with nothing "
                              "queued stays out: it could almost always take bytes, and select() "
                              "would return at once, forever."),
                            fd);
            break;
        }
    }
    if (timeout_ms < 0 && meaning_first(MEANING_NO_TIMEOUT))
        narrate_meaning(_("No time-out: no timer of the server is due, so select() may sleep until "
                          "a socket or the keyboard has something."));
    else if (timeout_ms >= 0 && meaning_first(MEANING_TIMEOUT))
        narrate_meaning(_("The time-out is how long select() may sleep if nothing arrives: the "
                          "time until the server's earliest timer is due (in brackets). Then "
                          "select() returns 0 and the loop does what was due."));
}

void narrate_select_call(const fd_set *read_set, const fd_set *write_set, int max_fd,
                         long timeout_ms, const struct timer *due)
{
    char reads[256], writes[256], why[160];

    record_select_call(read_set, write_set, max_fd, timeout_ms, due);
    if (!narrate_verbose() || narrate_behind(false))
        return;
    narrate_fd_set(read_set, max_fd, reads, sizeof(reads));
    narrate_fd_set(write_set, max_fd, writes, sizeof(writes));
    if (due != NULL && due->kind != TIMER_NONE)
        narrate_timer(due, why, sizeof(why));
    else
        why[0] = '\0';
    if (timeout_ms < 0)
        narrate_print(_("select(): waiting for read %s write %s, no time-out (sleeping until "
                        "something happens)\n"),
                      reads, writes);
    else if (why[0] != '\0')
        narrate_print(_("select(): waiting for read %s write %s, time-out %ld ms (%s)\n"), reads,
                      writes, timeout_ms, why);
    else
        narrate_print(_("select(): waiting for read %s write %s, time-out %ld ms\n"), reads, writes,
                      timeout_ms);
    narrate_select_meaning(write_set, max_fd, timeout_ms);
}

void narrate_select_result(int ready, const fd_set *read_set, const fd_set *write_set, int max_fd)
{
    char reads[256], writes[256];

    record_select_result(ready, read_set, write_set, max_fd);
    if (!narrate_verbose() || narrate_behind(false))
        return;
    if (ready == 0) {
        narrate_print(_("select() = 0: the time-out passed, nothing is ready\n"));
        return;
    }
    narrate_fd_set(read_set, max_fd, reads, sizeof(reads));
    narrate_fd_set(write_set, max_fd, writes, sizeof(writes));
    narrate_print(_("select() = %d: ready to read %s, ready to write %s\n"), ready, reads, writes);
}

void narrate_recv(const struct conn *conn, ssize_t count, const char *bytes)
{
    char preview[4 * NARRATE_PREVIEW_BYTES + 8];

    record_recv(conn, count, bytes);
    if (!narrate_verbose() || narrate_behind(false))
        return;
    if (count == 0) {
        narrate_print(_("recv(fd %d) = 0: %s closed its side of the connection\n"), conn->fd,
                      conn->nick);
        return;
    }
    narrate_escape(bytes, (size_t)count, preview, sizeof(preview));
    narrate_print(_("recv(fd %d) = %zd bytes from %s: \"%s\"\n"), conn->fd, count, conn->nick,
                  preview);
}

/* Bytes after the last newline in `in`: the start of a line whose end has not come yet. */
static size_t narrate_unterminated_bytes(const struct linebuf *in)
{
    size_t pending = linebuf_pending(in), waiting = 0;
    const char *begin = pending > 0 ? in->data + in->start : NULL;

    while (waiting < pending && begin[pending - 1 - waiting] != '\n')
        waiting++;
    return waiting;
}

/* What the line buffer holds after a recv(): whole lines (their bytes, newline
 * included) and, apart from them, the bytes that still wait for a newline. */
void narrate_framing(const struct conn *conn, size_t lines, size_t buffered)
{
    size_t waiting = narrate_unterminated_bytes(&conn->in);

    record_framing(conn, lines, buffered - waiting, waiting);
    narrate_framing_counted(conn, lines, buffered - waiting, waiting);
}

void narrate_framing_counted(const struct conn *conn, size_t lines, size_t complete,
                             size_t waiting)
{
    if (!narrate_verbose() || narrate_behind(false))
        return;
    if (lines == 0)
        narrate_print(_("  framing: no complete line yet from %s, %zu bytes wait for a newline\n"),
                      conn->nick, complete + waiting);
    else
        narrate_print(
            ngettext("  framing: %zu complete line (%zu bytes) from %s; %zu bytes wait for a "
                     "newline\n",
                     "  framing: %zu complete lines (%zu bytes) from %s; %zu bytes wait for a "
                     "newline\n",
                     lines),
            lines, complete, conn->nick, waiting);
    if (meaning_first(MEANING_FRAMING))
        narrate_meaning(_("TCP is a stream of bytes: one recv() may hold part of a line or several "
                          "lines. Framing finds where each message ends: here, at a newline."));
    if (complete + waiting > 0 && (lines == 0 || waiting > 0) && meaning_first(MEANING_PARTIAL))
        narrate_meaning(_("The bytes without a newline wait in %s's own buffer until the rest "
                          "of the line comes; no other client waits for them."),
                        conn->nick);
}

/* The recording keeps the bytes send() is offered: they leave the queue with it. */
void narrate_offer(const struct conn *conn)
{
    record_offer(conn);
}

void narrate_send(const struct conn *conn, ssize_t written, size_t offered)
{
    record_send(conn, written, offered);
    if (!narrate_verbose())
        return;
    if (written < 0)
        narrate_print(_("send(fd %d) would block: %zu bytes stay queued for %s\n"), conn->fd,
                      offered, conn->nick);
    else
        narrate_print(_("send(fd %d) = %zd of %zu bytes to %s, %zu still queued\n"), conn->fd,
                      written, offered, conn->nick, offered - (size_t)written);
}

/* ---- People and messages ---------------------------------------------------------- */

void narrate_accept(int listen_fd, const struct conn *conn)
{
    record_accept(listen_fd, conn);
    if (narrate_verbose()) {
        narrate_print(_("accept(fd %d) = new fd %d for %s, named %s\n"), listen_fd, conn->fd,
                      conn->address, conn->nick);
        if (meaning_first(MEANING_BACKLOG))
            narrate_meaning(_("The kernel completed this connection (the TCP handshake) as soon as "
                              "the client called connect(), and kept it in the listening "
                              "socket's backlog until this accept(): a client looks connected "
                              "before the server accepts it."));
    } else if (narrate_normal())
        narrate_print(_("Connection from %s (fd %d), named %s\n"), conn->address, conn->fd,
                      conn->nick);
}

void narrate_refused(const char *address, int fd, const char *reason)
{
    record_refused(address, fd, reason);
    if (narrate_normal())
        narrate_print(_("Refused connection from %s (fd %d): %s\n"), address, fd, reason);
}

void narrate_line(const struct conn *conn, const char *line, size_t len)
{
    char safe[SANITIZE_MAX_OUTPUT(NARRATE_PREVIEW_BYTES * 4) + 1];
    bool cut = len > NARRATE_PREVIEW_BYTES * 4; /* long lines are shortened in the log */

    record_line(conn, line, len);
    if (!narrate_normal() || narrate_behind(false))
        return;
    safe[sanitize_text(line, cut ? NARRATE_PREVIEW_BYTES * 4 : len, safe, sizeof(safe) - 1)] = '\0';
    narrate_print(_("Line from %s: %s%s\n"), conn->nick, safe, cut ? "..." : "");
}

/* Every request line: recorded; the log already showed its bytes (recv) and says messages. */
void narrate_request(const struct conn *conn, const char *line, size_t len)
{
    record_request(conn, line, len);
}

void narrate_idle_flush(const struct conn *conn, size_t len)
{
    record_idle_flush(conn, len);
    if (!narrate_normal())
        return;
    if (conn->peer_closed)
        narrate_print(_("%s closed its side after %zu bytes without a newline: they are its last "
                        "line (end of file ends a line too)\n"),
                      conn->nick, len);
    else
        narrate_print(_("%s sent %zu bytes without a newline and went quiet: treating them as one "
                        "line (TCP is a byte stream; where a message ends is the application's "
                        "business)\n"),
                      conn->nick, len);
}

void narrate_nick(const char *old_nick, const char *new_nick)
{
    record_nick(old_nick, new_nick);
    if (narrate_normal())
        narrate_print(_("%s is now known as %s\n"), old_nick, new_nick);
}

void narrate_leave(const struct conn *conn)
{
    record_leave(conn);
    if (narrate_verbose()) {
        narrate_print(_("close(fd %d): %s left (%s)\n"), conn->fd, conn->nick, conn->leave_reason);
        if ((strcmp(conn->leave_reason, strerror(ECONNRESET)) == 0 ||
             strcmp(conn->leave_reason, strerror(EPIPE)) == 0) &&
            meaning_first(MEANING_RESET))
            narrate_meaning(_("The peer (the program at the other end) is gone: its kernel "
                              "answered with a reset, because the program crashed or closed "
                              "its socket without reading what had arrived."));
    } else if (narrate_normal())
        narrate_print(_("%s left (%s)\n"), conn->nick, conn->leave_reason);
}

void narrate_admitted(const struct conn *conn)
{
    record_admitted(conn);
    if (narrate_normal())
        narrate_print(_("%s gave the room code and is in the room\n"), conn->nick);
}

void narrate_wrong_code(const struct conn *conn, unsigned tries)
{
    record_wrong_code(conn, tries);
    /* Logged as an error: the teacher should know someone is guessing. */
    narrate_print_error(_("obrol-server: wrong room code from %s (%s), %u time(s)\n"),
                        conn->address, conn->nick, tries);
}

/* ---- The operator ---------------------------------------------------------------- */

void narrate_operator_no_one(const char *nick)
{
    narrate_print(_("No one here is called \"%s\" (/who lists who is here)\n"), nick);
}

void narrate_operator_who(unsigned count)
{
    narrate_print(ngettext("%u client connected:\n", "%u clients connected:\n", count), count);
}

void narrate_operator_who_row(const struct conn *conn)
{
    narrate_print("  fd %-4d %-16s %-24s%s%s\n", conn->fd, conn->nick, conn->address,
                  conn->admitted ? "" : _(" (at the door)"), conn->muted ? _(" (muted)") : "");
}

void narrate_operator_kicked(const char *nick, const char *reason)
{
    narrate_print(_("Kicked %s (%s)\n"), nick, reason);
}

void narrate_operator_muted(const char *nick, bool muted)
{
    narrate_print(muted ? _("Muted %s\n") : _("Unmuted %s\n"), nick);
}

void narrate_operator_say_usage(void)
{
    narrate_print(_("Usage: /say TEXT\n"));
}

void narrate_operator_told(unsigned count)
{
    narrate_print(ngettext("Notice sent to %u client\n", "Notice sent to %u clients\n", count),
                  count);
}

void narrate_operator_help(void)
{
    narrate_print(
        _("Operator commands: /who, /kick NICK [REASON] (keeps the computer out for "
          "%d minutes), /unban [ADDRESS|NICK], /mute NICK, /unmute NICK|ADDRESS, "
          "/say TEXT, /bug NAME on|off, /help. Step keys: Enter (one step), c (run), s (step), q (quit).\n"),
        LIMIT_HOST_KICK_BAN_MS / 60000);
}

/* ---- The bug museum (--bug, mistakes.c) ------------------------------------------- */

/* Printed at the normal level: a mistake on purpose must never go unnoticed. */
void narrate_bug_on(const char *name, const char *summary)
{
    narrate_print(_("*** Mistake on purpose (--bug %s): %s. This server is wrong for the "
                    "lesson; /bug %s off puts it right.\n"),
                  name, summary, name);
}

void narrate_bug_switched(const char *name, bool on)
{
    if (on)
        narrate_print(_("*** Mistake %s is on: from the next turn of the loop the server makes "
                        "it.\n"),
                      name);
    else
        narrate_print(_("*** Mistake %s is off: the server takes the correct step again.\n"),
                      name);
}

/* /bug with a wrong name or state: how it is typed, the names, and which are on now. */
void narrate_operator_bug_usage(const char *on_now)
{
    narrate_print(_("Usage: /bug NAME on|off, NAME one of: one-recv-one-message blocking-send "
                    "no-sigpipe forget-closed one-at-a-time shared-buffer no-fd-limit. On now: "
                    "%s\n"),
                  on_now[0] != '\0' ? on_now : _("none"));
}

void narrate_bug_one_recv(const struct conn *conn, ssize_t count, const char *bytes)
{
    char preview[4 * NARRATE_PREVIEW_BYTES + 8];

    if (!narrate_normal() || narrate_behind(false))
        return;
    narrate_escape(bytes, (size_t)count, preview, sizeof(preview));
    narrate_print(_("BUG one-recv-one-message: recv() returned %zd bytes from %s, \"%s\"; this "
                    "server takes them as a whole message - the rest of the line will arrive "
                    "as another one.\n"),
                  count, conn->nick, preview);
}

void narrate_bug_blocking_send(const struct conn *conn, size_t pending)
{
    if (narrate_normal())
        narrate_print(_("BUG blocking-send: send() to %s blocks: %zu bytes wait and %s is not "
                        "reading. This server waits here until it reads; nobody else is served "
                        "meanwhile.\n"),
                      conn->nick, pending, conn->nick);
}

void narrate_bug_forget_closed(const struct conn *conn)
{
    if (narrate_normal())
        narrate_print(_("BUG forget-closed: recv() returned 0 from %s: it has closed its end. "
                        "This server does not notice: fd %d stays in the read set, so select() "
                        "returns at once, every turn - 100%% CPU.\n"),
                      conn->nick, conn->fd);
}

void narrate_bug_one_at_a_time(int fd)
{
    if (narrate_normal())
        narrate_print(_("BUG one-at-a-time: accept() gave fd %d; this server now waits in recv() "
                        "for that client's message, and serves nobody else until it comes.\n"),
                      fd);
}

void narrate_bug_one_at_a_time_done(int fd, ssize_t count)
{
    if (!narrate_normal())
        return;
    if (count > 0)
        narrate_print(_("BUG one-at-a-time: answered fd %d and closed it; only now can the next "
                        "client be accepted.\n"),
                      fd);
    else
        narrate_print(_("BUG one-at-a-time: fd %d left without a message; closed it; only now "
                        "can the next client be accepted.\n"),
                      fd);
}

void narrate_bug_shared_buffer(const struct conn *conn, const char *owner,
                               const struct linebuf *shared)
{
    char preview[4 * NARRATE_PREVIEW_BYTES + 8];
    size_t pending = linebuf_pending(shared);

    if (!narrate_normal() || narrate_behind(false))
        return;
    narrate_escape(shared->data + shared->start, pending, preview, sizeof(preview));
    narrate_print(_("BUG shared-buffer: %s's bytes go into the one buffer this server has for "
                    "everyone, after \"%s\" that %s has not finished: the next line mixes "
                    "them.\n"),
                  conn->nick, preview, owner);
}

void narrate_bug_fd_limit(int fd)
{
    narrate_print_error(_("obrol-server: BUG no-fd-limit: accept() returned fd %d, but an fd_set "
                          "only has room for fds 0 to %d (FD_SETSIZE). A real server would now "
                          "FD_SET past the end of the set and corrupt its memory, or, built "
                          "with _FORTIFY_SOURCE, abort(). SIMULATED: obrol stops here on "
                          "purpose, without touching that memory.\n"),
                        fd, FD_SETSIZE - 1);
}

size_t narrate_bug_sigpipe_text(const struct conn *conn, char *out, size_t room)
{
    int len = snprintf(out, room,
                       _("obrol-server: BUG no-sigpipe: this server wrote to %s, whose connection "
                         "is gone, and does not ignore SIGPIPE: the kernel ends the whole server "
                         "(signal 13), and everyone is disconnected.\n"),
                       conn->nick);

    if (len < 0)
        return 0;
    return (size_t)len < room ? (size_t)len : room - 1;
}

/* ---- Step mode -------------------------------------------------------------------- */

static void narrate_describe_select(int ready, const fd_set *read_set, const fd_set *write_set,
                                    int max_fd, char *out, size_t room)
{
    char reads[256], writes[256];

    narrate_fd_set(read_set, max_fd, reads, sizeof(reads));
    narrate_fd_set(write_set, max_fd, writes, sizeof(writes));
    snprintf(out, room,
             ngettext("select() returned %d: ready to read %s, ready to write %s. The server "
                      "will now deal with that fd.",
                      "select() returned %d: ready to read %s, ready to write %s. The server "
                      "will now deal with each of them, one at a time.",
                      ready),
             ready, reads, writes);
}

static void narrate_describe_accept(int listen_fd, char *out, size_t room)
{
    snprintf(out, room,
             _("accept() on listening fd %d: a client has connected; the kernel finished the TCP "
               "handshake and keeps the connection in its backlog until we take it."),
             listen_fd);
}

static void narrate_describe_recv(const struct conn *conn, char *out, size_t room)
{
    snprintf(out, room,
             _("recv() from %s (fd %d): select() said bytes are waiting in the kernel for us. "
               "They may be part of a line, one line, or several."),
             conn->nick, conn->fd);
}

static void narrate_describe_line(const struct conn *conn, const char *line, size_t len,
                                  unsigned others, char *out, size_t room)
{
    char safe[SANITIZE_MAX_OUTPUT(60) + 1];
    bool cut = len > 60;

    safe[sanitize_text(line, cut ? 60 : len, safe, sizeof(safe) - 1)] = '\0';
    if (len > 0 && line[0] != '/')
        snprintf(out, room,
                 ngettext("Relay the line \"%s%s\" from %s: queue it as MSG for the %u other "
                          "client and queue one OK response for %s; send() comes when each "
                          "socket is writable.",
                          "Relay the line \"%s%s\" from %s: queue it as MSG for the %u other "
                          "clients and queue one OK response for %s; send() comes when each "
                          "socket is writable.",
                          others),
                 safe, cut ? "..." : "", conn->nick, others, conn->nick);
    else
        snprintf(out, room,
                 _("Act on the request \"%s%s\" from %s and queue exactly one response "
                   "(OK or ERR) for it."),
                 safe, cut ? "..." : "", conn->nick);
}

static void narrate_describe_idle_flush(const struct conn *conn, size_t len, char *out, size_t room)
{
    if (conn->peer_closed) {
        snprintf(out, room,
                 _("%s closed its side after %zu bytes without a newline: take them as its last "
                   "line, since nothing more can come."),
                 conn->nick, len);
        return;
    }
    snprintf(out, room,
             _("%s sent %zu bytes without a newline and has been quiet for %d ms: take them as "
               "one whole line, the way the lesson's client expects."),
             conn->nick, len, LIMIT_IDLE_FLUSH_MS);
}

static void narrate_describe_welcome(const struct conn *conn, char *out, size_t room)
{
    snprintf(out, room,
             _("%s connected and has said nothing for %d ms: queue a WELCOME line that tells "
               "a person how to chat."),
             conn->nick, LIMIT_WELCOME_DELAY_MS);
}

static void narrate_describe_send(const struct conn *conn, size_t queued, char *out, size_t room)
{
    snprintf(out, room,
             _("send() to %s (fd %d): %zu bytes wait in its output queue and select() said the "
               "socket can take more. The kernel may take all of them or only part."),
             conn->nick, conn->fd, queued);
}

static void narrate_describe_drop(const struct conn *conn, char *out, size_t room)
{
    snprintf(out, room, _("close() fd %d: %s is gone (%s); free its buffers and tell the others."),
             conn->fd, conn->nick, conn->leave_reason);
}

void narrate_describe_step(const struct server *server, enum step_kind kind, int fd, char *out,
                           size_t room)
{
    const struct conn *conn = fd >= 0 && fd < FD_SETSIZE ? server->room.conns[fd] : NULL;
    const char *line;
    size_t len;

    out[0] = '\0';
    if (kind == STEP_SELECT)
        narrate_describe_select(server->ready_count, &server->ready_read, &server->ready_write,
                                server->watch_max, out, room);
    else if (kind == STEP_ACCEPT)
        narrate_describe_accept(fd, out, room);
    else if (conn == NULL)
        return; /* every other step is about one connection */
    else if (kind == STEP_RECV)
        narrate_describe_recv(conn, out, room);
    else if (kind == STEP_LINE && linebuf_peek(&conn->in, &line, &len))
        narrate_describe_line(conn, line, len, server->room.count - 1, out, room);
    else if (kind == STEP_FLUSH)
        narrate_describe_idle_flush(conn, linebuf_pending(&conn->in), out, room);
    else if (kind == STEP_WELCOME)
        narrate_describe_welcome(conn, out, room);
    else if (kind == STEP_SEND)
        narrate_describe_send(conn, outq_pending(&conn->out), out, room);
    else if (kind == STEP_DROP)
        narrate_describe_drop(conn, out, room);
}

void narrate_step_announce(unsigned long number, const char *description, bool slow_motion)
{
    static bool keys_shown = false;

    narrate_print(_("[step %lu] Next: %s\n"), number, description);
    if (!slow_motion && !keys_shown) { /* once is enough: the keys do not change */
        keys_shown = true;
        narrate_print(_("  (Enter: do it   c: run freely   q: quit. While the server waits for "
                        "you, new connections wait in the kernel's backlog and new bytes in "
                        "its socket buffers.)\n"));
    }
}

void narrate_step_running(void)
{
    narrate_print(_("Running freely now (s pauses before each step again).\n"));
}

void narrate_step_stepping(void)
{
    narrate_print(_("Stepping: the server will pause before each step (Enter: one step).\n"));
}

void narrate_console_closed(void)
{
    narrate_print(_("Standard input closed: no one can press Enter, so the server runs freely.\n"));
}

void narrate_console(const char *typed)
{
    char line[SANITIZE_MAX_OUTPUT(80) + 1];
    size_t len = strlen(typed);

    line[sanitize_text(typed, len < 80 ? len : 80, line, sizeof(line) - 1)] = '\0';
    narrate_print(_("Unknown key or command \"%s\" (Enter: one step, c: run, s: step, q: quit; "
                    "/help lists the operator commands)\n"),
                  line);
}

/* ---- Errors -------------------------------------------------------------------- */

void narrate_error(const char *what, int error)
{
    record_error(what, error);
    narrate_print_error(_("obrol-server: %s failed: %s\n"), what, strerror(error));
}

/* ---- The operator: kicks that last, refusals said -------------------------------- */

void narrate_operator_usage(const char *usage)
{
    narrate_print(_("Usage: %s\n"), usage);
}

void narrate_operator_kept_out(const char *address, long minutes)
{
    narrate_print(_("%s may not connect again for %ld minutes (/unban %s lets it back)\n"), address,
                  minutes, address);
}

void narrate_operator_kept_out_row(const char *address, const char *nick, long long banned_s,
                                   long long code_wait_s)
{
    if (banned_s > 0)
        narrate_print(_("  %-24s %-16s kicked: kept out %lld s more\n"), address, nick, banned_s);
    else
        narrate_print(_("  %-24s %-16s wrong room codes: next /join in %lld s\n"), address, nick,
                      code_wait_s);
}

void narrate_operator_no_one_kept_out(void)
{
    narrate_print(_("No computer is kept out. Usage: /unban ADDRESS|NICK\n"));
}

void narrate_operator_unbanned(const char *word, unsigned count)
{
    if (count > 0)
        narrate_print(_("%s may connect again\n"), word);
    else
        narrate_print(_("No computer called \"%s\" is kept out (/unban alone lists them)\n"), word);
}

void narrate_operator_say_too_long(size_t len, size_t max_line)
{
    narrate_print(_("Not sent: that notice has %zu bytes, a line may have %zu (--max-line)\n"), len,
                  max_line);
}

void narrate_console_too_long(size_t max)
{
    narrate_print(_("Ignored a line longer than %zu bytes typed at the server\n"), max);
}

/* ---- Wrong room codes, counted per computer (hosts.c) ------------------------------ */

void narrate_code_wait(const char *host, unsigned wrong_codes, long long wait_s)
{
    /* One line per wait, not per guess: the waits double, so a guesser gets few lines. */
    narrate_print_error(_("obrol-server: %u wrong room codes from %s so far: its next /join is "
                          "considered in %lld s\n"),
                        wrong_codes, host, wait_s);
}

/* ---- --record FILE ----------------------------------------------------------------- */

void narrate_record_failed(const char *path, int error)
{
    narrate_print_error(_("obrol-server: cannot record into %s: %s\n"), path, strerror(error));
}

void narrate_recorded(const char *path, unsigned long events)
{
    if (narrate_normal())
        narrate_print(ngettext("Recorded %lu event into %s (obrol-replay --print %s tells it "
                               "again)\n",
                               "Recorded %lu events into %s (obrol-replay --print %s tells it "
                               "again)\n",
                               events),
                      events, path, path);
}
