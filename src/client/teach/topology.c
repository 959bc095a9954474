/*
 * topology.c - the positions of the topology view, and who took part in a message.
 */
#include "teach/topology.h"

#include <string.h>
#include <strings.h>

int topology_box_middle(const struct topology_box *box)
{
    return box->x + box->w / 2;
}

/* Place `count` boxes of width box_w side by side, centred in w columns, at row y. */
static void topology_row(struct topology_box *boxes, size_t count, int box_w, int w, int y,
                         bool top)
{
    int total = (int)count * box_w + ((int)count - 1) * TOPOLOGY_GAP;
    int x = (w - total) / 2;

    for (size_t i = 0; i < count; i++) {
        boxes[i] = (struct topology_box){.x = x, .y = y, .w = box_w, .top = top};
        x += box_w + TOPOLOGY_GAP;
    }
}

void topology_layout(int w, int h, size_t count, size_t longest, struct topology_layout *out)
{
    int box_w = (int)longest + 4; /* "│ " name " │" */

    memset(out, 0, sizeof(*out));
    out->bus_top = out->bus_bottom = -1;
    box_w = box_w < TOPOLOGY_BOX_MIN ? TOPOLOGY_BOX_MIN : box_w;
    box_w = box_w > TOPOLOGY_BOX_MAX ? TOPOLOGY_BOX_MAX : box_w;
    box_w |= 1; /* odd, so that its line leaves from the very middle */
    if (w < TOPOLOGY_SERVER_COLUMNS || w < box_w || h < TOPOLOGY_BOX_ROWS)
        return;

    size_t per_row = (size_t)((w + TOPOLOGY_GAP) / (box_w + TOPOLOGY_GAP));
    if (per_row > TOPOLOGY_NODES_MAX / 2)
        per_row = TOPOLOGY_NODES_MAX / 2;
    /* Two rows of clients need 11 rows: box, bus, server, bus, box. One needs 7. */
    size_t rows = h >= 4 * TOPOLOGY_BOX_ROWS - 1 ? 2 : h >= 2 * TOPOLOGY_BOX_ROWS + 1 ? 1 : 0;
    size_t capacity = per_row * rows;

    out->shown = count < capacity ? count : capacity;
    out->hidden = count - out->shown;
    size_t above = rows == 2 ? (out->shown + 1) / 2 : out->shown, below = out->shown - above;
    int used = TOPOLOGY_BOX_ROWS + (above > 0 ? TOPOLOGY_BOX_ROWS + 1 : 0) +
               (below > 0 ? TOPOLOGY_BOX_ROWS + 1 : 0);
    int y = (h - used) / 2;

    if (above > 0) {
        topology_row(out->clients, above, box_w, w, y, true);
        out->bus_top = y + TOPOLOGY_BOX_ROWS;
        y = out->bus_top + 1;
    }
    out->server = (struct topology_box){
        .x = (w - TOPOLOGY_SERVER_COLUMNS) / 2, .y = y, .w = TOPOLOGY_SERVER_COLUMNS, .top = false};
    y += TOPOLOGY_BOX_ROWS;
    if (below > 0) {
        out->bus_bottom = y;
        topology_row(out->clients + above, below, box_w, w, y + 1, false);
    }
    out->fits = true;
}

enum topology_role topology_role(const char *nick, const char *from, const char *to)
{
    if (nick[0] == '\0' || from[0] == '\0')
        return TOPOLOGY_NONE;
    if (strcasecmp(nick, from) == 0) /* nicks are equal without regard to case */
        return TOPOLOGY_SENDER;
    if (to[0] == '\0' || strcasecmp(nick, to) == 0)
        return TOPOLOGY_RECEIVER;
    return TOPOLOGY_NONE;
}
