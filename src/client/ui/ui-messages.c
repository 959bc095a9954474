/*
 * ui-messages.c - the message pane: the scrollback, newest at the bottom.
 *
 * Each entry is drawn as "time  lead  text": the lead says what kind of
 * message it is (<nick>, -->, -!-, ...) and has its colour; long text wraps
 * and continues under the start of the text, as in irssi.
 */
#include "ui/ui-internal.h"

#include "i18n.h"
#include "model/width.h"

#include <stdio.h>
#include <string.h>

#define UI_TIME_COLUMNS 9 /* "12:34:56 " */

/* How one entry looks: its lead and the attributes of lead and text. */
struct ui_message_look {
    char lead[PROTO_NICK_MAX * 3 + 16];
    attr_t lead_attr, text_attr;
    char text_prefix[PROTO_NICK_MAX * 3 + 48]; /* e.g. "siti joined": drawn before the text */
};

static void ui_message_look(const struct scrollback_entry *entry, const char *own_nick,
                            struct ui_message_look *look)
{
    const char *nick = entry->nick[0] ? entry->nick : "?";

    look->text_prefix[0] = '\0';
    look->text_attr = A_NORMAL;
    switch (entry->kind) {
    case SCROLLBACK_SAY:
        snprintf(look->lead, sizeof(look->lead), "<%s>", nick);
        look->lead_attr = ui_nick_colour(nick);
        break;
    case SCROLLBACK_OWN:
        snprintf(look->lead, sizeof(look->lead), "<%s>", own_nick[0] ? own_nick : _("me"));
        look->lead_attr = A_BOLD;
        look->text_attr = A_BOLD;
        break;
    case SCROLLBACK_ME:
        snprintf(look->lead, sizeof(look->lead), " *");
        snprintf(look->text_prefix, sizeof(look->text_prefix), "%s ", nick);
        look->lead_attr = ui_nick_colour(nick) | A_BOLD;
        look->text_attr = A_NORMAL;
        break;
    case SCROLLBACK_PRIV_IN:
        snprintf(look->lead, sizeof(look->lead), "*%s*", nick);
        look->lead_attr = ui_colour(UI_COLOUR_PRIVATE) | A_BOLD;
        look->text_attr = ui_colour(UI_COLOUR_PRIVATE);
        break;
    case SCROLLBACK_PRIV_OUT:
        snprintf(look->lead, sizeof(look->lead), "\xE2\x86\x92*%s*", nick); /* →*nick* */
        look->lead_attr = ui_colour(UI_COLOUR_PRIVATE);
        look->text_attr = ui_colour(UI_COLOUR_PRIVATE);
        break;
    case SCROLLBACK_JOIN:
        snprintf(look->lead, sizeof(look->lead), "-->");
        snprintf(look->text_prefix, sizeof(look->text_prefix), _("%s joined"), nick);
        look->lead_attr = ui_colour(UI_COLOUR_GOOD) | A_BOLD;
        look->text_attr = ui_colour(UI_COLOUR_GOOD);
        break;
    case SCROLLBACK_LEAVE:
        snprintf(look->lead, sizeof(look->lead), "<--");
        snprintf(look->text_prefix, sizeof(look->text_prefix),
                 entry->len ? _("%s left: ") : _("%s left"), nick);
        look->lead_attr = ui_colour(UI_COLOUR_BAD) | A_BOLD;
        look->text_attr = ui_colour(UI_COLOUR_BAD);
        break;
    case SCROLLBACK_NICK:
        snprintf(look->lead, sizeof(look->lead), "---");
        snprintf(look->text_prefix, sizeof(look->text_prefix), _("%s is now known as "), nick);
        look->lead_attr = ui_colour(UI_COLOUR_WARN);
        look->text_attr = ui_colour(UI_COLOUR_WARN);
        break;
    case SCROLLBACK_NOTICE:
        snprintf(look->lead, sizeof(look->lead), "-!-");
        look->lead_attr = ui_colour(UI_COLOUR_WARN) | A_BOLD;
        look->text_attr = ui_colour(UI_COLOUR_WARN);
        break;
    case SCROLLBACK_SERVER:
        snprintf(look->lead, sizeof(look->lead), _("server>"));
        look->lead_attr = ui_colour(UI_COLOUR_RESPONSE) | A_BOLD;
        break;
    case SCROLLBACK_ERROR:
        snprintf(look->lead, sizeof(look->lead), "!!!");
        look->lead_attr = ui_colour(UI_COLOUR_BAD) | A_BOLD;
        look->text_attr = ui_colour(UI_COLOUR_BAD);
        break;
    case SCROLLBACK_INFO:
        snprintf(look->lead, sizeof(look->lead), "-*-");
        look->lead_attr = ui_colour(UI_COLOUR_INFO) | A_BOLD;
        look->text_attr = ui_colour(UI_COLOUR_INFO);
        break;
    }
}

/* The columns before the text: time, lead, one space (at most half the pane). */
static int ui_message_indent(const struct ui_message_look *look, int width)
{
    int indent = UI_TIME_COLUMNS + (int)width_utf8(look->lead, strlen(look->lead)) + 1;

    return indent > width / 2 ? width / 2 : indent;
}

/*
 * Walk the wrapped lines of an entry's body (text_prefix then text). With
 * `draw`, lines from `skip` on are drawn from row y; returns the line count.
 */
static int ui_message_lines(const struct scrollback_entry *entry,
                            const struct ui_message_look *look, const struct ui_box *box,
                            int y, int skip, bool draw)
{
    char body[SCROLLBACK_TEXT_MAX * 3 + 160];
    size_t prefix_len = strlen(look->text_prefix);
    int indent = ui_message_indent(look, box->w), avail = box->w - indent;
    int lines = 0;

    if (avail < 1)
        avail = 1;
    snprintf(body, sizeof(body), "%s%s", look->text_prefix, entry->text);
    size_t len = strlen(body), at = 0;
    do {
        size_t piece = width_wrap(body + at, len - at, (size_t)avail);
        if (draw && lines >= skip && y + lines - skip < box->y + box->h) {
            int row = y + lines - skip, x = box->x + indent;
            /* the text_prefix part in the lead's colour, the rest in the text's */
            size_t head = at < prefix_len ? prefix_len - at : 0;
            if (head > piece)
                head = piece;
            x += ui_put(row, x, avail, body + at, head, look->text_attr | A_BOLD);
            ui_put(row, x, box->x + box->w - x, body + at + head, piece - head, look->text_attr);
        }
        at += piece;
        lines++;
    } while (at < len && lines < 10000);
    return lines;
}

/* Draw one entry with its first `skip` lines cut off; returns the lines drawn. */
static int ui_message_draw(const struct scrollback_entry *entry, const char *own_nick,
                           const struct ui_box *box, int y, int skip)
{
    struct ui_message_look look;

    ui_message_look(entry, own_nick, &look);
    int lines = ui_message_lines(entry, &look, box, y, skip, true);
    if (skip == 0) {
        char clock[16];
        ui_clock(entry->wall_ms, false, clock, sizeof(clock));
        ui_puts(y, box->x, UI_TIME_COLUMNS, clock, A_DIM);
        ui_puts(y, box->x + UI_TIME_COLUMNS, ui_message_indent(&look, box->w) - UI_TIME_COLUMNS,
                look.lead, look.lead_attr);
    }
    return lines - skip;
}

/* The "more below" marker on the pane's last row. */
static void ui_messages_marker(const struct ui_box *box, const struct scrollback *sb)
{
    char text[160];

    snprintf(text, sizeof(text), _(" more below: %zu new, %zu in all (PgDn, End) "), sb->unseen,
             sb->offset);
    int w = (int)width_utf8(text, strlen(text));
    int x = box->x + box->w - w;
    ui_puts(box->y + box->h - 1, x < box->x ? box->x : x, box->w, text,
            ui_colour(UI_COLOUR_MARKER) | A_BOLD);
}

void ui_draw_messages(struct ui *ui, const struct ui_layout *layout, const struct chat *chat)
{
    const struct scrollback *sb = &chat->messages;
    const struct ui_box *box = &layout->messages;
    size_t count = scrollback_count(sb);

    ui->message_rows = box->h;
    if (count == 0 || box->h <= 0)
        return;

    /* From the bottom entry upwards, find the first entry that (partly) fits. */
    size_t bottom = scrollback_bottom(sb), top = bottom;
    int used = 0;
    for (size_t i = bottom + 1; i-- > 0 && used < box->h;) {
        struct ui_message_look look;
        ui_message_look(scrollback_at(sb, i), chat->nick, &look);
        used += ui_message_lines(scrollback_at(sb, i), &look, box, 0, 0, false);
        top = i;
    }
    /* Draw downwards; the top entry loses its first lines if it does not fit. */
    int skip = used > box->h ? used - box->h : 0;
    int y = box->y;
    for (size_t i = top; i <= bottom && y < box->y + box->h; i++) {
        y += ui_message_draw(scrollback_at(sb, i), chat->nick, box, y, skip);
        skip = 0;
    }
    if (scrollback_more_below(sb))
        ui_messages_marker(box, sb);
}
