/*
 * test_client_topology.c - the topology view's layout (src/client/teach/topology.c).
 */
#include "check-main.h"
#include "teach/topology.h"

#include <stdlib.h>

static bool boxes_overlap(const struct topology_box *a, const struct topology_box *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + TOPOLOGY_BOX_ROWS &&
           b->y < a->y + TOPOLOGY_BOX_ROWS;
}

/* Every box inside the area, none on top of another, the server among them. */
static void check_sane(const struct topology_layout *layout, int w, int h)
{
    ck_assert(layout->fits);
    for (size_t i = 0; i < layout->shown; i++) {
        const struct topology_box *box = &layout->clients[i];
        ck_assert_int_ge(box->x, 0);
        ck_assert_int_le(box->x + box->w, w);
        ck_assert_int_ge(box->y, 0);
        ck_assert_int_le(box->y + TOPOLOGY_BOX_ROWS, h);
        ck_assert_int_eq(box->w % 2, 1); /* a middle column for its line */
        ck_assert(!boxes_overlap(box, &layout->server));
        for (size_t j = i + 1; j < layout->shown; j++)
            ck_assert(!boxes_overlap(box, &layout->clients[j]));
        /* clients above the server join the top bus, the others the bottom one */
        if (box->top)
            ck_assert_int_eq(box->y + TOPOLOGY_BOX_ROWS, layout->bus_top);
        else
            ck_assert_int_eq(box->y - 1, layout->bus_bottom);
    }
}

/* The message pane at 80x24 with the flow pane below: 80x12 under the title. */
START_TEST(test_classroom_size)
{
    struct topology_layout layout;

    topology_layout(80, 12, 5, 9, &layout);
    check_sane(&layout, 80, 12);
    ck_assert_uint_eq(layout.shown, 5);
    ck_assert_uint_eq(layout.hidden, 0);
    ck_assert(layout.clients[0].top && layout.clients[2].top && !layout.clients[3].top);
    ck_assert_int_eq(layout.bus_top + 1, layout.server.y);
    ck_assert_int_eq(layout.server.y + TOPOLOGY_BOX_ROWS, layout.bus_bottom);
    /* the server is in the middle */
    ck_assert_int_le(abs(topology_box_middle(&layout.server) - 40), 1);
}
END_TEST

START_TEST(test_one_client_and_none)
{
    struct topology_layout layout;

    topology_layout(80, 12, 1, 4, &layout);
    check_sane(&layout, 80, 12);
    ck_assert_uint_eq(layout.shown, 1);
    ck_assert_int_eq(layout.bus_bottom, -1);
    ck_assert_int_eq(topology_box_middle(&layout.clients[0]),
                     topology_box_middle(&layout.server)); /* a straight line */
    topology_layout(80, 12, 0, 0, &layout);
    ck_assert(layout.fits);
    ck_assert_uint_eq(layout.shown, 0);
}
END_TEST

/* More clients than fit: the rest are counted, never drawn outside. */
START_TEST(test_too_many_clients)
{
    struct topology_layout layout;

    topology_layout(80, 12, 200, 32, &layout);
    check_sane(&layout, 80, 12);
    ck_assert_uint_gt(layout.shown, 0);
    ck_assert_uint_eq(layout.shown + layout.hidden, 200);
    ck_assert_int_eq(layout.clients[0].w, TOPOLOGY_BOX_MAX); /* long nicks are cut */
}
END_TEST

/* Low areas: one row of clients, then the server alone, then nothing. */
START_TEST(test_low_areas)
{
    struct topology_layout layout;

    topology_layout(60, 8, 4, 4, &layout);
    check_sane(&layout, 60, 8);
    ck_assert_int_eq(layout.bus_bottom, -1);
    ck_assert_uint_eq(layout.shown, 4);
    topology_layout(60, 4, 4, 4, &layout);
    ck_assert(layout.fits);
    ck_assert_uint_eq(layout.shown, 0);
    ck_assert_uint_eq(layout.hidden, 4);
    topology_layout(10, 12, 4, 4, &layout);
    ck_assert(!layout.fits);
}
END_TEST

START_TEST(test_roles)
{
    ck_assert_int_eq(topology_role("budi", "budi", ""), TOPOLOGY_SENDER);
    ck_assert_int_eq(topology_role("Siti", "budi", ""), TOPOLOGY_RECEIVER);
    ck_assert_int_eq(topology_role("siti", "budi", "SITI"), TOPOLOGY_RECEIVER);
    ck_assert_int_eq(topology_role("ani", "budi", "siti"), TOPOLOGY_NONE);
    ck_assert_int_eq(topology_role("ani", "", ""), TOPOLOGY_NONE);
}
END_TEST

static Suite *topology_suite(void)
{
    Suite *suite = suite_create("client_topology");
    TCase *basics = tcase_create("topology");

    tcase_add_test(basics, test_classroom_size);
    tcase_add_test(basics, test_one_client_and_none);
    tcase_add_test(basics, test_too_many_clients);
    tcase_add_test(basics, test_low_areas);
    tcase_add_test(basics, test_roles);
    suite_add_tcase(suite, basics);
    return suite;
}

CHECK_MAIN(topology_suite)
