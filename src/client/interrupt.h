/*
 * interrupt.h - signals, handled the safe way.
 *
 * A signal can arrive in the middle of anything, even inside ncurses. So the
 * handlers only set a flag and wake select() through the self-pipe
 * (src/common/selfpipe.h); the loop does the real work (restore the terminal,
 * exit) at a safe point, and empties the pipe with selfpipe_drain().
 *
 *   SIGINT (Ctrl-C), SIGTERM  -> interrupt_stop
 *   SIGHUP (terminal gone)    -> interrupt_stop and interrupt_hangup
 *   SIGPIPE                   -> ignored (send() reports EPIPE instead)
 */
#ifndef OBROL_CLIENT_INTERRUPT_H
#define OBROL_CLIENT_INTERRUPT_H

#include <signal.h>

extern volatile sig_atomic_t interrupt_stop;
extern volatile sig_atomic_t interrupt_hangup;

/* Install the handlers; returns the self-pipe's read end to watch, or -1 (reported). */
int interrupt_install(void);

#endif
