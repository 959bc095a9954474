/*
 * topology.h - where the topology view puts the server and its clients.
 *
 * The picture of the lesson, live: one server in the middle, every connected
 * client around it, each joined to the server by its own line.
 *
 *     ┌──────┐  ┌──────┐  ┌──────┐        clients (the first half)
 *     │ budi │  │ siti │  │ ani  │
 *     └──┬───┘  └──┬───┘  └──┬───┘
 *        └─────────┼─────────┘            the top bus
 *           ┌──────┴───────┐
 *           │ obrol-server │              the server
 *           └──────┬───────┘
 *        ┌─────────┴─────────┐            the bottom bus
 *     ┌──┴───┐  ┌──┴───┐  ┌──┴───┐        clients (the rest)
 *
 * Pure: this file only computes positions (tested with numbers); the view
 * (ui-topology.c) draws them.
 */
#ifndef OBROL_CLIENT_TOPOLOGY_H
#define OBROL_CLIENT_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>

#define TOPOLOGY_NODES_MAX 64 /* client boxes drawn at most; the rest are counted */
#define TOPOLOGY_BOX_ROWS 3   /* every box: top border, name, bottom border */
#define TOPOLOGY_BOX_MIN 9    /* columns of a client box (always odd) */
#define TOPOLOGY_BOX_MAX 17
#define TOPOLOGY_GAP 2             /* columns between two client boxes */
#define TOPOLOGY_SERVER_COLUMNS 17 /* odd, like the client boxes: a middle column */

/* One box: its top-left corner and width (height TOPOLOGY_BOX_ROWS). */
struct topology_box {
    int x, y, w;
    bool top; /* a client above the server (joins the top bus) */
};

struct topology_layout {
    bool fits; /* false: the area is too small for any picture */
    struct topology_box server;
    int bus_top, bus_bottom; /* rows of the two buses (-1: none) */
    size_t shown, hidden;    /* client boxes drawn, and clients left out */
    struct topology_box clients[TOPOLOGY_NODES_MAX];
};

/* Lay out `count` clients whose longest nick is `longest` columns in a w x h area. */
void topology_layout(int w, int h, size_t count, size_t longest, struct topology_layout *out);

/* The column where a box's line leaves it (its middle). */
int topology_box_middle(const struct topology_box *box);

/* A client's part in the latest message. */
enum topology_role {
    TOPOLOGY_NONE,
    TOPOLOGY_SENDER,
    TOPOLOGY_RECEIVER,
};

/* `from` sent a message to `to` ("" = to everyone but the sender): what was `nick`? */
enum topology_role topology_role(const char *nick, const char *from, const char *to);

#endif
