/*
 * ui-flow.c - the flow pane: a sequence diagram of the connection.
 *
 *   12:00:01 │─ "/who" 5 B ───────────────▶│     request, green
 *   12:00:01 │◀─ "OK who budi" · 0.214 ms ──│     response, cyan
 *   12:00:04 │◀─ "JOIN siti" ───────────────│     pushed event, magenta
 *   12:00:05 │◀─ the server sent "halo" 5 B ─│     not obrol's: no request paired
 *
 * Two lanes, "client" on the left and "server" on the right, one row per
 * message. With F4 the pane takes the focus: Up/Down select a row, and the
 * inspector below shows its raw bytes, escaped and in hex, with its timing.
 */
#include "ui/ui-internal.h"

#include "i18n.h"
#include "model/width.h"
#include "sanitize.h"
#include "teach/explain.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define UI_FLOW_TIME_COLUMNS 9 /* "12:34:56 " */
#define UI_FLOW_LABEL_MAX 512
#define UI_FLOW_QUOTE_BYTES_MAX 120 /* of a line, quoted on its arrow (the inspector has all) */
#define UI_FLOW_SUFFIX_MAX 48
#define UI_FLOW_CLIENT_NAME_OFFSET 7  /* "client" starts this far left of its lane */
#define UI_FLOW_LANE_NAMES_COLUMNS 20 /* the heading shows only beside this much room */
#define UI_FLOW_ARROW_MIN 6           /* columns between the lanes: fewer, and no arrow is drawn */
#define UI_INSPECT_STORY_MAX 512      /* the sentence about a row, before sanitising */
#define UI_INSPECT_ESCAPED_MAX (FLOW_RAW_MAX * 4) /* "\xNN" for every byte kept */
#define UI_INSPECT_HEX_MAX (FLOW_RAW_MAX * 3)     /* "NN " for every byte kept */
#define UI_INSPECT_LINES_MAX 1000 /* asked of the layout: more than any screen has */

/* Which way a row's arrow points. */
enum ui_flow_arrow {
    UI_FLOW_NO_ARROW,  /* ═══ connected ═══: a row about the connection itself */
    UI_FLOW_TO_SERVER, /* ─ label ───▶ */
    UI_FLOW_TO_CLIENT, /* ◀─ label ─── */
    UI_FLOW_AT_CLIENT, /* ⏸ label ┄┄┄: waiting at the client for a step */
};

/* How a kind of row looks. */
struct ui_flow_style {
    enum ui_colour colour;
    bool bold;
    enum ui_flow_arrow arrow;
    const char *note; /* a row with a note: the label, where %s is the note; NULL for others */
};

static const struct ui_flow_style ui_flow_styles[] = {
    [FLOW_CONNECTING] = {.colour = UI_COLOUR_WARN,
                         .arrow = UI_FLOW_TO_SERVER,
                         .note = N_("connect() %s")},
    [FLOW_CONNECTED] = {.colour = UI_COLOUR_GOOD,
                        .bold = true,
                        .arrow = UI_FLOW_NO_ARROW,
                        .note = N_("connected")},
    [FLOW_CONNECT_FAILED] = {.colour = UI_COLOUR_BAD,
                             .bold = true,
                             .arrow = UI_FLOW_NO_ARROW,
                             .note = N_("connect failed: %s")},
    [FLOW_REQUEST] = {.colour = UI_COLOUR_REQUEST, .arrow = UI_FLOW_TO_SERVER},
    [FLOW_RESPONSE] = {.colour = UI_COLOUR_RESPONSE, .arrow = UI_FLOW_TO_CLIENT},
    [FLOW_EVENT] = {.colour = UI_COLOUR_EVENT, .arrow = UI_FLOW_TO_CLIENT},
    [FLOW_CLOSED] = {.colour = UI_COLOUR_BAD,
                     .bold = true,
                     .arrow = UI_FLOW_NO_ARROW,
                     .note = N_("closed: %s")},
    [FLOW_STEP_SEND] = {.colour = UI_COLOUR_WARN, .arrow = UI_FLOW_AT_CLIENT},
    [FLOW_STEP_RECV] = {.colour = UI_COLOUR_WARN, .arrow = UI_FLOW_AT_CLIENT},
    [FLOW_FRAGMENT] = {.colour = UI_COLOUR_REQUEST, .arrow = UI_FLOW_TO_SERVER},
    [FLOW_SERVER_SENT] = {.colour = UI_COLOUR_EVENT, .arrow = UI_FLOW_TO_CLIENT},
};

/* The words on a row's arrow: a quote, and a suffix that must stay visible
 * (bytes or round trip); their attribute and the arrow's way. */
struct ui_flow_label {
    char quote[UI_FLOW_LABEL_MAX + 80];
    char suffix[UI_FLOW_SUFFIX_MAX];
    attr_t attr;
    enum ui_flow_arrow arrow;
};

/* The line of a row without its newline, escaped: what the arrow is labelled with.
 * A fragment keeps its newline: which fragment carries it is the point. */
static void ui_flow_quote(const struct flow_row *row, char *out, size_t room)
{
    char escaped[UI_FLOW_LABEL_MAX];
    size_t len = row->raw_len;

    if (len > 0 && row->raw[len - 1] == '\n' && row->kind != FLOW_FRAGMENT)
        len--;
    if (len > UI_FLOW_QUOTE_BYTES_MAX)
        len = UI_FLOW_QUOTE_BYTES_MAX;
    size_t used = flow_escape(row->raw, len, escaped, sizeof(escaped) / 3);
    char safe[UI_FLOW_LABEL_MAX];
    used = sanitize_text(escaped, used, safe, sizeof(safe) - 1); /* never trust the bytes */
    safe[used] = '\0';
    snprintf(out, room, "\"%s\"", safe);
}

/* A step row: "⏸ about to send() 12 bytes", "⏸ recv() returned 40 bytes", then
 * how it ended ("✓ sent", "✓ shown", "✗ dropped"). */
static void ui_flow_step_label(const struct flow_row *row, struct ui_flow_label *label)
{
    bool send = row->kind == FLOW_STEP_SEND;
    char quoted[UI_FLOW_LABEL_MAX];

    ui_flow_quote(row, quoted, sizeof(quoted));
    if (row->step == FLOW_STEP_WAITING) { /* the explain line says which key takes the step */
        snprintf(label->quote, sizeof(label->quote),
                 send ? _("\xE2\x8F\xB8 about to send() %zu bytes %s")
                      : _("\xE2\x8F\xB8 recv() returned %zu bytes %s"),
                 row->bytes, quoted);
        label->attr |= A_BOLD;
        return;
    }
    snprintf(label->quote, sizeof(label->quote),
             send ? _("step: send() %zu bytes %s") : _("step: recv() %zu bytes %s"), row->bytes,
             quoted);
    if (row->step == FLOW_STEP_TAKEN)
        snprintf(label->suffix, sizeof(label->suffix), "%s",
                 send ? _("\xE2\x9C\x93 sent") : _("\xE2\x9C\x93 shown"));
    else
        snprintf(label->suffix, sizeof(label->suffix), "%s", _("\xE2\x9C\x97 dropped"));
}

/* A response's suffix: its round trip, and which of our own waits it includes. */
static void ui_flow_response_suffix(const struct flow_row *row, struct ui_flow_label *label)
{
    char rtt[32];

    if (!row->paired) {
        snprintf(label->suffix, sizeof(label->suffix), "%s", _("unpaired"));
        return;
    }
    explain_rtt(rtt, sizeof(rtt), row->rtt_us);
    const char *own =
        explain_own_wait(row->own_wait & FLOW_WAIT_TRICKLE, row->own_wait & FLOW_WAIT_STEP);
    snprintf(label->suffix, sizeof(label->suffix), "%s%s%s", rtt, own[0] ? " " : "", own);
}

/* A request, response or event: the line quoted, then its size or its round trip. A
 * request with no answer in time is marked; a line not obrol's says the server sent it. */
static void ui_flow_message_label(const struct flow_row *row, struct ui_flow_label *label)
{
    ui_flow_quote(row, label->quote, sizeof(label->quote));
    if (row->kind == FLOW_RESPONSE) {
        ui_flow_response_suffix(row, label);
    } else if (row->kind == FLOW_REQUEST && row->overdue && !row->paired) {
        snprintf(label->suffix, sizeof(label->suffix), _("%zu B \xE2\x9A\xA0 no answer for %d s"),
                 row->bytes, CHAT_NO_ANSWER_MS / 1000); /* ⚠ */
        label->attr = ui_colour(UI_COLOUR_WARN) | A_BOLD;
    } else if (row->fragments > 0) { /* trickled: the bytes went out in several send()s */
        snprintf(label->suffix, sizeof(label->suffix), _("%zu B in %u sends"), row->bytes,
                 row->fragments);
    } else {
        snprintf(label->suffix, sizeof(label->suffix), "%zu B", row->bytes);
    }
    if (row->kind == FLOW_SERVER_SENT) {
        char quoted[sizeof(label->quote)];
        snprintf(quoted, sizeof(quoted), "%s", label->quote);
        ui_fill_in(label->quote, sizeof(label->quote), _("the server sent %s"), quoted);
    }
}

/* A /trickle fragment: one send() of part of a request. */
static void ui_flow_fragment_label(const struct flow_row *row, struct ui_flow_label *label)
{
    char quoted[UI_FLOW_LABEL_MAX];

    ui_flow_quote(row, quoted, sizeof(quoted));
    snprintf(label->quote, sizeof(label->quote),
             ngettext("send() %zu byte (fragment %u/%u) %s", "send() %zu bytes (fragment %u/%u) %s",
                      row->bytes),
             row->bytes, row->fragment, row->fragments, quoted);
}

/* The label of a row, by its kind. */
static void ui_flow_label(const struct flow_row *row, struct ui_flow_label *label)
{
    assert((size_t)row->kind < sizeof(ui_flow_styles) / sizeof(ui_flow_styles[0]));
    const struct ui_flow_style *style = &ui_flow_styles[row->kind];

    label->suffix[0] = '\0';
    label->attr = ui_colour(style->colour) | (style->bold ? A_BOLD : A_NORMAL);
    label->arrow = style->arrow;
    if (style->note != NULL)
        ui_fill_in(label->quote, sizeof(label->quote), _(style->note), row->note);
    else if (row->kind == FLOW_FRAGMENT)
        ui_flow_fragment_label(row, label);
    else if (row->kind == FLOW_STEP_SEND || row->kind == FLOW_STEP_RECV)
        ui_flow_step_label(row, label);
    else
        ui_flow_message_label(row, label);
}

/* Draw quote and suffix in `room` columns: the quote is cut first (ui_put() ends it with "…"). */
static int ui_flow_words(int y, int x, int room, const char *quote, const char *suffix, attr_t attr)
{
    int suffix_w = suffix[0] ? (int)width_utf8(suffix, strlen(suffix)) + 1 : 0;
    int quote_room = room - suffix_w > 1 ? room - suffix_w : 1;
    int used = ui_puts(y, x, quote_room < room ? quote_room : room, quote, attr);

    if (suffix[0] && used < room) {
        used += ui_puts(y, x + used, 1, " ", attr);
        used += ui_puts(y, x + used, room - used, suffix, attr | A_BOLD);
    }
    return used;
}

/* Draw a run of one box-drawing character. */
static void ui_flow_run(int y, int x, int count, const char *piece, attr_t attr)
{
    for (int i = 0; i < count; i++)
        ui_puts(y, x + i, 1, piece, attr);
}

/* The arrow of a row between the lanes at x0 and x1, with its label on it. */
static void ui_flow_arrow(int y, int x0, int x1, const struct ui_flow_label *label)
{
    int inner = x1 - x0 - 1, label_room = inner - 4, at = x0 + 1;
    attr_t attr = label->attr;

    switch (label->arrow) {
    case UI_FLOW_TO_SERVER: /* ─ label ───▶ */
        at += ui_puts(y, at, 2, "\xE2\x94\x80 ", attr);
        at += ui_flow_words(y, at, label_room - 1, label->quote, label->suffix, attr);
        at += ui_puts(y, at, 1, " ", attr);
        ui_flow_run(y, at, x1 - 1 - at, "\xE2\x94\x80", attr);
        ui_puts(y, x1 - 1, 1, "\xE2\x96\xB6", attr | A_BOLD);
        break;
    case UI_FLOW_TO_CLIENT: /* ◀─ label ─── */
        at += ui_puts(y, at, 1, "\xE2\x97\x80", attr | A_BOLD);
        at += ui_puts(y, at, 2, "\xE2\x94\x80 ", attr);
        at += ui_flow_words(y, at, label_room - 1, label->quote, label->suffix, attr);
        ui_puts(y, at, 1, " ", attr);
        ui_flow_run(y, at + 1, x1 - at - 1, "\xE2\x94\x80", attr);
        break;
    case UI_FLOW_AT_CLIENT: /* ⏸ label ┄┄┄ (waiting at the client) */
        at += ui_puts(y, at, 1, " ", attr);
        at += ui_flow_words(y, at, label_room, label->quote, label->suffix, attr);
        at += ui_puts(y, at, 1, " ", attr);
        ui_flow_run(y, at, x1 - at, "\xE2\x94\x84", attr & ~(attr_t)A_BOLD);
        break;
    case UI_FLOW_NO_ARROW: { /* ═══ label ═══ */
        int w = (int)width_utf8(label->quote, strlen(label->quote));
        if (w > label_room)
            w = label_room;
        int left = (inner - w - 2) / 2;
        ui_flow_run(y, at, left, "\xE2\x95\x90", attr);
        ui_puts(y, at + left, 1, " ", attr);
        int drawn = ui_puts(y, at + left + 1, label_room, label->quote, attr);
        ui_puts(y, at + left + 1 + drawn, 1, " ", attr);
        ui_flow_run(y, at + left + 2 + drawn, x1 - (at + left + 2 + drawn), "\xE2\x95\x90", attr);
        break;
    }
    }
}

/* One row of the diagram: time, then the arrow between the lanes at x0 and x1. */
static void ui_flow_row(int y, int x, int x0, int x1, const struct flow_row *row, bool selected)
{
    struct ui_flow_label label;
    char clock[16];
    attr_t lane = A_DIM;

    ui_flow_label(row, &label);
    if (selected) {
        label.attr |= A_REVERSE;
        lane |= A_REVERSE;
        ui_fill(y, x, x1 - x + 1, A_REVERSE);
    }
    ui_clock(row->wall_ms, false, clock, sizeof(clock));
    ui_puts(y, x, x0 - x, clock, selected ? A_REVERSE : A_DIM);
    ui_puts(y, x0, 1, "\xE2\x94\x82", lane); /* │ */
    ui_puts(y, x1, 1, "\xE2\x94\x82", lane);
    if (x1 - x0 - 1 >= UI_FLOW_ARROW_MIN)
        ui_flow_arrow(y, x0, x1, &label);
}

/* The first row to show so that the newest, or the selected row, is in view. */
static size_t ui_flow_top(const struct ui *ui, size_t count, size_t visible)
{
    if (count <= visible)
        return 0;
    if (!ui->flow_focused)
        return count - visible;
    size_t top = ui->flow_selected > visible / 2 ? ui->flow_selected - visible / 2 : 0;
    return top + visible > count ? count - visible : top;
}

void ui_draw_flow(const struct ui *ui, const struct ui_layout *layout, const struct chat *chat)
{
    const struct ui_box *box = &layout->flow;
    attr_t title = ui_colour(UI_COLOUR_TITLE);
    int x0 = box->x + UI_FLOW_TIME_COLUMNS, x1 = box->x + box->w - 1;
    char heading[128];

    /* Heading: the two lanes' names and the pane's keys. */
    ui_fill(box->y, box->x, box->w, title);
    int client_x = x0 - UI_FLOW_CLIENT_NAME_OFFSET;
    ui_puts(box->y, client_x > box->x ? client_x : box->x, box->w, _("client"), title | A_BOLD);
    snprintf(heading, sizeof(heading), "%s",
             ui->flow_focused ? _("flow: \xE2\x86\x91\xE2\x86\x93 select, Esc back")
                              : _("flow: F4 inspect, F2 hide"));
    int heading_w = (int)width_utf8(heading, strlen(heading));
    if (heading_w + UI_FLOW_LANE_NAMES_COLUMNS < box->w)
        ui_puts(box->y, box->x + (box->w - heading_w) / 2, heading_w, heading, title);
    const char *server = _("server");
    int server_w = (int)width_utf8(server, strlen(server));
    ui_puts(box->y, x1 - server_w + 1, server_w, server, title | A_BOLD);

    size_t count = flow_count(&chat->flow), visible = (size_t)(box->h - 1);
    size_t top = ui_flow_top(ui, count, visible);
    for (size_t i = 0; i < visible; i++) {
        int y = box->y + 1 + (int)i;
        if (top + i < count) {
            ui_flow_row(y, box->x, x0, x1, flow_row(&chat->flow, top + i),
                        ui->flow_focused && top + i == ui->flow_selected);
        } else {
            ui_puts(y, x0, 1, "\xE2\x94\x82", A_DIM);
            ui_puts(y, x1, 1, "\xE2\x94\x82", A_DIM);
        }
    }
}

/* ---- The inspector ---------------------------------------------------------------- */

/* The inspector's first line: which row, what kind, when, how big; and which of its
 * lines are in view when they do not all fit. */
static void ui_inspect_heading(const struct ui_box *box, const struct flow_row *row, size_t top,
                               size_t shown, size_t lines)
{
    static const char *const kinds[] = {
        [FLOW_CONNECTING] = N_("connecting"),
        [FLOW_CONNECTED] = N_("connected"),
        [FLOW_CONNECT_FAILED] = N_("connect failed"),
        [FLOW_REQUEST] = N_("request"),
        [FLOW_RESPONSE] = N_("response"),
        [FLOW_EVENT] = N_("event"),
        [FLOW_CLOSED] = N_("closed"),
        [FLOW_STEP_SEND] = N_("step: send"),
        [FLOW_STEP_RECV] = N_("step: recv"),
        [FLOW_FRAGMENT] = N_("fragment"),
        [FLOW_SERVER_SENT] = N_("the server sent"),
    };
    char text[256], clock[16];
    attr_t attr = ui_colour(UI_COLOUR_TITLE) | A_BOLD;

    assert((size_t)row->kind < sizeof(kinds) / sizeof(kinds[0]) && kinds[row->kind] != NULL);
    ui_clock(row->wall_ms, true, clock, sizeof(clock));
    snprintf(text, sizeof(text), _("inspect #%lu %s  %s  %zu bytes"), row->number,
             _(kinds[row->kind]), clock, row->bytes);
    int used = ui_puts(box->y, box->x + 1, box->w - 2, text, attr);
    if (shown >= lines)
        return;
    snprintf(text, sizeof(text), _("  lines %zu-%zu of %zu, \xE2\x86\x90\xE2\x86\x92 scroll"),
             top + 1, top + shown, lines); /* ←→ */
    ui_puts(box->y, box->x + 1 + used, box->w - 2 - used, text, attr);
}

/* A request's story: answered, waiting (for too long?), or given up. */
static void ui_inspect_request(const struct flow *flow, const struct flow_row *row, char *text,
                               size_t room, const char *rtt)
{
    if (row->paired)
        snprintf(text, room, _("answered by #%lu after %s"), row->partner, rtt);
    else if (flow_is_pending(flow, row->number) && row->overdue)
        snprintf(text, room, _("waiting for its response: none came for %d s"),
                 CHAT_NO_ANSWER_MS / 1000);
    else if (flow_is_pending(flow, row->number))
        snprintf(text, room, "%s", _("waiting for its response"));
    else
        snprintf(text, room, "%s",
                 _("no response came: the server does not speak obrol's protocol, or the "
                   "connection closed first"));
}

/* A response's story: which request it answers, and what of its round trip was ours. */
static void ui_inspect_response(const struct flow_row *row, char *text, size_t room,
                                const char *rtt)
{
    char own[32];

    if (!row->paired) {
        snprintf(text, room, "%s", _("a response with no request waiting"));
        return;
    }
    snprintf(text, room, _("answers request #%lu, round trip %s"), row->partner, rtt);
    explain_rtt(own, sizeof(own), row->own_wait_us);
    if (row->own_wait & FLOW_WAIT_TRICKLE && row->own_wait & FLOW_WAIT_STEP)
        snprintf(text + strlen(text), room - strlen(text),
                 _(", of which %s were our own /trickle pauses and step-mode waits"), own);
    else if (row->own_wait & FLOW_WAIT_TRICKLE)
        snprintf(text + strlen(text), room - strlen(text),
                 _(", of which %s were our own /trickle pauses"), own);
    else if (row->own_wait & FLOW_WAIT_STEP)
        snprintf(text + strlen(text), room - strlen(text),
                 _(", of which %s the bytes waited here for a step"), own);
}

/* What a row is, in a sentence: what it pairs with, or why it waits. */
static void ui_inspect_story(const struct flow *flow, const struct flow_row *row, char *text,
                             size_t room)
{
    bool waiting = row->step == FLOW_STEP_WAITING;
    char rtt[32];

    explain_rtt(rtt, sizeof(rtt), row->rtt_us);
    switch (row->kind) {
    case FLOW_REQUEST:
        ui_inspect_request(flow, row, text, room, rtt);
        break;
    case FLOW_RESPONSE:
        ui_inspect_response(row, text, room, rtt);
        break;
    case FLOW_SERVER_SENT:
        snprintf(text, room, "%s",
                 _("not obrol's protocol: the server sent it when it chose to; no request is "
                   "paired with it"));
        break;
    case FLOW_EVENT:
        snprintf(text, room, "%s", _("pushed by the server, not a response"));
        break;
    case FLOW_FRAGMENT:
        snprintf(text, room, _("fragment %u of %u: one send() of part of a request"), row->fragment,
                 row->fragments);
        break;
    case FLOW_STEP_SEND:
        snprintf(text, room, "%s",
                 waiting ? _("waits for a step before send()") : _("sent after a step"));
        break;
    case FLOW_STEP_RECV:
        snprintf(text, room, "%s",
                 waiting ? _("received, waits for a step to be framed")
                         : _("framed and shown after a step"));
        break;
    case FLOW_CONNECTING:
    case FLOW_CONNECTED:
    case FLOW_CONNECT_FAILED:
    case FLOW_CLOSED:
        snprintf(text, room, "%s", row->note);
        break;
    }
    if (row->partial)
        snprintf(text + strlen(text), room - strlen(text), "%s",
                 _(" (no newline: shown after silence or close)"));
    if (row->raw != NULL && row->raw_len < row->bytes)
        snprintf(text + strlen(text), room - strlen(text),
                 _(" (only the first %zu bytes were kept to inspect)"), row->raw_len);
}

/* What the inspector shows below its heading: parts, each wrapped after its label. */
struct ui_inspect_part {
    const char *label;
    const char *text; /* sanitised */
    attr_t attr;
};

/* Room for what a row's bytes become: escaped (\xNN at most), sanitised, in hex. */
static struct {
    char story[SANITIZE_MAX_OUTPUT(UI_INSPECT_STORY_MAX) + 1];
    char escaped[UI_INSPECT_ESCAPED_MAX + 1];
    char text[SANITIZE_MAX_OUTPUT(UI_INSPECT_ESCAPED_MAX) + 1];
    char hex[UI_INSPECT_HEX_MAX + 1];
} ui_inspect_buffers; /* large, and the screen is drawn by one thread: not on the stack */

/* The parts for a row: its story, then (when it has bytes) the bytes escaped and in hex.
 * Returns how many parts were filled in. */
static size_t ui_inspect_parts(const struct flow *flow, const struct flow_row *row,
                               struct ui_inspect_part parts[3])
{
    char story[UI_INSPECT_STORY_MAX];
    size_t used;

    ui_inspect_story(flow, row, story, sizeof(story));
    used = sanitize_text(story, strlen(story), ui_inspect_buffers.story,
                         sizeof(ui_inspect_buffers.story) - 1);
    ui_inspect_buffers.story[used] = '\0';
    parts[0] = (struct ui_inspect_part){.label = "", .text = ui_inspect_buffers.story};
    if (row->raw == NULL)
        return 1;
    /* The bytes themselves: escaped as C would write them, then in hex. */
    used = flow_escape(row->raw, row->raw_len, ui_inspect_buffers.escaped,
                       sizeof(ui_inspect_buffers.escaped));
    used = sanitize_text(ui_inspect_buffers.escaped, used, ui_inspect_buffers.text,
                         sizeof(ui_inspect_buffers.text) - 1);
    ui_inspect_buffers.text[used] = '\0';
    flow_hex(row->raw, row->raw_len, ui_inspect_buffers.hex, sizeof(ui_inspect_buffers.hex));
    parts[1] = (struct ui_inspect_part){
        .label = _("text "), .text = ui_inspect_buffers.text, .attr = ui_colour(UI_COLOUR_INFO)};
    parts[2] = (struct ui_inspect_part){.label = _("hex  "), .text = ui_inspect_buffers.hex};
    return 3;
}

/*
 * Walk the inspector's lines: each part wrapped in `w` columns after its label.
 * With `draw`, lines top .. top + rows - 1 are drawn from row y at column x.
 * Returns the number of lines.
 */
static size_t ui_inspect_lines(const struct ui_inspect_part *parts, size_t count, int x, int w,
                               int y, size_t top, int rows, bool draw)
{
    size_t line = 0;

    for (size_t p = 0; p < count; p++) {
        const char *text = parts[p].text;
        size_t len = strlen(text), at = 0;
        int label_w = (int)width_utf8(parts[p].label, strlen(parts[p].label));
        int room = w - label_w > 1 ? w - label_w : 1;
        do { /* width_wrap() takes at least one character: the walk always moves */
            size_t piece = width_wrap(text + at, len - at, (size_t)room);
            if (draw && line >= top && line < top + (size_t)rows) {
                int row = y + (int)(line - top);
                if (at == 0)
                    ui_puts(row, x, label_w, parts[p].label, A_BOLD);
                ui_put(row, x + label_w, room, text + at, piece, parts[p].attr);
            }
            at += piece;
            line++;
        } while (at < len);
    }
    return line;
}

int ui_inspect_rows(const struct ui *ui, const struct chat *chat, int width)
{
    const struct flow_row *row = flow_row(&chat->flow, ui->flow_selected);
    struct ui_inspect_part parts[3];

    if (row == NULL)
        return 1;
    size_t count = ui_inspect_parts(&chat->flow, row, parts);
    size_t lines = ui_inspect_lines(parts, count, 0, width - 2, 0, 0, 0, false);
    return lines < (size_t)UI_INSPECT_LINES_MAX ? 1 + (int)lines : 1 + UI_INSPECT_LINES_MAX;
}

void ui_draw_inspect(struct ui *ui, const struct ui_layout *layout, const struct chat *chat)
{
    const struct ui_box *box = &layout->inspect;
    const struct flow_row *row = flow_row(&chat->flow, ui->flow_selected);
    struct ui_inspect_part parts[3];
    int x = box->x + 1, w = box->w - 2, rows = box->h - 1;

    ui_fill(box->y, box->x, box->w, ui_colour(UI_COLOUR_TITLE));
    ui->inspect_top_max = 0;
    ui->inspect_page = rows > 1 ? rows : 1;
    if (row == NULL) {
        ui_puts(box->y, x, w, _("inspect: no rows yet"), ui_colour(UI_COLOUR_TITLE));
        return;
    }
    size_t count = ui_inspect_parts(&chat->flow, row, parts);
    size_t lines = ui_inspect_lines(parts, count, x, w, 0, 0, 0, false);
    size_t shown = rows > 0 ? (size_t)rows : 0;
    if (lines > shown) /* the rest is a Left/Right away, and the heading says so */
        ui->inspect_top_max = lines - shown;
    size_t top = ui->inspect_top < ui->inspect_top_max ? ui->inspect_top : ui->inspect_top_max;
    ui_inspect_heading(box, row, top, shown < lines ? shown : lines, lines);
    ui_inspect_lines(parts, count, x, w, box->y + 1, top, rows, true);
}
