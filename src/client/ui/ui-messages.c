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
#include "sanitize.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define UI_TIME_COLUMNS 9          /* "12:34:56 " */
#define UI_MESSAGE_LINES_MAX 10000 /* wrapped lines of one entry (a bound for the loop) */
#define UI_MESSAGE_SUFFIX_MAX (SANITIZE_MAX_OUTPUT(SCROLLBACK_TEXT_MAX) + 128) /* with a reason */
#define UI_MESSAGE_BODY_MAX (SANITIZE_MAX_OUTPUT(SCROLLBACK_TEXT_MAX) + UI_MESSAGE_SUFFIX_MAX + 160)

/* How a kind of entry looks. Texts are patterns where %s stands for the nick. */
struct ui_message_style {
    const char *lead;        /* before the text, in the lead's attribute: "<%s>", "-->" */
    const char *prefix;      /* the text's own beginning, in bold ("%s joined"), or NULL */
    const char *bare_prefix; /* the prefix when the entry has no text, if it differs */
    enum ui_colour colour;   /* of the lead (0: none; UI_COLOUR_NICK_FIRST: the nick's own) */
    bool bold_lead;
    bool coloured_text; /* the text in the lead's colour too */
    bool bold_text;
};

static const struct ui_message_style ui_message_styles[] = {
    [SCROLLBACK_SAY] = {.lead = "<%s>", .colour = UI_COLOUR_NICK_FIRST},
    [SCROLLBACK_OWN] = {.lead = "<%s>", .bold_lead = true, .bold_text = true},
    [SCROLLBACK_ME] = {.lead = " *",
                       .prefix = "%s ",
                       .colour = UI_COLOUR_NICK_FIRST,
                       .bold_lead = true},
    [SCROLLBACK_PRIV_IN] = {.lead = "*%s*",
                            .colour = UI_COLOUR_PRIVATE,
                            .bold_lead = true,
                            .coloured_text = true},
    [SCROLLBACK_PRIV_OUT] = {.lead = "\xE2\x86\x92*%s*", /* →*nick* */
                             .colour = UI_COLOUR_PRIVATE,
                             .coloured_text = true},
    [SCROLLBACK_JOIN] = {.lead = "-->",
                         .prefix = N_("%s joined"),
                         .colour = UI_COLOUR_GOOD,
                         .bold_lead = true,
                         .coloured_text = true},
    [SCROLLBACK_LEAVE] = {.lead = "<--",
                          .prefix = N_("%s left: "),
                          .bare_prefix = N_("%s left"),
                          .colour = UI_COLOUR_BAD,
                          .bold_lead = true,
                          .coloured_text = true},
    [SCROLLBACK_NICK] = {.lead = "---",
                         .prefix = N_("%s is now known as "),
                         .colour = UI_COLOUR_WARN,
                         .coloured_text = true},
    [SCROLLBACK_NOTICE] = {.lead = "-!-",
                           .colour = UI_COLOUR_WARN,
                           .bold_lead = true,
                           .coloured_text = true},
    [SCROLLBACK_SERVER] = {.lead = N_("the server sent:"), .colour = UI_COLOUR_RESPONSE, .bold_lead = true},
    [SCROLLBACK_ERROR] = {.lead = "!!!",
                          .colour = UI_COLOUR_BAD,
                          .bold_lead = true,
                          .coloured_text = true},
    [SCROLLBACK_INFO] = {.lead = "-*-",
                         .colour = UI_COLOUR_INFO,
                         .bold_lead = true,
                         .coloured_text = true},
};

/* How our own line looks while the server has not taken it (or not yet). */
static const struct ui_message_state_style {
    const char *suffix;    /* after the text; %s stands for the server's reason */
    enum ui_colour colour; /* of the suffix */
} ui_message_states[] = {
    [SCROLLBACK_SETTLED] = {.suffix = NULL},
    [SCROLLBACK_PENDING] = {.suffix = N_(" \xE2\x80\xA6 waiting for the server's OK"), /* … */
                            .colour = UI_COLOUR_WARN},
    [SCROLLBACK_REFUSED] = {.suffix = N_(" \xE2\x9C\x97 refused by the server: %s"), /* ✗ */
                            .colour = UI_COLOUR_BAD},
    [SCROLLBACK_UNANSWERED] = {.suffix = N_(" \xE2\x9C\x97 no answer: the connection closed"),
                               .colour = UI_COLOUR_BAD},
};

/* How one entry looks: its lead and the attributes of lead, text and suffix. */
struct ui_message_look {
    char lead[PROTO_NICK_MAX * 3 + 16];
    attr_t lead_attr, text_attr, suffix_attr;
    char text_prefix[PROTO_NICK_MAX * 3 + 48]; /* e.g. "siti joined": drawn before the text */
    const char *suffix;                        /* after the text (a pattern), or NULL */
    const char *note;                          /* what the suffix's %s stands for */
};

/* Our own line that the server has not taken (yet): dimmed, and a suffix that says why. */
static void ui_message_state_look(const struct scrollback_entry *entry,
                                  struct ui_message_look *look)
{
    assert((size_t)entry->state < sizeof(ui_message_states) / sizeof(ui_message_states[0]));
    const struct ui_message_state_style *style = &ui_message_states[entry->state];

    look->suffix = NULL;
    if (style->suffix == NULL)
        return;
    look->suffix = _(style->suffix);
    look->note = entry->note != NULL ? entry->note : "";
    look->lead_attr = (look->lead_attr & ~(attr_t)A_BOLD) | A_DIM;
    look->text_attr = (look->text_attr & ~(attr_t)A_BOLD) | A_DIM;
    look->suffix_attr = ui_colour(style->colour);
}

static void ui_message_look(const struct scrollback_entry *entry, const char *own_nick,
                            struct ui_message_look *look)
{
    assert((size_t)entry->kind < sizeof(ui_message_styles) / sizeof(ui_message_styles[0]));
    const struct ui_message_style *style = &ui_message_styles[entry->kind];
    const char *nick = entry->nick[0] ? entry->nick : "?";
    const char *prefix = entry->len == 0 && style->bare_prefix ? style->bare_prefix : style->prefix;
    attr_t colour = A_NORMAL;

    if (entry->kind == SCROLLBACK_OWN && entry->nick[0] == '\0') /* sent before we knew it */
        nick = own_nick[0] ? own_nick : _("me");
    if (style->colour == UI_COLOUR_NICK_FIRST)
        colour = ui_nick_colour(nick);
    else if (style->colour != 0)
        colour = ui_colour(style->colour);
    /* Of the leads only "server>" is a word; gettext gives the others back as they are. */
    ui_fill_in(look->lead, sizeof(look->lead), _(style->lead), nick);
    look->text_prefix[0] = '\0';
    if (prefix != NULL)
        ui_fill_in(look->text_prefix, sizeof(look->text_prefix), _(prefix), nick);
    look->lead_attr = colour | (style->bold_lead ? A_BOLD : A_NORMAL);
    look->text_attr =
        (style->coloured_text ? colour : A_NORMAL) | (style->bold_text ? A_BOLD : A_NORMAL);
    ui_message_state_look(entry, look);
}

/* The columns before the text: time, lead, one space (at most half the pane). */
static int ui_message_indent(const struct ui_message_look *look, int width)
{
    int indent = UI_TIME_COLUMNS + (int)width_utf8(look->lead, strlen(look->lead)) + 1;

    return indent > width / 2 ? width / 2 : indent;
}

/* Draw body[at, at + piece) from column x: the text prefix in bold, the text, the
 * suffix, each in its own attribute. */
static void ui_message_piece(int row, int x, int end, const char *body, size_t at, size_t piece,
                             const size_t bounds[2], const struct ui_message_look *look)
{
    const attr_t attrs[3] = {look->text_attr | A_BOLD, look->text_attr, look->suffix_attr};
    size_t stop = at + piece;

    for (int part = 0; part < 3 && at < stop; part++) {
        size_t limit = part < 2 && bounds[part] < stop ? bounds[part] : stop;
        if (limit <= at)
            continue;
        x += ui_put(row, x, end - x, body + at, limit - at, attrs[part]);
        at = limit;
    }
}

/*
 * Walk the wrapped lines of an entry's body (text_prefix, text, suffix). With
 * `draw`, lines from `skip` on are drawn from row y; returns the line count.
 */
static int ui_message_lines(const struct scrollback_entry *entry,
                            const struct ui_message_look *look, const struct ui_box *box, int y,
                            int skip, bool draw)
{
    static char body[UI_MESSAGE_BODY_MAX]; /* the screen is drawn by one thread */
    char suffix[UI_MESSAGE_SUFFIX_MAX] = "";
    int indent = ui_message_indent(look, box->w), avail = box->w - indent;
    int lines = 0;

    if (avail < 1)
        avail = 1;
    if (look->suffix != NULL)
        ui_fill_in(suffix, sizeof(suffix), look->suffix, look->note);
    snprintf(body, sizeof(body), "%s%s%s", look->text_prefix, entry->text, suffix);
    size_t len = strlen(body), at = 0;
    const size_t bounds[2] = {strlen(look->text_prefix), len - strlen(suffix)};
    do {
        size_t piece = width_wrap(body + at, len - at, (size_t)avail);
        if (draw && lines >= skip && y + lines - skip < box->y + box->h)
            ui_message_piece(y + lines - skip, box->x + indent, box->x + box->w, body, at, piece,
                             bounds, look);
        at += piece;
        lines++;
    } while (at < len && lines < UI_MESSAGE_LINES_MAX);
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

/* The "more below" marker on the pane's last row: `offset` entries are below the view. */
static void ui_messages_marker(const struct ui_box *box, const struct scrollback *sb, size_t offset)
{
    char text[160];

    snprintf(text, sizeof(text), _(" more below: %zu new, %zu in all (PgDn, End) "), sb->unseen,
             offset);
    int w = (int)width_utf8(text, strlen(text));
    int x = box->x + box->w - w;
    ui_puts(box->y + box->h - 1, x < box->x ? box->x : x, box->w, text,
            ui_colour(UI_COLOUR_MARKER) | A_BOLD);
}

/* What the pane lays its entries out in, and whose words are ours. */
struct ui_message_context {
    const struct ui_box *box;
    const char *own_nick;
};

/* Rows an entry takes in the pane (for scrollback_offset_max()). */
static size_t ui_message_height(const struct scrollback_entry *entry, const void *context)
{
    const struct ui_message_context *pane = context;
    struct ui_message_look look;

    ui_message_look(entry, pane->own_nick, &look);
    return (size_t)ui_message_lines(entry, &look, pane->box, 0, 0, false);
}

/* The entries in view, oldest first: the scrollback's first `kept`, then (following the
 * newest) our own lines that wait for the server. */
struct ui_message_list {
    const struct chat *chat;
    size_t kept, count;
};

static const struct scrollback_entry *ui_message_at(const struct ui_message_list *list, size_t i)
{
    if (i < list->kept)
        return scrollback_at(&list->chat->messages, i);
    return chat_pending_line(list->chat, i - list->kept);
}

void ui_draw_messages(struct ui *ui, const struct ui_layout *layout, const struct chat *chat)
{
    const struct scrollback *sb = &chat->messages;
    const struct ui_box *box = &layout->messages;
    struct ui_message_context pane = {.box = box, .own_nick = chat->nick};

    ui->message_rows = box->h;
    ui->message_offset_max = 0;
    if (box->h <= 0)
        return;
    /* Never past the oldest page: scrolled further, rows would stay empty. */
    ui->message_offset_max = scrollback_offset_max(sb, (size_t)box->h, ui_message_height, &pane);
    size_t offset = sb->offset < ui->message_offset_max ? sb->offset : ui->message_offset_max;
    struct ui_message_list list = {.chat = chat, .kept = scrollback_count(sb) - offset};
    list.count = list.kept + (offset == 0 ? chat_pending_lines(chat) : 0);
    if (list.count == 0)
        return;

    /* From the bottom entry upwards, find the first entry that (partly) fits. */
    size_t top = list.count - 1;
    int used = 0;
    for (size_t i = list.count; i-- > 0 && used < box->h;) {
        used += (int)ui_message_height(ui_message_at(&list, i), &pane);
        top = i;
    }
    /* Draw downwards; the top entry loses its first lines if it does not fit (on the
     * oldest page the oldest entry is shown from its start instead). */
    int skip =
        used > box->h && !(offset > 0 && offset == ui->message_offset_max) ? used - box->h : 0;
    int y = box->y;
    for (size_t i = top; i < list.count && y < box->y + box->h; i++) {
        y += ui_message_draw(ui_message_at(&list, i), chat->nick, box, y, skip);
        skip = 0;
    }
    if (offset > 0)
        ui_messages_marker(box, sb, offset);
}
