/*
 * spawn.h - the server under test, started by the grader (--spawn).
 *
 * `/bin/sh -c CMD` runs in a process group of its own (so that a pipeline
 * such as `sed ... | python3 -` is stopped whole and its CPU time counted
 * whole), with RLIMIT_NOFILE raised to SPAWN_FD_LIMIT (so that FD_SETSIZE
 * mistakes can show), SIGPIPE back to its default action (the grader ignores
 * it; a server must ignore it itself), and its standard output and error in
 * one pipe that the grader's loop drains into a tail of the last bytes, so
 * the server never blocks on a full pipe.
 */
#ifndef OBROL_CHECK_SPAWN_H
#define OBROL_CHECK_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SPAWN_FD_LIMIT 4096
#define SPAWN_TAIL_BYTES 2048 /* the server output kept for the report */

struct spawn {
    pid_t pid;      /* the shell, leader of the group; 0 when none */
    int output_fd;  /* read end of the output pipe, -1 once closed */
    bool exited;    /* waitpid() reported it */
    int status;     /* waitpid()'s status, when exited */
    char tail[SPAWN_TAIL_BYTES];
    size_t tail_len;
    size_t output_total; /* bytes of output seen */
};

/*
 * `command` with every "{port}" replaced by `port`, into `out`. False if the
 * result does not fit.
 */
bool spawn_substitute_port(const char *command, unsigned port, char *out, size_t room);

/* Start `command` (already substituted). False with errno if fork/pipe failed. */
bool spawn_start(struct spawn *spawn, const char *command);

/* Read what the server wrote, if any (the loop calls it when output_fd is readable). */
void spawn_drain(struct spawn *spawn);

/* Non-blocking waitpid(): true once the server has exited. */
bool spawn_poll(struct spawn *spawn);

/* SIGTERM to the group, up to `grace_ms` for it to end, then SIGKILL; reaped. */
void spawn_stop(struct spawn *spawn, int grace_ms);

/* CPU time (user + system, in clock ticks) of every process of its group. */
unsigned long long spawn_cpu_ticks(const struct spawn *spawn);

/* How many fds the processes of its group have open. */
size_t spawn_open_fds(const struct spawn *spawn);

/*
 * How it ended, in words: "the server died of signal 13 (SIGPIPE): it wrote
 * to a client that had left" or "the server exited with status 1". The shell's
 * 128+N for a pipeline's last command killed by signal N is told as a signal.
 */
void spawn_describe_end(int status, char *out, size_t room);

/* The tail of its output: up to `lines` last lines (with a NUL after them). */
const char *spawn_tail(const struct spawn *spawn, size_t lines);

#endif
