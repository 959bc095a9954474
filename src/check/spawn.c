/*
 * spawn.c - start, watch and stop the server under test.
 */
#include "check/spawn.h"

#include "clock.h"
#include "fdlimit.h"
#include "i18n.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

bool spawn_substitute_port(const char *command, unsigned port, char *out, size_t room)
{
    static const char marker[] = "{port}";
    char number[16];
    size_t used = 0;

    snprintf(number, sizeof(number), "%u", port);
    while (*command != '\0') {
        bool is_marker = strncmp(command, marker, sizeof(marker) - 1) == 0;
        const char *piece = is_marker ? number : command;
        size_t length = is_marker ? strlen(number) : 1;
        if (used + length + 1 > room)
            return false;
        memcpy(out + used, piece, length);
        used += length;
        command += is_marker ? sizeof(marker) - 1 : 1;
    }
    if (room == 0)
        return false;
    out[used] = '\0';
    return true;
}

/*
 * In the child: its own group, the raised limit, every signal back to its
 * default action (SIGPIPE above all: the grader ignores it, the server must
 * choose for itself), output to the pipe. Signals stay blocked until the
 * handlers are reset, so that none runs a handler of the grader's here.
 */
static void spawn_child(const char *command, int output_fd, const sigset_t *mask)
{
    setpgid(0, 0);
    fdlimit_raise(SPAWN_FD_LIMIT, NULL);
    for (int number = 1; number < NSIG; number++)
        signal(number, SIG_DFL); /* SIGKILL and SIGSTOP refuse: that is fine */
    sigprocmask(SIG_SETMASK, mask, NULL);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(output_fd, 1) < 0 || dup2(output_fd, 2) < 0)
        _exit(127);
    long highest = sysconf(_SC_OPEN_MAX);
    for (long fd = 3; fd < highest && fd < 65536; fd++)
        close((int)fd);
    execl("/bin/sh", "sh", "-c", command, (char *)NULL);
    _exit(127);
}

bool spawn_start(struct spawn *spawn, const char *command)
{
    int pipe_fds[2];

    memset(spawn, 0, sizeof(*spawn));
    spawn->output_fd = -1;
    if (pipe(pipe_fds) != 0)
        return false;
    sigset_t all, mask;
    sigfillset(&all);
    fflush(NULL);
    sigprocmask(SIG_BLOCK, &all, &mask);
    pid_t pid = fork();
    if (pid == 0)
        spawn_child(command, pipe_fds[1], &mask);
    sigprocmask(SIG_SETMASK, &mask, NULL);
    if (pid < 0) {
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        return false;
    }
    setpgid(pid, pid); /* also here: whichever runs first, the group exists before kill() */
    close(pipe_fds[1]);
    fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
    fcntl(pipe_fds[0], F_SETFD, FD_CLOEXEC);
    spawn->pid = pid;
    spawn->output_fd = pipe_fds[0];
    return true;
}

/* Keep the last SPAWN_TAIL_BYTES of output. */
static void spawn_keep(struct spawn *spawn, const char *bytes, size_t count)
{
    if (count >= SPAWN_TAIL_BYTES) {
        memcpy(spawn->tail, bytes + count - SPAWN_TAIL_BYTES, SPAWN_TAIL_BYTES);
        spawn->tail_len = SPAWN_TAIL_BYTES;
        return;
    }
    if (spawn->tail_len + count > SPAWN_TAIL_BYTES) {
        size_t drop = spawn->tail_len + count - SPAWN_TAIL_BYTES;
        memmove(spawn->tail, spawn->tail + drop, spawn->tail_len - drop);
        spawn->tail_len -= drop;
    }
    memcpy(spawn->tail + spawn->tail_len, bytes, count);
    spawn->tail_len += count;
}

void spawn_drain(struct spawn *spawn)
{
    char bytes[4096];

    for (int turn = 0; turn < 16 && spawn->output_fd >= 0; turn++) {
        ssize_t got = read(spawn->output_fd, bytes, sizeof(bytes));
        if (got > 0) {
            spawn_keep(spawn, bytes, (size_t)got);
            spawn->output_total += (size_t)got;
            continue;
        }
        if (got < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        close(spawn->output_fd); /* end of file: every writer has gone */
        spawn->output_fd = -1;
    }
}

bool spawn_poll(struct spawn *spawn)
{
    if (spawn->pid <= 0 || spawn->exited)
        return spawn->exited;
    int status;
    if (waitpid(spawn->pid, &status, WNOHANG) == spawn->pid) {
        spawn->exited = true;
        spawn->status = status;
    }
    return spawn->exited;
}

void spawn_stop(struct spawn *spawn, int grace_ms)
{
    if (spawn->pid <= 0)
        return;
    kill(-spawn->pid, SIGTERM);
    int64_t deadline = clock_ms() + grace_ms;
    while (!spawn_poll(spawn) && clock_ms() < deadline) {
        /* Wait for its output pipe to close (or to say more); at most 10 ms a turn. */
        fd_set readable;
        FD_ZERO(&readable);
        if (spawn->output_fd >= 0 && spawn->output_fd < FD_SETSIZE)
            FD_SET(spawn->output_fd, &readable);
        struct timeval pause = {.tv_sec = 0, .tv_usec = 10000};
        if (select(spawn->output_fd + 1, &readable, NULL, NULL, &pause) > 0)
            spawn_drain(spawn);
    }
    kill(-spawn->pid, SIGKILL); /* the rest of a pipeline, or a server deaf to SIGTERM */
    if (!spawn->exited && waitpid(spawn->pid, &spawn->status, 0) == spawn->pid)
        spawn->exited = true;
    spawn_drain(spawn);
    if (spawn->output_fd >= 0)
        close(spawn->output_fd);
    spawn->output_fd = -1;
    spawn->pid = 0;
}

/* The stat fields of /proc/PID/stat we need: group, user and system time. */
static bool spawn_read_stat(const char *pid_dir, int *group, unsigned long long *ticks)
{
    char path[64], text[1024];

    snprintf(path, sizeof(path), "/proc/%s/stat", pid_dir);
    FILE *file = fopen(path, "r");
    if (file == NULL)
        return false;
    size_t length = fread(text, 1, sizeof(text) - 1, file);
    fclose(file);
    text[length] = '\0';
    const char *after_name = strrchr(text, ')'); /* the name may hold spaces */
    unsigned long long user, system;
    if (after_name == NULL || sscanf(after_name + 2, "%*c %*d %d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
                                     group, &user, &system) != 3)
        return false;
    *ticks = user + system;
    return true;
}

/* Call `each` for every process of the group (read from /proc). */
static void spawn_each_process(const struct spawn *spawn,
                               void (*each)(const char *pid_dir, unsigned long long ticks, void *arg),
                               void *arg)
{
    DIR *proc = opendir("/proc");
    struct dirent *entry;

    if (proc == NULL || spawn->pid <= 0) {
        if (proc != NULL)
            closedir(proc);
        return;
    }
    while ((entry = readdir(proc)) != NULL) {
        int group;
        unsigned long long ticks;
        if (isdigit((unsigned char)entry->d_name[0]) && spawn_read_stat(entry->d_name, &group, &ticks) &&
            group == spawn->pid)
            each(entry->d_name, ticks, arg);
    }
    closedir(proc);
}

static void spawn_add_ticks(const char *pid_dir, unsigned long long ticks, void *arg)
{
    (void)pid_dir;
    *(unsigned long long *)arg += ticks;
}

unsigned long long spawn_cpu_ticks(const struct spawn *spawn)
{
    unsigned long long total = 0;

    spawn_each_process(spawn, spawn_add_ticks, &total);
    return total;
}

static void spawn_add_fds(const char *pid_dir, unsigned long long ticks, void *arg)
{
    char path[64];
    (void)ticks;

    snprintf(path, sizeof(path), "/proc/%s/fd", pid_dir);
    DIR *fds = opendir(path);
    if (fds == NULL)
        return;
    while (readdir(fds) != NULL)
        (*(size_t *)arg)++;
    closedir(fds);
}

size_t spawn_open_fds(const struct spawn *spawn)
{
    size_t total = 0;

    spawn_each_process(spawn, spawn_add_fds, &total);
    return total;
}

/* What each deadly signal usually means for a server. */
static const struct spawn_signal_meaning {
    int signal;
    const char *name;
    const char *meaning;
} spawn_signal_meanings[] = {
    {.signal = SIGPIPE,
     .name = "SIGPIPE",
     .meaning = N_("it wrote to a client that had left")},
    {.signal = SIGSEGV,
     .name = "SIGSEGV",
     .meaning = N_("it used memory it does not own (a bad pointer, or an index past the end of an array)")},
    {.signal = SIGABRT,
     .name = "SIGABRT",
     .meaning = N_("it stopped itself: a failed assert, or the C library found memory being overwritten (FD_SET of an fd past FD_SETSIZE does that)")},
    {.signal = SIGBUS,
     .name = "SIGBUS",
     .meaning = N_("it used memory it does not own")},
    {.signal = SIGFPE,
     .name = "SIGFPE",
     .meaning = N_("it divided by zero")},
    {.signal = SIGKILL,
     .name = "SIGKILL",
     .meaning = N_("it was killed from outside (out of memory?)")},
};

static void spawn_describe_signal(int number, char *out, size_t room)
{
    for (size_t i = 0; i < sizeof(spawn_signal_meanings) / sizeof(spawn_signal_meanings[0]); i++) {
        if (spawn_signal_meanings[i].signal == number) {
            snprintf(out, room, _("the server died of signal %d (%s): %s"), number,
                     spawn_signal_meanings[i].name, _(spawn_signal_meanings[i].meaning));
            return;
        }
    }
    snprintf(out, room, _("the server died of signal %d (%s)"), number, strsignal(number));
}

void spawn_describe_end(int status, char *out, size_t room)
{
    if (WIFSIGNALED(status))
        spawn_describe_signal(WTERMSIG(status), out, room);
    else if (WIFEXITED(status) && WEXITSTATUS(status) > 128 && WEXITSTATUS(status) < 128 + 32)
        spawn_describe_signal(WEXITSTATUS(status) - 128, out, room); /* the shell's way */
    else if (WIFEXITED(status))
        snprintf(out, room, _("the server exited with status %d"), WEXITSTATUS(status));
    else
        snprintf(out, room, _("the server ended"));
}

const char *spawn_tail(const struct spawn *spawn, size_t lines)
{
    static char text[SPAWN_TAIL_BYTES + 1];
    size_t start = spawn->tail_len, seen = 0;

    memcpy(text, spawn->tail, spawn->tail_len);
    text[spawn->tail_len] = '\0';
    if (start > 0 && text[start - 1] == '\n')
        start--;
    while (start > 0 && seen < lines) {
        if (text[start - 1] == '\n')
            seen++;
        if (seen < lines)
            start--;
    }
    return text + start;
}
