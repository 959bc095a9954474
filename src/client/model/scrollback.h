/*
 * scrollback.h - the messages the person has seen, and where they are looking.
 *
 * A ring of entries (the oldest are forgotten beyond SCROLLBACK_ENTRIES_MAX)
 * and a scroll position counted in entries from the newest. When the person has
 * scrolled up to read, a new message does not move the view ("no yank"): the
 * offset grows with it, and the view shows "more below" until End is pressed.
 *
 * Text is sanitised when it is added (sanitize_text from src/common), so an
 * entry can always be drawn as it is. Pure: no terminal, no socket.
 */
#ifndef OBROL_CLIENT_SCROLLBACK_H
#define OBROL_CLIENT_SCROLLBACK_H

#include "protocol.h"
#include "ring.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCROLLBACK_ENTRIES_MAX 5000 /* the oldest entries are forgotten beyond this */
#define SCROLLBACK_TEXT_MAX 4096    /* longer texts are cut (before sanitising) */

enum scrollback_kind {
    SCROLLBACK_SAY,      /* someone said something to everyone */
    SCROLLBACK_OWN,      /* this person said something */
    SCROLLBACK_ME,       /* an action: "* budi waves" */
    SCROLLBACK_PRIV_IN,  /* a private message to this person */
    SCROLLBACK_PRIV_OUT, /* a private message from this person */
    SCROLLBACK_JOIN,
    SCROLLBACK_LEAVE,
    SCROLLBACK_NICK,   /* someone changed nick */
    SCROLLBACK_NOTICE, /* NOTICE, WELCOME, BYE and OK texts from the server */
    SCROLLBACK_SERVER, /* a line that is not obrol's protocol */
    SCROLLBACK_ERROR,  /* ERR responses and connection failures */
    SCROLLBACK_INFO,   /* what the client itself says */
};

/* Where a line of our own stands with the server (other entries are always SETTLED). */
enum scrollback_state {
    SCROLLBACK_SETTLED,    /* shown as it is; our own line: the server accepted it (OK) */
    SCROLLBACK_PENDING,    /* our own line, sent: the server has not answered yet */
    SCROLLBACK_REFUSED,    /* our own line, refused by the server (ERR); `note` says why */
    SCROLLBACK_UNANSWERED, /* our own line: the connection ended before any answer */
};

struct scrollback_entry {
    enum scrollback_kind kind;
    enum scrollback_state state;
    int64_t wall_ms;
    char nick[PROTO_NICK_MAX * 3 + 1]; /* sanitised: may have grown */
    char *text;                        /* sanitised, NUL-terminated */
    size_t len;
    char *note; /* REFUSED: the server's reason, sanitised; NULL otherwise */
};

struct scrollback {
    struct scrollback_entry *entries; /* SCROLLBACK_ENTRIES_MAX slots */
    struct ring ring;                 /* which slot holds which entry, oldest first */
    size_t offset;                    /* entries hidden below the view (0: following the newest) */
    size_t unseen;                    /* entries that arrived while scrolled up */
};

bool scrollback_init(struct scrollback *sb);
void scrollback_free(struct scrollback *sb);

/* Add an entry; `nick` may be NULL. Returns false when memory ran out. */
bool scrollback_add(struct scrollback *sb, enum scrollback_kind kind, int64_t wall_ms,
                    const char *nick, size_t nick_len, const char *text, size_t len);

/*
 * An entry outside the scrollback (a line of ours waiting for the server's
 * answer): filled in as scrollback_add() would, SCROLLBACK_PENDING, and moved in
 * later with scrollback_add_entry(). Returns false when memory ran out.
 */
bool scrollback_entry_init(struct scrollback_entry *entry, enum scrollback_kind kind,
                           int64_t wall_ms, const char *nick, size_t nick_len, const char *text,
                           size_t len);
/* Give a loose entry its state (and the server's reason, sanitised; `note` may be NULL). */
void scrollback_entry_settle(struct scrollback_entry *entry, enum scrollback_state state,
                             int64_t wall_ms, const char *note, size_t note_len);
/* Free what a loose entry holds; it is empty afterwards. */
void scrollback_entry_free(struct scrollback_entry *entry);
/* Move a loose entry in as the newest; the scrollback owns its text from now on
 * and `entry` is left empty. */
void scrollback_add_entry(struct scrollback *sb, struct scrollback_entry *entry);

/* Forget every entry (/clear). */
void scrollback_clear(struct scrollback *sb);

size_t scrollback_count(const struct scrollback *sb);
/* Entry `index`, 0 being the oldest still kept. */
const struct scrollback_entry *scrollback_at(const struct scrollback *sb, size_t index);

/* Scroll towards older entries by `entries`, towards newer, or back to the newest. */
void scrollback_page_up(struct scrollback *sb, size_t entries);
void scrollback_page_down(struct scrollback *sb, size_t entries);
void scrollback_end(struct scrollback *sb);

/*
 * The oldest page: the largest offset that still fills `rows` rows, when each
 * entry takes lines_of(entry, context) rows. Scrolled further, the view would
 * show the oldest entry with empty rows below it. 0 when everything fits.
 */
size_t scrollback_offset_max(const struct scrollback *sb, size_t rows,
                             size_t (*lines_of)(const struct scrollback_entry *entry,
                                                const void *context),
                             const void *context);

/* The newest entry in view (index as for scrollback_at); the scrollback must not be empty. */
size_t scrollback_bottom(const struct scrollback *sb);
/* True when newer entries are hidden below the view. */
bool scrollback_more_below(const struct scrollback *sb);

#endif
