/*
 * test_meaning.c - with -v, the first time a run shows a word (fd, read set,
 * write set, time-out, backlog, framing, a line's waiting bytes, a reset), the
 * server adds one "meaning:" line, once per run, in English and Indonesian;
 * --no-explain turns them off (src/server/meaning.c). A time-out says what it
 * waits for.
 */
#include "check-main.h"
#include "harness.h"

#include <stdio.h>
#include <string.h>

#define LINE 1024

static struct harness_server server;

/* A run that shows every word: a client that sends a line in two pieces and
 * gets an answer, a second that resets its connection. Ends with the server
 * stopped; its log stays readable. */
static void run_a_class(const char *language, const char *explain)
{
    struct harness_conn budi, siti;
    char line[LINE];

    ck_assert(harness_server_start(&server, 0,
                                   HARNESS_ARGS("-v", "--lang", language, "--rate", "0", explain)));
    ck_assert(harness_connect(&budi, server.port));
    ck_assert(harness_send_text(&budi, "/nick bu"));
    ck_assert(harness_server_log_wait(&server, "recv(fd", 5000));
    ck_assert(harness_send_text(&budi, "di\n"));
    ck_assert(harness_expect(&budi, "OK nick", line, sizeof(line), 5000) > 0);
    ck_assert(harness_connect(&siti, server.port));
    ck_assert(harness_send_text(&siti, "/nick siti\n"));
    ck_assert(harness_expect(&siti, "OK nick", line, sizeof(line), 5000) > 0);
    harness_reset(&siti);
    ck_assert(harness_expect(&budi, "LEAVE siti", line, sizeof(line), 5000) > 0);
    harness_close(&budi);
    ck_assert(harness_server_log_wait(&server, "budi", 5000));
    ck_assert_int_eq(harness_server_stop(&server), 0);
}

/* How often the log has a line that contains `first`, and `then` after it (NULL: anything). */
static int count_lines_with(const char *log, const char *first, const char *then)
{
    int count = 0;

    for (const char *at = log; at != NULL && *at != '\0';) {
        const char *end = strchr(at, '\n');
        size_t len = end != NULL ? (size_t)(end - at) : strlen(at);
        char row[2048];
        snprintf(row, sizeof(row), "%.*s", (int)(len < sizeof(row) - 1 ? len : sizeof(row) - 1), at);
        const char *hit = strstr(row, first);
        if (hit != NULL && (then == NULL || strstr(hit, then) != NULL))
            count++;
        at = end != NULL ? end + 1 : NULL;
    }
    return count;
}

START_TEST(test_every_word_is_explained_once)
{
    static const char *const words[] = {
        "An fd (file descriptor)", "select() sleeps until", "is in the write set because",
        "No time-out:",            "The time-out is how long", "The kernel completed this connection",
        "TCP is a stream of bytes", "own buffer until the rest", "The peer (the program",
    };

    run_a_class("en", "--max-line=1024");
    char *log = harness_server_log(&server);
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        int seen = count_lines_with(log, "    meaning: ", words[i]);
        if (seen != 1)
            fprintf(stderr, "meaning \"%s\": %d times\n%s", words[i], seen, log);
        ck_assert_int_eq(seen, 1);
    }
    ck_assert_int_eq(count_lines_with(log, "    meaning: ", NULL), 9);
    /* The fd line names the listener, and a time-out says what it waits for. */
    ck_assert_int_eq(count_lines_with(log, "meaning: An fd", "(the listening socket)"), 1);
    ck_assert_int_ge(count_lines_with(log, " ms (", "WELCOME is due)"), 1);
    free(log);
}
END_TEST

START_TEST(test_the_words_are_explained_in_indonesian)
{
    run_a_class("id", "--max-line=1024");
    char *log = harness_server_log(&server);
    ck_assert_int_eq(count_lines_with(log, "    meaning: ", NULL), 0);
    ck_assert_int_eq(count_lines_with(log, "    artinya: ", NULL), 9);
    ck_assert_int_eq(count_lines_with(log, "artinya: fd (file descriptor)", "socket yang mendengarkan"), 1);
    free(log);
}
END_TEST

START_TEST(test_no_explain_keeps_the_narration_plain)
{
    run_a_class("en", "--no-explain");
    char *log = harness_server_log(&server);
    ck_assert_int_eq(count_lines_with(log, "meaning: ", NULL), 0);
    ck_assert_int_ge(count_lines_with(log, "accept(fd ", NULL), 2); /* still -v */
    free(log);
}
END_TEST

static Suite *meaning_suite(void)
{
    Suite *suite = suite_create("meaning");
    TCase *words = tcase_create("words");

    tcase_add_checked_fixture(words, NULL, harness_teardown);
    tcase_set_timeout(words, 30);
    tcase_add_test(words, test_every_word_is_explained_once);
    tcase_add_test(words, test_the_words_are_explained_in_indonesian);
    tcase_add_test(words, test_no_explain_keeps_the_narration_plain);
    suite_add_tcase(suite, words);
    return suite;
}

CHECK_MAIN(meaning_suite)
