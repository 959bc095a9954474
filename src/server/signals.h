/*
 * signals.h - turn SIGINT and SIGTERM into a flag the loop looks at.
 *
 * A signal handler may interrupt the program anywhere, even halfway through
 * changing a client list, so it does almost nothing: it sets a flag and writes
 * one byte to a pipe. The pipe's read end sits in select()'s read set, so the
 * loop wakes up even if the signal arrived just before select() was called
 * (the "self-pipe trick", src/common/selfpipe.c). SIGPIPE is ignored:
 * writing to a closed connection must be an error we handle (EPIPE), not the
 * death of the server. SIGTTIN is ignored too, so that a server in the
 * background never stops to read keys.
 */
#ifndef OBROL_SERVER_SIGNALS_H
#define OBROL_SERVER_SIGNALS_H

#include <signal.h>

/* Set to 1 by SIGINT or SIGTERM. */
extern volatile sig_atomic_t signals_stop_requested;

/* Install the handlers; returns the fd for select() to watch, or -1 on error. */
int signals_install(void);

#endif
