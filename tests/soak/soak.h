/*
 * soak.h - obrol-soak, the soak test: what its parts share.
 *
 * One process, one poll() loop, no threads. It drives 200 "unruly" clients
 * with random behaviour (chat, quit, vanish, flood, stop reading, send junk)
 * against one obrol-server, while a few well-behaved observers check that
 * every message meant for them arrives exactly once and in order, a prober
 * measures /ping round trips and the server's memory is sampled every second.
 * The files, one per idea:
 *
 *   obrol-soak.c     options, the loop, the end of the run, the report
 *   soak-conn.c      one connection: connect (with a small SO_RCVBUF if asked),
 *                    send, receive and frame lines, close or reset
 *   soak-unruly.c    the 200 clients and their behaviours
 *   soak-watch.c     the observers, the prober, the server's memory
 *   soak-ledger.c    every tracked message, and the checks: lost, duplicated,
 *                    out of order, corrupted, unsafe bytes relayed
 *
 * docs/reliability.md explains the method, the delivery rule and the figures.
 */
#ifndef OBROL_SOAK_H
#define OBROL_SOAK_H

#include "linebuf.h"
#include "outq.h"

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- Settings ------------------------------------------------------------------ */

/* How a well-behaved client's unfinished last line starts when it ends with close()
 * (FIN: the server relays it, end of file ends a line); with a reset it is "soak-cut". */
#define SOAK_TAIL_AT_CLOSE "end-tail"

#define SOAK_DEFAULT_CLIENTS 200
#define SOAK_DEFAULT_OBSERVERS 4
#define SOAK_MAX_OBSERVERS 8
#define SOAK_DEFAULT_SECONDS 300
/* The server's limits the tool expects (obrol-server's defaults). */
#define SOAK_SERVER_BURST 20
#define SOAK_SERVER_MAX_LINE 1024
/* Lines from the server may be this long (docs/protocol.md: accept 64 KiB). */
#define SOAK_MAX_LINE 65536
/* Bytes one connection of ours may have waiting to be sent. */
#define SOAK_MAX_QUEUE (1024 * 1024)
/* A sender does not queue more while this much is still waiting in user space. */
#define SOAK_SEND_HIGH_WATER (64 * 1024)
/* Requests in flight per connection (a ring of what each response answers). */
#define SOAK_RING 512
/* poll() sleeps at most this long, so that every timer is looked at. */
#define SOAK_TICK_MS 10
/* A stop-reading client asks for this receive buffer (the kernel may double it). */
#define SOAK_SMALL_RCVBUF 4096
/* A /ping slower than this fails the run (the brief: "never stops answering"). */
#define SOAK_PING_LIMIT_US 2000000
#define SOAK_PING_INTERVAL_US 500000
/* After the last second of load: how long observers may take to say goodbye. */
#define SOAK_FINISH_US (30 * 1000000LL)
/* Tracked messages at most (each is a few dozen bytes in the ledger). */
#define SOAK_LEDGER_LIMIT (4u * 1000 * 1000)

/* ---- Time and chance ----------------------------------------------------------- */

/* xorshift64*: fast, reproducible from --seed. */
uint64_t soak_random(void);
void soak_random_seed(uint64_t seed);
/* A number in [low, high]. */
unsigned soak_between(unsigned low, unsigned high);
/* True with the given percentage. */
bool soak_chance(unsigned percent);

/* ---- One connection (soak-conn.c) ---------------------------------------------- */

enum soak_verb {
    VERB_NICK,
    VERB_SAY,
    VERB_WHO,
    VERB_PING,
    VERB_QUIT,
};

struct soak_request {
    uint8_t verb;
    uint32_t gid; /* VERB_SAY: the ledger entry of the message */
};

struct soak_conn {
    int fd;            /* -1: no socket */
    bool connecting;   /* connect() in progress */
    bool open;         /* connected and not (yet) closed by either side */
    bool reading;      /* false: a stop-reading client never calls recv() */
    bool eof;          /* the server closed its side */
    bool reset;        /* recv()/send() reported an error (ECONNRESET, EPIPE) */
    struct linebuf in; /* received bytes, framed into lines */
    struct outq out;   /* bytes the kernel did not take yet */
    /* The responses we wait for, oldest first (each request gets exactly one). */
    struct soak_request ring[SOAK_RING];
    unsigned ring_head, ring_count;
};

/* Called for every line a connection receives (without its LF). */
typedef void soak_line_fn(void *owner, const char *line, size_t len, int64_t now_us);

void soak_conn_init(struct soak_conn *conn);
void soak_conn_free(struct soak_conn *conn);
/* Start a non-blocking connect to 127.0.0.1:port; rcvbuf > 0 sets SO_RCVBUF first. */
int soak_conn_start(struct soak_conn *conn, unsigned port, int rcvbuf);
/* The connect finished (poll said writable): 0, or an errno value. */
int soak_conn_finish(struct soak_conn *conn);
/* Queue bytes and offer everything queued to the kernel. False if the queue is full. */
bool soak_conn_send(struct soak_conn *conn, const char *bytes, size_t len);
void soak_conn_flush(struct soak_conn *conn);
/* One recv(); every complete line goes to `line`. Returns bytes read (0: none/EOF). */
size_t soak_conn_read(struct soak_conn *conn, soak_line_fn *line, void *owner, int64_t now_us);
/* Close: gently (FIN) or with a reset (SO_LINGER 0, the peer gets RST). */
void soak_conn_close(struct soak_conn *conn, bool reset);
size_t soak_conn_queued(const struct soak_conn *conn);

/* The request ring: remember a request, take the oldest when its response comes. */
bool soak_ring_push(struct soak_conn *conn, enum soak_verb verb, uint32_t gid);
bool soak_ring_pop(struct soak_conn *conn, struct soak_request *request);

/* ---- The ledger (soak-ledger.c) ------------------------------------------------- */

/*
 * One tracked message: sent by a well-behaved sender (nick "w<session>") as
 *   soak GID SESSION SEQ PAYLOAD
 * GID is its index here, SEQ counts the sender's messages from 1, and PAYLOAD
 * is made from GID (valid UTF-8, TAB included), so the receiver can check that
 * every byte arrived unchanged.
 */
struct soak_message {
    int64_t queued_us; /* when the line was handed to our outq (before the server saw it) */
    int64_t acked_us;  /* when its "OK say" reached the sender; 0: never */
    uint32_t session;
    uint32_t seq;
    uint8_t received[SOAK_MAX_OBSERVERS]; /* deliveries per observer slot */
};

/* One observer connection: the window in which it must receive messages. */
struct soak_window {
    unsigned slot;
    int64_t joined_us;    /* "OK nick" arrived: the server has it in its table */
    int64_t quit_sent_us; /* "/quit" queued; 0 while still watching */
    bool finished;        /* "OK quit" arrived: everything before it has been read */
    bool dropped;         /* the server closed it before "OK quit" */
};

struct soak_ledger {
    struct soak_message *messages;
    uint32_t count, cap;
    uint32_t *last_seq; /* [session * observers + slot]: highest SEQ seen, 0: none */
    uint32_t sessions_cap;
    struct soak_window *windows;
    unsigned window_count, window_cap;
    unsigned observers;
    /* Results, counted as lines arrive. */
    uint64_t deliveries, duplicates, out_of_order, corrupted, unsafe_lines, cut_tails;
    uint64_t tails_at_close; /* last lines without LF, relayed at end of file (allowed) */
    uint64_t full;           /* messages not sent because the ledger was full */
};

int soak_ledger_init(struct soak_ledger *ledger, unsigned observers);
void soak_ledger_free(struct soak_ledger *ledger);
/* Compose the next message of a sender into `out` (room >= 512); returns its length
 * (with LF) and sets *gid, or 0 if the ledger is full. */
size_t soak_ledger_compose(struct soak_ledger *ledger, uint32_t session, uint32_t seq,
                           int64_t now_us, char *out, uint32_t *gid);
void soak_ledger_ack(struct soak_ledger *ledger, uint32_t gid, int64_t now_us);
/* An observer (slot) received "MSG NICK TEXT" from a "w" nick. */
void soak_ledger_receive(struct soak_ledger *ledger, unsigned slot, const char *nick,
                         size_t nick_len, const char *text, size_t text_len);
/* Returns the index of a new observer window. */
int soak_ledger_open_window(struct soak_ledger *ledger, unsigned slot, int64_t joined_us);
/* True if a line from the server is safe for a terminal (docs/protocol.md, sanitising). */
bool soak_line_is_safe(const char *line, size_t len);

struct soak_verdict {
    uint64_t acked;      /* messages whose OK say came back */
    uint64_t checked;    /* (message, observer) pairs that had to arrive */
    uint64_t lost;       /* ... and did not */
    uint64_t unfinished; /* ... whose observer never finished (counted apart) */
    uint64_t maybe;      /* deliveries of messages no rule required (not acked) */
};

void soak_ledger_verdict(const struct soak_ledger *ledger, struct soak_verdict *verdict);

/* ---- The whole run ---------------------------------------------------------------- */

enum soak_kind {
    KIND_CHAT,
    KIND_QUIT,
    KIND_VANISH_CLOSE,
    KIND_VANISH_RESET,
    KIND_FLOOD,
    KIND_STOP_READING,
    KIND_JUNK,
    KIND_COUNT,
};

enum soak_junk {
    JUNK_RANDOM,   /* random bytes (no LF) */
    JUNK_ESCAPE,   /* ESC sequences: CSI, OSC 52, C1 CSI, bidi overrides */
    JUNK_UTF8,     /* invalid UTF-8: overlong forms, surrogates, stray bytes */
    JUNK_CONTROL,  /* NUL, CR in the middle, DEL, a bare CR */
    JUNK_EXACT,    /* exactly 1024 bytes: the longest line allowed */
    JUNK_OVERLONG, /* 1025 bytes to 40 KiB: must be answered with ERR line */
    JUNK_COMMAND,  /* commands with junk arguments, reserved nicks, unknown commands */
    JUNK_EMPTY,    /* empty lines, CRLF only, spaces */
    JUNK_COUNT,
};

struct soak_unruly; /* one of the 200 (soak-unruly.c) */
struct soak_watch;  /* observers and prober (soak-watch.c) */

struct soak_run {
    unsigned port;
    unsigned rate; /* the server's --rate (0: no limit), for the flood check */
    unsigned clients, observers;
    unsigned seconds;
    pid_t server_pid;
    uint64_t seed;
    int64_t start_us, load_end_us;
    bool ending; /* the load is over: no new sessions, no new messages */
    struct soak_ledger ledger;
    struct soak_unruly *unruly;
    struct soak_watch *watch;
    /* Figures. */
    uint64_t sessions[KIND_COUNT];   /* sessions started per behaviour */
    uint64_t junk_lines[JUNK_COUNT]; /* bad inputs sent per kind */
    uint64_t lines_sent, bytes_sent, lines_received, connects;
    uint64_t connect_failures;    /* connect() refused or failed */
    uint64_t unexpected_closes;   /* the server closed a well-behaved client */
    uint64_t response_mismatches; /* a response did not answer the oldest request */
    uint64_t who_without_self;    /* "OK who" without the asker's own nick */
    uint64_t quit_unanswered;     /* /quit without OK quit and EOF in time */
    uint64_t junk_unanswered;     /* /ping after junk not answered in time */
    uint64_t junk_err_mismatch;   /* ERR line count != overlong lines sent */
    uint64_t idle_flushes;        /* a vanisher's unterminated bytes answered (300 ms) */
    uint64_t junk_checked;        /* junk sessions whose answers were all checked */
    uint64_t stop_dropped, stop_not_dropped, stop_other_reason;
    int64_t stop_drop_max_us; /* longest time until a stop-reader was dropped */
    uint64_t flood_checked, flood_over_rate;
    double flood_max_rate; /* the highest accepted lines/s of one flooder */
};

/* soak-unruly.c */
int soak_unruly_init(struct soak_run *run);
void soak_unruly_free(struct soak_run *run);
/* Fill poll entries (returns how many) and act on the answers / timers. */
unsigned soak_unruly_polls(struct soak_run *run, struct pollfd *polls);
void soak_unruly_events(struct soak_run *run, const struct pollfd *polls, int64_t now_us);
void soak_unruly_timers(struct soak_run *run, int64_t now_us);
int64_t soak_unruly_next_us(const struct soak_run *run);
/* The load is over: close every connection of the 200. */
void soak_unruly_stop(struct soak_run *run, int64_t now_us);
/* The prober saw "LEAVE NICK REASON" (stop-readers learn they were dropped). */
const char *soak_kind_name(enum soak_kind kind);
void soak_unruly_left(struct soak_run *run, const char *nick, size_t nick_len, const char *reason,
                      size_t reason_len, int64_t now_us);

/* soak-watch.c */
int soak_watch_init(struct soak_run *run);
void soak_watch_free(struct soak_run *run);
unsigned soak_watch_polls(struct soak_run *run, struct pollfd *polls);
void soak_watch_events(struct soak_run *run, const struct pollfd *polls, int64_t now_us);
void soak_watch_timers(struct soak_run *run, int64_t now_us);
/* The load is over: observers say /quit, the prober stops. */
void soak_watch_stop(struct soak_run *run, int64_t now_us);
/* True once every observer finished (or the time for it ran out). */
bool soak_watch_done(const struct soak_run *run);
/* True while observers and prober are connected and named (the load may start). */
bool soak_watch_ready(const struct soak_run *run);
void soak_watch_report(const struct soak_run *run, bool *failed);

void soak_report_int(const char *key, long long value);
void soak_report_double(const char *key, double value, int decimals);

#endif
