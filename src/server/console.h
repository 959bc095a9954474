/*
 * console.h - the operator's keyboard: the server's own standard input.
 *
 * The teacher at the server types step keys (Enter, c, s, q) and operator
 * commands there. Standard input is watched by the same select() as the
 * sockets — no thread — so it works from a terminal and from a pipe alike. It
 * is read only when select() says it is readable, with one read() each time,
 * so the loop never waits for the operator.
 */
#ifndef OBROL_SERVER_CONSOLE_H
#define OBROL_SERVER_CONSOLE_H

#include "linebuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/select.h>

#define CONSOLE_MAX_LINE 512

struct server;

struct console {
    int fd;            /* 0 while watched, -1 once closed or unusable */
    struct linebuf in; /* what the operator typed, framed into lines */
};

void console_init(struct console *console, bool enabled);
void console_free(struct console *console);

/* The fd for select()'s read set, or -1. */
int console_fd(const struct console *console);

/*
 * Read what is waiting (one read()). Returns false when the console has gone
 * away (end of file, or a background process that may not read its terminal).
 */
bool console_read(struct console *console);

/* The next complete line the operator typed (without its newline). */
bool console_next_line(struct console *console, char *line, size_t room);

/*
 * select() returned: if the signal pipe or standard input is in `ready`, deal
 * with it (drain the pipe; run step keys and operator commands) and clear its
 * bit, so that the rest of the turn sees only sockets.
 */
void console_handle(struct server *server, fd_set *ready);

/*
 * Step mode: a step waits for the operator, or the next step for the terminal
 * to take what was said (stepping, no narration is dropped). select() watches
 * only standard input, the signal pipe and, while narration waits for it,
 * standard output; the sockets are left alone. False on a fatal error.
 */
bool console_wait_for_operator(struct server *server, int64_t now_ms);

#endif
