/*
 * nicks.h - the people the client knows are here.
 *
 * Filled from the /who response at connect, then kept up to date from JOIN,
 * LEAVE and NICK events. The status bar counts them; Tab completes them.
 * Sorted without regard to case, so completion offers them alphabetically.
 * Pure.
 */
#ifndef OBROL_CLIENT_NICKS_H
#define OBROL_CLIENT_NICKS_H

#include "protocol.h"

#include <stdbool.h>
#include <stddef.h>

#define NICKS_MAX 1024

struct nicks {
    char names[NICKS_MAX][PROTO_NICK_MAX + 1];
    const char *list[NICKS_MAX]; /* pointers into names, for editor_complete() */
    size_t count;
};

void nicks_clear(struct nicks *nicks);
/* Add a nick (ignored if invalid, known already, or the list is full). */
void nicks_add(struct nicks *nicks, const char *nick, size_t len);
void nicks_remove(struct nicks *nicks, const char *nick, size_t len);
void nicks_rename(struct nicks *nicks, const char *old, size_t old_len, const char *new_nick,
                  size_t new_len);
/* Replace the list with the space-separated nicks of an "OK who" response. */
void nicks_set_from_who(struct nicks *nicks, const char *text, size_t len);
bool nicks_contains(const struct nicks *nicks, const char *nick, size_t len);

#endif
