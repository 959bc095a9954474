/*
 * commands.h - act on one complete line from a client.
 *
 * Every request gets exactly one response (OK or ERR) on the sender's queue,
 * and whatever the request causes for others (a message, a nick change) on
 * theirs. Nothing here touches a socket: lines are queued in the room, and the
 * loop sends them.
 */
#ifndef OBROL_SERVER_COMMANDS_H
#define OBROL_SERVER_COMMANDS_H

#include "room.h"

#include <stdint.h>

/* One complete line (without its newline) from `conn`: parse it and act on it. */
void command_execute(struct room *room, struct conn *conn, const char *line, size_t len,
                     int64_t now_ms);

/* The client sent a line longer than --max-line: tell it, keep it connected. */
void command_line_too_long(struct room *room, struct conn *conn);

/* The WELCOME line for a new client that has not said anything yet. */
void command_welcome(struct room *room, struct conn *conn);

#endif
