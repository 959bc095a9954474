/*
 * mistakes.c - the bug museum: each classic mistake of a first chat server,
 * written the way a student writes it, in the place of the correct step of
 * server.c it replaces (named above each one: read the two side by side).
 *
 * What a student would write is the code; what obrol adds so that the class
 * sees it happen is marked "museum:" (a sentence of narration at the moment
 * the mistake bites, and for no-fd-limit a stop instead of real damage).
 *
 *   mistake               replaces                  the right step does
 *   one-recv-one-message  server_read_client()      frame lines in a buffer per client
 *   blocking-send         server_may_write()        send only when select() says it can,
 *                         server_write_client()     never wait for a slow client
 *   no-sigpipe            server_may_write()        ignore SIGPIPE, MSG_NOSIGNAL, and
 *                         server_write_client()     never write to a client found gone
 *   forget-closed         server_read_client()      recv() == 0 (or -1): the client has left
 *   one-at-a-time         server_accept_one()       accept, and let select() say who speaks
 *   shared-buffer         server_read_client()      one input buffer per client
 *   no-fd-limit           server_has_room()         refuse fds select() cannot watch
 */
#include "mistakes.h"

#include "clock.h"
#include "commands.h"
#include "i18n.h"
#include "narrate.h"
#include "terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* How long the narration may take to reach the terminal before the server blocks or dies. */
#define MISTAKES_FLUSH_MS 1000

/* ---- Students' steps ------------------------------------------------------------- */

/* The bookkeeping server_read_client() does for any bytes: the peer is alive and spoke. */
static void mistakes_heard(struct conn *conn, int64_t now)
{
    conn->last_recv_ms = now;
    conn->pinged = false;
    conn->greeted = true;
}

/* The client has gone: what server_read_client() does when recv() says so (correctly). */
static bool mistakes_recv_failed(struct conn *conn, ssize_t count)
{
    if (count == 0)
        narrate_recv(conn, 0, NULL);
    if (count < 0 && !net_would_block(errno))
        conn_kill(conn, strerror(errno));
    if (count == 0) {
        conn->peer_closed = true;
        conn_set_reason(conn, _("connection closed"));
    }
    return count <= 0;
}

/*
 * one-recv-one-message, in the place of server_read_client(). The student
 * passes on whatever one recv() gave, as smallchat does: where a newline is,
 * a line ends at the other end; and the bytes after the last one become a
 * line of their own, even when the rest of the line is still on its way.
 * (Right: keep the bytes in the client's buffer until a newline ends them.)
 */
static void mistake_one_recv(struct server *server, struct conn *conn, int64_t now)
{
    char message[1024];
    ssize_t count = recv(conn->fd, message, sizeof(message), 0);

    if (mistakes_recv_failed(conn, count))
        return;
    narrate_recv(conn, count, message);
    mistakes_heard(conn, now);
    if (message[count - 1] != '\n')
        narrate_bug_one_recv(conn, count, message); /* museum: the moment it bites */
    for (const char *piece = message, *end = message + count; piece < end;) {
        const char *newline = memchr(piece, '\n', (size_t)(end - piece));
        size_t len = newline != NULL ? (size_t)(newline - piece) : (size_t)(end - piece);
        command_execute(&server->room, conn, piece, len, now);
        piece += len + 1;
    }
}

/*
 * forget-closed, in the place of server_read_client(). The student handles
 * the bytes that come, and nothing else: not recv() returning 0 (the client
 * closed its end), not -1 (it reset the connection). The client that left
 * stays in the read set, a closed socket is always "readable", and select()
 * returns at once, turn after turn. (Right: 0 means it has left; close it.)
 */
static void mistake_forget_closed(struct server *server, struct conn *conn, int64_t now)
{
    size_t room;
    char *space = linebuf_space(&conn->in, &room);

    (void)server;
    if (space == NULL)
        return;
    ssize_t count = recv(conn->fd, space, room, 0);
    if (count <= 0) { /* the mistake: only bytes are handled */
        static const struct conn *told[FD_SETSIZE]; /* museum: say it once per client */
        if (count == 0 && told[conn->fd] != conn)
            narrate_bug_forget_closed(conn);
        if (count == 0)
            told[conn->fd] = conn;
        /* museum: obrol greets a quiet newcomer after 300 ms; that WELCOME, written to
         * a closed socket, would end it (EPIPE) and hide the mistake - which a
         * student's server, greeting nobody, never does. */
        conn->greeted = true;
        return;
    }
    narrate_recv(conn, count, space);
    linebuf_commit(&conn->in, (size_t)count);
    mistakes_heard(conn, now);
}

/* shared-buffer's one buffer, and whose bytes wait in it (museum: to say so; a copy
 * of the nick, as that client may have left since). */
static struct linebuf mistakes_shared;
static char mistakes_shared_owner[PROTO_NICK_MAX + 1];

/*
 * shared-buffer, in the place of server_read_client(). The student frames
 * lines correctly, but in one buffer for everybody: the start of one
 * student's line and the end of another's make one line, said by whoever
 * sent the newline. (Right: each connection has its own, conn->in.)
 */
static void mistake_shared_buffer(struct server *server, struct conn *conn, int64_t now)
{
    const char *line;
    size_t room, len;
    char *space = linebuf_space(&mistakes_shared, &room);

    if (space == NULL)
        return;
    ssize_t count = recv(conn->fd, space, room, 0);
    if (mistakes_recv_failed(conn, count))
        return;
    narrate_recv(conn, count, space);
    mistakes_heard(conn, now);
    if (linebuf_pending(&mistakes_shared) > 0 && strcmp(mistakes_shared_owner, conn->nick) != 0)
        narrate_bug_shared_buffer(conn, mistakes_shared_owner, &mistakes_shared);
    linebuf_commit(&mistakes_shared, (size_t)count);
    enum linebuf_result result;
    while ((result = linebuf_next(&mistakes_shared, &line, &len)) == LINEBUF_LINE)
        command_execute(&server->room, conn, line, len, now);
    if (result == LINEBUF_TOO_LONG) { /* too much for the buffer: empty it, whoever's it was */
        command_line_too_long(&server->room, conn);
        linebuf_free(&mistakes_shared);
        linebuf_init(&mistakes_shared, server->options.max_line);
    }
    linebuf_compact(&mistakes_shared);
    snprintf(mistakes_shared_owner, sizeof(mistakes_shared_owner), "%s", conn->nick);
}

/* Museum: a mistake is about to stop the server: let what was narrated reach the terminal. */
static void mistakes_flush(void)
{
    terminal_flush(clock_ms() + MISTAKES_FLUSH_MS);
}

static void mistakes_set_blocking(int fd, bool blocking)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags >= 0)
        fcntl(fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK);
}

/*
 * blocking-send, in the place of server_may_write(): the student does not
 * ask select() whether the socket can take more. Anything queued is sent.
 */
static bool mistake_blocking_may_write(const struct server *server, const struct conn *conn)
{
    (void)server;
    return conn->state != CONN_DEAD && outq_pending(&conn->out) > 0;
}

/*
 * One blocking send() of one line, as the lesson's sendall() does. (Museum:
 * tried without waiting first, to say so when it is about to wait.)
 */
static ssize_t mistakes_send_waiting(struct conn *conn, const char *line, size_t len)
{
    ssize_t sent = send(conn->fd, line, len, MSG_DONTWAIT | MSG_NOSIGNAL);

    if (sent >= 0 || !net_would_block(errno))
        return sent;
    narrate_bug_blocking_send(conn, outq_pending(&conn->out)); /* museum: it bites now */
    mistakes_flush();
    mistakes_set_blocking(conn->fd, true);
    sent = send(conn->fd, line, len, MSG_NOSIGNAL); /* the mistake: wait for this client */
    mistakes_set_blocking(conn->fd, false);
    return sent;
}

/*
 * blocking-send, in the place of server_write_client(): each line sent with
 * a blocking send() as soon as it is there, one after the other. When the
 * client does not read, its buffers fill up and send() waits for it - and
 * the whole room waits. (Right: non-blocking sockets; what the kernel does
 * not take stays queued until select() says the socket is writable.)
 */
static void mistake_blocking_send(struct conn *conn)
{
    size_t pending;
    const char *bytes;

    while ((bytes = outq_peek(&conn->out, &pending)) != NULL) {
        const char *newline = memchr(bytes, '\n', pending);
        size_t len = newline != NULL ? (size_t)(newline - bytes) + 1 : pending;
        ssize_t sent = mistakes_send_waiting(conn, bytes, len);
        if (sent <= 0) {
            if (sent < 0 && errno != EINTR)
                conn_kill(conn, strerror(errno));
            return;
        }
        outq_consume(&conn->out, (size_t)sent);
    }
}

/* Museum: what the dying server says, written by the signal handler (prepared beforehand). */
static char mistakes_sigpipe_text[512];
static size_t mistakes_sigpipe_len;

static void mistakes_on_sigpipe(int signal_number)
{
    ssize_t ignored = write(STDERR_FILENO, mistakes_sigpipe_text, mistakes_sigpipe_len);

    (void)ignored; /* dying anyway: nothing to do if the terminal does not take it */
    signal(signal_number, SIG_DFL); /* and now what SIGPIPE does by default: end the process */
    raise(signal_number);
}

/*
 * no-sigpipe, in the place of server_may_write(): every socket select() says
 * is writable gets what is queued for it - even one whose recv() has just
 * failed: a reset socket is always "writable" (the write fails at once).
 */
static bool mistake_sigpipe_may_write(const struct server *server, const struct conn *conn)
{
    return FD_ISSET(conn->fd, &server->ready_write) && outq_pending(&conn->out) > 0;
}

/*
 * no-sigpipe, in the place of server_write_client(): send() with flags 0, and
 * SIGPIPE left at its default (mistakes_switch). Writing to a connection the
 * other side has reset raises SIGPIPE, and SIGPIPE's default ends the process.
 * (Right: signal(SIGPIPE, SIG_IGN) and MSG_NOSIGNAL: send() just fails, EPIPE.)
 */
static void mistake_no_sigpipe(struct conn *conn)
{
    size_t pending;
    const char *bytes = outq_peek(&conn->out, &pending);

    mistakes_sigpipe_len = narrate_bug_sigpipe_text(conn, mistakes_sigpipe_text,
                                                    sizeof(mistakes_sigpipe_text)); /* museum */
    if (conn->state == CONN_DEAD)
        mistakes_flush(); /* museum: it has gone; what was said reaches the terminal first */
    ssize_t sent = send(conn->fd, bytes, pending, 0);
    if (sent < 0 && !net_would_block(errno))
        conn_kill(conn, strerror(errno));
    else if (sent > 0)
        outq_consume(&conn->out, (size_t)sent);
}

/*
 * one-at-a-time, in the place of server_accept_one(): the first lesson's
 * server. Accept one client, wait for its message, answer, close - and only
 * then the next one. While it waits, nobody else is served: not the clients
 * already in the room, not those in the backlog. (Right: accept, and let
 * select() say which client has something to read.)
 */
static bool mistake_one_at_a_time(struct server *server, int listen_fd, int64_t now)
{
    char message[1024];
    int fd = accept(listen_fd, NULL, NULL);

    (void)server, (void)now;
    if (fd < 0)
        return false;
    narrate_bug_one_at_a_time(fd); /* museum */
    mistakes_flush();
    mistakes_set_blocking(fd, true);
    ssize_t count = recv(fd, message, sizeof(message), 0); /* waits for THIS client only */
    if (count > 0) {
        char reply[1200];
        const char *end = memchr(message, '\n', (size_t)count); /* the reply is one line */
        int len = snprintf(reply, sizeof(reply), "%s%.*s\n", _("Message received by the server: "),
                           end != NULL ? (int)(end - message) : (int)count, message);
        if (len > 0 && send(fd, reply, (size_t)len, MSG_NOSIGNAL) < 0)
            narrate_error("send()", errno);
    }
    close(fd);
    narrate_bug_one_at_a_time_done(fd, count);
    return true;
}

/*
 * no-fd-limit, in the place of server_has_room(): the student keeps every
 * client accept() returns. An fd_set has room for fds 0 to FD_SETSIZE - 1:
 * the loop's next FD_SET of a larger fd writes past its end.
 */
static bool mistake_no_fd_limit(const struct server *server, int fd)
{
    (void)server;
    if (fd >= FD_SETSIZE) { /* museum: where the real damage would begin, stop instead */
        narrate_bug_fd_limit(fd);
        mistakes_flush();
        abort();
    }
    return true;
}

/* ---- The table of mistakes -------------------------------------------------------- */

/* A mistake: its name, what it does, and the steps it puts in the place of the right ones. */
static const struct mistake_entry {
    const char *name;
    const char *summary;
    struct server_steps steps; /* NULL: the correct step stays */
} mistakes_table[MISTAKE_COUNT] = {
    [MISTAKE_ONE_RECV] = {"one-recv-one-message",
                          N_("whatever one recv() returns is relayed as one message"),
                          {.read_client = mistake_one_recv}},
    [MISTAKE_BLOCKING_SEND] = {"blocking-send",
                               N_("send() waits until a client takes everything: one client that "
                                  "stops reading freezes the room"),
                               {.may_write = mistake_blocking_may_write,
                                .write_client = mistake_blocking_send}},
    [MISTAKE_NO_SIGPIPE] = {"no-sigpipe",
                            N_("SIGPIPE is not ignored: writing to a client that has gone kills "
                               "the server"),
                            {.may_write = mistake_sigpipe_may_write,
                             .write_client = mistake_no_sigpipe}},
    [MISTAKE_FORGET_CLOSED] = {"forget-closed",
                               N_("recv() returning 0 or -1 is not handled: the client that left "
                                  "stays in the read set, and the loop spins using the whole CPU"),
                               {.read_client = mistake_forget_closed}},
    [MISTAKE_ONE_AT_A_TIME] = {"one-at-a-time",
                               N_("the first lesson's server: accept, wait for the message, reply, "
                                  "close; one quiet client blocks everyone"),
                               {.accept_one = mistake_one_at_a_time}},
    [MISTAKE_SHARED_BUFFER] = {"shared-buffer",
                               N_("one input buffer for all clients: two half lines mix"),
                               {.read_client = mistake_shared_buffer}},
    [MISTAKE_NO_FD_LIMIT] = {"no-fd-limit",
                             N_("every fd accept() returns is kept, even past FD_SETSIZE "
                                "(simulated: the server stops instead of corrupting memory)"),
                             {.has_room = mistake_no_fd_limit}},
};

/* What is on, the correct steps to return to, and the steps the loop takes now. */
static struct {
    unsigned on;
    struct server_steps correct, in_use;
} mistakes;

bool mistakes_find(const char *name, enum mistake *found)
{
    for (int i = 0; i < MISTAKE_COUNT; i++) {
        if (strcmp(name, mistakes_table[i].name) == 0) {
            *found = (enum mistake)i;
            return true;
        }
    }
    return false;
}

const char *mistakes_name(enum mistake mistake)
{
    return mistakes_table[mistake].name;
}

const char *mistakes_summary(enum mistake mistake)
{
    return gettext(mistakes_table[mistake].summary);
}

void mistakes_print_list(FILE *out)
{
    for (int i = 0; i < MISTAKE_COUNT; i++)
        fprintf(out, "%-21s %s\n", mistakes_table[i].name, mistakes_summary((enum mistake)i));
}

void mistakes_announce(unsigned set)
{
    for (int i = 0; i < MISTAKE_COUNT; i++) {
        if (set & (1u << i))
            narrate_bug_on(mistakes_table[i].name, mistakes_summary((enum mistake)i));
    }
}

/* One step: the mistake's, if a mistake that replaces it is on; the correct one otherwise. */
#define MISTAKES_PICK(step)                                                                      \
    do {                                                                                         \
        mistakes.in_use.step = mistakes.correct.step;                                            \
        for (int i = 0; i < MISTAKE_COUNT; i++) {                                                \
            if ((mistakes.on & (1u << i)) && mistakes_table[i].steps.step != NULL)               \
                mistakes.in_use.step = mistakes_table[i].steps.step;                             \
        }                                                                                        \
    } while (0)

/* Build the table the loop uses; SIGPIPE's disposition goes with no-sigpipe. */
static void mistakes_apply(void)
{
    MISTAKES_PICK(has_room);
    MISTAKES_PICK(accept_one);
    MISTAKES_PICK(read_client);
    MISTAKES_PICK(may_write);
    MISTAKES_PICK(write_client);
    signal(SIGPIPE, (mistakes.on & (1u << MISTAKE_NO_SIGPIPE)) ? mistakes_on_sigpipe : SIG_IGN);
    if (!(mistakes.on & (1u << MISTAKE_SHARED_BUFFER)))
        linebuf_free(&mistakes_shared); /* switched off: its half lines are forgotten */
}

void mistakes_install(struct server *server, unsigned set)
{
    mistakes.correct = *server->steps;
    mistakes.on = set;
    linebuf_init(&mistakes_shared, server->options.max_line);
    mistakes_apply(); /* with no mistake on: a copy of the correct steps, called as before */
    server->steps = &mistakes.in_use;
}

void mistakes_switch(enum mistake mistake, bool on)
{
    if (on)
        mistakes.on |= 1u << mistake;
    else
        mistakes.on &= ~(1u << mistake);
    mistakes_apply();
    narrate_bug_switched(mistakes_table[mistake].name, on);
}

unsigned mistakes_on(void)
{
    return mistakes.on;
}

void mistakes_describe(char *out, size_t room)
{
    size_t used = 0;

    out[0] = '\0';
    for (int i = 0; i < MISTAKE_COUNT && used < room; i++) {
        if (mistakes.on & (1u << i))
            used += (size_t)snprintf(out + used, room - used, "%s%s", used > 0 ? ", " : "",
                                     mistakes_table[i].name);
    }
}
