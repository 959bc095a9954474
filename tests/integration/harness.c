/*
 * harness.c - start the real obrol-server, talk to it over loopback, stop it.
 *
 * Every wait in this file has a deadline, and every loop a bound: a test that
 * meets a broken server fails with a message instead of hanging.
 */
#include "harness.h"

#include <check.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How many arguments harness_server_start() passes at most. */
#define HARNESS_MAX_ARGS 32
/* How many servers one test may run at the same time. */
#define HARNESS_MAX_SERVERS 8
/* A connection's receive buffer never grows past this (several maximal lines). */
#define HARNESS_BUFFER_LIMIT (4 * HARNESS_LINE_MAX)
/* No single test reads more lines than this in one call. */
#define HARNESS_MAX_LINES_PER_CALL 1000000

static const char HARNESS_READY[] = "Server ready to accept connections on ";
static const char HARNESS_READY_ID[] = "Server siap menerima koneksi di "; /* --lang id */

/* Servers started and not yet reaped, so that harness_teardown() can kill them. */
static pid_t harness_running[HARNESS_MAX_SERVERS];

/* ---- Small things ------------------------------------------------------------- */

int64_t harness_now_ms(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

void harness_sleep_ms(int ms)
{
    struct timespec pause = {ms / 1000, (long)(ms % 1000) * 1000000L};

    while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {
        /* interrupted by a signal: sleep the rest */
    }
}

bool harness_starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* Milliseconds left until `deadline`, never negative. */
static int harness_remaining(int64_t deadline)
{
    int64_t left = deadline - harness_now_ms();

    return left > 0 ? (int)left : 0;
}

/* ---- The server process ---------------------------------------------------- */

static void harness_remember(pid_t pid, pid_t replace)
{
    for (int i = 0; i < HARNESS_MAX_SERVERS; i++) {
        if (harness_running[i] == replace) {
            harness_running[i] = pid;
            return;
        }
    }
}

char *harness_server_log(const struct harness_server *server)
{
    struct stat info;
    size_t size = 0, got = 0;

    if (fstat(server->log_fd, &info) == 0 && info.st_size > 0)
        size = (size_t)info.st_size;
    char *text = malloc(size + 1);
    if (text == NULL)
        return NULL;
    while (got < size) { /* pread: the server's file offset stays untouched */
        ssize_t count = pread(server->log_fd, text + got, size - got, (off_t)got);
        if (count <= 0)
            break;
        got += (size_t)count;
    }
    text[got] = '\0';
    return text;
}

/* The child side of fork(): die with the test, write to the log (or out_fd), become the server. */
static void harness_exec_server(pid_t test_pid, int log_fd, int stdin_fd, int out_fd,
                                char *const argv[])
{
    sigset_t none;

    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != test_pid) /* the test died before prctl(): follow it */
        _exit(127);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int null_fd = stdin_fd >= 0 ? stdin_fd : open("/dev/null", O_RDONLY);
    if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 ||
        dup2(out_fd >= 0 ? out_fd : log_fd, STDOUT_FILENO) < 0 || dup2(log_fd, STDERR_FILENO) < 0)
        _exit(127);
    execvp(argv[0], argv);
    dprintf(STDERR_FILENO, "harness: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* The port of the ready line at `ready` ("... on 127.0.0.1:PORT" or "... on [::]:PORT"), or 0. */
static unsigned harness_ready_port(const char *ready)
{
    const char *end = strchr(ready, '\n');
    const char *colon = NULL;

    for (const char *at = ready; end != NULL && at < end; at++) {
        if (*at == ':')
            colon = at; /* the last colon of the line: IPv6 addresses hold others */
    }
    return colon != NULL ? (unsigned)strtoul(colon + 1, NULL, 10) : 0;
}

/* Poll the log until the ready line names the port, or the server dies, or time runs out. */
static bool harness_wait_ready(struct harness_server *server)
{
    int timeout_ms = HARNESS_START_TIMEOUT_MS * (harness_valgrind() ? 4 : 1);
    int64_t deadline = harness_now_ms() + timeout_ms;

    for (int round = 0; round < timeout_ms / 5 + 1; round++) {
        char *log = harness_server_log(server);
        const char *ready = log ? strstr(log, HARNESS_READY) : NULL;
        if (ready == NULL && log != NULL)
            ready = strstr(log, HARNESS_READY_ID);
        unsigned port = ready != NULL ? harness_ready_port(ready) : 0;
        if (port > 0) {
            server->port = port;
            free(log);
            return true;
        }
        int status;
        if (waitpid(server->pid, &status, WNOHANG) == server->pid) {
            fprintf(stderr, "harness: the server exited before it was ready:\n%s\n",
                    log ? log : "");
            harness_remember(0, server->pid);
            server->pid = 0;
            free(log);
            return false;
        }
        free(log);
        if (harness_remaining(deadline) == 0)
            break;
        harness_sleep_ms(5);
    }
    fprintf(stderr, "harness: no ready line within %d ms\n", HARNESS_START_TIMEOUT_MS);
    harness_server_wait(server, 0); /* kills it */
    return false;
}

static bool harness_server_launch(struct harness_server *server, unsigned port,
                                  const char *const *args, bool with_keys, int out_fd)
{
    char program[4096], port_text[16], log_path[] = "/tmp/obrol-test-log-XXXXXX";
    char *argv[HARNESS_MAX_ARGS];
    int argc = 0;
    const char *bin = getenv("OBROL_BIN");

    int keys[2] = {-1, -1};

    memset(server, 0, sizeof(*server));
    server->log_fd = -1;
    server->keys_fd = -1;
    if (with_keys && pipe(keys) != 0) {
        perror("harness: pipe()");
        return false;
    }
    snprintf(program, sizeof(program), "%s/obrol-server", bin && *bin ? bin : "bin");
    snprintf(port_text, sizeof(port_text), "%u", port);
    if (harness_valgrind()) {
        /* make test VALGRIND=1: memcheck watches the server; any invalid access
         * or definitely/indirectly lost byte makes it exit with status 99. */
        argv[argc++] = "valgrind";
        argv[argc++] = "--quiet";
        argv[argc++] = "--error-exitcode=" HARNESS_VALGRIND_STATUS_TEXT;
        argv[argc++] = "--leak-check=full";
        argv[argc++] = "--show-leak-kinds=definite,indirect";
        argv[argc++] = "--errors-for-leak-kinds=definite,indirect";
    }
    argv[argc++] = program;
    argv[argc++] = "--bind";
    argv[argc++] = "127.0.0.1";
    argv[argc++] = "--port";
    argv[argc++] = port_text;
    for (size_t i = 0; args != NULL && args[i] != NULL && argc < HARNESS_MAX_ARGS - 1; i++)
        argv[argc++] = (char *)args[i]; /* execv() takes char *const[]; it does not write */
    argv[argc] = NULL;

    /* The log is a file, not a pipe: the server can never block writing to it.
     * It is unlinked at once, so nothing is left behind whatever happens. */
    server->log_fd = mkstemp(log_path);
    if (server->log_fd < 0) {
        perror("harness: mkstemp()");
        return false;
    }
    unlink(log_path);
    fcntl(server->log_fd, F_SETFL, O_APPEND); /* the server's writes always append */
    fcntl(server->log_fd, F_SETFD, FD_CLOEXEC);

    pid_t test_pid = getpid();
    fflush(NULL);
    server->pid = fork();
    if (server->pid < 0) {
        perror("harness: fork()");
        server->pid = 0;
        return false;
    }
    if (server->pid == 0) {
        if (keys[1] >= 0)
            close(keys[1]);
        harness_exec_server(test_pid, server->log_fd, keys[0], out_fd, argv);
    }
    if (keys[0] >= 0) {
        close(keys[0]);
        server->keys_fd = keys[1];
        fcntl(server->keys_fd, F_SETFD, FD_CLOEXEC);
    }
    harness_remember(server->pid, 0);
    return out_fd >= 0 || harness_wait_ready(server); /* else the caller reads its ready line */
}

bool harness_server_start(struct harness_server *server, unsigned port, const char *const *args)
{
    return harness_server_launch(server, port, args, false, -1);
}

bool harness_server_start_keys(struct harness_server *server, unsigned port,
                               const char *const *args)
{
    return harness_server_launch(server, port, args, true, -1);
}

/* Read `fd` (at most until the start time-out) up to the ready line, and learn the port. */
static bool harness_read_ready(struct harness_server *server, int fd)
{
    int64_t deadline = harness_now_ms() + HARNESS_START_TIMEOUT_MS * (harness_valgrind() ? 4 : 1);
    char seen[8192];
    size_t len = 0;

    while (len + 1 < sizeof(seen)) {
        struct pollfd ready = {.fd = fd, .events = POLLIN};
        if (poll(&ready, 1, harness_remaining(deadline)) <= 0)
            break;
        ssize_t count = read(fd, seen + len, sizeof(seen) - 1 - len);
        if (count <= 0)
            break;
        len += (size_t)count;
        seen[len] = '\0';
        const char *line = strstr(seen, HARNESS_READY);
        if (line != NULL && strchr(line, '\n') != NULL) {
            server->port = harness_ready_port(line);
            return server->port > 0;
        }
    }
    fprintf(stderr, "harness: no ready line on the server's standard output\n");
    harness_server_wait(server, 0); /* kills it */
    return false;
}

bool harness_server_start_stdout(struct harness_server *server, unsigned port,
                                 const char *const *args, int out_fd, int ready_fd)
{
    return harness_server_launch(server, port, args, true, out_fd) &&
           harness_read_ready(server, ready_fd);
}

bool harness_server_keys(const struct harness_server *server, const char *text)
{
    size_t len = strlen(text);

    return server->keys_fd >= 0 && write(server->keys_fd, text, len) == (ssize_t)len;
}

int harness_server_log_count(const struct harness_server *server, const char *text)
{
    char *log = harness_server_log(server);
    int count = 0;

    for (const char *at = log; at != NULL && (at = strstr(at, text)) != NULL; at++)
        count++;
    free(log);
    return count;
}

bool harness_server_log_wait(const struct harness_server *server, const char *text, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;

    for (int round = 0; round < timeout_ms / 5 + 1; round++) {
        if (harness_server_log_count(server, text) > 0)
            return true;
        if (harness_remaining(deadline) == 0)
            break;
        harness_sleep_ms(5);
    }
    return false;
}

void harness_server_signal(const struct harness_server *server, int signal_number)
{
    if (server->pid > 0)
        kill(server->pid, signal_number);
}

int harness_server_wait(struct harness_server *server, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;
    int status = 0;
    pid_t done = 0;

    if (server->pid <= 0)
        return -1;
    for (int round = 0; round < timeout_ms + 1; round++) {
        done = waitpid(server->pid, &status, WNOHANG);
        if (done != 0 || harness_remaining(deadline) == 0)
            break;
        harness_sleep_ms(1);
    }
    if (done == 0) { /* still running: this is a failure, but leave nothing behind */
        kill(server->pid, SIGKILL);
        waitpid(server->pid, &status, 0);
    }
    bool exited = done == server->pid;
    harness_remember(0, server->pid);
    server->pid = 0;
    if (!exited)
        return -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

int harness_server_stop(struct harness_server *server)
{
    harness_server_signal(server, SIGTERM);
    int status =
        harness_server_wait(server, HARNESS_STOP_TIMEOUT_MS * (harness_valgrind() ? 3 : 1));
    if (status != 0 && server->log_fd >= 0) {
        char *log = harness_server_log(server);
        fprintf(stderr, "harness: the server ended with status %d; its log:\n%s\n", status,
                log ? log : "");
        free(log);
    }
    if (harness_valgrind())
        ck_assert_msg(status != HARNESS_VALGRIND_STATUS,
                      "valgrind found memory errors or leaks in the server (log above)");
    return status;
}

bool harness_valgrind(void)
{
    const char *value = getenv("OBROL_VALGRIND");

    return value != NULL && strcmp(value, "1") == 0;
}

long harness_server_rss_kb(const struct harness_server *server)
{
    char path[64], line[256];
    long kb = -1;

    snprintf(path, sizeof(path), "/proc/%d/status", (int)server->pid);
    FILE *status = fopen(path, "r");
    if (status == NULL)
        return -1;
    while (fgets(line, sizeof(line), status) != NULL) {
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    }
    fclose(status);
    return kb;
}

void harness_shrink_asan_quarantine(void)
{
    const char *current = getenv("ASAN_OPTIONS");
    char options[1024];

    /* Appended: ASan reads its options in order, the last one wins. */
    snprintf(options, sizeof(options), "%s%squarantine_size_mb=1", current ? current : "",
             current && *current ? ":" : "");
    setenv("ASAN_OPTIONS", options, 1);
}

void harness_teardown(void)
{
    for (int i = 0; i < HARNESS_MAX_SERVERS; i++) {
        if (harness_running[i] > 0) {
            kill(harness_running[i], SIGKILL);
            waitpid(harness_running[i], NULL, 0);
            harness_running[i] = 0;
        }
    }
}

/* ---- Client connections ----------------------------------------------------- */

static bool harness_connect_with(struct harness_conn *conn, unsigned port, int rcvbuf,
                                 const char *source)
{
    struct sockaddr_in address;
    int on = 1;

    memset(conn, 0, sizeof(*conn));
    conn->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (conn->fd < 0) {
        perror("harness: socket()");
        return false;
    }
    if (rcvbuf > 0 && setsockopt(conn->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) != 0)
        perror("harness: setsockopt(SO_RCVBUF)");
    setsockopt(conn->fd, IPPROTO_TCP, TCP_NODELAY, &on,
               sizeof(on)); /* small sends go out at once */
    /* Another computer, as the server sees it (127.0.0.2, ...): bind to it first; the
     * port is then chosen by connect(), as without bind(), not by a search in bind(). */
    if (source != NULL) {
        setsockopt(conn->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof(on));
        memset(&address, 0, sizeof(address));
        address.sin_family = AF_INET;
        if (inet_pton(AF_INET, source, &address.sin_addr) != 1 ||
            bind(conn->fd, (struct sockaddr *)&address, sizeof(address)) != 0) {
            fprintf(stderr, "harness: cannot connect from %s: %s\n", source, strerror(errno));
            close(conn->fd);
            conn->fd = -1;
            return false;
        }
    }
    memset(&address, 0, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    /* Non-blocking connect, so that even a full backlog cannot hang the test. */
    if (connect(conn->fd, (struct sockaddr *)&address, sizeof(address)) != 0) {
        struct pollfd wait = {conn->fd, POLLOUT, 0};
        int error = errno;
        socklen_t error_len = sizeof(error);
        if (error == EINPROGRESS && poll(&wait, 1, HARNESS_REPLY_TIMEOUT_MS) == 1)
            getsockopt(conn->fd, SOL_SOCKET, SO_ERROR, &error, &error_len);
        else if (error == EINPROGRESS)
            error = ETIMEDOUT;
        if (error != 0) {
            fprintf(stderr, "harness: connect() to 127.0.0.1:%u: %s\n", port, strerror(error));
            close(conn->fd);
            conn->fd = -1;
            return false;
        }
    }
    return true;
}

bool harness_connect(struct harness_conn *conn, unsigned port)
{
    return harness_connect_with(conn, port, 0, NULL);
}

bool harness_connect_rcvbuf(struct harness_conn *conn, unsigned port, int rcvbuf)
{
    return harness_connect_with(conn, port, rcvbuf, NULL);
}

bool harness_connect_from(struct harness_conn *conn, unsigned port, const char *source)
{
    return harness_connect_with(conn, port, 0, source);
}

bool harness_join(struct harness_conn *conn, unsigned port, const char *nick)
{
    char request[64], expected[64], line[256];

    if (!harness_connect(conn, port))
        return false;
    snprintf(request, sizeof(request), "/nick %s\n", nick);
    snprintf(expected, sizeof(expected), "OK nick %s", nick);
    if (!harness_send_text(conn, request) ||
        harness_expect(conn, "OK nick", line, sizeof(line), HARNESS_REPLY_TIMEOUT_MS) < 0 ||
        strcmp(line, expected) != 0) {
        fprintf(stderr, "harness: could not take the nick %s\n", nick);
        return false;
    }
    snprintf(conn->nick, sizeof(conn->nick), "%s", nick);
    return true;
}

void harness_close(struct harness_conn *conn)
{
    if (conn->fd >= 0)
        close(conn->fd);
    conn->fd = -1;
    free(conn->buf);
    conn->buf = NULL;
    conn->start = conn->len = conn->cap = 0;
}

void harness_reset(struct harness_conn *conn)
{
    struct linger abort_now = {1, 0};

    if (conn->fd >= 0)
        setsockopt(conn->fd, SOL_SOCKET, SO_LINGER, &abort_now, sizeof(abort_now));
    harness_close(conn);
}

bool harness_send(struct harness_conn *conn, const void *bytes, size_t len)
{
    const char *next = bytes;

    /* Each turn either sends something or waits; it gives up after a stall. */
    while (len > 0) {
        ssize_t sent = send(conn->fd, next, len, MSG_NOSIGNAL);
        if (sent > 0) {
            next += sent;
            len -= (size_t)sent;
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return false;
        struct pollfd wait = {conn->fd, POLLOUT, 0};
        if (poll(&wait, 1, HARNESS_REPLY_TIMEOUT_MS) != 1) {
            fprintf(stderr, "harness: send() stalled for %d ms\n", HARNESS_REPLY_TIMEOUT_MS);
            return false;
        }
    }
    return true;
}

bool harness_send_text(struct harness_conn *conn, const char *text)
{
    return harness_send(conn, text, strlen(text));
}

/* Make room for at least 4 KiB more: slide the unread bytes down, or grow. */
static bool harness_make_room(struct harness_conn *conn)
{
    if (conn->start > 0) {
        memmove(conn->buf, conn->buf + conn->start, conn->len - conn->start);
        conn->len -= conn->start;
        conn->start = 0;
    }
    if (conn->cap - conn->len >= 4096)
        return true;
    size_t bigger = conn->cap ? conn->cap * 2 : 16384;
    if (bigger > HARNESS_BUFFER_LIMIT)
        return false; /* a "line" longer than any the server may send */
    char *grown = realloc(conn->buf, bigger);
    if (grown == NULL)
        return false;
    conn->buf = grown;
    conn->cap = bigger;
    return true;
}

bool harness_pump(struct harness_conn *conn)
{
    for (int round = 0; round < 1024 && !conn->eof; round++) {
        if (conn->buf != NULL && conn->cap - conn->len < 4096 &&
            memchr(conn->buf + conn->start, '\n', conn->len - conn->start) != NULL)
            return true; /* full enough: let the caller take lines before reading more */
        if (!harness_make_room(conn)) {
            fprintf(stderr, "harness: the server sent a line longer than %d bytes\n",
                    HARNESS_BUFFER_LIMIT);
            return false;
        }
        ssize_t count = recv(conn->fd, conn->buf + conn->len, conn->cap - conn->len, 0);
        if (count > 0) {
            conn->len += (size_t)count;
            continue;
        }
        if (count == 0) {
            conn->eof = true;
            return false;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return true;
        if (errno == ECONNRESET) /* the server aborted: for a reader, the end all the same */
            conn->eof = true;
        return false;
    }
    return !conn->eof;
}

bool harness_take_line(struct harness_conn *conn, char **line, size_t *len)
{
    if (conn->buf == NULL || conn->start == conn->len)
        return false;
    char *begin = conn->buf + conn->start;
    char *newline = memchr(begin, '\n', conn->len - conn->start);
    if (newline == NULL)
        return false;
    *newline = '\0';
    *line = begin;
    *len = (size_t)(newline - begin);
    conn->start += *len + 1;
    return true;
}

int harness_read_line(struct harness_conn *conn, char *line, size_t room, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;
    char *found;
    size_t len;

    for (int round = 0; round < HARNESS_MAX_LINES_PER_CALL; round++) {
        if (harness_take_line(conn, &found, &len)) {
            size_t copy = len < room - 1 ? len : room - 1;
            memcpy(line, found, copy);
            line[copy] = '\0';
            return (int)len;
        }
        if (conn->eof)
            return HARNESS_EOF;
        int left = harness_remaining(deadline);
        if (left == 0)
            return HARNESS_TIMEOUT;
        struct pollfd wait = {conn->fd, POLLIN, 0};
        int ready = poll(&wait, 1, left);
        if (ready < 0 && errno != EINTR)
            return HARNESS_ERROR;
        if (ready > 0 && !harness_pump(conn) && !conn->eof)
            return HARNESS_ERROR;
    }
    return HARNESS_TIMEOUT;
}

int harness_expect(struct harness_conn *conn, const char *prefix, char *line, size_t room,
                   int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;

    for (int round = 0; round < HARNESS_MAX_LINES_PER_CALL; round++) {
        int len = harness_read_line(conn, line, room, harness_remaining(deadline));
        if (len < 0 || harness_starts_with(line, prefix))
            return len;
    }
    return HARNESS_TIMEOUT;
}

bool harness_expect_eof(struct harness_conn *conn, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;
    char line[1024];

    for (int round = 0; round < HARNESS_MAX_LINES_PER_CALL; round++) {
        int len = harness_read_line(conn, line, sizeof(line), harness_remaining(deadline));
        if (len == HARNESS_EOF)
            return true;
        if (len < 0)
            return false;
    }
    return false;
}

/* ---- Collected lines ------------------------------------------------------------ */

bool harness_lines_add(struct harness_lines *lines, const char *line)
{
    if (lines->count == lines->cap) {
        size_t bigger = lines->cap ? lines->cap * 2 : 16;
        char **grown = realloc(lines->items, bigger * sizeof(*grown));
        if (grown == NULL)
            return false;
        lines->items = grown;
        lines->cap = bigger;
    }
    lines->items[lines->count] = strdup(line);
    return lines->items[lines->count++] != NULL;
}

bool harness_collect_until(struct harness_conn *conn, const char *last, struct harness_lines *lines,
                           int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;
    static char line[HARNESS_LINE_MAX];

    for (int round = 0; round < HARNESS_MAX_LINES_PER_CALL; round++) {
        if (harness_read_line(conn, line, sizeof(line), harness_remaining(deadline)) < 0)
            return false;
        if (!harness_lines_add(lines, line))
            return false;
        if (strcmp(line, last) == 0)
            return true;
    }
    return false;
}

bool harness_sync(struct harness_conn *conn, const char *token, struct harness_lines *lines)
{
    char request[128], response[128];

    snprintf(request, sizeof(request), "/ping %s\n", token);
    snprintf(response, sizeof(response), "OK ping %s", token);
    return harness_send_text(conn, request) &&
           harness_collect_until(conn, response, lines, HARNESS_REPLY_TIMEOUT_MS);
}

bool harness_settle(struct harness_conn *conn)
{
    struct harness_lines lines = {0};
    bool done = harness_sync(conn, "settle", &lines);

    harness_lines_free(&lines);
    return done;
}

size_t harness_lines_count(const struct harness_lines *lines, const char *prefix)
{
    size_t count = 0;

    for (size_t i = 0; i < lines->count; i++)
        count += harness_starts_with(lines->items[i], prefix);
    return count;
}

bool harness_lines_has(const struct harness_lines *lines, const char *exact)
{
    for (size_t i = 0; i < lines->count; i++) {
        if (strcmp(lines->items[i], exact) == 0)
            return true;
    }
    return false;
}

void harness_lines_free(struct harness_lines *lines)
{
    for (size_t i = 0; i < lines->count; i++)
        free(lines->items[i]);
    free(lines->items);
    memset(lines, 0, sizeof(*lines));
}
