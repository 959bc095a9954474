/*
 * harness.h - drive the real obrol-server over loopback, for the integration tests.
 *
 * A test starts the server binary ($OBROL_BIN/obrol-server, default bin/) on
 * 127.0.0.1 with a port the kernel picks, talks to it with ordinary sockets,
 * and stops it. Everything here waits with a deadline: a broken server makes a
 * test fail, never hang.
 *
 * Cleaning up: Check runs each test in a forked child. The server is started
 * with PR_SET_PDEATHSIG, so it is killed when that child dies, however the test
 * ends; harness_teardown() (a checked fixture) also kills what is left.
 */
#ifndef OBROL_TESTS_HARNESS_H
#define OBROL_TESTS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Waits used throughout: generous, because the sanitizer build is slow. */
#define HARNESS_START_TIMEOUT_MS 5000
#define HARNESS_STOP_TIMEOUT_MS 5000
#define HARNESS_REPLY_TIMEOUT_MS 3000

/* Longest line the server may send (docs/protocol.md: clients accept 64 KiB). */
#define HARNESS_LINE_MAX 65536

/* Results of the line readers besides a length (>= 0). */
#define HARNESS_TIMEOUT (-1)
#define HARNESS_EOF (-2)
#define HARNESS_ERROR (-3)

/* ---- The server process ---------------------------------------------------- */

struct harness_server {
    pid_t pid;     /* 0 when not running */
    unsigned port; /* learned from the ready line */
    int log_fd;    /* the server's stdout and stderr: an unlinked temporary file */
    int keys_fd;   /* write end of the server's standard input, or -1 (it reads /dev/null) */
};

/*
 * Start obrol-server --bind 127.0.0.1 --port PORT, then the extra arguments
 * `args` (NULL-terminated; NULL for none; a later --port or --bind overrides),
 * and wait for its ready line. Returns false (with a message on stderr) if it did not become
 * ready in time. Example:
 *     harness_server_start(&server, 0, HARNESS_ARGS("-q", "--rate", "0"))
 */
bool harness_server_start(struct harness_server *server, unsigned port, const char *const *args);
#define HARNESS_ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/*
 * The same, but the server's standard input is a pipe: harness_server_keys()
 * types into it (step-mode keys, operator commands).
 */
bool harness_server_start_keys(struct harness_server *server, unsigned port,
                               const char *const *args);

/*
 * The same, but the server's standard output is `out_fd`, the write end of a
 * pipe: a terminal the test reads when it likes, or never (like one paused
 * with Ctrl-S). Standard error still goes to the log; standard input is a
 * pipe, as with harness_server_start_keys(). The ready line is read from
 * `ready_fd`, the pipe's read end; what came up to it is consumed.
 */
bool harness_server_start_stdout(struct harness_server *server, unsigned port,
                                 const char *const *args, int out_fd, int ready_fd);

/* Write `text` to the server's standard input (started with harness_server_start_keys). */
bool harness_server_keys(const struct harness_server *server, const char *text);

/* Wait (at most timeout_ms) until the server's log contains `text`. */
bool harness_server_log_wait(const struct harness_server *server, const char *text, int timeout_ms);

/* How many times `text` occurs in the server's log so far. */
int harness_server_log_count(const struct harness_server *server, const char *text);

/* Send a signal to the running server. */
void harness_server_signal(const struct harness_server *server, int signal_number);

/*
 * Wait (at most timeout_ms) for the server to exit. Returns its exit status,
 * 128 + the signal that killed it, or -1 if it was still running (it is then
 * killed with SIGKILL).
 */
int harness_server_wait(struct harness_server *server, int timeout_ms);

/* SIGTERM, then harness_server_wait(). */
int harness_server_stop(struct harness_server *server);

/* Everything the server printed so far, NUL-terminated (free() it). */
char *harness_server_log(const struct harness_server *server);

/* The server's resident memory (VmRSS) in KiB, or -1. */
long harness_server_rss_kb(const struct harness_server *server);

/*
 * Memory bounds for a server built with AddressSanitizer. ASan keeps freed
 * memory in a quarantine (256 MiB by default) to catch use after free, so the
 * RSS of such a server grows with every free(). Tests that measure memory call
 * harness_shrink_asan_quarantine() before starting the server (it only sets
 * ASAN_OPTIONS, which other builds ignore) and allow this much more growth
 * when they are themselves built with ASan, like the server they test.
 */
void harness_shrink_asan_quarantine(void);
#if defined(__SANITIZE_ADDRESS__)
#define HARNESS_RSS_SLACK_KB (4 * 1024L)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HARNESS_RSS_SLACK_KB (4 * 1024L)
#endif
#endif
#ifndef HARNESS_RSS_SLACK_KB
#define HARNESS_RSS_SLACK_KB 0L
#endif

/*
 * True under `make test VALGRIND=1` (OBROL_VALGRIND=1): the server runs under
 * valgrind's memcheck, which exits with HARNESS_VALGRIND_STATUS when it found
 * an invalid access or a definitely or indirectly lost block. The server is
 * then 10 to 50 times slower: tests that measure speed or time skip themselves.
 */
bool harness_valgrind(void);
#define HARNESS_VALGRIND_STATUS 99
#define HARNESS_VALGRIND_STATUS_TEXT "99"

/* Checked-fixture teardown: kill every server this process started and still runs. */
void harness_teardown(void);

/* ---- Client connections ----------------------------------------------------- */

struct harness_conn {
    int fd;    /* -1 when closed */
    char *buf; /* received bytes; buf[start..len) not yet handed out as lines */
    size_t start, len, cap;
    bool eof; /* the server closed its side */
    char nick[40];
};

/* Connect to 127.0.0.1:port (blocking connect, then non-blocking). false on failure. */
bool harness_connect(struct harness_conn *conn, unsigned port);

/* The same, with SO_RCVBUF set before connect() (a client that reads slowly). */
bool harness_connect_rcvbuf(struct harness_conn *conn, unsigned port, int rcvbuf);

/*
 * The same, from the source address `source` (one of 127.0.0.0/8, which all
 * reach this computer): to the server, another computer. With --limit-loopback
 * each such address has its own budgets (src/server/hosts.c).
 */
bool harness_connect_from(struct harness_conn *conn, unsigned port, const char *source);

/* Connect and take a nick: sends "/nick NICK" and waits for "OK nick NICK". */
bool harness_join(struct harness_conn *conn, unsigned port, const char *nick);

void harness_close(struct harness_conn *conn);

/* Close with SO_LINGER {1, 0}: the kernel sends RST instead of FIN. */
void harness_reset(struct harness_conn *conn);

/* Send every byte (waiting at most HARNESS_REPLY_TIMEOUT_MS for room). */
bool harness_send(struct harness_conn *conn, const void *bytes, size_t len);
bool harness_send_text(struct harness_conn *conn, const char *text);

/*
 * Read one line (without its LF) into `line` (NUL-terminated, cut to room - 1).
 * Returns its full length, HARNESS_TIMEOUT, HARNESS_EOF or HARNESS_ERROR.
 */
int harness_read_line(struct harness_conn *conn, char *line, size_t room, int timeout_ms);

/* Read lines, skipping others, until one starts with `prefix`. Same results. */
int harness_expect(struct harness_conn *conn, const char *prefix, char *line, size_t room,
                   int timeout_ms);

/* Read (and drop) lines until the server closes the connection: true on EOF. */
bool harness_expect_eof(struct harness_conn *conn, int timeout_ms);

/* Receive what is already there (non-blocking); false on EOF or error. */
bool harness_pump(struct harness_conn *conn);

/* Hand out the next complete buffered line without any I/O; false if none. */
bool harness_take_line(struct harness_conn *conn, char **line, size_t *len);

/* ---- Collected lines ------------------------------------------------------------ */

struct harness_lines {
    char **items;
    size_t count, cap;
};

/*
 * Read lines into `lines` until (and including) one equal to `last`; true if it
 * came within timeout_ms. Pair with "/ping TOKEN" ... "OK ping TOKEN": since
 * responses keep request order, everything queued before the ping is then in.
 */
bool harness_collect_until(struct harness_conn *conn, const char *last, struct harness_lines *lines,
                           int timeout_ms);

/* Send "/ping TOKEN" and collect every line up to its response. */
bool harness_sync(struct harness_conn *conn, const char *token, struct harness_lines *lines);

/* Append a copy of `line`; false if out of memory. */
bool harness_lines_add(struct harness_lines *lines, const char *line);

/* harness_sync() and forget the lines: what was pending before is out of the way. */
bool harness_settle(struct harness_conn *conn);

size_t harness_lines_count(const struct harness_lines *lines, const char *prefix);
bool harness_lines_has(const struct harness_lines *lines, const char *exact);
void harness_lines_free(struct harness_lines *lines);

/* ---- Small things ------------------------------------------------------------- */

int64_t harness_now_ms(void);
void harness_sleep_ms(int ms);

/* True if `text` starts with `prefix`. */
bool harness_starts_with(const char *text, const char *prefix);

#endif
