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

void scrollback_entry_free(struct scrollback_entry *entry)
{
    free(entry->text);
    free(entry->note);
    memset(entry, 0, sizeof(*entry));
}

void scrollback_clear(struct scrollback *sb)
{
    for (size_t i = 0; sb->entries != NULL && i < SCROLLBACK_ENTRIES_MAX; i++)
        scrollback_entry_free(&sb->entries[i]);
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

/* A sanitised, NUL-terminated copy of `len` bytes (cut to SCROLLBACK_TEXT_MAX), or NULL. */
static char *scrollback_copy(const char *text, size_t len, size_t *copied)
{
    if (len > SCROLLBACK_TEXT_MAX)
        len = SCROLLBACK_TEXT_MAX;
    char *copy = malloc(SANITIZE_MAX_OUTPUT(len) + 1);
    if (copy == NULL)
        return NULL;
    *copied = sanitize_text(text, len, copy, SANITIZE_MAX_OUTPUT(len));
    copy[*copied] = '\0';
    return copy;
}

bool scrollback_entry_init(struct scrollback_entry *entry, enum scrollback_kind kind,
                           int64_t wall_ms, const char *nick, size_t nick_len, const char *text,
                           size_t len)
{
    memset(entry, 0, sizeof(*entry));
    entry->text = scrollback_copy(text, len, &entry->len);
    if (entry->text == NULL)
        return false;
    entry->kind = kind;
    entry->state = SCROLLBACK_PENDING;
    entry->wall_ms = wall_ms;
    scrollback_set_nick(entry, nick, nick_len);
    return true;
}

void scrollback_entry_settle(struct scrollback_entry *entry, enum scrollback_state state,
                             int64_t wall_ms, const char *note, size_t note_len)
{
    size_t copied;

    entry->state = state;
    entry->wall_ms = wall_ms;
    free(entry->note);
    entry->note = note != NULL ? scrollback_copy(note, note_len, &copied) : NULL;
}

void scrollback_add_entry(struct scrollback *sb, struct scrollback_entry *entry)
{
    struct scrollback_entry *slot = &sb->entries[ring_push(&sb->ring)];

    scrollback_entry_free(slot); /* full: the oldest entry made room (empty in a fresh slot) */
    *slot = *entry;
    memset(entry, 0, sizeof(*entry)); /* the text belongs to the scrollback now */

    /* Scrolled up: keep the same entries in view instead of following. */
    if (sb->offset > 0) {
        sb->offset++;
        sb->unseen++;
        if (sb->offset >= scrollback_count(sb))
            sb->offset = scrollback_count(sb) - 1;
    }
}

bool scrollback_add(struct scrollback *sb, enum scrollback_kind kind, int64_t wall_ms,
                    const char *nick, size_t nick_len, const char *text, size_t len)
{
    struct scrollback_entry entry;

    if (!scrollback_entry_init(&entry, kind, wall_ms, nick, nick_len, text, len))
        return false;
    entry.state = SCROLLBACK_SETTLED;
    scrollback_add_entry(sb, &entry);
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
