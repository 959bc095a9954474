/*
 * operator.h - the teacher's commands, typed on the server's standard input.
 *
 *   /who                    who is connected (fd, nick, address, state)
 *   /kick NICK [REASON]     disconnect someone, telling them and the others why;
 *                           their computer is kept out for 5 minutes
 *   /unban [ADDRESS|NICK]   let a kicked computer back (alone: list who is kept out)
 *   /mute NICK              NICK's words reach nobody (their computer's new
 *                           connections, and whoever takes the nick, start muted)
 *   /unmute NICK|ADDRESS
 *   /say TEXT               a NOTICE to everyone (at most --max-line bytes)
 *   /help                   this list
 *
 * They arrive through the same select() as the step keys (console.c, or the
 * dashboard's command line) and are answered through the narration.
 */
#ifndef OBROL_SERVER_OPERATOR_H
#define OBROL_SERVER_OPERATOR_H

#include "room.h"

#include <stdbool.h>
#include <stdint.h>

/* Run one operator command. False if `line` is not one (the caller says so). */
bool operator_execute(struct room *room, const char *line, int64_t now_ms);

#endif
