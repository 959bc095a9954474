/*
 * chat.h - the model of one session: what the person sees and why.
 *
 * The loop feeds it everything that happens (a line typed, a request sent, a
 * line received, the connection opening or closing) and it updates:
 *
 *   messages  the scrollback the message pane draws;
 *   flow      the flow log the sequence diagram draws;
 *   nicks     who is here (status bar count, Tab completion);
 *   explain   one sentence about the latest event;
 *   nick, last_rtt_us for the status bar.
 *
 * It never touches a socket or the terminal, so the whole protocol logic of
 * the client can be tested with plain strings.
 */
#ifndef OBROL_CLIENT_CHAT_H
#define OBROL_CLIENT_CHAT_H

#include "model/flow.h"
#include "model/nicks.h"
#include "model/scrollback.h"
#include "protocol.h"

#include <stdbool.h>
#include <stdint.h>

#define CHAT_EXPLAIN_MAX 512
#define CHAT_REQUEST_MAX PROTO_DEFAULT_MAX_LINE /* a request the client makes up itself */
#define CHAT_ANSWER_MAX (sizeof("/pong ") + PROTO_PING_TOKEN_MAX) /* "/pong TOKEN" and its NUL */
#define CHAT_REASON_MAX 160    /* bytes of a LEAVE reason quoted in the explain line */
#define CHAT_PATH_SHOW_MS 2000 /* how long the topology view highlights a message's path */
#define CHAT_NO_ANSWER_MS 5000 /* a request with no response this long gets a diagnosis */

/* The way the latest message took: sender -> server -> receivers (topology view). */
struct chat_path {
    char from[PROTO_NICK_MAX + 1];
    char to[PROTO_NICK_MAX + 1]; /* one receiver (/msg), or "" for everyone else */
    int64_t at_ms;               /* monotonic ms; -1: no message yet */
};

/* What a request was, so that its response can be shown well. */
struct chat_waiting {
    enum proto_request_kind kind;
    bool quiet;                   /* sent by the client itself (/who at connect): show no text */
    struct scrollback_entry line; /* our words (say, /me, /msg), pending until the answer;
                                   * line.text NULL: the request shows none */
};

struct chat {
    char nick[PROTO_NICK_MAX + 1];   /* empty until WELCOME or OK nick */
    char chosen[PROTO_NICK_MAX + 1]; /* the nick this person chose (--nick, then every
                                      * /nick the server accepted), or "": asked for
                                      * again on every connection */
    struct nicks nicks;
    struct scrollback messages;
    struct flow flow;
    char explain[CHAT_EXPLAIN_MAX];
    int64_t last_rtt_us;  /* -1 until the first response */
    unsigned last_rtt_own; /* what of it was our own waiting (enum flow_own_wait flags) */
    struct chat_waiting waiting[FLOW_PENDING_MAX];
    struct ring waiting_ring; /* the requests sent, in step with the flow's pending ring */
    bool quit_answered;       /* the server said OK quit */
    struct chat_path path;
    unsigned long attempts;       /* connects started, to tell a reconnect from the first */
    char answer[CHAT_ANSWER_MAX]; /* a line the client must send by itself ("/pong TOKEN"), or "" */
    bool joined;          /* the server just said OK join: ask for the nick and /who again */
    bool nick_free;       /* the chosen nick just left (our old connection, seen late) */
    bool who_stale;       /* we learnt our nick only now: /who may list our guest name */
    bool server_is_obrol; /* a line of obrol's protocol came on this connection */
    bool server_is_other; /* a line that is not obrol's came first: no OK will ever come,
                           * and every line it sends is shown raw ("the server sent") */
};

/* What a typed line asks for. */
enum chat_action {
    CHAT_NOTHING,   /* an empty line */
    CHAT_SEND,      /* send `request` to the server */
    CHAT_QUIT,      /* /quit: send `request`, then leave */
    CHAT_HELP,      /* /help: show the keys, and send `request` for the server's list */
    CHAT_CLEAR,     /* /clear: empty the message pane (client only) */
    CHAT_RECONNECT, /* /reconnect: connect again now (client only) */
    CHAT_SAVE,      /* /save FILE: `request` is the file (client only) */
    CHAT_TRICKLE,   /* /trickle: `request` holds its arguments, "[-s N] [-p MS] TEXT" */
};

bool chat_init(struct chat *chat);
void chat_free(struct chat *chat);

/* The nick given with --nick (checked already): asked for on every connection. */
void chat_choose_nick(struct chat *chat, const char *nick);
/* The nick to ask for with /nick once connected: the one chosen last, kept across
 * reconnects; NULL when the person never chose one (the server names them). */
const char *chat_nick_to_ask(const struct chat *chat);

/* Decide what a typed line means; the request to send (no newline) goes to `request`,
 * cut to `room` - 1 bytes if it is longer. */
enum chat_action chat_command(const char *text, size_t len, char *request, size_t room,
                              size_t *request_len);

/*
 * "COMMAND ARGUMENT" ("/join CODE", "/nick NAME"), a request the client makes
 * up itself, into `request` (CHAT_REQUEST_MAX bytes) and its length into *len.
 * false when it does not fit: a cut room code or nick would be a wrong one, and
 * the server would refuse a longer line anyway.
 */
bool chat_request(char *request, const char *command, const char *argument, size_t *len);

/*
 * A request line (no newline) was handed to the connection. Our own words
 * (a message, /me, /msg) are not in the messages yet: they wait below them,
 * pending (chat_pending_line()), until the server answers. Its OK puts them
 * in the messages where the OK arrived, in the server's order; its ERR shows
 * them refused, with the reason; a close before any answer shows them
 * unanswered. A server known not to speak obrol's protocol never says OK: to
 * it, lines are shown as sent at once.
 */
void chat_sent(struct chat *chat, const char *line, size_t len, bool quiet, int64_t mono_us,
               int64_t wall_ms);
/* Our own lines still waiting for the server's answer, oldest first. */
size_t chat_pending_lines(const struct chat *chat);
const struct scrollback_entry *chat_pending_line(const struct chat *chat, size_t index);

/* The connection's output queue holds `bytes` the kernel did not take yet. */
void chat_queued(struct chat *chat, size_t bytes);

/*
 * After chat_received(): a line the client must send by itself (the /pong that
 * answers a PING). Copies it into `line` and clears it; false if there is none.
 */
bool chat_take_answer(struct chat *chat, char *line, size_t room);

/* After chat_received(): true once when the server let us into a locked room. */
bool chat_take_joined(struct chat *chat);

/*
 * After chat_received(): true once when the nick we chose became free while we
 * go by another. After a reconnect the server may not have noticed our old
 * connection's end yet and refuses the nick as taken; its LEAVE frees it, and
 * the loop asks for it again.
 */
bool chat_take_nick_free(struct chat *chat);

/* After chat_received(): true once when the list of who is here should be asked for
 * again (it was filled before the server told us our nick). */
bool chat_take_who_stale(struct chat *chat);

/*
 * A line arrived (`partial`: it had no newline; `closed`: flushed at close).
 * A line that is not obrol's protocol is never taken as a response: it is shown
 * as "the server sent", with no request attached. If it comes before any line of
 * obrol's, the server is not obrol (server_is_other): the requests waiting are
 * given up (our own words among them shown as sent), and from then on every
 * line is shown as it came and no request waits for a response.
 */
void chat_received(struct chat *chat, const char *line, size_t len, bool partial, bool closed,
                   int64_t mono_us, int64_t wall_ms);

/*
 * The no-answer check, for the loop's select() time-out: a request with no
 * response CHAT_NO_ANSWER_MS after its last byte went out is marked overdue in
 * the flow, and the explain line asks why (chat_tick()). chat_due_us() is when
 * the next check falls due (monotonic us), or -1.
 */
void chat_tick(struct chat *chat, int64_t mono_us);
int64_t chat_due_us(const struct chat *chat);

/* /trickle: the request just recorded with chat_sent() goes out in `fragments` pieces. */
void chat_trickle_started(struct chat *chat, unsigned fragments);
/* /trickle: fragment `fragment` of `fragments` was handed to send(). */
void chat_fragment(struct chat *chat, const char *bytes, size_t len, unsigned fragment,
                   unsigned fragments, int64_t mono_us, int64_t wall_ms);

/* Step mode: a request waits to be sent, or received bytes wait to be framed.
 * Each returns the number of its flow row, for chat_step_settle(). */
unsigned long chat_step_send(struct chat *chat, const char *line, size_t len, int64_t mono_us,
                             int64_t wall_ms);
unsigned long chat_step_recv(struct chat *chat, const char *bytes, size_t len, int64_t mono_us,
                             int64_t wall_ms);
/* A step row was taken (or dropped). A received row taken: its bytes are framed now,
 * and a response among them counts the time they waited for the step as our own,
 * until chat_step_framed(). */
void chat_step_settle(struct chat *chat, unsigned long row, bool taken);
void chat_step_framed(struct chat *chat);

/* recv() returned `bytes` that did not complete a line. */
void chat_partial_recv(struct chat *chat, size_t bytes);

void chat_connecting(struct chat *chat, const char *address, int64_t mono_us, int64_t wall_ms);
void chat_connected(struct chat *chat, const char *address, int64_t mono_us, int64_t wall_ms);
void chat_connect_failed(struct chat *chat, const char *address, const char *error,
                         unsigned retry_seconds, int64_t mono_us, int64_t wall_ms);
/* /reconnect: we close the connection ourselves, and connect again at once. */
void chat_reconnect_asked(struct chat *chat, int64_t mono_us, int64_t wall_ms);
/* The connection ended; retry_seconds 0 means no reconnect will follow. */
void chat_closed(struct chat *chat, const char *reason, unsigned retry_seconds, int64_t mono_us,
                 int64_t wall_ms);

/* A note from the client itself in the message pane. */
void chat_info(struct chat *chat, enum scrollback_kind kind, const char *text, int64_t wall_ms);
/* The keys and commands, in the message pane (F1, /help). */
void chat_help(struct chat *chat, int64_t wall_ms);

#endif
