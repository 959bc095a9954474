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
 *   6. run timers             greet quiet newcomers, PING silent clients, give up on
 *                             connections that take too long to close
 *   7. write ready clients    one send() per writable client, of all it has queued
 *   8. drop the dead          close and free clients that left, tell the others
 *
 * Nothing here ever waits: every socket is non-blocking, output that the kernel
 * does not take at once stays queued, and the only place the process sleeps is
 * inside select().
 *
 * Step mode (--step): before each step (select() returned, one accept(), one
 * recv(), one line, one send(), one close) server_gate() may stop the turn and
 * wait for the operator. select() then watches only standard input; when the
 * operator says go, the turn resumes at the same step. That works because each
 * step is taken only while its reason still holds (a ready bit not yet cleared,
 * a line still in the buffer, a client still marked dead), so taking the turn
 * again from the top skips what is done and stops at what is not.
 */
#include "server.h"

#include "clock.h"
#include "commands.h"
#include "dashboard.h"
#include "i18n.h"
#include "narrate.h"
#include "operator.h"
#include "sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* At most this many accept()s per listening socket per turn, to stay fair. */
#define SERVER_ACCEPT_BATCH 64

/* ---- Setting up and tearing down ---------------------------------------------- */

/*
 * Listening on every interface (--bind 0.0.0.0 or ::) opens the server to the
 * classroom network: tell the teacher the exact command students type, one per
 * address other computers can reach this one on.
 */
static void server_print_join_hints(const struct server *server)
{
    struct ifaddrs *list;

    for (int i = 0; i < server->listener_count; i++) {
        int fd = server->listeners[i], shown = 0;
        struct sockaddr_storage bound;
        socklen_t length = sizeof(bound);

        if (!net_is_wildcard(fd) || getsockname(fd, (struct sockaddr *)&bound, &length) != 0)
            continue;
        if (getifaddrs(&list) != 0) {
            narrate_error("getifaddrs()", errno);
            return;
        }
        for (struct ifaddrs *entry = list; entry != NULL; entry = entry->ifa_next) {
            char host[NET_ADDRESS_MAX];
            if (!net_address_is_shareable(entry->ifa_addr, bound.ss_family))
                continue;
            net_format_host(entry->ifa_addr, host, sizeof(host));
            narrate_join_hint(host, net_local_port(fd));
            shown++;
        }
        freeifaddrs(list);
        if (shown == 0)
            narrate_no_join_hint();
    }
}

int server_open(struct server *server, const struct server_options *options, int wake_fd)
{
    struct net_error error = {{0}};
    char address[NET_ADDRESS_MAX];

    memset(server, 0, sizeof(*server));
    server->options = *options;
    server->max_fd = -1;
    server->next_guest = 1;
    server->wake_fd = wake_fd;
    server->tui = options->tui;
    step_init(&server->step, options->step, options->step_delay_ms);
    console_init(&server->console, true);

    /* Room for the longest line we compose: a relayed message (every byte may
     * grow to 3 when sanitised) or the /who list of every nick. */
    size_t message_room = SANITIZE_MAX_OUTPUT(options->max_line) + PROTO_NICK_MAX + 64;
    size_t who_room = (size_t)options->max_clients * (PROTO_NICK_MAX + 1) + 64;
    server->line_room = message_room > who_room ? message_room : who_room;
    server->line = malloc(server->line_room);
    if (server->line == NULL) {
        narrate_error("malloc()", errno);
        return -1;
    }

    /* A spare fd, closed when accept() fails with EMFILE so that we can take the
     * waiting connection, tell it we are full, and close it. */
    server->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

    server->listener_count = net_listen(options->bind, options->port, server->listeners, &error);
    if (server->listener_count < 0) {
        narrate_warning(_("cannot listen on %s port %u: %s"), options->bind, options->port,
                        error.text);
        server->listener_count = 0;
        return -1;
    }
    for (int i = 0; i < server->listener_count; i++) {
        net_local_address(server->listeners[i], address, sizeof(address));
        narrate_listening(server->listeners[i], address);
    }
    for (int i = 0; i < server->listener_count; i++) {
        net_local_address(server->listeners[i], address, sizeof(address));
        narrate_ready(address);
    }
    server_print_join_hints(server);
    return 0;
}

static void server_close_listeners(struct server *server)
{
    for (int i = 0; i < server->listener_count; i++) {
        if (close(server->listeners[i]) != 0)
            narrate_error("close()", errno);
    }
    server->listener_count = 0;
}

void server_close(struct server *server)
{
    for (int fd = 0; fd <= server->max_fd; fd++) {
        if (server->clients[fd] != NULL) {
            client_free(server->clients[fd]);
            server->clients[fd] = NULL;
        }
    }
    server->client_count = 0;
    server->max_fd = -1;
    server_close_listeners(server);
    console_free(&server->console);
    if (server->spare_fd >= 0)
        close(server->spare_fd);
    free(server->line);
    server->line = NULL;
}

/* ---- Composing and queuing lines --------------------------------------------- */

size_t server_compose(struct server *server, const char *keyword, const char *word,
                      const char *text, size_t text_len)
{
    size_t room = server->line_room - 1; /* keep one byte for the final LF */
    int used = snprintf(server->line, room, "%s%s%s", keyword, word && *word ? " " : "",
                        word ? word : "");

    if (used < 0 || (size_t)used >= room)
        used = 0;
    size_t len = (size_t)used;
    if (text_len > 0 && len + 1 < room) {
        server->line[len++] = ' ';
        len += sanitize_text(text, text_len, server->line + len, room - len);
    }
    server->line[len++] = '\n';
    return len;
}

void server_send(struct client *to, const char *line, size_t len)
{
    client_queue(to, line, len); /* a client over its limit is marked dead there */
}

unsigned server_broadcast(struct server *server, const struct client *except, const char *line,
                          size_t len)
{
    unsigned delivered = 0;

    for (int fd = 0; fd <= server->max_fd; fd++) {
        struct client *client = server->clients[fd];
        /* Only people in the room hear it (with a room code, not those at the door). */
        if (client == NULL || client == except || client->state != CLIENT_OPEN ||
            !client->admitted)
            continue;
        if (client_queue(client, line, len))
            delivered++;
    }
    return delivered;
}

struct client *server_find_nick(struct server *server, const char *nick, size_t len)
{
    for (int fd = 0; fd <= server->max_fd; fd++) {
        struct client *client = server->clients[fd];
        if (client != NULL && client->state != CLIENT_DEAD &&
            proto_nick_equal(client->nick, strlen(client->nick), nick, len))
            return client;
    }
    return NULL;
}

/* ---- Step mode: the gate before every step ----------------------------------------- */

static bool server_stepping(const struct server *server)
{
    return server->step.mode != STEP_RUN;
}

/*
 * Ask before taking a step: always yes when running freely. In step mode the
 * step is announced (once) and the answer is no until the operator says go;
 * the caller then ends the turn where it is.
 */
static bool server_gate(struct server *server, int64_t now, const char *description)
{
    bool announce;

    if (step_gate(&server->step, description, now, &announce))
        return true;
    if (announce)
        narrate_step_announce(server->step.taken + 1, description,
                              server->step.mode == STEP_DELAY);
    return false;
}

/* ---- The operator: keys on standard input --------------------------------------- */

static void server_operator_key(struct server *server, const char *key)
{
    switch (step_key(&server->step, key)) {
    case STEP_KEY_RUN:
        narrate_step_mode(_("Running freely now (s pauses before each step again)."));
        break;
    case STEP_KEY_STEPPING:
        narrate_step_mode(_("Stepping: the server will pause before each step (Enter: one step)."));
        break;
    case STEP_KEY_QUIT:
        server->quit_requested = true;
        break;
    case STEP_KEY_UNKNOWN:
        if (!operator_execute(server, key, clock_ms()))
            narrate_console(key);
        break;
    case STEP_KEY_STEP:
    case STEP_KEY_NONE:
        break;
    }
}

/* Standard input is gone: nobody can press Enter any more, so stop pausing. */
static void server_console_closed(struct server *server)
{
    if (server_stepping(server)) {
        narrate_step_mode(_("Standard input closed: no one can press Enter, so the server runs freely."));
        step_key(&server->step, "c");
    }
}

/* Deal with the signal pipe and the operator's keys, if select() said they are ready. */
static void server_handle_operator(struct server *server, fd_set *read_set)
{
    char line[CONSOLE_MAX_LINE];
    int console = console_fd(&server->console);

    if (server->wake_fd >= 0 && FD_ISSET(server->wake_fd, read_set)) {
        char bytes[64];
        ssize_t count;
        do { /* the bytes only served to wake select() up */
            count = read(server->wake_fd, bytes, sizeof(bytes));
        } while (count > 0);
        FD_CLR(server->wake_fd, read_set);
    }
    if (console < 0 || !FD_ISSET(console, read_set))
        return;
    FD_CLR(console, read_set);
    if (server->tui) {
        if (dashboard_key(line, sizeof(line)) == DASHBOARD_STEP_KEY)
            server_operator_key(server, line);
        return;
    }
    bool open = console_read(&server->console);
    while (console_next_line(&server->console, line, sizeof(line)))
        server_operator_key(server, line);
    if (!open)
        server_console_closed(server);
}

/* ---- 1. Build the fd sets ---------------------------------------------------------- */

/* Returns the highest fd put in either set (the first argument of select() is that + 1). */
static int server_build_fd_sets(struct server *server, fd_set *read_set, fd_set *write_set)
{
    int highest = -1;
    int console = console_fd(&server->console);

    FD_ZERO(read_set);
    FD_ZERO(write_set);
    if (server->wake_fd >= 0) {
        FD_SET(server->wake_fd, read_set);
        highest = server->wake_fd;
    }
    if (console >= 0) {
        FD_SET(console, read_set);
        if (console > highest)
            highest = console;
    }
    for (int i = 0; i < server->listener_count; i++) {
        FD_SET(server->listeners[i], read_set);
        if (server->listeners[i] > highest)
            highest = server->listeners[i];
    }
    for (int fd = 0; fd <= server->max_fd; fd++) {
        const struct client *client = server->clients[fd];
        if (client == NULL)
            continue;
        if (client_wants_read(client, server->options.rate))
            FD_SET(fd, read_set);
        if (client_wants_write(client)) /* only clients with something to send */
            FD_SET(fd, write_set);
        if (fd > highest)
            highest = fd;
    }
    return highest;
}

/* ---- 2. select(): how long may it sleep? ------------------------------------------ */

static void server_earliest(int64_t *deadline, int64_t candidate)
{
    if (candidate < *deadline)
        *deadline = candidate;
}

/* When this client's silence next matters: time to PING it, or to give up on it. */
static int64_t server_ping_due_ms(const struct server *server, const struct client *client)
{
    if (client->pinged)
        return client->pinged_ms + (int64_t)server->options.ping_timeout_s * 1000;
    return client->last_recv_ms + (int64_t)server->options.ping_after_s * 1000;
}

/*
 * The time-out for select(): until the earliest timer is due, or -1 (sleep until
 * a socket is ready) when no timer is pending. An idle server sleeps: with no
 * client it never wakes up, with idle clients only for the PING check (minutes).
 */
static long server_timeout_ms(struct server *server, int64_t now)
{
    int64_t deadline = INT64_MAX;
    const unsigned rate = server->options.rate;

    for (int fd = 0; fd <= server->max_fd; fd++) {
        struct client *client = server->clients[fd];
        if (client == NULL)
            continue;
        if (client->state == CLIENT_OPEN) {
            if (!client->greeted)
                server_earliest(&deadline, client->connected_ms + OPTIONS_WELCOME_DELAY_MS);
            if (!client->in.seen_newline && linebuf_pending(&client->in) > 0)
                server_earliest(&deadline, client->last_recv_ms + OPTIONS_IDLE_FLUSH_MS);
            if (rate > 0 && linebuf_has_line(&client->in))
                server_earliest(&deadline, now + ratelimit_wait_ms(&client->rate, rate,
                                                                   OPTIONS_RATE_BURST, now));
            server_earliest(&deadline, server_ping_due_ms(server, client));
        } else {
            server_earliest(&deadline, client->close_deadline_ms);
        }
    }
    if (server->stopping)
        server_earliest(&deadline, server->stop_deadline_ms);
    if (deadline == INT64_MAX)
        return -1;
    return deadline > now ? (long)(deadline - now) : 0;
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
    int highest = server_build_fd_sets(server, &server->watch_read, &server->watch_write);
    long timeout_ms = server_timeout_ms(server, now);

    server->watch_max = highest;
    server->ready_read = server->watch_read; /* select() overwrites its sets with the answer */
    server->ready_write = server->watch_write;
    narrate_select_call(&server->watch_read, &server->watch_write, highest, timeout_ms);
    if (server->tui)
        dashboard_draw(server); /* show the sets select() is about to wait on */
    int ready = select(highest + 1, &server->ready_read, &server->ready_write, NULL,
                       server_timeval(timeout_ms, &timeout));
    if (ready < 0) {
        FD_ZERO(&server->ready_read);
        FD_ZERO(&server->ready_write);
        if (errno == EINTR) { /* a signal: the loop looks at the stop flag */
            if (server->tui)
                server_handle_operator(server, &server->watch_read); /* e.g. a resize */
            return true;
        }
        narrate_error("select()", errno);
        return false;
    }
    narrate_select_result(ready, &server->ready_read, &server->ready_write, highest);
    server->returned_read = server->ready_read;
    server->returned_write = server->ready_write;
    server_handle_operator(server, &server->ready_read);
    server->ready_count = server_count_ready(server); /* sockets only, not the operator */
    server->turn_open = true;
    server->select_announced = false;
    return true;
}

/*
 * While a step waits for the operator, select() watches only standard input
 * and the signal pipe. The sockets are left alone: the kernel keeps their new
 * connections in the backlog and their bytes in its buffers until we go on.
 */
static bool server_wait_for_operator(struct server *server, int64_t now)
{
    struct timeval timeout;
    fd_set read_set;
    int highest = -1;
    int console = console_fd(&server->console);

    FD_ZERO(&read_set);
    if (server->wake_fd >= 0) {
        FD_SET(server->wake_fd, &read_set);
        highest = server->wake_fd;
    }
    if (console >= 0) {
        FD_SET(console, &read_set);
        if (console > highest)
            highest = console;
    }
    if (server->tui)
        dashboard_draw(server); /* show the step that waits for the operator */
    int ready = select(highest + 1, &read_set, NULL, NULL,
                       server_timeval(step_wait_ms(&server->step, now), &timeout));
    if (ready < 0 && errno != EINTR) {
        narrate_error("select()", errno);
        return false;
    }
    if (ready > 0)
        server_handle_operator(server, &read_set);
    else if (ready < 0 && server->tui)
        server_handle_operator(server, &read_set);
    step_tick(&server->step, clock_ms()); /* slow motion: the delay may be over */
    return true;
}

/* The first step of a turn: say what select() returned. */
static bool server_announce_select(struct server *server, int64_t now)
{
    char what[STEP_TEXT_MAX] = "";

    if (server->select_announced || server->ready_count <= 0 || !server_stepping(server))
        return true;
    narrate_describe_select(server->ready_count, &server->ready_read, &server->ready_write,
                            server->watch_max, what, sizeof(what));
    if (!server_gate(server, now, what))
        return false;
    server->select_announced = true;
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

/* A name no one has: guest1, guest2, ... */
static void server_guest_nick(struct server *server, char *nick, size_t room)
{
    for (;;) {
        snprintf(nick, room, "guest%u", server->next_guest++);
        if (server_find_nick(server, nick, strlen(nick)) == NULL)
            return;
    }
}

/* How many connections this computer has already (its address without the port). */
static unsigned server_count_host(const struct server *server, const char *host)
{
    unsigned count = 0;

    for (int fd = 0; fd <= server->max_fd; fd++) {
        const struct client *client = server->clients[fd];
        if (client != NULL && client->state != CLIENT_DEAD && strcmp(client->host, host) == 0)
            count++;
    }
    return count;
}

/* Why this connection cannot be served (into `reason`), or false if it can. */
static bool server_must_refuse(const struct server *server, int fd, const char *host,
                               bool loopback, char *reason, size_t room)
{
    const struct server_options *options = &server->options;

    if (server->stopping) {
        snprintf(reason, room, "%s", _("Server is shutting down"));
    } else if (fd >= FD_SETSIZE || server->client_count >= options->max_clients) {
        snprintf(reason, room, _("Server full (%u clients); try again later"),
                 server->client_count);
    } else if (options->max_per_host > 0 && (!loopback || options->limit_loopback) &&
               server_count_host(server, host) >= options->max_per_host) {
        snprintf(reason, room,
                 _("Too many connections from %s (%u); close one and try again"), host,
                 options->max_per_host);
    } else {
        return false;
    }
    return true;
}

void server_admit(struct server *server, struct client *client)
{
    client->admitted = true;
    client->announce_leave = true;
    size_t len = server_compose(server, "JOIN", client->nick, NULL, 0);
    server_broadcast(server, client, server->line, len);
}

static void server_add_client(struct server *server, int listen_fd, int fd,
                              const struct sockaddr *peer, socklen_t peer_len, int64_t now)
{
    char address[NET_ADDRESS_MAX], host[NET_ADDRESS_MAX], refusal[160];
    bool loopback = net_address_is_loopback(peer);

    net_format_address(peer, peer_len, address, sizeof(address));
    net_format_host(peer, host, sizeof(host));
    if (server_must_refuse(server, fd, host, loopback, refusal, sizeof(refusal))) {
        server_refuse(fd, address, refusal);
        return;
    }
    if (net_set_nonblocking(fd) != 0 || net_set_nodelay(fd) != 0 ||
        net_set_keepalive(fd, OPTIONS_KEEPALIVE_IDLE_S, OPTIONS_KEEPALIVE_INTERVAL_S,
                          OPTIONS_KEEPALIVE_COUNT) != 0) {
        narrate_error("fcntl()/setsockopt()", errno);
        close(fd);
        return;
    }
    struct client *client = client_new(fd, address, server->options.max_line,
                                       server->options.max_queue, now);
    if (client == NULL) {
        server_refuse(fd, address, _("Server is out of memory"));
        return;
    }
    snprintf(client->host, sizeof(client->host), "%s", host);
    client->loopback = loopback;
    server_guest_nick(server, client->nick, sizeof(client->nick));
    server->clients[fd] = client;
    server->client_count++;
    if (fd > server->max_fd)
        server->max_fd = fd;
    narrate_accept(listen_fd, client);
    if (server->options.room_code == NULL)
        server_admit(server, client); /* an open room: in at once */
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
        } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
            narrate_error("accept()", errno);
        }
        return false;
    }
    server_add_client(server, listen_fd, fd, (struct sockaddr *)&peer, peer_len, now);
    return true;
}

static bool server_accept_clients(struct server *server, int64_t now)
{
    for (int i = 0; i < server->listener_count; i++) {
        int listen_fd = server->listeners[i];
        for (int n = 0; n < SERVER_ACCEPT_BATCH && FD_ISSET(listen_fd, &server->ready_read); n++) {
            char what[STEP_TEXT_MAX] = "";
            if (server_stepping(server))
                narrate_describe_accept(listen_fd, what, sizeof(what));
            if (!server_gate(server, now, what))
                return false;
            /* When stepping, one accept() per turn: the rest wait in the backlog. */
            if (!server_accept_one(server, listen_fd, now) || server_stepping(server))
                FD_CLR(listen_fd, &server->ready_read);
        }
        FD_CLR(listen_fd, &server->ready_read);
    }
    return true;
}

/* ---- 4. Read ready clients ---------------------------------------------------------- */

static void server_read_client(struct client *client, int64_t now)
{
    size_t room;
    char discard[4096];
    char *space = client->state == CLIENT_DRAINING ? discard : linebuf_space(&client->in, &room);

    if (client->state == CLIENT_DRAINING)
        room = sizeof(discard); /* closing: whatever still arrives is ignored */
    if (space == NULL) {
        client_kill(client, _("server out of memory"));
        return;
    }
    ssize_t count = recv(client->fd, space, room, 0);
    if (count < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            client_kill(client, strerror(errno)); /* e.g. ECONNRESET: reset by peer */
        return;
    }
    narrate_recv(client, count, space);
    if (client->state == CLIENT_DRAINING) {
        if (count == 0)
            client_kill(client, _("connection closed"));
        return;
    }
    if (count == 0) {
        client->peer_closed = true;
        client_set_reason(client, _("connection closed"));
        return;
    }
    linebuf_commit(&client->in, (size_t)count);
    client->bytes_in += (uint64_t)count;
    client->last_recv_ms = now;
    client->pinged = false; /* any bytes answer a PING: the peer is alive */
    client->greeted = true; /* it spoke first: it knows what it is doing */
    if (narrate_verbose())
        narrate_framing(client, linebuf_count_lines(&client->in), linebuf_pending(&client->in));
}

static bool server_read_clients(struct server *server, int64_t now)
{
    for (int fd = 0; fd <= server->max_fd; fd++) {
        struct client *client = server->clients[fd];
        char what[STEP_TEXT_MAX] = "";

        if (client == NULL || !FD_ISSET(fd, &server->ready_read))
            continue;
        if (server_stepping(server))
            narrate_describe_recv(client, what, sizeof(what));
        if (!server_gate(server, now, what))
            return false;
        FD_CLR(fd, &server->ready_read);
        server_read_client(client, now);
    }
    return true;
}

/* ---- 5. Frame lines and act ---------------------------------------------------------- */

/* Ask the gate about the next whole line of a client (step mode shows the line). */
static bool server_gate_line(struct server *server, const struct client *client, int64_t now)
{
    char what[STEP_TEXT_MAX] = "";
    const char *line;
    size_t len;

    if (server_stepping(server) && linebuf_peek(&client->in, &line, &len))
        narrate_describe_line(client, line, len, server->client_count - 1, what, sizeof(what));
    return server_gate(server, now, what);
}

/* Act on every complete line the rate limit allows. False: the gate said wait. */
static bool server_handle_lines(struct server *server, struct client *client, int64_t now)
{
    const unsigned rate = server->options.rate;
    const char *line;
    size_t len;

    while (client->state == CLIENT_OPEN) {
        if (linebuf_has_line(&client->in)) {
            if (ratelimit_wait_ms(&client->rate, rate, OPTIONS_RATE_BURST, now) > 0)
                break; /* flooding: the rest waits (select() is told when to look again) */
            if (!server_gate_line(server, client, now))
                return false;
            ratelimit_take(&client->rate, rate, OPTIONS_RATE_BURST, now);
        }
        enum linebuf_result result = linebuf_next(&client->in, &line, &len);
        if (result == LINEBUF_NONE)
            break;
        if (result == LINEBUF_TOO_LONG)
            command_line_too_long(server, client);
        else
            command_execute(server, client, line, len, now);
    }
    return true;
}

/*
 * A client that has never sent a newline (like the lesson's Python client) and
 * has gone quiet, or closed, has finished its message: take it as a line. A
 * client that ends its lines with newlines is never cut, however slowly it types.
 */
static bool server_flush_unterminated(struct server *server, struct client *client, int64_t now)
{
    char what[STEP_TEXT_MAX] = "";
    const char *line;
    size_t len, pending = linebuf_pending(&client->in);

    if (client->state != CLIENT_OPEN || client->in.seen_newline || pending == 0 ||
        client->in.discarding)
        return true;
    if (!client->peer_closed && now - client->last_recv_ms < OPTIONS_IDLE_FLUSH_MS)
        return true;
    if (server_stepping(server))
        narrate_describe_idle_flush(client, pending, what, sizeof(what));
    if (!server_gate(server, now, what))
        return false;
    if (linebuf_take_partial(&client->in, &line, &len)) {
        narrate_idle_flush(client, len);
        command_execute(server, client, line, len, now);
    }
    return true;
}

static bool server_process_input(struct server *server, int64_t now)
{
    for (int fd = 0; fd <= server->max_fd; fd++) {
        struct client *client = server->clients[fd];
        if (client == NULL || client->state != CLIENT_OPEN)
            continue;
        if (!server_handle_lines(server, client, now) ||
            !server_flush_unterminated(server, client, now))
            return false;
        linebuf_compact(&client->in);
        /* The peer closed its side and every line it sent is answered: close ours. */
        if (client->peer_closed && client->state == CLIENT_OPEN && !linebuf_has_line(&client->in))
            client_close_gracefully(client, _("connection closed"), now);
    }
    return true;
}

/* ---- 6. Run timers ---------------------------------------------------------------- */

/*
 * A client has been silent for --ping-after seconds: ask whether it is still
 * there (any line answers; obrol-client answers /pong by itself). If it stays
 * silent --ping-timeout seconds more, its computer is gone: drop it.
 */
static void server_check_alive(struct server *server, struct client *client, int64_t now)
{
    char token[PROTO_PING_TOKEN_MAX + 1];

    if (client->pinged) {
        client_kill(client, _("no answer to PING"));
        return;
    }
    const char *text = _("Are you still there? Type anything to stay connected.");
    snprintf(token, sizeof(token), "%lld", (long long)now);
    size_t len = server_compose(server, "PING", token, text, strlen(text));
    server_send(client, server->line, len);
    client->pinged = true;
    client->pinged_ms = now;
}

static bool server_run_timers(struct server *server, int64_t now)
{
    for (int fd = 0; fd <= server->max_fd; fd++) {
        struct client *client = server->clients[fd];
        if (client == NULL)
            continue;
        if (client->state == CLIENT_OPEN && !client->greeted &&
            now - client->connected_ms >= OPTIONS_WELCOME_DELAY_MS) {
            char what[STEP_TEXT_MAX] = "";
            if (server_stepping(server))
                narrate_describe_welcome(client, what, sizeof(what));
            if (!server_gate(server, now, what))
                return false;
            client->greeted = true;
            command_welcome(server, client);
        }
        if (client->state == CLIENT_OPEN && now >= server_ping_due_ms(server, client))
            server_check_alive(server, client, now);
        if ((client->state == CLIENT_CLOSING || client->state == CLIENT_DRAINING) &&
            now >= client->close_deadline_ms)
            client_kill(client, _("closing timed out"));
    }
    return true;
}

/* ---- 7. Write ready clients ---------------------------------------------------------- */

/* All queued output is done: shut our side (the peer reads EOF) and wait for its. */
static void server_finish_closing(struct client *client)
{
    if (client->state == CLIENT_CLOSING && outq_pending(&client->out) == 0) {
        if (client->peer_closed) /* its side is closed already: nothing to wait for */
            client_kill(client, client->leave_reason);
        else if (shutdown(client->fd, SHUT_WR) != 0)
            client_kill(client, strerror(errno));
        else
            client->state = CLIENT_DRAINING;
    }
}

static void server_write_client(struct client *client)
{
    size_t pending;
    const char *bytes = outq_peek(&client->out, &pending);
    ssize_t written = send(client->fd, bytes, pending, MSG_NOSIGNAL);

    if (written < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            narrate_send(client, -1, pending);
        else
            client_kill(client, strerror(errno)); /* EPIPE, ECONNRESET: the peer is gone */
        return;
    }
    narrate_send(client, written, pending);
    outq_consume(&client->out, (size_t)written);
    client->bytes_out += (uint64_t)written;
}

static bool server_write_clients(struct server *server, int64_t now)
{
    for (int fd = 0; fd <= server->max_fd; fd++) {
        struct client *client = server->clients[fd];
        if (client == NULL)
            continue;
        if (FD_ISSET(fd, &server->ready_write) && client_wants_write(client)) {
            char what[STEP_TEXT_MAX] = "";
            if (server_stepping(server))
                narrate_describe_send(client, outq_pending(&client->out), what, sizeof(what));
            if (!server_gate(server, now, what))
                return false;
            FD_CLR(fd, &server->ready_write);
            server_write_client(client);
        }
        server_finish_closing(client);
    }
    return true;
}

/* ---- 8. Drop the dead ---------------------------------------------------------------- */

static void server_remove_client(struct server *server, struct client *client)
{
    server->clients[client->fd] = NULL;
    server->client_count--;
    narrate_leave(client);
    if (client->announce_leave && !server->stopping) {
        size_t len = server_compose(server, "LEAVE", client->nick, client->leave_reason,
                                    strlen(client->leave_reason));
        server_broadcast(server, NULL, server->line, len);
    }
    client_free(client);
}

/* Telling the others may push one of them over its queue limit: repeat until calm. */
static bool server_drop_dead(struct server *server, int64_t now)
{
    bool removed = true;

    while (removed) {
        removed = false;
        for (int fd = 0; fd <= server->max_fd; fd++) {
            struct client *client = server->clients[fd];
            char what[STEP_TEXT_MAX] = "";
            if (client == NULL || client->state != CLIENT_DEAD)
                continue;
            if (server_stepping(server))
                narrate_describe_drop(client, what, sizeof(what));
            if (!server_gate(server, now, what))
                return false;
            server_remove_client(server, client);
            removed = true;
        }
    }
    while (server->max_fd >= 0 && server->clients[server->max_fd] == NULL)
        server->max_fd--;
    return true;
}

/* Steps 3 to 8, in order. False if a step is waiting for the operator. */
static bool server_take_turn(struct server *server, int64_t now)
{
    return server_announce_select(server, now) && server_accept_clients(server, now) &&
           server_read_clients(server, now) && server_process_input(server, now) &&
           server_run_timers(server, now) && server_write_clients(server, now) &&
           server_drop_dead(server, now);
}

/* ---- Shutting down ---------------------------------------------------------------- */

static void server_begin_stop(struct server *server, int64_t now)
{
    const char *reason = _("The server is shutting down. Goodbye!");

    server->stopping = true;
    server->stop_deadline_ms = now + OPTIONS_CLOSE_TIMEOUT_MS;
    step_key(&server->step, "c"); /* the last steps run without waiting for anyone */
    narrate_stopping(server->client_count);
    server_close_listeners(server); /* new connections are refused by the kernel now */
    size_t len = server_compose(server, "BYE", NULL, reason, strlen(reason));
    for (int fd = 0; fd <= server->max_fd; fd++) {
        struct client *client = server->clients[fd];
        if (client == NULL)
            continue;
        client_queue(client, server->line, len);
        client_close_gracefully(client, _("server shutting down"), now);
    }
}

/* ---- The loop ---------------------------------------------------------------------- */

int server_run(struct server *server, const volatile sig_atomic_t *stop)
{
    for (;;) {
        int64_t now = clock_ms();

        if ((*stop || server->quit_requested) && !server->stopping)
            server_begin_stop(server, now);
        if (server->stopping && (server->client_count == 0 || now >= server->stop_deadline_ms))
            break;

        bool ok = true;
        if (step_is_waiting(&server->step))
            ok = server_wait_for_operator(server, now);
        else if (!server->turn_open)
            ok = server_select(server, now);
        if (!ok)
            return EXIT_FAILURE;
        if (server->turn_open && !step_is_waiting(&server->step) &&
            server_take_turn(server, clock_ms()))
            server->turn_open = false;
    }
    narrate_stopped();
    return EXIT_SUCCESS;
}
