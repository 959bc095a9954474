/*
 * test_hosts.c - the table of computers (src/server/hosts.c).
 *
 * What one computer may use survives its reconnects, the teacher's verdicts
 * stick to its address, and the table never grows past LIMIT_HOSTS. Time is
 * a pretend clock passed in, so every test is exact and instant.
 */
#include "check-main.h"
#include "hosts.h"

#include <stdio.h>

#define START_MS 1000000
#define RATE 5  /* --rate */
#define SEATS 8 /* --max-per-host */

static struct hosts hosts; /* large: LIMIT_HOSTS entries */

static void start(unsigned seats, bool limit_loopback)
{
    struct hosts_settings settings = {
        .rate = RATE, .seats = seats, .limit_loopback = limit_loopback};

    hosts_init(&hosts, &settings);
}

/* Lines this computer may send at one instant before it has to wait. */
static unsigned lines_now(struct host *host, int64_t now, unsigned limit)
{
    unsigned taken = 0;

    while (taken < limit && hosts_line_wait_ms(&hosts, host, now) == 0) {
        hosts_take_line(&hosts, host, now);
        taken++;
    }
    return taken;
}

/* ---- The table ----------------------------------------------------------------- */

/* One entry per address, whatever the port: found again, not made twice. */
START_TEST(test_one_entry_per_address)
{
    start(SEATS, true);
    struct host *budi = hosts_find(&hosts, "10.0.0.5", false, START_MS);
    struct host *siti = hosts_find(&hosts, "10.0.0.6", false, START_MS);

    ck_assert_ptr_ne(budi, siti);
    ck_assert_str_eq(budi->address, "10.0.0.5");
    ck_assert_ptr_eq(hosts_find(&hosts, "10.0.0.5", false, START_MS + 1), budi);
    ck_assert_uint_eq(hosts.count, 2);
}
END_TEST

/* A full table forgets an address with no connection, never a connected one; one
 * with nothing to remember before one with a verdict; then the least recently seen. */
START_TEST(test_table_is_bounded)
{
    char address[NET_ADDRESS_MAX];

    start(SEATS, true);
    for (unsigned i = 0; i < LIMIT_HOSTS; i++) {
        snprintf(address, sizeof(address), "10.%u.%u.1", i / 256, i % 256);
        struct host *host = hosts_find(&hosts, address, false, START_MS + i);
        if (i != 1)
            hosts_enter(host, false); /* connected: may not be forgotten */
    }
    hosts_ban(&hosts.table[1], "budi", START_MS); /* the only one without a connection */
    ck_assert_uint_eq(hosts.count, LIMIT_HOSTS);
    struct host *newcomer = hosts_find(&hosts, "192.168.1.1", false, START_MS + LIMIT_HOSTS);
    ck_assert_ptr_eq(newcomer, &hosts.table[1]); /* banned, but the only one it could take */
    ck_assert_uint_eq(hosts.count, LIMIT_HOSTS);
    ck_assert_int_eq(hosts_ban_left_ms(newcomer, START_MS + LIMIT_HOSTS), 0);

    /* Two without a connection: the one with nothing to remember goes first. */
    hosts_leave(&hosts.table[2], false, START_MS); /* seen long ago, nothing to remember */
    hosts_leave(&hosts.table[3], false, START_MS); /* seen long ago, but muted */
    hosts_mute(&hosts.table[3], "siti");
    hosts_leave(&hosts.table[4], false, START_MS + 5); /* nothing to remember, seen later */
    ck_assert_ptr_eq(hosts_find(&hosts, "192.168.1.2", false, START_MS + 9), &hosts.table[2]);
    ck_assert_ptr_eq(hosts_find(&hosts, "192.168.1.3", false, START_MS + 9), &hosts.table[4]);
    ck_assert_ptr_ne(hosts_find(&hosts, "192.168.1.4", false, START_MS + 9), &hosts.table[3]);
    ck_assert(hosts_nick_muted(&hosts, "siti")); /* kept while there was another choice */
}
END_TEST

/* ---- Budgets ------------------------------------------------------------------- */

/* Lines: --rate x --max-per-host per second, bursts of 20 x --max-per-host, shared by
 * every connection of the computer and kept when they close. */
START_TEST(test_line_budget_survives_reconnects)
{
    start(SEATS, true);
    struct host *host = hosts_find(&hosts, "10.0.0.5", false, START_MS);

    hosts_enter(host, false);
    ck_assert_uint_eq(lines_now(host, START_MS, 1000), LIMIT_RATE_BURST * SEATS);
    hosts_leave(host, false, START_MS);
    /* Reconnecting finds the same, empty budget. */
    host = hosts_find(&hosts, "10.0.0.5", false, START_MS + 1);
    hosts_enter(host, false);
    ck_assert_uint_eq(lines_now(host, START_MS + 1, 1000), 0);
    ck_assert_int_gt(hosts_line_wait_ms(&hosts, host, START_MS + 1), 0);
    /* One second later: RATE x SEATS more. */
    ck_assert_uint_eq(lines_now(host, START_MS + 1001, 1000), RATE * SEATS);
}
END_TEST

/* Loopback has no budgets unless --limit-loopback, nobody has with --max-per-host 0;
 * everybody else has. */
START_TEST(test_who_has_budgets)
{
    start(SEATS, false);
    struct host *loopback = hosts_find(&hosts, "127.0.0.1", true, START_MS);
    ck_assert(loopback->exempt);
    ck_assert_uint_eq(lines_now(loopback, START_MS, 5000), 5000);
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(hosts_arrive(&hosts, loopback, START_MS), HOSTS_ARRIVAL_OK);
    struct host *lan = hosts_find(&hosts, "10.0.0.5", false, START_MS);
    ck_assert(!lan->exempt);
    ck_assert_uint_eq(lines_now(lan, START_MS, 5000), LIMIT_RATE_BURST * SEATS);

    start(SEATS, true);
    loopback = hosts_find(&hosts, "127.0.0.1", true, START_MS);
    ck_assert(!loopback->exempt);
    ck_assert_uint_eq(lines_now(loopback, START_MS, 5000), LIMIT_RATE_BURST * SEATS);

    start(0, true);
    lan = hosts_find(&hosts, "10.0.0.5", false, START_MS);
    ck_assert_uint_eq(lines_now(lan, START_MS, 5000), 5000);
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(hosts_arrive(&hosts, lan, START_MS), HOSTS_ARRIVAL_OK);
}
END_TEST

/* New connections: a burst, then LIMIT_HOST_ARRIVALS_PER_S a second. */
START_TEST(test_arrivals_are_paced)
{
    start(1000, true); /* seats enough that only the pace counts */
    struct host *host = hosts_find(&hosts, "10.0.0.5", false, START_MS);

    for (int i = 0; i < LIMIT_HOST_ARRIVAL_BURST; i++)
        ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS), HOSTS_ARRIVAL_OK);
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS), HOSTS_ARRIVAL_TOO_FAST);
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS + 1000 / LIMIT_HOST_ARRIVALS_PER_S),
                     HOSTS_ARRIVAL_OK);
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS + 1000 / LIMIT_HOST_ARRIVALS_PER_S),
                     HOSTS_ARRIVAL_TOO_FAST);
}
END_TEST

/* Seats: --max-per-host connections at once, LIMIT_HOST_AT_THE_DOOR of them at the door. */
START_TEST(test_seats_and_door_seats)
{
    start(3, true);
    struct host *host = hosts_find(&hosts, "10.0.0.5", false, START_MS);

    for (int i = 0; i < LIMIT_HOST_AT_THE_DOOR; i++) {
        ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS), HOSTS_ARRIVAL_OK);
        hosts_enter(host, true);
    }
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS), HOSTS_ARRIVAL_DOOR_FULL);
    hosts_admit(host); /* one gave the code: a door seat is free */
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS), HOSTS_ARRIVAL_OK);
    hosts_enter(host, true);
    ck_assert_uint_eq(host->connections, 3);
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS), HOSTS_ARRIVAL_FULL);
    hosts_leave(host, true, START_MS);
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS + 1000), HOSTS_ARRIVAL_OK);
}
END_TEST

/* Arrivals announced: LIMIT_HOST_ANNOUNCED in any window; the next ones are quiet. */
START_TEST(test_announcements_are_bounded)
{
    start(SEATS, true);
    struct host *host = hosts_find(&hosts, "10.0.0.5", false, START_MS);

    for (int i = 0; i < LIMIT_HOST_ANNOUNCED; i++)
        ck_assert(hosts_announce(&hosts, host, START_MS + i));
    ck_assert(!hosts_announce(&hosts, host, START_MS + 10));
    ck_assert(!hosts_announce(&hosts, host, START_MS + LIMIT_HOST_ANNOUNCE_WINDOW_MS - 1));
    ck_assert(hosts_announce(&hosts, host, START_MS + LIMIT_HOST_ANNOUNCE_WINDOW_MS));
    ck_assert(!hosts_announce(&hosts, host, START_MS + LIMIT_HOST_ANNOUNCE_WINDOW_MS));

    start(SEATS, false);
    struct host *loopback = hosts_find(&hosts, "127.0.0.1", true, START_MS);
    for (int i = 0; i < 100; i++)
        ck_assert(hosts_announce(&hosts, loopback, START_MS));
}
END_TEST

/* ---- Verdicts ------------------------------------------------------------------- */

/* Wrong room codes: the first is reported, the second is quiet, from the third on the
 * computer waits 1 s, 2 s, 4 s ... up to the maximum; the right code starts over. */
START_TEST(test_room_code_back_off)
{
    start(SEATS, false);
    struct host *host = hosts_find(&hosts, "127.0.0.1", true, START_MS); /* loopback too */
    int64_t now = START_MS, expected = LIMIT_HOST_CODE_WAIT_FIRST_MS;

    ck_assert_int_eq(hosts_code_wrong(host, now), HOSTS_CODE_FIRST);
    ck_assert_int_eq(hosts_code_wait_ms(host, now), 0);
    ck_assert_int_eq(hosts_code_wrong(host, now), HOSTS_CODE_QUIET);
    ck_assert_int_eq(hosts_code_wait_ms(host, now), 0);
    for (int n = 0; n < 12; n++) {
        ck_assert_int_eq(hosts_code_wrong(host, now), HOSTS_CODE_WAIT);
        ck_assert_int_eq(hosts_code_wait_ms(host, now), expected);
        ck_assert_int_eq(hosts_code_wait_ms(host, now + expected - 1), 1);
        now += expected;
        ck_assert_int_eq(hosts_code_wait_ms(host, now), 0);
        expected =
            expected * 2 > LIMIT_HOST_CODE_WAIT_MAX_MS ? LIMIT_HOST_CODE_WAIT_MAX_MS : expected * 2;
    }
    hosts_code_right(host);
    ck_assert_int_eq(hosts_code_wrong(host, now), HOSTS_CODE_FIRST);
}
END_TEST

/* A mute sticks to the address and the nick until /unmute names either. */
START_TEST(test_mute_sticks)
{
    start(SEATS, false);
    struct host *host = hosts_find(&hosts, "10.0.0.5", false, START_MS);

    hosts_mute(host, "Budi");
    ck_assert(host->muted);
    ck_assert(hosts_nick_muted(&hosts, "budi"));
    ck_assert(!hosts_nick_muted(&hosts, "siti"));
    ck_assert_uint_eq(hosts_unmute(&hosts, "siti"), 0);
    ck_assert_uint_eq(hosts_unmute(&hosts, "BUDI"), 1);
    ck_assert(!host->muted);
    ck_assert(!hosts_nick_muted(&hosts, "budi"));
    hosts_mute(host, "budi");
    ck_assert_uint_eq(hosts_unmute(&hosts, "10.0.0.5"), 1);
    ck_assert(!hosts_nick_muted(&hosts, "budi"));
}
END_TEST

/* A kick keeps the address out for LIMIT_HOST_KICK_BAN_MS, loopback too; /unban by
 * address or nick lets it back (and lifts a room-code wait). */
START_TEST(test_kick_keeps_out)
{
    start(SEATS, false);
    struct host *host = hosts_find(&hosts, "127.0.0.1", true, START_MS);

    hosts_ban(host, "bob", START_MS);
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS + 700), HOSTS_ARRIVAL_BANNED);
    ck_assert_int_eq(hosts_ban_left_ms(host, START_MS + 700), LIMIT_HOST_KICK_BAN_MS - 700);
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS + LIMIT_HOST_KICK_BAN_MS),
                     HOSTS_ARRIVAL_OK);

    hosts_ban(host, "bob", START_MS);
    ck_assert_uint_eq(hosts_unban(&hosts, "Bob", START_MS + 1), 1);
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS + 2), HOSTS_ARRIVAL_OK);
    hosts_ban(host, "bob", START_MS);
    for (int i = 0; i < LIMIT_HOST_CODE_TRIES; i++)
        hosts_code_wrong(host, START_MS);
    ck_assert_uint_eq(hosts_unban(&hosts, "127.0.0.1", START_MS + 1), 1);
    ck_assert_int_eq(hosts_arrive(&hosts, host, START_MS + 2), HOSTS_ARRIVAL_OK);
    ck_assert_int_eq(hosts_code_wait_ms(host, START_MS + 2), 0);
    ck_assert_uint_eq(hosts_unban(&hosts, "nobody-here", START_MS + 3), 0);
}
END_TEST

static Suite *hosts_suite(void)
{
    Suite *suite = suite_create("hosts");
    TCase *table = tcase_create("table");
    TCase *budgets = tcase_create("budgets");
    TCase *verdicts = tcase_create("verdicts");

    tcase_add_test(table, test_one_entry_per_address);
    tcase_add_test(table, test_table_is_bounded);
    suite_add_tcase(suite, table);
    tcase_add_test(budgets, test_line_budget_survives_reconnects);
    tcase_add_test(budgets, test_who_has_budgets);
    tcase_add_test(budgets, test_arrivals_are_paced);
    tcase_add_test(budgets, test_seats_and_door_seats);
    tcase_add_test(budgets, test_announcements_are_bounded);
    suite_add_tcase(suite, budgets);
    tcase_add_test(verdicts, test_room_code_back_off);
    tcase_add_test(verdicts, test_mute_sticks);
    tcase_add_test(verdicts, test_kick_keeps_out);
    suite_add_tcase(suite, verdicts);
    return suite;
}

CHECK_MAIN(hosts_suite)
