/*
 * client.c - per-client state: creation, queuing, and the ways a client ends.
 */
#include "client.h"

#include "i18n.h"
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct client *client_new(int fd, const char *address, size_t max_line, size_t max_queue,
                          int64_t now_ms)
{
    struct client *client = calloc(1, sizeof(*client));

    if (client == NULL)
        return NULL;
    client->fd = fd;
    client->state = CLIENT_OPEN;
    snprintf(client->address, sizeof(client->address), "%s", address);
    linebuf_init(&client->in, max_line);
    outq_init(&client->out, max_queue);
    ratelimit_init(&client->rate, OPTIONS_RATE_BURST, now_ms);
    client->connected_ms = now_ms;
    client->last_recv_ms = now_ms;
    return client;
}

void client_free(struct client *client)
{
    if (client->fd >= 0 && close(client->fd) != 0)
        perror("close()");
    linebuf_free(&client->in);
    outq_free(&client->out);
    free(client);
}

void client_set_reason(struct client *client, const char *reason)
{
    if (client->leave_reason[0] == '\0') /* keep the first reason: it is the real one */
        snprintf(client->leave_reason, sizeof(client->leave_reason), "%s", reason);
}

void client_kill(struct client *client, const char *reason)
{
    client_set_reason(client, reason);
    client->state = CLIENT_DEAD;
}

bool client_queue(struct client *client, const char *bytes, size_t count)
{
    if (client->state == CLIENT_DEAD || client->state == CLIENT_DRAINING)
        return false;
    if (!outq_push(&client->out, bytes, count)) {
        client_kill(client, _("not reading: output queue full"));
        return false;
    }
    return true;
}

void client_close_gracefully(struct client *client, const char *reason, int64_t now_ms)
{
    if (client->state != CLIENT_OPEN)
        return;
    client_set_reason(client, reason);
    client->state = CLIENT_CLOSING;
    client->close_deadline_ms = now_ms + OPTIONS_CLOSE_TIMEOUT_MS;
}

bool client_wants_read(const struct client *client, unsigned rate)
{
    switch (client->state) {
    case CLIENT_OPEN:
        /* A rate-limited client with a whole line waiting is not read from:
         * its next lines wait in the kernel and TCP slows the sender down. */
        return !client->peer_closed && !(rate > 0 && linebuf_has_line(&client->in));
    case CLIENT_DRAINING:
        return true;
    default:
        return false;
    }
}

bool client_wants_write(const struct client *client)
{
    return (client->state == CLIENT_OPEN || client->state == CLIENT_CLOSING) &&
           outq_pending(&client->out) > 0;
}
