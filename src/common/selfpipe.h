/*
 * selfpipe.h - the self-pipe trick: a signal handler wakes select().
 *
 * A signal can arrive anywhere, even just before the loop calls select(); a
 * flag alone would then wait unseen until select() returned for another
 * reason. So the handler also writes one byte into a pipe whose read end sits
 * in select()'s read set: select() wakes at once, and the loop does the real
 * work at a safe point. Both ends are non-blocking (a full pipe never blocks
 * the handler; draining stops when the pipe is empty) and close-on-exec.
 *
 * A process has one self-pipe; the server's signals.c and the client's
 * interrupt.c use this one module.
 */
#ifndef OBROL_SELFPIPE_H
#define OBROL_SELFPIPE_H

/* Make the pipe. Returns its read end for select() to watch, or -1 (errno says why;
 * EMFILE also when no fd below FD_SETSIZE was free for it). */
int selfpipe_open(void);

/* The write end (for the narration's list of fds), or -1 before selfpipe_open(). */
int selfpipe_write_end(void);

/* Wake select(): one byte into the pipe. Safe in a signal handler; keeps errno. */
void selfpipe_wake(void);

/* After select() reported `fd` (the read end) readable: read until it is empty. */
void selfpipe_drain(int fd);

#endif
