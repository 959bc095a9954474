/*
 * ui-topology.c - the topology view (F3): the server and its clients, live.
 *
 * It takes the message pane's place. The boxes come from topology_layout();
 * the lines are drawn on a small canvas where every cell remembers which
 * ways a line leaves it (up, down, left, right), so that crossings become the
 * right box character (┬ ┴ ┼ ...). For CHAT_PATH_SHOW_MS after a message, its
 * way is highlighted: the sender's line in the request colour, the server,
 * and the receivers' lines in the event colour.
 */
#include "ui/ui-internal.h"

#include "i18n.h"
#include "model/width.h"
#include "teach/topology.h"

#include <stdio.h>
#include <string.h>

#define UI_TOPOLOGY_ROWS_MAX 64
#define UI_TOPOLOGY_COLUMNS_MAX 320

enum { UI_UP = 1, UI_DOWN = 2, UI_LEFT = 4, UI_RIGHT = 8 };

/* Which ways a line leaves each cell, and how brightly (a topology_role). */
struct ui_canvas {
    unsigned char ways[UI_TOPOLOGY_ROWS_MAX][UI_TOPOLOGY_COLUMNS_MAX];
    unsigned char role[UI_TOPOLOGY_ROWS_MAX][UI_TOPOLOGY_COLUMNS_MAX];
};

static void ui_canvas_mark(struct ui_canvas *canvas, int x, int y, unsigned ways, int role)
{
    if (x < 0 || y < 0 || x >= UI_TOPOLOGY_COLUMNS_MAX || y >= UI_TOPOLOGY_ROWS_MAX)
        return;
    canvas->ways[y][x] |= (unsigned char)ways;
    if (role > canvas->role[y][x])
        canvas->role[y][x] = (unsigned char)role;
}

/* A straight line from (x0, y0) to (x1, y1), horizontal or vertical. */
static void ui_canvas_line(struct ui_canvas *canvas, int x0, int y0, int x1, int y1, int role)
{
    if (y0 == y1) {
        int from = x0 < x1 ? x0 : x1, to = x0 < x1 ? x1 : x0;
        for (int x = from; x <= to && from < to; x++)
            ui_canvas_mark(canvas, x, y0, (x > from ? UI_LEFT : 0) | (x < to ? UI_RIGHT : 0), role);
    } else {
        int from = y0 < y1 ? y0 : y1, to = y0 < y1 ? y1 : y0;
        for (int y = from; y <= to; y++)
            ui_canvas_mark(canvas, x0, y, (y > from ? UI_UP : 0) | (y < to ? UI_DOWN : 0), role);
    }
}

/* A box outline; its inside stays empty for the name. */
static void ui_canvas_box(struct ui_canvas *canvas, const struct topology_box *box, int role)
{
    int right = box->x + box->w - 1, bottom = box->y + TOPOLOGY_BOX_ROWS - 1;

    ui_canvas_line(canvas, box->x, box->y, right, box->y, role);
    ui_canvas_line(canvas, box->x, bottom, right, bottom, role);
    ui_canvas_line(canvas, box->x, box->y, box->x, bottom, role);
    ui_canvas_line(canvas, right, box->y, right, bottom, role);
}

/* The box character for a set of ways. */
static const char *ui_canvas_glyph(unsigned ways)
{
    static const char *const glyphs[16] = {
        " ",
        "\xE2\x94\x82",
        "\xE2\x94\x82",
        "\xE2\x94\x82", /* -, U, D, UD */
        "\xE2\x94\x80",
        "\xE2\x94\x98",
        "\xE2\x94\x90",
        "\xE2\x94\xA4", /* L, UL, DL, UDL */
        "\xE2\x94\x80",
        "\xE2\x94\x94",
        "\xE2\x94\x8C",
        "\xE2\x94\x9C", /* R, UR, DR, UDR */
        "\xE2\x94\x80",
        "\xE2\x94\xB4",
        "\xE2\x94\xAC",
        "\xE2\x94\xBC", /* LR, ULR, DLR, all */
    };
    return glyphs[ways & 15];
}

/* The attribute of a line in a role. */
static attr_t ui_topology_attr(int role)
{
    if (role == TOPOLOGY_SENDER)
        return ui_colour(UI_COLOUR_REQUEST) | A_BOLD;
    if (role == TOPOLOGY_RECEIVER)
        return ui_colour(UI_COLOUR_EVENT) | A_BOLD;
    return A_DIM;
}

/* One client's line to the server: down (or up) to its bus, along it, into the server. */
static void ui_topology_link(struct ui_canvas *canvas, const struct topology_layout *layout,
                             const struct topology_box *box, int role)
{
    int x = topology_box_middle(box), server_x = topology_box_middle(&layout->server);

    if (box->top) {
        ui_canvas_line(canvas, x, box->y + TOPOLOGY_BOX_ROWS - 1, x, layout->bus_top, role);
        ui_canvas_line(canvas, x, layout->bus_top, server_x, layout->bus_top, role);
        ui_canvas_line(canvas, server_x, layout->bus_top, server_x, layout->server.y, role);
    } else {
        int server_bottom = layout->server.y + TOPOLOGY_BOX_ROWS - 1;
        ui_canvas_line(canvas, x, box->y, x, layout->bus_bottom, role);
        ui_canvas_line(canvas, x, layout->bus_bottom, server_x, layout->bus_bottom, role);
        ui_canvas_line(canvas, server_x, server_bottom, server_x, layout->bus_bottom, role);
    }
}

/* A name in the middle of its box. */
static void ui_topology_name(const struct ui_box *area, const struct topology_box *box,
                             const char *name, attr_t attr)
{
    int room = box->w - 2, w = (int)width_utf8(name, strlen(name));

    w = w > room ? room : w;
    ui_puts(area->y + box->y + 1, area->x + box->x + 1 + (room - w) / 2, room, name, attr);
}

/* The last row: what is highlighted, and who did not fit. */
static void ui_topology_legend(const struct ui_box *box, const struct chat *chat, bool active,
                               size_t hidden)
{
    char text[256];
    int x = box->x + 1, y = box->y + box->h - 1, end = box->x + box->w;

    if (active && chat->path.to[0] != '\0')
        snprintf(text, sizeof(text), _("%s \xE2\x86\x92 server \xE2\x86\x92 %s"), chat->path.from,
                 chat->path.to);
    else if (active)
        snprintf(text, sizeof(text), _("%s \xE2\x86\x92 server \xE2\x86\x92 everyone else"),
                 chat->path.from);
    else
        snprintf(text, sizeof(text), "%s", _("the way of the next message lights up here"));
    x += ui_puts(y, x, end - x, text, active ? A_BOLD : A_DIM);
    if (hidden > 0) {
        snprintf(text, sizeof(text), _("  (+%zu more clients)"), hidden);
        ui_puts(y, x, end - x, text, A_DIM);
    }
}

void ui_draw_topology(const struct ui_layout *layout, const struct chat *chat, int64_t now_ms)
{
    static struct ui_canvas canvas;
    const struct ui_box *box = &layout->messages;
    struct ui_box area = {
        .y = box->y + 1, .x = box->x, .h = box->h - 2, .w = box->w}; /* under the title */
    struct topology_layout places;
    const struct nicks *nicks = &chat->nicks;
    bool active = chat->path.at_ms >= 0 && now_ms - chat->path.at_ms < CHAT_PATH_SHOW_MS;
    char title[160];
    size_t longest = 0;

    snprintf(title, sizeof(title),
             _(" topology: one server, clients connected: %zu (F3: messages) "), nicks->count);
    ui_fill(box->y, box->x, box->w, ui_colour(UI_COLOUR_TITLE));
    ui_puts(box->y, box->x, box->w, title, ui_colour(UI_COLOUR_TITLE) | A_BOLD);
    for (size_t i = 0; i < nicks->count; i++)
        longest = strlen(nicks->names[i]) > longest ? strlen(nicks->names[i]) : longest;
    topology_layout(area.w < UI_TOPOLOGY_COLUMNS_MAX ? area.w : UI_TOPOLOGY_COLUMNS_MAX,
                    area.h < UI_TOPOLOGY_ROWS_MAX ? area.h : UI_TOPOLOGY_ROWS_MAX, nicks->count,
                    longest, &places);
    if (!places.fits) {
        ui_puts(area.y, area.x + 1, area.w - 1, _("(too small for the topology)"), A_DIM);
        return;
    }

    memset(&canvas, 0, sizeof(canvas));
    int server_role = active ? TOPOLOGY_SENDER : TOPOLOGY_NONE;
    for (size_t i = 0; i < places.shown; i++) {
        int role = active ? (int)topology_role(nicks->names[i], chat->path.from, chat->path.to)
                          : TOPOLOGY_NONE;
        ui_canvas_box(&canvas, &places.clients[i], role);
        ui_topology_link(&canvas, &places, &places.clients[i], role);
    }
    ui_canvas_box(&canvas, &places.server, server_role);
    for (int y = 0; y < area.h && y < UI_TOPOLOGY_ROWS_MAX; y++)
        for (int x = 0; x < area.w && x < UI_TOPOLOGY_COLUMNS_MAX; x++)
            if (canvas.ways[y][x] != 0)
                ui_puts(area.y + y, area.x + x, 1, ui_canvas_glyph(canvas.ways[y][x]),
                        ui_topology_attr(canvas.role[y][x]));

    for (size_t i = 0; i < places.shown; i++) {
        bool own = strcmp(nicks->names[i], chat->nick) == 0;
        int role = active ? (int)topology_role(nicks->names[i], chat->path.from, chat->path.to)
                          : TOPOLOGY_NONE;
        attr_t attr = own ? A_BOLD | A_REVERSE : A_BOLD;
        if (role != TOPOLOGY_NONE)
            attr = ui_topology_attr(role) | (own ? A_REVERSE : 0);
        ui_topology_name(&area, &places.clients[i], nicks->names[i], attr);
    }
    ui_topology_name(&area, &places.server, "obrol-server",
                     active ? ui_colour(UI_COLOUR_REQUEST) | A_BOLD : A_BOLD);
    ui_topology_legend(box, chat, active, places.hidden);
}
