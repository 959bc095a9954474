/*
 * mistakes.h - the bug museum: `obrol-server --bug NAME` makes a classic
 * mistake on purpose, so that a class can watch it break the room.
 *
 * The loop takes a few of its steps through a table of functions (struct
 * server_steps, server.h). Without --bug the table holds the correct steps of
 * server.c; each mistake puts its own wrong step in the place of one or two
 * of them (mistakes.c: the wrong function beside the name of the right one).
 * The correct loop never asks whether a bug is on.
 *
 * Nothing here corrupts memory: no-fd-limit stops the server, saying why,
 * where a real server would write past the end of an fd_set.
 */
#ifndef OBROL_SERVER_MISTAKES_H
#define OBROL_SERVER_MISTAKES_H

#include "server.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The mistakes, one bit each in a set of them (unsigned). */
enum mistake {
    MISTAKE_ONE_RECV,     /* one-recv-one-message */
    MISTAKE_BLOCKING_SEND, /* blocking-send */
    MISTAKE_NO_SIGPIPE,    /* no-sigpipe */
    MISTAKE_FORGET_CLOSED, /* forget-closed */
    MISTAKE_ONE_AT_A_TIME, /* one-at-a-time */
    MISTAKE_SHARED_BUFFER, /* shared-buffer */
    MISTAKE_NO_FD_LIMIT,   /* no-fd-limit */
    MISTAKE_COUNT,
};

/* The mistake called `name`; false if there is none. */
bool mistakes_find(const char *name, enum mistake *found);

/* Its name ("one-recv-one-message") and its one-line description (translated). */
const char *mistakes_name(enum mistake mistake);
const char *mistakes_summary(enum mistake mistake);

/* `--bug list`: one line per mistake, its name and what it does. */
void mistakes_print_list(FILE *out);

/* Say, before the server starts, which mistakes it makes on purpose. */
void mistakes_announce(unsigned set);

/*
 * Take the server's correct steps (set by server_open) as the ones to return
 * to, and put the mistakes of `set` in their place.
 */
void mistakes_install(struct server *server, unsigned set);

/* /bug NAME on|off from the operator: switch one mistake while the class watches. */
void mistakes_switch(enum mistake mistake, bool on);

/* The mistakes on now; their names, comma-separated, in `out` ("" when none). */
unsigned mistakes_on(void);
void mistakes_describe(char *out, size_t room);

#endif
