/*
 * meaning.h - the first time a run shows a word, say what it means.
 *
 * A student reading `select(): waiting for read {0 3 6} write {7}, time-out
 * 300 ms` meets fd, read set, write set and time-out at once. With -v, the
 * narration adds one short "meaning:" line after the first line that shows
 * each word, once per run (--no-explain: never). The texts live in narrate.c
 * with every other sentence; this module only remembers what was explained.
 */
#ifndef OBROL_SERVER_MEANING_H
#define OBROL_SERVER_MEANING_H

#include <stdbool.h>

enum meaning_term {
    MEANING_FD,         /* file descriptors, and which ones this server holds */
    MEANING_READ_SET,   /* what select() is asked to watch for reading */
    MEANING_WRITE_SET,  /* why a client is in the write set */
    MEANING_NO_TIMEOUT, /* "no time-out" */
    MEANING_TIMEOUT,    /* what a time-out number waits for */
    MEANING_BACKLOG,    /* connected before accept() */
    MEANING_FRAMING,    /* one recv() is not one message */
    MEANING_PARTIAL,    /* bytes that wait for a newline */
    MEANING_RESET,      /* the peer, and a reset */
    MEANING_COUNT
};

/* Explanations on (the default) or off (--no-explain). */
void meaning_enable(bool on);

/* True the first time it is asked for `term` in this run (and marks it
 * explained); false afterwards, and always when explanations are off. */
bool meaning_first(enum meaning_term term);

#endif
