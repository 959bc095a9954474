/*
 * trickle.c - cut a line into fragments and hand them out on a schedule.
 */
#include "teach/trickle.h"

#include <stdlib.h>
#include <string.h>

unsigned trickle_fragment_count(size_t bytes, size_t fragment_size)
{
    if (fragment_size == 0)
        return 0;
    return (unsigned)((bytes + fragment_size - 1) / fragment_size);
}

/* A whole number from `word` in [low, high]; false when it is not one. */
static bool trickle_number(const char *word, size_t len, long low, long high, long *value)
{
    char digits[16];

    if (len == 0 || len >= sizeof(digits))
        return false;
    for (size_t i = 0; i < len; i++)
        if (word[i] < '0' || word[i] > '9')
            return false;
    memcpy(digits, word, len);
    digits[len] = '\0';
    *value = strtol(digits, NULL, 10);
    return *value >= low && *value <= high;
}

/* The next space-separated word from *at; returns its length (0 at the end). */
static size_t trickle_word(const char *args, size_t len, size_t *at, const char **word)
{
    while (*at < len && args[*at] == ' ')
        (*at)++;
    *word = args + *at;
    size_t start = *at;
    while (*at < len && args[*at] != ' ')
        (*at)++;
    return *at - start;
}

bool trickle_parse(const char *args, size_t len, struct trickle_request *request)
{
    size_t at = 0;

    request->text = NULL;
    request->text_len = 0;
    for (int options = 0; options < 2; options++) { /* -s and -p, each at most once */
        size_t before = at;
        const char *word, *value;
        size_t word_len = trickle_word(args, len, &at, &word);
        long number;

        if (word_len == 2 && (memcmp(word, "-s", 2) == 0 || memcmp(word, "-p", 2) == 0)) {
            size_t value_len = trickle_word(args, len, &at, &value);
            bool size = word[1] == 's';
            if (!trickle_number(value, value_len, size ? TRICKLE_SIZE_MIN : TRICKLE_PAUSE_MIN,
                                size ? TRICKLE_SIZE_MAX : TRICKLE_PAUSE_MAX, &number))
                return false;
            if (size)
                request->fragment_size = (size_t)number;
            else
                request->pause_ms = (int)number;
            continue;
        }
        at = before; /* not an option: the text starts here */
        break;
    }
    while (at < len && args[at] == ' ')
        at++;
    if (at >= len)
        return false;
    request->text = args + at;
    request->text_len = len - at;
    return true;
}

bool trickle_start(struct trickle *trickle, const char *line, size_t len, size_t fragment_size,
                   int pause_ms, int64_t now_ms)
{
    if (len == 0 || len > TRICKLE_LINE_MAX || fragment_size == 0 || pause_ms < 0)
        return false;
    memcpy(trickle->bytes, line, len);
    trickle->bytes[len] = '\n'; /* only the last fragment will carry it */
    trickle->len = len + 1;
    trickle->sent = 0;
    trickle->fragment_size = fragment_size;
    trickle->pause_ms = pause_ms;
    trickle->fragment = 0;
    trickle->fragments = trickle_fragment_count(trickle->len, fragment_size);
    trickle->next_ms = now_ms;
    trickle->active = true;
    return true;
}

int64_t trickle_due_ms(const struct trickle *trickle)
{
    return trickle->active ? trickle->next_ms : -1;
}

bool trickle_next(struct trickle *trickle, int64_t now_ms, const char **bytes, size_t *count)
{
    if (!trickle->active || now_ms < trickle->next_ms)
        return false;
    size_t left = trickle->len - trickle->sent;
    *bytes = trickle->bytes + trickle->sent;
    *count = left < trickle->fragment_size ? left : trickle->fragment_size;
    trickle->sent += *count;
    trickle->fragment++;
    trickle->next_ms = now_ms + trickle->pause_ms;
    if (trickle->sent == trickle->len)
        trickle->active = false;
    return true;
}

void trickle_cancel(struct trickle *trickle)
{
    trickle->active = false;
}
