/*
 * timer.c - the names of the server's timers (timer.h), as a trace records them.
 */
#include "timer.h"

#include <stddef.h>
#include <string.h>

static const char *const timer_names[] = {
    [TIMER_NONE] = "none",         [TIMER_WELCOME] = "welcome",
    [TIMER_LINE_END] = "line-end", [TIMER_RATE] = "rate",
    [TIMER_PING] = "ping",         [TIMER_PING_TIMEOUT] = "ping-timeout",
    [TIMER_DOOR] = "door",         [TIMER_CLOSE] = "close",
    [TIMER_STOP] = "stop",
};

const char *timer_name(enum timer_kind kind)
{
    return (size_t)kind < sizeof(timer_names) / sizeof(timer_names[0]) ? timer_names[kind] : "none";
}

enum timer_kind timer_from_name(const char *name)
{
    for (size_t i = 0; name != NULL && i < sizeof(timer_names) / sizeof(timer_names[0]); i++) {
        if (strcmp(timer_names[i], name) == 0)
            return (enum timer_kind)i;
    }
    return TIMER_NONE;
}
