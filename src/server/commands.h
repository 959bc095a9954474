/*
 * commands.h - act on one complete line from a client.
 *
 * Every request gets exactly one response (OK or ERR) on the sender's queue,
 * and whatever the request causes for others (a message, a nick change) on
 * theirs. Nothing here touches a socket: lines are queued, the loop sends them.
 */
#ifndef OBROL_SERVER_COMMANDS_H
#define OBROL_SERVER_COMMANDS_H

#include "server.h"

void command_execute(struct server *server, struct client *client, const char *line, size_t len,
                     int64_t now_ms);

/* The client sent a line longer than --max-line: tell it, keep it connected. */
void command_line_too_long(struct server *server, struct client *client);

/* The WELCOME line for a new client that has not said anything yet. */
void command_welcome(struct server *server, struct client *client);

#endif
