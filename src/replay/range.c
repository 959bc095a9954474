/*
 * range.c - --from and --to: the part of a recording that matters (pure).
 */
#include "replay.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool replay_bound_parse(const char *text, struct replay_bound *bound)
{
    char *end;

    memset(bound, 0, sizeof(*bound));
    if (text == NULL || text[0] < '0' || text[0] > '9')
        return false;
    errno = 0;
    double value = strtod(text, &end);
    if (errno != 0 || end == text || value < 0 || value > 1e12)
        return false;
    if (*end == '\0' && strspn(text, "0123456789") == strlen(text)) {
        bound->value = strtoull(text, NULL, 10); /* a step: the event's number */
    } else if (strcmp(end, "s") == 0) {
        bound->is_time = true;
        bound->value = (unsigned long long)(value * 1e6 + 0.5);
    } else if (strcmp(end, "ms") == 0) {
        bound->is_time = true;
        bound->value = (unsigned long long)(value * 1e3 + 0.5);
    } else {
        return false;
    }
    bound->set = true;
    return true;
}

/* Where event i stands on the bound's scale. */
static unsigned long long range_position(const struct trace *trace, size_t i,
                                         const struct replay_bound *bound)
{
    return (unsigned long long)trace_int(trace, i, bound->is_time ? "t" : "n", 0);
}

bool replay_in_range(const struct trace *trace, size_t i, const struct replay_range *range)
{
    if (range->from.set && range_position(trace, i, &range->from) < range->from.value)
        return false;
    if (range->to.set && range_position(trace, i, &range->to) > range->to.value)
        return false;
    return true;
}

bool replay_after_range(const struct trace *trace, size_t i, const struct replay_range *range)
{
    return range->to.set && range_position(trace, i, &range->to) > range->to.value;
}
