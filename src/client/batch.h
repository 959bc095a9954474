/*
 * batch.h - obrol-client --batch: the client without a screen.
 *
 * Each line of stdin is sent as a request; each line received is printed on
 * stdout with a prefix that says what it is:
 *
 *   < OK say ...        a response (it answers one of our requests)
 *   * MSG siti halo     an event the server pushed
 *   # connected to ...  a note from the client itself
 *
 * At the end of stdin the client waits up to BATCH_DRAIN_MS for the responses
 * still outstanding, then exits: 0 when the server refused nothing,
 * CLIENT_EXIT_REFUSED (3) when it answered a request with ERR (a locked room,
 * a taken nick, a muted student; stderr says how many). It exits 1 with a
 * message on stderr when it cannot connect. Same select() loop as the
 * screen, same connection code.
 */
#ifndef OBROL_CLIENT_BATCH_H
#define OBROL_CLIENT_BATCH_H

#include "options.h"

#define BATCH_DRAIN_MS 3000

/* Run until stdin ends and responses are in, or the server closes. Returns the exit status. */
int batch_run(const struct client_options *options, int wake_fd);

#endif
