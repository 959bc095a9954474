/*
 * ui-internal.h - what the view files share: colours and drawing helpers.
 */
#ifndef OBROL_CLIENT_UI_INTERNAL_H
#define OBROL_CLIENT_UI_INTERNAL_H

#include "ui/ui.h"

#include <curses.h>

/* Colour pairs. */
enum ui_colour {
    UI_COLOUR_STATUS = 1,
    UI_COLOUR_GOOD,     /* connected */
    UI_COLOUR_WARN,     /* connecting, notices */
    UI_COLOUR_BAD,      /* disconnected, errors */
    UI_COLOUR_INFO,     /* client notes */
    UI_COLOUR_REQUEST,  /* flow: client -> server */
    UI_COLOUR_RESPONSE, /* flow: server -> client, answers */
    UI_COLOUR_EVENT,    /* flow: server -> client, pushed */
    UI_COLOUR_PRIVATE,
    UI_COLOUR_EXPLAIN,
    UI_COLOUR_MARKER,     /* "more below" */
    UI_COLOUR_TITLE,      /* pane titles */
    UI_COLOUR_NICK_FIRST, /* then UI_NICK_COLOURS pairs for nicks */
};
#define UI_NICK_COLOURS 6

/* The attribute for a colour pair (nothing when the terminal has no colours). */
attr_t ui_colour(enum ui_colour colour);

/* A stable colour for a nick: the same nick always gets the same colour. */
attr_t ui_nick_colour(const char *nick);

/* Draw UTF-8 text at (y, x) in at most `width` columns; returns the columns used.
 * Text that does not fit ends with "…" in the last column: nothing is cut
 * without a sign. Characters the terminal cannot print show as U+FFFD, a TAB
 * as a space. */
int ui_put(int y, int x, int width, const char *text, size_t len, attr_t attr);
/* The same for a NUL-terminated string. */
int ui_puts(int y, int x, int width, const char *text, attr_t attr);
/* Fill `width` columns with spaces in an attribute. */
void ui_fill(int y, int x, int width, attr_t attr);

/* `pattern` with its "%s" (if any) replaced by `text`, as snprintf() would, but
 * by hand: the views keep patterns in tables, and a printf format must be a
 * literal (-Wformat-nonliteral). */
void ui_fill_in(char *out, size_t room, const char *pattern, const char *text);

/* "12:34:56" for a wall-clock time in ms (with ".789" when `millis`). */
void ui_clock(int64_t wall_ms, bool millis, char *out, size_t room);

void ui_draw_status(const struct ui_layout *layout, const struct chat *chat,
                    const struct ui_status *status);
void ui_draw_messages(struct ui *ui, const struct ui_layout *layout, const struct chat *chat);
void ui_draw_topology(const struct ui_layout *layout, const struct chat *chat, int64_t now_ms);
void ui_draw_flow(const struct ui *ui, const struct ui_layout *layout, const struct chat *chat);
void ui_draw_inspect(struct ui *ui, const struct ui_layout *layout, const struct chat *chat);
/* Rows the explain line needs for its sentence on a screen `cols` wide (at most
 * UI_EXPLAIN_ROWS_MAX). */
int ui_explain_rows(const struct chat *chat, int cols);
/* Rows the inspector needs, heading included, to show all of the selected flow row
 * in a box `width` columns wide. */
int ui_inspect_rows(const struct ui *ui, const struct chat *chat, int width);
void ui_draw_explain(const struct ui_layout *layout, const struct chat *chat);
void ui_draw_input(const struct ui *ui, const struct ui_layout *layout, const struct chat *chat);

#endif
