/*
 * scrollback.c - a ring of sanitised messages with a scroll offset.
 */
#include "model/scrollback.h"

#include "sanitize.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

bool scrollback_init(struct scrollback *sb)
{
    memset(sb, 0, sizeof(*sb));
    ring_init(&sb->ring, SCROLLBACK_ENTRIES_MAX);
    sb->entries = calloc(SCROLLBACK_ENTRIES_MAX, sizeof(*sb->entries));
    return sb->entries != NULL;
}

void scrollback_clear(struct scrollback *sb)
{
    for (size_t i = 0; sb->entries != NULL && i < SCROLLBACK_ENTRIES_MAX; i++) {
        free(sb->entries[i].text);
        sb->entries[i].text = NULL;
    }
    ring_clear(&sb->ring);
    sb->offset = sb->unseen = 0;
}

void scrollback_free(struct scrollback *sb)
{
    scrollback_clear(sb);
    free(sb->entries);
    sb->entries = NULL;
}

size_t scrollback_count(const struct scrollback *sb)
{
    return ring_count(&sb->ring);
}

const struct scrollback_entry *scrollback_at(const struct scrollback *sb, size_t index)
{
    if (index >= scrollback_count(sb))
        return NULL;
    return &sb->entries[ring_slot(&sb->ring, index)];
}

/* The nick, sanitised, into the entry (cut to a nick's length first). */
static void scrollback_set_nick(struct scrollback_entry *entry, const char *nick, size_t len)
{
    entry->nick[0] = '\0';
    if (nick == NULL)
        return;
    if (len > PROTO_NICK_MAX) /* a hostile server's "nick": only a nick's worth is kept */
        len = PROTO_NICK_MAX;
    size_t used = sanitize_text(nick, len, entry->nick, sizeof(entry->nick) - 1);
    entry->nick[used] = '\0';
}

bool scrollback_add(struct scrollback *sb, enum scrollback_kind kind, int64_t wall_ms,
                    const char *nick, size_t nick_len, const char *text, size_t len)
{
    if (len > SCROLLBACK_TEXT_MAX)
        len = SCROLLBACK_TEXT_MAX;
    char *copy = malloc(SANITIZE_MAX_OUTPUT(len) + 1);
    if (copy == NULL)
        return false;

    struct scrollback_entry *entry = &sb->entries[ring_push(&sb->ring)];
    free(entry->text); /* full: the oldest entry made room (NULL in a fresh slot) */
    entry->kind = kind;
    entry->wall_ms = wall_ms;
    entry->len = sanitize_text(text, len, copy, SANITIZE_MAX_OUTPUT(len));
    copy[entry->len] = '\0';
    entry->text = copy;
    scrollback_set_nick(entry, nick, nick_len);

    /* Scrolled up: keep the same entries in view instead of following. */
    if (sb->offset > 0) {
        sb->offset++;
        sb->unseen++;
        if (sb->offset >= scrollback_count(sb))
            sb->offset = scrollback_count(sb) - 1;
    }
    return true;
}

void scrollback_page_up(struct scrollback *sb, size_t entries)
{
    size_t count = scrollback_count(sb);

    if (count == 0)
        return;
    sb->offset += entries;
    if (sb->offset > count - 1)
        sb->offset = count - 1;
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

size_t scrollback_offset_max(const struct scrollback *sb, size_t rows,
                             size_t (*lines_of)(const struct scrollback_entry *entry,
                                                const void *context),
                             const void *context)
{
    size_t count = scrollback_count(sb), used = 0;

    for (size_t i = 0; i < count; i++) { /* from the oldest, until a page is full */
        used += lines_of(scrollback_at(sb, i), context);
        if (used >= rows)
            return count - 1 - i;
    }
    return 0;
}

size_t scrollback_bottom(const struct scrollback *sb)
{
    assert(scrollback_count(sb) > sb->offset);
    return scrollback_count(sb) - 1 - sb->offset;
}

bool scrollback_more_below(const struct scrollback *sb)
{
    return sb->offset > 0;
}
