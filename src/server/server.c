/*
 * server.c - obrol-server's select() loop.
 *
 * One process, one thread, one loop. Each turn of the loop reads top to bottom
 * like the lesson:
 *
 *   1. build the fd sets      which sockets do we wait for, to read or write?
 *   2. select()               sleep until one of them is ready (or a timer is due)
 *   3. accept new clients     the listening socket is readable: someone connected
 *   4. read ready clients     one recv() per readable client, into its line buffer
 *   5. frame lines and act    every complete line is a request: answer, relay
 *   6. run timers             greet quiet newcomers, PING silent clients, show the
 *                             door to those who never give the room code, give up on
 *                             connections that take too long to close
 *   7. write ready clients    one send() per writable client, of all it has queued
 *   8. drop the dead          close and free clients that left, tell the others
 *
 * Nothing here ever waits: every socket is non-blocking, output that the kernel
 * does not take at once stays queued, and the only place the process sleeps is
 * inside select().
 *
 * The extras (step mode, the dashboard, the operator's keys) stay out of the
 * way: they hook in at the end of this file, in server_pause() before each step
 * and around select() in server_before_sleep() and server_after_sleep(). So
 * do the server's own terminal, which is just another fd (terminal.h), and
 * the --record file (record.h: its events come from the narration).
 */
#include "server.h"

#include "clock.h"
#include "commands.h"
#include "dashboard.h"
#include "fdset.h"
#include "i18n.h"
#include "limit.h"
#include "narrate.h"
#include "record.h"
#include "terminal.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static bool server_sleep(struct server *server, int64_t now);
static bool server_take_turn(struct server *server, int64_t now);
static bool server_select(struct server *server, int64_t now);
static void server_begin_stop(struct server *server, int64_t now);
static bool server_has_room(const struct server *server, int fd);
static bool server_accept_one(struct server *server, int listen_fd, int64_t now);
static void server_read_client(struct server *server, struct conn *conn, int64_t now);
static bool server_may_write(const struct server *server, const struct conn *conn);
static void server_write_client(struct conn *conn);
static bool server_accept_clients(struct server *server, int64_t now);
static bool server_read_clients(struct server *server, int64_t now);
static bool server_process_input(struct server *server, int64_t now);
static bool server_run_timers(struct server *server, int64_t now);
static bool server_write_clients(struct server *server, int64_t now);
static bool server_drop_dead(struct server *server, int64_t now);
static bool server_pause(struct server *server, enum step_kind kind, int fd, int64_t now);
static bool server_turn_ready(const struct server *server);
static bool server_step_waits(const struct server *server);
static void server_before_sleep(struct server *server, long timeout_ms);
static void server_after_sleep(struct server *server, int ready);

/* The steps taken for one connection (server.h); `--bug` swaps one for a mistake (mistakes.c). */
static const struct server_steps server_steps = {
    .has_room = server_has_room,
    .accept_one = server_accept_one,
    .read_client = server_read_client,
    .may_write = server_may_write,
    .write_client = server_write_client,
};

/* ---- The loop ---------------------------------------------------------------------- */

int server_run(struct server *server, const volatile sig_atomic_t *stop)
{
    for (;;) {
        int64_t now = clock_ms();

        if ((*stop || server->quit_requested) && !server->stopping)
            server_begin_stop(server, now);
        if (server->stopping && (server->room.count == 0 || now >= server->stop_deadline_ms))
            break;

        if (!server_sleep(server, now)) /* steps 1 and 2 */
            return EXIT_FAILURE;
        if (server_turn_ready(server) && server_take_turn(server, clock_ms())) /* steps 3 to 8 */
            server->turn_open = false;
    }
    narrate_stopped();
    return EXIT_SUCCESS;
}

/*
 * Steps 1 and 2: build the fd sets and select(), when a new turn begins. (In
 * step mode, while a step waits for the operator, only the operator's keys are
 * waited for; see the extras at the end.) False on a fatal error.
 */
static bool server_sleep(struct server *server, int64_t now)
{
    if (server_step_waits(server))
        return console_wait_for_operator(server, now);
    if (server->turn_open)
        return true; /* a turn that step mode paused goes on where it stopped */
    return server_select(server, now);
}

/*
 * Steps 3 to 8, in order. False if step mode paused the turn: it is taken
 * again from the top when the operator says go, and each step is taken only
 * while its reason still holds (a ready bit not yet cleared, a line still in
 * the buffer, a connection still marked dead), so what is done is skipped.
 */
static bool server_take_turn(struct server *server, int64_t now)
{
    return server_pause(server, STEP_SELECT, -1, now) && server_accept_clients(server, now) &&
           server_read_clients(server, now) && server_process_input(server, now) &&
           server_run_timers(server, now) && server_write_clients(server, now) &&
           server_drop_dead(server, now);
}

/* ---- 1. Build the fd sets ---------------------------------------------------------- */

/* Every fd in a set is below FD_SETSIZE: fdset_watch() asserts it (src/common/fdset.h). */
static void server_watch(fd_set *set, int fd, int *highest)
{
    fdset_watch(set, fd, highest);
}

/* Returns the highest fd put in either set (the first argument of select() is that + 1). */
static int server_build_fd_sets(struct server *server, fd_set *read_set, fd_set *write_set)
{
    int highest = -1;
    const struct room *room = &server->room;

    FD_ZERO(read_set);
    FD_ZERO(write_set);
    if (server->wake_fd >= 0)
        server_watch(read_set, server->wake_fd, &highest);
    if (console_fd(&server->console) >= 0)
        server_watch(read_set, console_fd(&server->console), &highest);
    for (int i = 0; i < server->listener_count; i++)
        server_watch(read_set, server->listeners[i], &highest);
    for (int fd = 0; fd <= room->max_fd; fd++) {
        const struct conn *conn = room->conns[fd];
        if (conn == NULL)
            continue;
        if (conn_wants_read(conn, server->options.rate))
            server_watch(read_set, fd, &highest);
        if (conn_wants_write(conn)) /* only clients with something to send */
            server_watch(write_set, fd, &highest);
    }
    /* The terminal is just another fd: standard output joins the write set
     * only while narration waits that it could not take (server_before_sleep). */
    terminal_watch(write_set, &highest);
    return highest;
}

/* ---- 2. select(): how long may it sleep? ------------------------------------------ */

/* Keeps the earlier of two timers: `due`, or the one at `at` of this kind and client. */
static void server_earliest(struct timer *due, int64_t at, enum timer_kind kind,
                            const struct conn *conn)
{
    if (at < due->at)
        *due = (struct timer){.at = at, .kind = kind, .conn = conn};
}

/* When this client's silence next matters: time to PING it, or to give up on it. */
static int64_t server_ping_due_ms(const struct server *server, const struct conn *conn)
{
    if (conn->pinged)
        return conn->pinged_ms + (int64_t)server->options.ping_timeout_s * 1000;
    return conn->last_recv_ms + (int64_t)server->options.ping_after_s * 1000;
}

/* When a client still at a locked room's door has waited long enough (--door-timeout). */
static int64_t server_door_due_ms(const struct server *server, const struct conn *conn)
{
    if (conn->admitted)
        return INT64_MAX;
    return conn->connected_ms + (int64_t)server->options.door_timeout_s * 1000;
}

/* The earliest time one connection needs the loop to look at it again (e.g. its rate
 * budget refills), as a timer. */
static void server_conn_due(struct server *server, struct conn *conn, int64_t now,
                            struct timer *due)
{
    if (conn->state != CONN_OPEN) {
        server_earliest(due, conn->close_deadline_ms, TIMER_CLOSE, conn);
        return;
    }
    if (!conn->greeted)
        server_earliest(due, conn->connected_ms + LIMIT_WELCOME_DELAY_MS, TIMER_WELCOME, conn);
    if (!conn->in.seen_newline && linebuf_pending(&conn->in) > 0)
        server_earliest(due, conn->last_recv_ms + LIMIT_IDLE_FLUSH_MS, TIMER_LINE_END, conn);
    if (server->options.rate > 0 && linebuf_has_line(&conn->in))
        server_earliest(due, now + room_line_wait_ms(&server->room, conn, now), TIMER_RATE, conn);
    server_earliest(due, server_ping_due_ms(server, conn),
                    conn->pinged ? TIMER_PING_TIMEOUT : TIMER_PING, conn);
    server_earliest(due, server_door_due_ms(server, conn), TIMER_DOOR, conn);
}

/*
 * The time-out for select(): until the earliest timer is due, or -1 (sleep until
 * a socket is ready) when no timer is pending. An idle server sleeps: with no
 * client it never wakes up, with idle clients only for the PING check (minutes).
 * Which timer it is stays in server->due, for the narration.
 */
static long server_timeout_ms(struct server *server, int64_t now)
{
    struct timer *due = &server->due;

    *due = (struct timer){.at = INT64_MAX, .kind = TIMER_NONE};
    for (int fd = 0; fd <= server->room.max_fd; fd++) {
        if (server->room.conns[fd] != NULL)
            server_conn_due(server, server->room.conns[fd], now, due);
    }
    if (server->stopping)
        server_earliest(due, server->stop_deadline_ms, TIMER_STOP, NULL);
    if (due->at == INT64_MAX)
        return -1;
    return due->at > now ? (long)(due->at - now) : 0;
}

static struct timeval *server_timeval(long timeout_ms, struct timeval *timeout)
{
    if (timeout_ms < 0)
        return NULL; /* no time-out: sleep until something happens */
    timeout->tv_sec = timeout_ms / 1000;
    timeout->tv_usec = (timeout_ms % 1000) * 1000;
    return timeout;
}

static int server_count_ready(const struct server *server)
{
    int count = 0;

    for (int fd = 0; fd <= server->watch_max; fd++)
        count += FD_ISSET(fd, &server->ready_read) + FD_ISSET(fd, &server->ready_write);
    return count;
}

/*
 * Steps 1 and 2: build the fd sets, select(), and keep both what select() was
 * handed (watch_*) and what it gave back (ready_*) for the rest of the turn.
 * Returns false on a fatal error.
 */
static bool server_select(struct server *server, int64_t now)
{
    struct timeval timeout;
    long timeout_ms = server_timeout_ms(server, now);

    server->watch_max = server_build_fd_sets(server, &server->watch_read, &server->watch_write);
    server_before_sleep(server, timeout_ms);
    server->ready_read = server->watch_read; /* select() overwrites its sets with the answer */
    server->ready_write = server->watch_write;
    int ready = select(server->watch_max + 1, &server->ready_read, &server->ready_write, NULL,
                       server_timeval(timeout_ms, &timeout));
    if (ready < 0) {
        FD_ZERO(&server->ready_read);
        FD_ZERO(&server->ready_write);
        if (errno != EINTR) {
            narrate_error("select()", errno);
            return false;
        }
    }
    server_after_sleep(server, ready);
    if (ready < 0)
        return true; /* a signal: the loop looks at the stop flag */
    server->ready_count = server_count_ready(server); /* sockets only, not the operator */
    server->turn_open = true;
    return true;
}

/* ---- 3. Accept new clients ---------------------------------------------------------- */

/* Tell a connection we cannot serve why, and close it (it never enters an fd set). */
static void server_refuse(int fd, const char *address, const char *reason)
{
    char line[256];
    int len = snprintf(line, sizeof(line), "BYE %s\n", reason);

    narrate_refused(address, fd, reason);
    /* One best-effort send: a fresh socket's buffer is empty, so it cannot block. */
    if (len > 0 && send(fd, line, (size_t)len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
        narrate_error("send()", errno);
    if (close(fd) != 0)
        narrate_error("close()", errno);
}

/* accept() failed with EMFILE/ENFILE: free the spare fd to take and refuse the peer. */
static void server_refuse_without_fds(struct server *server, int listen_fd)
{
    if (server->spare_fd < 0)
        return;
    close(server->spare_fd);
    int fd = accept(listen_fd, NULL, NULL);
    if (fd >= 0)
        server_refuse(fd, "?", _("Server has no free file descriptors; try again later"));
    server->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

/* Why this computer may not open one more connection now (hosts_arrive), in words. */
static void server_describe_arrival(enum hosts_arrival verdict, const struct host *from,
                                    char *reason, size_t room, int64_t now)
{
    switch (verdict) {
    case HOSTS_ARRIVAL_BANNED:
        snprintf(reason, room,
                 _("The teacher removed you from the room; %s may come back in %lld min"),
                 from->address, (long long)((hosts_ban_left_ms(from, now) + 59999) / 60000));
        break;
    case HOSTS_ARRIVAL_TOO_FAST:
        snprintf(reason, room, _("Too many new connections from %s; wait a moment and try again"),
                 from->address);
        break;
    case HOSTS_ARRIVAL_FULL:
        snprintf(reason, room, _("Too many connections from %s (%u); close one and try again"),
                 from->address, from->connections);
        break;
    case HOSTS_ARRIVAL_DOOR_FULL:
        snprintf(reason, room,
                 _("Connections from %s already wait at the door (%u); give the room code in "
                   "one of them first"),
                 from->address, (unsigned)LIMIT_HOST_AT_THE_DOOR);
        break;
    case HOSTS_ARRIVAL_OK:
        assert(!"an arrival that was let in has no reason to be refused");
        break;
    }
}

/* select() can watch its fd, and --max-clients allows one more. */
static bool server_has_room(const struct server *server, int fd)
{
    return fdset_selectable(fd) && server->room.count < server->options.max_clients;
}

/*
 * Why this connection cannot be served (into `reason`), or false if it can:
 * the server's own limits first, then those of the computer it comes from
 * (hosts.c: its seats, its pace, a kick).
 */
static bool server_must_refuse(struct server *server, int fd, struct host *from, char *reason,
                               size_t room, int64_t now)
{
    enum hosts_arrival verdict;

    if (server->stopping) {
        snprintf(reason, room, "%s", _("Server is shutting down"));
    } else if (!server->steps->has_room(server, fd)) {
        snprintf(reason, room, _("Server full (%u clients); try again later"), server->room.count);
    } else if ((verdict = hosts_arrive(&server->room.hosts, from, now)) != HOSTS_ARRIVAL_OK) {
        server_describe_arrival(verdict, from, reason, room, now);
    } else {
        return false;
    }
    return true;
}

static void server_add_client(struct server *server, int listen_fd, int fd,
                              const struct sockaddr *peer, socklen_t peer_len, int64_t now)
{
    char address[NET_ADDRESS_MAX], refusal[160];
    struct host *from = room_host(&server->room, peer, now);

    net_format_address(peer, peer_len, address, sizeof(address));
    if (server_must_refuse(server, fd, from, refusal, sizeof(refusal), now)) {
        server_refuse(fd, address, refusal);
        return;
    }
    if (net_set_nonblocking(fd) != 0 || net_set_nodelay(fd) != 0 ||
        net_set_keepalive(fd, LIMIT_KEEPALIVE_IDLE_S, LIMIT_KEEPALIVE_INTERVAL_S,
                          LIMIT_KEEPALIVE_COUNT) != 0) {
        narrate_error("fcntl()/setsockopt()", errno);
        close(fd);
        return;
    }
    struct conn *conn =
        conn_new(fd, peer, peer_len, server->options.max_line, server->options.max_queue, now);
    if (conn == NULL) {
        server_refuse(fd, address, _("Server is out of memory"));
        return;
    }
    room_add(&server->room, conn, from);
    narrate_accept(listen_fd, conn);
    if (server->options.room_code == NULL)
        room_admit(&server->room, conn, now); /* an open room: in at once */
}

/* One accept(). Returns false when nobody (else) is waiting. */
static bool server_accept_one(struct server *server, int listen_fd, int64_t now)
{
    struct sockaddr_storage peer;
    socklen_t peer_len = sizeof(peer);
    int fd = accept(listen_fd, (struct sockaddr *)&peer, &peer_len);

    if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED)
            return true; /* the peer gave up while waiting: try the next one */
        if (errno == EMFILE || errno == ENFILE) {
            narrate_error("accept()", errno);
            server_refuse_without_fds(server, listen_fd);
        } else if (!net_would_block(errno)) {
            narrate_error("accept()", errno);
        }
        return false;
    }
    net_unmap_ipv4(&peer, &peer_len); /* an IPv4 student on "::" is 192.168.1.5, not ::ffff:... */
    server_add_client(server, listen_fd, fd, (struct sockaddr *)&peer, peer_len, now);
    return true;
}

static bool server_accept_clients(struct server *server, int64_t now)
{
    for (int i = 0; i < server->listener_count; i++) {
        int listen_fd = server->listeners[i];
        for (int n = 0; n < LIMIT_ACCEPT_BATCH && FD_ISSET(listen_fd, &server->ready_read); n++) {
            if (!server_pause(server, STEP_ACCEPT, listen_fd, now))
                return false;
            /* Step mode takes one accept() per turn: the rest wait in the backlog. */
            if (!server->steps->accept_one(server, listen_fd, now) || server->step.mode != STEP_RUN)
                FD_CLR(listen_fd, &server->ready_read);
        }
        FD_CLR(listen_fd, &server->ready_read);
    }
    return true;
}

/* ---- 4. Read ready clients ---------------------------------------------------------- */

/* A closing connection: whatever still arrives is read and ignored, until EOF. */
static void server_read_draining(struct conn *conn)
{
    char discard[4096];
    ssize_t count = recv(conn->fd, discard, sizeof(discard), 0);

    if (count < 0 && !net_would_block(errno))
        conn_kill(conn, strerror(errno));
    if (count < 0)
        return;
    narrate_recv(conn, count, discard);
    if (count == 0)
        conn_kill(conn, _("connection closed"));
}

static void server_read_client(struct server *server, struct conn *conn, int64_t now)
{
    size_t room;
    char *space = linebuf_space(&conn->in, &room);

    (void)server; /* every read step has the same signature (struct server_steps) */
    if (space == NULL) {
        conn_kill(conn, _("server out of memory"));
        return;
    }
    ssize_t count = recv(conn->fd, space, room, 0);
    if (count < 0) {
        if (!net_would_block(errno))
            conn_kill(conn, strerror(errno)); /* e.g. ECONNRESET: reset by peer */
        return;
    }
    narrate_recv(conn, count, space);
    if (count == 0) {
        conn->peer_closed = true;
        conn_set_reason(conn, _("connection closed"));
        return;
    }
    linebuf_commit(&conn->in, (size_t)count);
    conn->last_recv_ms = now;
    conn->pinged = false; /* any bytes answer a PING: the peer is alive */
    conn->greeted = true; /* it spoke first: it knows what it is doing */
    if (narrate_detailed())
        narrate_framing(conn, linebuf_count_lines(&conn->in), linebuf_pending(&conn->in));
}

static bool server_read_clients(struct server *server, int64_t now)
{
    for (int fd = 0; fd <= server->room.max_fd; fd++) {
        struct conn *conn = server->room.conns[fd];
        if (conn == NULL || !FD_ISSET(fd, &server->ready_read))
            continue;
        if (!server_pause(server, STEP_RECV, fd, now))
            return false;
        FD_CLR(fd, &server->ready_read);
        if (conn->state == CONN_DRAINING)
            server_read_draining(conn);
        else
            server->steps->read_client(server, conn, now);
    }
    return true;
}

/* ---- 5. Frame lines and act ---------------------------------------------------------- */

/* Act on every complete line the rate limit allows. False: step mode paused. */
static bool server_handle_lines(struct server *server, struct conn *conn, int64_t now)
{
    const char *line;
    size_t len;

    while (conn->state == CONN_OPEN) {
        if (linebuf_has_line(&conn->in)) {
            /* Its rate, and its computer's: reconnecting does not refill that one. */
            if (room_line_wait_ms(&server->room, conn, now) > 0)
                break; /* flooding: the rest waits (select() is told when to look again) */
            if (!server_pause(server, STEP_LINE, conn->fd, now))
                return false;
            room_take_line(&server->room, conn, now);
        }
        enum linebuf_result result = linebuf_next(&conn->in, &line, &len);
        if (result == LINEBUF_NONE)
            break;
        if (result == LINEBUF_TOO_LONG)
            command_line_too_long(&server->room, conn);
        else
            command_execute(&server->room, conn, line, len, now);
    }
    return true;
}

/*
 * A client that has never sent a newline (like the lesson's Python client) and
 * has gone quiet has finished its message: take it as a line. A client that
 * ends its lines is never cut, however slowly it types. At end of file every
 * client has finished: its unterminated rest is its last line.
 */
static bool server_flush_unterminated(struct server *server, struct conn *conn, int64_t now)
{
    const char *line;
    size_t len;

    if (conn->state != CONN_OPEN || linebuf_pending(&conn->in) == 0 || conn->in.discarding ||
        linebuf_has_line(&conn->in)) /* lines still waiting for the rate limit go first */
        return true;
    bool quiet = !conn->in.seen_newline && now - conn->last_recv_ms >= LIMIT_IDLE_FLUSH_MS;
    if (!conn->peer_closed && !quiet)
        return true;
    if (!server_pause(server, STEP_FLUSH, conn->fd, now))
        return false;
    if (linebuf_take_partial(&conn->in, &line, &len)) {
        narrate_idle_flush(conn, len);
        command_execute(&server->room, conn, line, len, now);
    }
    return true;
}

static bool server_process_input(struct server *server, int64_t now)
{
    for (int fd = 0; fd <= server->room.max_fd; fd++) {
        struct conn *conn = server->room.conns[fd];
        if (conn == NULL || conn->state != CONN_OPEN)
            continue;
        if (!server_handle_lines(server, conn, now) ||
            !server_flush_unterminated(server, conn, now))
            return false;
        linebuf_compact(&conn->in);
        /* The peer closed its side and every line it sent is answered: close ours. */
        if (conn->peer_closed && conn->state == CONN_OPEN && !linebuf_has_line(&conn->in))
            conn_close_gracefully(conn, _("connection closed"), now);
    }
    return true;
}

/* ---- 6. Run timers ---------------------------------------------------------------- */

/*
 * A client has been silent for --ping-after seconds: ask whether it is still
 * there (any line answers; obrol-client answers /pong by itself). If it stays
 * silent --ping-timeout seconds more, its computer is gone: drop it.
 */
static void server_check_alive(struct server *server, struct conn *conn, int64_t now)
{
    char token[PROTO_PING_TOKEN_MAX + 1];

    if (conn->pinged) {
        conn_kill(conn, _("no answer to PING"));
        return;
    }
    const char *text = _("Are you still there? Type anything to stay connected.");
    snprintf(token, sizeof(token), "%lld", (long long)now);
    room_tell(&server->room, conn, "PING", token, text, strlen(text));
    conn->pinged = true;
    conn->pinged_ms = now;
}

/*
 * A client at a locked room's door did not give the code within --door-timeout
 * seconds (answering PING does not count): it gives its seat back.
 */
static void server_close_door(struct server *server, struct conn *conn, int64_t now)
{
    char reason[LIMIT_REASON_MAX];

    snprintf(reason, sizeof(reason), _("No room code within %u s; connect again when you have it"),
             server->options.door_timeout_s);
    room_tell(&server->room, conn, "BYE", NULL, reason, strlen(reason));
    conn_close_gracefully(conn, reason, now);
}

static bool server_run_timers(struct server *server, int64_t now)
{
    for (int fd = 0; fd <= server->room.max_fd; fd++) {
        struct conn *conn = server->room.conns[fd];
        if (conn == NULL)
            continue;
        if (conn->state == CONN_OPEN && !conn->greeted &&
            now - conn->connected_ms >= LIMIT_WELCOME_DELAY_MS) {
            if (!server_pause(server, STEP_WELCOME, fd, now))
                return false;
            conn->greeted = true;
            command_welcome(&server->room, conn);
        }
        if (conn->state == CONN_OPEN && now >= server_ping_due_ms(server, conn))
            server_check_alive(server, conn, now);
        if (conn->state == CONN_OPEN && now >= server_door_due_ms(server, conn))
            server_close_door(server, conn, now);
        if ((conn->state == CONN_CLOSING || conn->state == CONN_DRAINING) &&
            now >= conn->close_deadline_ms)
            conn_kill(conn, _("closing timed out"));
    }
    return true;
}

/* ---- 7. Write ready clients ---------------------------------------------------------- */

/* select() says this socket can take more, and there is something for it. */
static bool server_may_write(const struct server *server, const struct conn *conn)
{
    return FD_ISSET(conn->fd, &server->ready_write) && conn_wants_write(conn);
}

/* One send() of everything queued; what the kernel does not take stays queued. */
static void server_write_client(struct conn *conn)
{
    size_t pending = outq_pending(&conn->out);

    narrate_offer(conn);
    ssize_t written = outq_send(&conn->out, conn->fd);

    if (written < 0 && !net_would_block(errno)) {
        conn_kill(conn, strerror(errno)); /* EPIPE, ECONNRESET: the peer is gone */
        return;
    }
    narrate_send(conn, written, pending);
}

/* All queued output is done: shut our side (the peer reads EOF) and wait for its. */
static void server_finish_closing(struct conn *conn)
{
    if (conn->state != CONN_CLOSING || outq_pending(&conn->out) > 0)
        return;
    if (conn->peer_closed) /* its side is closed already: nothing to wait for */
        conn_kill(conn, conn->leave_reason);
    else if (shutdown(conn->fd, SHUT_WR) != 0)
        conn_kill(conn, strerror(errno));
    else
        conn->state = CONN_DRAINING;
}

static bool server_write_clients(struct server *server, int64_t now)
{
    for (int fd = 0; fd <= server->room.max_fd; fd++) {
        struct conn *conn = server->room.conns[fd];
        if (conn == NULL)
            continue;
        if (server->steps->may_write(server, conn)) {
            if (!server_pause(server, STEP_SEND, fd, now))
                return false;
            FD_CLR(fd, &server->ready_write);
            server->steps->write_client(conn);
        }
        server_finish_closing(conn);
    }
    return true;
}

/* ---- 8. Drop the dead ---------------------------------------------------------------- */

/* Telling the others may push one of them over its queue limit: repeat until calm. */
static bool server_drop_dead(struct server *server, int64_t now)
{
    bool removed = true;

    while (removed) {
        removed = false;
        for (int fd = 0; fd <= server->room.max_fd; fd++) {
            struct conn *conn = server->room.conns[fd];
            if (conn == NULL || conn->state != CONN_DEAD)
                continue;
            if (!server_pause(server, STEP_DROP, fd, now))
                return false;
            narrate_leave(conn);
            room_remove(&server->room, conn, !server->stopping, now); /* closes the socket */
            removed = true;
        }
    }
    return true;
}

/* ---- Shutting down ---------------------------------------------------------------- */

static void server_close_listeners(struct server *server)
{
    for (int i = 0; i < server->listener_count; i++) {
        if (close(server->listeners[i]) != 0)
            narrate_error("close()", errno);
    }
    server->listener_count = 0;
}

static void server_begin_stop(struct server *server, int64_t now)
{
    const char *reason = _("The server is shutting down. Goodbye!");

    server->stopping = true;
    server->stop_deadline_ms = now + LIMIT_CLOSE_TIMEOUT_MS;
    step_key(&server->step, "c"); /* the last steps run without waiting for anyone */
    narrate_stopping(server->room.count);
    server_close_listeners(server); /* new connections are refused by the kernel now */
    for (int fd = 0; fd <= server->room.max_fd; fd++) {
        struct conn *conn = server->room.conns[fd];
        if (conn == NULL)
            continue;
        room_tell(&server->room, conn, "BYE", NULL, reason, strlen(reason));
        conn_close_gracefully(conn, _("server shutting down"), now);
    }
}

void server_close(struct server *server)
{
    room_free(&server->room);
    server_close_listeners(server);
    console_free(&server->console);
    if (server->spare_fd >= 0)
        close(server->spare_fd);
    server->spare_fd = -1;
}

/* ---- Setting up ---------------------------------------------------------------------- */

/* One join hint per address of `family` other computers can reach; returns how many. */
static int server_print_hints_for(const struct ifaddrs *list, int family, unsigned port)
{
    int shown = 0;

    for (const struct ifaddrs *entry = list; entry != NULL; entry = entry->ifa_next) {
        char host[NET_ADDRESS_MAX];
        if (!net_address_is_shareable(entry->ifa_addr, family))
            continue;
        net_format_host(entry->ifa_addr, host, sizeof(host));
        narrate_join_hint(host, port);
        shown++;
    }
    return shown;
}

/*
 * Listening on every interface (--bind 0.0.0.0 or ::) opens the server to the
 * classroom network: tell the teacher the exact command students type, one per
 * address other computers can reach this one on - IPv4 first, then IPv6, each
 * family the listener takes ("::" takes both where the system allows).
 */
static void server_print_join_hints(const struct server *server)
{
    static const int families[] = {AF_INET, AF_INET6};
    struct ifaddrs *list;

    for (int i = 0; i < server->listener_count; i++) {
        int fd = server->listeners[i], shown = 0;

        if (!net_is_wildcard(fd))
            continue;
        if (getifaddrs(&list) != 0) {
            narrate_error("getifaddrs()", errno);
            return;
        }
        for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
            if (net_listener_takes(fd, families[f]))
                shown += server_print_hints_for(list, families[f], net_local_port(fd));
        }
        freeifaddrs(list);
        if (shown == 0)
            narrate_no_join_hint();
    }
}

int server_open(struct server *server, const struct server_options *options, int wake_fd)
{
    struct net_error error = {.text = ""};
    char address[NET_ADDRESS_MAX];

    memset(server, 0, sizeof(*server));
    server->options = *options;
    server->steps = &server_steps;
    server->wake_fd = wake_fd;
    server->tui = options->tui;
    step_init(&server->step, options->step, options->step_delay_ms);
    terminal_set_lossless(server->step.mode != STEP_RUN);
    console_init(&server->console, true);
    /* A spare fd, closed when accept() fails with EMFILE so that we can take the
     * waiting connection, tell it we are full, and close it. */
    server->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (!room_init(&server->room, &server->options)) {
        narrate_error("malloc()", errno);
        return -1;
    }
    server->listener_count = net_listen(options->bind, options->port, server->listeners, &error);
    if (server->listener_count < 0) {
        narrate_cannot_listen(options->bind, options->port, error.text);
        server->listener_count = 0;
        return -1;
    }
    for (int i = 0; i < server->listener_count; i++) {
        net_local_address(server->listeners[i], address, sizeof(address));
        narrate_listening(server->listeners[i], address);
    }
    narrate_fds(server->wake_fd, server->spare_fd, server->listeners[0]);
    for (int i = 0; i < server->listener_count; i++) {
        net_local_address(server->listeners[i], address, sizeof(address));
        narrate_ready(address);
    }
    server_print_join_hints(server);
    return 0;
}

/* ---- Extras: step mode, the dashboard, the operator's keys ------------------------ */

/*
 * Step mode's one hook, asked before every step: may the loop take it now?
 * Always yes when running freely. Stepping, the step is announced (once, with
 * what it will do and why) and the answer is no until the operator says go;
 * the caller then ends the turn where it is.
 */
static bool server_pause(struct server *server, enum step_kind kind, int fd, int64_t now)
{
    char what[STEP_TEXT_MAX];
    bool stepping = server->step.mode != STEP_RUN, announce;

    /* Stepping, no line of narration is dropped: see server_step_waits(). */
    terminal_set_lossless(stepping);
    if (kind == STEP_SELECT && (!stepping || server->select_announced || server->ready_count <= 0))
        return true; /* "select() returned" is announced once a turn, and only when stepping */
    what[0] = '\0';  /* running freely, the step needs no description */
    if (stepping)
        narrate_describe_step(server, kind, fd, what, sizeof(what));
    if (!step_gate(&server->step, what, now, &announce)) {
        if (announce)
            narrate_step_announce(server->step.taken + 1, what, server->step.mode == STEP_DELAY);
        return false;
    }
    if (kind == STEP_SELECT)
        server->select_announced = true;
    return true;
}

/* select() has returned, and no step waits for the operator: the turn may go on. */
static bool server_turn_ready(const struct server *server)
{
    return server->turn_open && !step_is_waiting(&server->step);
}

/*
 * Step mode waits for the operator: for a key (or the delay) while a step is
 * announced, and before the next step for the terminal to take what was said
 * about the last one. Stepping, no line is dropped (the class is waiting for
 * it anyway), so the loop waits for a paused terminal instead of the queue.
 */
static bool server_step_waits(const struct server *server)
{
    return step_is_waiting(&server->step) || (server->step.mode != STEP_RUN && terminal_pending());
}

/*
 * Before select() sleeps: show the sets it is handed (narration, dashboard),
 * and write what this turn printed. The terminal is just another fd: one
 * write() that cannot block, like Redis's beforeSleep; what the terminal did
 * not take waits, and standard output joins the write set.
 */
static void server_before_sleep(struct server *server, long timeout_ms)
{
    narrate_select_call(&server->watch_read, &server->watch_write, server->watch_max, timeout_ms,
                        &server->due);
    if (server->tui)
        dashboard_draw(server);
    narrate_caught_up(); /* "… N lines skipped", once the terminal has caught up */
    terminal_write_before_sleep(&server->watch_write, &server->watch_max);
    record_write_before_sleep(&server->watch_write, &server->watch_max); /* --record FILE */
}

/*
 * After select() returns: show what it said, write to the terminal if it can
 * take more, and take the operator's keys and the signal pipe out of the ready
 * sets, so that the turn deals with sockets only.
 */
static void server_after_sleep(struct server *server, int ready)
{
    server->select_announced = false;
    if (ready < 0) { /* a signal; with --tui it may be a resize (SIGWINCH) to draw */
        if (server->tui)
            console_handle(server, &server->watch_read);
        return;
    }
    narrate_select_result(ready, &server->ready_read, &server->ready_write, server->watch_max);
    dashboard_note_ready(&server->ready_read, &server->ready_write);
    terminal_write_ready(&server->ready_write); /* standard output can take more */
    record_write_ready(&server->ready_write);
    console_handle(server, &server->ready_read);
}
