/*
 * scrollback.c - a ring of sanitised messages with a scroll offset.
 */
#include "model/scrollback.h"

#include "sanitize.h"

#include <stdlib.h>
#include <string.h>

bool scrollback_init(struct scrollback *sb)
{
    memset(sb, 0, sizeof(*sb));
    sb->entries = calloc(SCROLLBACK_MAX, sizeof(*sb->entries));
    return sb->entries != NULL;
}

void scrollback_clear(struct scrollback *sb)
{
    for (size_t i = 0; sb->entries != NULL && i < SCROLLBACK_MAX; i++) {
        free(sb->entries[i].text);
        sb->entries[i].text = NULL;
    }
    sb->first = sb->count = sb->offset = sb->unseen = 0;
}

void scrollback_free(struct scrollback *sb)
{
    scrollback_clear(sb);
    free(sb->entries);
    sb->entries = NULL;
}

size_t scrollback_count(const struct scrollback *sb)
{
    return sb->count;
}

const struct scrollback_entry *scrollback_at(const struct scrollback *sb, size_t index)
{
    if (index >= sb->count)
        return NULL;
    return &sb->entries[(sb->first + index) % SCROLLBACK_MAX];
}

bool scrollback_add(struct scrollback *sb, enum scrollback_kind kind, int64_t wall_ms,
                    const char *nick, size_t nick_len, const char *text, size_t len)
{
    if (len > SCROLLBACK_TEXT_MAX)
        len = SCROLLBACK_TEXT_MAX;
    char *copy = malloc(SANITIZE_MAX_OUTPUT(len) + 1);
    if (copy == NULL)
        return false;

    struct scrollback_entry *entry;
    if (sb->count == SCROLLBACK_MAX) { /* full: the oldest entry makes room */
        entry = &sb->entries[sb->first];
        sb->first = (sb->first + 1) % SCROLLBACK_MAX;
        free(entry->text);
    } else {
        entry = &sb->entries[(sb->first + sb->count) % SCROLLBACK_MAX];
        sb->count++;
    }
    entry->kind = kind;
    entry->wall_ms = wall_ms;
    entry->len = sanitize_text(text, len, copy, SANITIZE_MAX_OUTPUT(len));
    copy[entry->len] = '\0';
    entry->text = copy;
    entry->nick[0] = '\0';
    if (nick != NULL) {
        if (nick_len > PROTO_NICK_MAX)
            nick_len = PROTO_NICK_MAX;
        size_t used = sanitize_text(nick, nick_len, entry->nick, sizeof(entry->nick) - 1);
        entry->nick[used] = '\0';
    }

    /* Scrolled up: keep the same entries in view instead of following. */
    if (sb->offset > 0) {
        sb->offset++;
        sb->unseen++;
        if (sb->offset >= sb->count)
            sb->offset = sb->count - 1;
    }
    return true;
}

void scrollback_page_up(struct scrollback *sb, size_t entries)
{
    if (sb->count == 0)
        return;
    sb->offset += entries;
    if (sb->offset > sb->count - 1)
        sb->offset = sb->count - 1;
}

void scrollback_page_down(struct scrollback *sb, size_t entries)
{
    sb->offset = entries >= sb->offset ? 0 : sb->offset - entries;
    if (sb->offset == 0)
        sb->unseen = 0;
}

void scrollback_end(struct scrollback *sb)
{
    sb->offset = 0;
    sb->unseen = 0;
}

size_t scrollback_bottom(const struct scrollback *sb)
{
    return sb->count - 1 - sb->offset;
}

bool scrollback_more_below(const struct scrollback *sb)
{
    return sb->offset > 0;
}
