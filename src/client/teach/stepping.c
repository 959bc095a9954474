/*
 * stepping.c - the queue of things waiting for a step, and the speeds.
 */
#include "teach/stepping.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int stepping_intervals[STEPPING_SPEEDS] = {0, 2000, 1000, 500};

void stepping_init(struct stepping *stepping, bool on)
{
    memset(stepping, 0, sizeof(*stepping));
    ring_init(&stepping->ring, STEPPING_QUEUE_MAX);
    stepping->on = on;
    stepping->next_ms = -1;
}

void stepping_clear(struct stepping *stepping)
{
    struct stepping_item item;

    while (stepping_pop(stepping, &item, 0))
        free(item.bytes);
    stepping->next_ms = -1;
}

size_t stepping_count(const struct stepping *stepping)
{
    return ring_count(&stepping->ring);
}

/* Plan the next automatic step one interval from now (slow motion only). */
static void stepping_schedule(struct stepping *stepping, int64_t now_ms)
{
    int interval = stepping_interval_ms(stepping->speed);

    stepping->next_ms = interval > 0 && stepping_count(stepping) > 0 ? now_ms + interval : -1;
}

bool stepping_push(struct stepping *stepping, const struct stepping_item *item, const char *bytes,
                   size_t len, int64_t now_ms)
{
    if (ring_full(&stepping->ring))
        return false;
    char *copy = malloc(len > 0 ? len : 1);
    if (copy == NULL)
        return false;
    memcpy(copy, bytes, len);
    struct stepping_item *slot = &stepping->items[ring_push(&stepping->ring)];
    *slot = *item;
    slot->bytes = copy;
    slot->len = len;
    if (stepping_count(stepping) == 1) /* the first to wait: its step is one interval away */
        stepping_schedule(stepping, now_ms);
    return true;
}

const struct stepping_item *stepping_peek(const struct stepping *stepping)
{
    if (stepping_count(stepping) == 0)
        return NULL;
    return &stepping->items[ring_slot(&stepping->ring, 0)];
}

bool stepping_pop(struct stepping *stepping, struct stepping_item *item, int64_t now_ms)
{
    if (stepping_count(stepping) == 0)
        return false;
    *item = stepping->items[ring_pop(&stepping->ring)];
    stepping_schedule(stepping, now_ms);
    return true;
}

bool stepping_holds_recv(const struct stepping *stepping)
{
    for (size_t i = 0; i < stepping_count(stepping); i++)
        if (stepping->items[ring_slot(&stepping->ring, i)].kind == STEPPING_RECV)
            return true;
    return false;
}

int stepping_interval_ms(int speed)
{
    if (speed < 0 || speed >= STEPPING_SPEEDS)
        return 0;
    return stepping_intervals[speed];
}

int stepping_faster(struct stepping *stepping, int64_t now_ms)
{
    if (stepping->speed + 1 < STEPPING_SPEEDS)
        stepping->speed++;
    stepping_schedule(stepping, now_ms);
    return stepping->speed;
}

int stepping_slower(struct stepping *stepping, int64_t now_ms)
{
    if (stepping->speed > 0)
        stepping->speed--;
    stepping_schedule(stepping, now_ms);
    return stepping->speed;
}

int64_t stepping_due_ms(const struct stepping *stepping)
{
    if (!stepping->on || stepping_count(stepping) == 0 ||
        stepping_interval_ms(stepping->speed) == 0)
        return -1;
    return stepping->next_ms;
}

void stepping_label(const struct stepping *stepping, char *out, size_t room)
{
    int interval = stepping_interval_ms(stepping->speed);
    size_t used;

    if (room == 0)
        return;
    out[0] = '\0';
    if (!stepping->on)
        return;
    if (interval == 0)
        snprintf(out, room, "%s", _("STEP"));
    else if (interval % 1000 == 0)
        snprintf(out, room, _("slow %d s"), interval / 1000);
    else
        snprintf(out, room, _("slow %d.%d s"), interval / 1000, interval % 1000 / 100);
    used = strlen(out);
    if (stepping_count(stepping) > 0)
        snprintf(out + used, room - used, _(", %zu waiting"), stepping_count(stepping));
}
