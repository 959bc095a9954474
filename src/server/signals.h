/*
 * signals.h - turn SIGINT, SIGTERM and SIGHUP into a flag the loop looks at.
 *
 * A signal handler may interrupt the program anywhere, even halfway through
 * changing a client list, so it does almost nothing: it sets a flag and writes
 * one byte to a pipe. The pipe's read end sits in select()'s read set, so the
 * loop wakes up even if the signal arrived just before select() was called
 * (the "self-pipe trick", src/common/selfpipe.c).
 *
 *   SIGINT (Ctrl-C), SIGTERM     stop gracefully: BYE to everyone, flush, exit 0
 *   SIGHUP (terminal closed)     the same, unless it was ignored at start (nohup)
 *   SIGPIPE                      ignored: writing to a closed connection is an
 *                                error we handle (EPIPE), not our death
 *   SIGTTIN                      ignored: in the background, never stop for keys
 *   SIGUSR1, SIGUSR2             ignored: they mean nothing here, and must not
 *                                end the class (their default action would)
 *
 * After SIGHUP the terminal is gone: narration written to it fails (EIO),
 * which is harmless, and the console stops reading it.
 */
#ifndef OBROL_SERVER_SIGNALS_H
#define OBROL_SERVER_SIGNALS_H

#include <signal.h>

/* Set to 1 by SIGINT, SIGTERM or SIGHUP. */
extern volatile sig_atomic_t signals_stop_requested;

/* Install the handlers; returns the fd for select() to watch, or -1 on error. */
int signals_install(void);

#endif
