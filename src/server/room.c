/*
 * room.c - the chat room: who is here, how fast they may send, and the lines they are sent.
 */
#include "room.h"

#include "sanitize.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool room_init(struct room *room, const struct server_options *options)
{
    const struct hosts_settings hosts = {
        .rate = options->rate,
        .seats = options->max_per_host,
        .limit_loopback = options->limit_loopback,
    };

    memset(room, 0, sizeof(*room));
    hosts_init(&room->hosts, &hosts);
    room->options = options;
    room->max_fd = -1;
    room->next_guest = 1;
    /* Room for the longest line we compose: a relayed message (every byte may
     * grow to 3 when sanitised) or the /who list of every nick. */
    size_t message_room = SANITIZE_MAX_OUTPUT(options->max_line) + PROTO_NICK_MAX + 64;
    size_t who_room = (size_t)options->max_clients * (PROTO_NICK_MAX + 1) + 64;
    room->line_room = message_room > who_room ? message_room : who_room;
    room->line = malloc(room->line_room);
    return room->line != NULL;
}

void room_free(struct room *room)
{
    for (int fd = 0; fd <= room->max_fd; fd++) {
        if (room->conns[fd] != NULL)
            conn_free(room->conns[fd]);
        room->conns[fd] = NULL;
    }
    room->count = 0;
    room->max_fd = -1;
    free(room->line);
    room->line = NULL;
}

/* ---- Who is here ------------------------------------------------------------- */

/* A name no one has: guest1, guest2, ... */
static void room_guest_nick(struct room *room, char *nick, size_t size)
{
    for (;;) {
        snprintf(nick, size, "guest%u", room->next_guest++);
        if (room_find_nick(room, nick, strlen(nick)) == NULL)
            return;
    }
}

struct host *room_host(struct room *room, const struct sockaddr *peer, int64_t now_ms)
{
    char address[NET_ADDRESS_MAX];

    net_format_host(peer, address, sizeof(address));
    return hosts_find(&room->hosts, address, net_address_is_loopback(peer), now_ms);
}

void room_add(struct room *room, struct conn *conn, struct host *from)
{
    assert(conn->fd >= 0 && conn->fd < FD_SETSIZE && room->conns[conn->fd] == NULL);
    room_guest_nick(room, conn->nick, sizeof(conn->nick));
    room->conns[conn->fd] = conn;
    room->count++;
    if (conn->fd > room->max_fd)
        room->max_fd = conn->fd;
    conn->host = from;
    conn->muted = from->muted; /* a mute follows the computer */
    hosts_enter(from, true);   /* everyone starts at the door (in an open room, briefly) */
}

void room_remove(struct room *room, struct conn *conn, bool tell_others, int64_t now_ms)
{
    assert(room->conns[conn->fd] == conn);
    room->conns[conn->fd] = NULL;
    room->count--;
    while (room->max_fd >= 0 && room->conns[room->max_fd] == NULL)
        room->max_fd--;
    hosts_leave(conn->host, !conn->admitted, now_ms);
    if (tell_others && conn->announced)
        room_tell_others(room, NULL, "LEAVE", conn->nick, conn->leave_reason,
                         strlen(conn->leave_reason));
    conn_free(conn);
}

void room_admit(struct room *room, struct conn *conn, int64_t now_ms)
{
    conn->admitted = true;
    hosts_admit(conn->host);
    conn->announced = hosts_announce(&room->hosts, conn->host, now_ms);
    if (conn->announced)
        room_tell_others(room, conn, "JOIN", conn->nick, NULL, 0);
}

struct conn *room_find_nick(const struct room *room, const char *nick, size_t len)
{
    for (int fd = 0; fd <= room->max_fd; fd++) {
        struct conn *conn = room->conns[fd];
        if (conn != NULL && conn->state != CONN_DEAD &&
            proto_nick_equal(conn->nick, strlen(conn->nick), nick, len))
            return conn;
    }
    return NULL;
}

/* ---- Sending ------------------------------------------------------------------- */

int64_t room_line_wait_ms(struct room *room, struct conn *conn, int64_t now_ms)
{
    const unsigned rate = room->options->rate;
    int64_t own = ratelimit_wait_ms(&conn->rate, rate, LIMIT_RATE_BURST, now_ms);
    int64_t shared = hosts_line_wait_ms(&room->hosts, conn->host, now_ms);

    return own > shared ? own : shared;
}

void room_take_line(struct room *room, struct conn *conn, int64_t now_ms)
{
    ratelimit_take(&conn->rate, room->options->rate, LIMIT_RATE_BURST, now_ms);
    hosts_take_line(&room->hosts, conn->host, now_ms);
}

/* ---- Talking ----------------------------------------------------------------- */

size_t room_compose(struct room *room, const char *keyword, const char *word, const char *text,
                    size_t text_len)
{
    size_t room_left = room->line_room - 1; /* keep one byte for the final LF */
    bool has_word = word != NULL && word[0] != '\0';
    int used = snprintf(room->line, room_left, "%s%s%s", keyword, has_word ? " " : "",
                        has_word ? word : "");

    /* Keywords and words are ours and short (a nick, a verb): they always fit. */
    assert(used > 0 && (size_t)used < room_left);
    size_t len = (size_t)used;
    if (text_len > 0 && len + 1 < room_left) {
        room->line[len++] = ' ';
        len += sanitize_text(text, text_len, room->line + len, room_left - len);
    }
    room->line[len++] = '\n';
    return len;
}

void room_tell(struct room *room, struct conn *to, const char *keyword, const char *word,
               const char *text, size_t text_len)
{
    size_t len = room_compose(room, keyword, word, text, text_len);

    conn_queue(to, room->line, len); /* a connection over its limit is marked dead there */
}

unsigned room_tell_others(struct room *room, const struct conn *except, const char *keyword,
                          const char *word, const char *text, size_t text_len)
{
    size_t len = room_compose(room, keyword, word, text, text_len);
    unsigned delivered = 0;

    for (int fd = 0; fd <= room->max_fd; fd++) {
        struct conn *conn = room->conns[fd];
        /* Only people in the room hear it (with a room code, not those at the door). */
        if (conn == NULL || conn == except || conn->state != CONN_OPEN || !conn->admitted)
            continue;
        if (conn_queue(conn, room->line, len))
            delivered++;
    }
    return delivered;
}
