/*
 * loop.h - the full-screen client's select() loop.
 */
#ifndef OBROL_CLIENT_LOOP_H
#define OBROL_CLIENT_LOOP_H

#include "options.h"

/* Run the client on the terminal until /quit or a signal. Returns the exit status. */
int loop_run(const struct client_options *options, int wake_fd);

#endif
