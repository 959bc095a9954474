/*
 * nicks.c - a sorted, case-insensitive set of nicks.
 */
#include "model/nicks.h"

#include <string.h>
#include <strings.h>

/* Rebuild the pointer list after names moved. */
static void nicks_index(struct nicks *nicks)
{
    for (size_t i = 0; i < nicks->count; i++)
        nicks->list[i] = nicks->names[i];
}

void nicks_clear(struct nicks *nicks)
{
    nicks->count = 0;
}

/* Position of the nick, or -1. */
static long nicks_find(const struct nicks *nicks, const char *nick, size_t len)
{
    for (size_t i = 0; i < nicks->count; i++) {
        if (proto_nick_equal(nicks->names[i], strlen(nicks->names[i]), nick, len))
            return (long)i;
    }
    return -1;
}

bool nicks_contains(const struct nicks *nicks, const char *nick, size_t len)
{
    return nicks_find(nicks, nick, len) >= 0;
}

void nicks_add(struct nicks *nicks, const char *nick, size_t len)
{
    char name[PROTO_NICK_MAX + 1];
    size_t at = 0;

    /* Only well-formed nicks: reserved names are fine (the server is the judge). */
    enum proto_nick_check check = proto_nick_check(nick, len);
    if ((check != PROTO_NICK_OK && check != PROTO_NICK_RESERVED) || nicks->count == NICKS_MAX ||
        nicks_contains(nicks, nick, len))
        return;
    memcpy(name, nick, len);
    name[len] = '\0';
    while (at < nicks->count && strcasecmp(nicks->names[at], name) < 0)
        at++;
    memmove(nicks->names[at + 1], nicks->names[at], (nicks->count - at) * sizeof(nicks->names[0]));
    memcpy(nicks->names[at], name, len + 1);
    nicks->count++;
    nicks_index(nicks);
}

void nicks_remove(struct nicks *nicks, const char *nick, size_t len)
{
    long at = nicks_find(nicks, nick, len);

    if (at < 0)
        return;
    memmove(nicks->names[at], nicks->names[at + 1],
            (nicks->count - (size_t)at - 1) * sizeof(nicks->names[0]));
    nicks->count--;
    nicks_index(nicks);
}

void nicks_rename(struct nicks *nicks, const char *old, size_t old_len, const char *new_nick,
                  size_t new_len)
{
    nicks_remove(nicks, old, old_len);
    nicks_add(nicks, new_nick, new_len);
}

void nicks_set_from_who(struct nicks *nicks, const char *text, size_t len)
{
    size_t i = 0;

    nicks_clear(nicks);
    while (i < len) {
        while (i < len && text[i] == ' ')
            i++;
        size_t start = i;
        while (i < len && text[i] != ' ')
            i++;
        if (i > start)
            nicks_add(nicks, text + start, i - start);
    }
}
