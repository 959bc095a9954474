/*
 * ui-flow.c - the flow pane: a sequence diagram of the connection.
 *
 *   12:00:01 │─ "/who" 5 B ───────────────▶│     request, green
 *   12:00:01 │◀─ "OK who budi" · 0.214 ms ──│     response, cyan
 *   12:00:04 │◀─ "JOIN siti" ───────────────│     pushed event, magenta
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

#include <stdio.h>
#include <string.h>

#define UI_FLOW_TIME_COLUMNS 9 /* "12:34:56 " */
#define UI_FLOW_LABEL_MAX 512

/* The line of a row without its newline, escaped: what the arrow is labelled with.
 * A fragment keeps its newline: which fragment carries it is the point. */
static void ui_flow_quote(const struct flow_row *row, char *out, size_t room)
{
    char escaped[UI_FLOW_LABEL_MAX];
    size_t len = row->raw_len;

    if (len > 0 && row->raw[len - 1] == '\n' && row->kind != FLOW_FRAGMENT)
        len--;
    if (len > 120)
        len = 120;
    size_t used = flow_escape(row->raw, len, escaped, sizeof(escaped) / 3);
    char safe[UI_FLOW_LABEL_MAX];
    used = sanitize_text(escaped, used, safe, sizeof(safe) - 1); /* never trust the bytes */
    safe[used] = '\0';
    snprintf(out, room, "\"%s\"", safe);
}

/* A step row: "⏸ about to send() 12 bytes", "⏸ recv() returned 40 bytes", then
 * how it ended ("✓ sent", "✓ shown", "✗ dropped"). */
static void ui_flow_step_label(const struct flow_row *row, char *quote, size_t quote_room,
                               char *suffix, size_t suffix_room, attr_t *attr)
{
    bool send = row->kind == FLOW_STEP_SEND;
    char quoted[UI_FLOW_LABEL_MAX];

    ui_flow_quote(row, quoted, sizeof(quoted));
    if (row->step == FLOW_STEP_WAITING) {
        snprintf(quote, quote_room,
                 send ? _("\xE2\x8F\xB8 about to send() %zu bytes %s")
                      : _("\xE2\x8F\xB8 recv() returned %zu bytes %s"),
                 row->bytes, quoted);
        suffix[0] = '\0'; /* the explain line says which key takes the step */
        *attr = ui_colour(UI_COLOUR_WARN) | A_BOLD;
    } else {
        snprintf(quote, quote_room,
                 send ? _("step: send() %zu bytes %s") : _("step: recv() %zu bytes %s"),
                 row->bytes, quoted);
        if (row->step == FLOW_STEP_TAKEN)
            snprintf(suffix, suffix_room, "%s",
                     send ? _("\xE2\x9C\x93 sent") : _("\xE2\x9C\x93 shown"));
        else
            snprintf(suffix, suffix_room, "%s", _("\xE2\x9C\x97 dropped"));
        *attr = ui_colour(UI_COLOUR_WARN);
    }
}

/* The words on a row's arrow (a quote, and a suffix that must stay visible:
 * bytes or round trip), its colour and its direction. */
static void ui_flow_label(const struct flow_row *row, char *quote, size_t quote_room,
                          char *suffix, size_t suffix_room, attr_t *attr,
                          int *direction /* 1: to the server, -1: to the client, 0: none,
                                            * 2: waiting at the client (step mode) */)
{
    char rtt[32], quoted[UI_FLOW_LABEL_MAX];

    suffix[0] = '\0';
    switch (row->kind) {
    case FLOW_REQUEST:
    case FLOW_EVENT:
        ui_flow_quote(row, quote, quote_room);
        if (row->fragments > 0) /* trickled: the bytes went out in several send()s */
            snprintf(suffix, suffix_room, _("%zu B in %u sends"), row->bytes, row->fragments);
        else
            snprintf(suffix, suffix_room, "%zu B", row->bytes);
        *attr = ui_colour(row->kind == FLOW_REQUEST ? UI_COLOUR_REQUEST : UI_COLOUR_EVENT);
        *direction = row->kind == FLOW_REQUEST ? 1 : -1;
        break;
    case FLOW_RESPONSE:
        ui_flow_quote(row, quote, quote_room);
        explain_rtt(rtt, sizeof(rtt), row->rtt_us);
        snprintf(suffix, suffix_room, "%s", row->paired ? rtt : _("unpaired"));
        *attr = ui_colour(UI_COLOUR_RESPONSE);
        *direction = -1;
        break;
    case FLOW_CONNECTING:
        snprintf(quote, quote_room, _("connect() %s"), row->note);
        *attr = ui_colour(UI_COLOUR_WARN);
        *direction = 1;
        break;
    case FLOW_CONNECTED:
        snprintf(quote, quote_room, _("connected"));
        *attr = ui_colour(UI_COLOUR_GOOD) | A_BOLD;
        *direction = 0;
        break;
    case FLOW_CONNECT_FAILED:
        snprintf(quote, quote_room, _("connect failed: %s"), row->note);
        *attr = ui_colour(UI_COLOUR_BAD) | A_BOLD;
        *direction = 0;
        break;
    case FLOW_CLOSED:
        snprintf(quote, quote_room, _("closed: %s"), row->note);
        *attr = ui_colour(UI_COLOUR_BAD) | A_BOLD;
        *direction = 0;
        break;
    case FLOW_FRAGMENT:
        ui_flow_quote(row, quoted, sizeof(quoted));
        snprintf(quote, quote_room,
                 ngettext("send() %zu byte (fragment %u/%u) %s",
                          "send() %zu bytes (fragment %u/%u) %s", row->bytes),
                 row->bytes, row->fragment, row->fragments, quoted);
        *attr = ui_colour(UI_COLOUR_REQUEST);
        *direction = 1;
        break;
    case FLOW_STEP_SEND:
    case FLOW_STEP_RECV:
        ui_flow_step_label(row, quote, quote_room, suffix, suffix_room, attr);
        *direction = 2;
        break;
    }
}

/* Draw quote and suffix in `room` columns: the quote is cut (with "…") first. */
static int ui_flow_words(int y, int x, int room, const char *quote, const char *suffix,
                         attr_t attr)
{
    int suffix_w = suffix[0] ? (int)width_utf8(suffix, strlen(suffix)) + 1 : 0;
    int quote_w = (int)width_utf8(quote, strlen(quote));
    int used;

    if (quote_w + suffix_w <= room) {
        used = ui_puts(y, x, room, quote, attr);
    } else {
        used = ui_puts(y, x, room - suffix_w - 1 > 0 ? room - suffix_w - 1 : 0, quote, attr);
        used += ui_puts(y, x + used, 1, "\xE2\x80\xA6", attr); /* … */
    }
    if (suffix[0]) {
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

/* One row of the diagram: time, then the arrow between the lanes at x0 and x1. */
static void ui_flow_row(int y, int x, int x0, int x1, const struct flow_row *row, bool selected)
{
    char label[UI_FLOW_LABEL_MAX + 80], suffix[48], clock[16];
    attr_t attr = A_NORMAL, lane = A_DIM;
    int direction = 0, inner = x1 - x0 - 1;

    ui_flow_label(row, label, sizeof(label), suffix, sizeof(suffix), &attr, &direction);
    if (selected) {
        attr |= A_REVERSE;
        lane |= A_REVERSE;
        ui_fill(y, x, x1 - x + 1, A_REVERSE);
    }
    ui_clock(row->wall_ms, false, clock, sizeof(clock));
    ui_puts(y, x, x0 - x, clock, selected ? A_REVERSE : A_DIM);
    ui_puts(y, x0, 1, "\xE2\x94\x82", lane); /* │ */
    ui_puts(y, x1, 1, "\xE2\x94\x82", lane);
    if (inner < 6)
        return;

    int label_room = inner - 4, at = x0 + 1;
    if (direction == 1) {       /* ─ label ───▶ */
        at += ui_puts(y, at, 2, "\xE2\x94\x80 ", attr);
        at += ui_flow_words(y, at, label_room - 1, label, suffix, attr);
        at += ui_puts(y, at, 1, " ", attr);
        ui_flow_run(y, at, x1 - 1 - at, "\xE2\x94\x80", attr);
        ui_puts(y, x1 - 1, 1, "\xE2\x96\xB6", attr | A_BOLD);
    } else if (direction < 0) { /* ◀─ label ─── */
        at += ui_puts(y, at, 1, "\xE2\x97\x80", attr | A_BOLD);
        at += ui_puts(y, at, 2, "\xE2\x94\x80 ", attr);
        at += ui_flow_words(y, at, label_room - 1, label, suffix, attr);
        ui_puts(y, at, 1, " ", attr);
        ui_flow_run(y, at + 1, x1 - at - 1, "\xE2\x94\x80", attr);
    } else if (direction == 2) { /* ⏸ label ┄┄┄ (waiting at the client) */
        at += ui_puts(y, at, 1, " ", attr);
        at += ui_flow_words(y, at, label_room, label, suffix, attr);
        at += ui_puts(y, at, 1, " ", attr);
        ui_flow_run(y, at, x1 - at, "\xE2\x94\x84", attr & ~(attr_t)A_BOLD);
    } else {                    /* ═══ label ═══ */
        int w = (int)width_utf8(label, strlen(label));
        if (w > label_room)
            w = label_room;
        int left = (inner - w - 2) / 2;
        ui_flow_run(y, at, left, "\xE2\x95\x90", attr);
        ui_puts(y, at + left, 1, " ", attr);
        int drawn = ui_puts(y, at + left + 1, label_room, label, attr);
        ui_puts(y, at + left + 1 + drawn, 1, " ", attr);
        ui_flow_run(y, at + left + 2 + drawn, x1 - (at + left + 2 + drawn), "\xE2\x95\x90", attr);
    }
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
    ui_puts(box->y, x0 - 7 > box->x ? x0 - 7 : box->x, box->w, _("client"), title | A_BOLD);
    snprintf(heading, sizeof(heading), "%s",
             ui->flow_focused ? _("flow: \xE2\x86\x91\xE2\x86\x93 select, Esc back")
                              : _("flow: F4 inspect, F2 hide"));
    int heading_w = (int)width_utf8(heading, strlen(heading));
    if (heading_w + 20 < box->w)
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

/* Draw `text` wrapped over rows y..last after a label; returns the next row. */
static int ui_inspect_wrapped(int y, int last, int x, int w, const char *label, const char *text,
                              attr_t attr)
{
    size_t len = strlen(text), at = 0;
    int label_w = ui_puts(y, x, w, label, A_BOLD);

    do {
        size_t piece = width_wrap(text + at, len - at, (size_t)(w - label_w > 1 ? w - label_w : 1));
        ui_put(y, x + label_w, w - label_w, text + at, piece, attr);
        at += piece;
        y++;
    } while (at < len && y <= last);
    return y;
}

void ui_draw_inspect(const struct ui *ui, const struct ui_layout *layout, const struct chat *chat)
{
    const struct ui_box *box = &layout->inspect;
    const struct flow_row *row = flow_row(&chat->flow, ui->flow_selected);
    attr_t title = ui_colour(UI_COLOUR_TITLE);
    char text[FLOW_RAW_MAX * 4 + 64], safe[FLOW_RAW_MAX * 4 + 64], clock[16], rtt[32];
    int x = box->x + 1, w = box->w - 2, last = box->y + box->h - 1;

    ui_fill(box->y, box->x, box->w, title);
    if (row == NULL) {
        ui_puts(box->y, x, w, _("inspect: no rows yet"), title);
        return;
    }
    static const char *const kinds[] = {
        N_("connecting"), N_("connected"), N_("connect failed"), N_("request"),
        N_("response"),   N_("event"),     N_("closed"),         N_("step: send"),
        N_("step: recv"), N_("fragment"),
    };
    ui_clock(row->wall_ms, true, clock, sizeof(clock));
    snprintf(text, sizeof(text), _("inspect #%lu %s  %s  %zu bytes"), row->number,
             _(kinds[row->kind]), clock, row->bytes);
    ui_puts(box->y, x, w, text, title | A_BOLD);

    int y = box->y + 1;
    explain_rtt(rtt, sizeof(rtt), row->rtt_us);
    if (row->kind == FLOW_REQUEST && row->paired)
        snprintf(text, sizeof(text), _("answered by #%lu after %s"), row->partner, rtt);
    else if (row->kind == FLOW_REQUEST)
        snprintf(text, sizeof(text), _("waiting for its response"));
    else if (row->kind == FLOW_RESPONSE && row->paired)
        snprintf(text, sizeof(text), _("answers request #%lu, round trip %s"), row->partner, rtt);
    else if (row->kind == FLOW_RESPONSE)
        snprintf(text, sizeof(text), _("a response with no request waiting"));
    else if (row->kind == FLOW_EVENT)
        snprintf(text, sizeof(text), _("pushed by the server, not a response"));
    else if (row->kind == FLOW_FRAGMENT)
        snprintf(text, sizeof(text), _("fragment %u of %u: one send() of part of a request"),
                 row->fragment, row->fragments);
    else if (row->kind == FLOW_STEP_SEND)
        snprintf(text, sizeof(text), "%s",
                 row->step == FLOW_STEP_WAITING ? _("waits for a step before send()")
                                                : _("sent after a step"));
    else if (row->kind == FLOW_STEP_RECV)
        snprintf(text, sizeof(text), "%s",
                 row->step == FLOW_STEP_WAITING ? _("received, waits for a step to be framed")
                                                : _("framed and shown after a step"));
    else
        snprintf(text, sizeof(text), "%s", row->note);
    if (row->partial)
        snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s",
                 _(" (no newline: shown after silence or close)"));
    size_t used = sanitize_text(text, strlen(text), safe, sizeof(safe) - 1);
    safe[used] = '\0';
    if (y <= last)
        ui_puts(y++, x, w, safe, A_NORMAL);
    if (row->raw == NULL)
        return;

    used = flow_escape(row->raw, row->raw_len, text, sizeof(text) / 3);
    used = sanitize_text(text, used, safe, sizeof(safe) - 1);
    safe[used] = '\0';
    if (y <= last)
        y = ui_inspect_wrapped(y, last - 1, x, w, _("text "), safe, ui_colour(UI_COLOUR_INFO));
    flow_hex(row->raw, row->raw_len, text, sizeof(text));
    if (y <= last)
        ui_inspect_wrapped(y, last, x, w, _("hex  "), text, A_NORMAL);
}
