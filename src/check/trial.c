/*
 * trial.c - the peers, transcript and verdict words of one check.
 */
#include "check/trial.h"

#include "clock.h"
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void trial_begin(struct trial *trial, const struct grader_options *options,
                 enum grader_profile profile, const struct sockaddr_storage *address,
                 socklen_t address_len, unsigned port, struct spawn *server)
{
    static unsigned serial;

    memset(trial, 0, sizeof(*trial));
    trial->options = options;
    trial->profile = profile;
    trial->address = *address;
    trial->address_len = address_len;
    trial->server = server;
    trial->port = port;
    trial->start_ms = clock_ms();
    transcript_init(&trial->transcript, trial->start_ms);
    snprintf(trial->tag, sizeof(trial->tag), "%x%02x", (unsigned)(trial->start_ms & 0xfff),
             ++serial & 0xff);
}

void trial_end(struct trial *trial)
{
    for (size_t i = 0; i < trial->peer_count; i++) {
        peer_free(trial->peers[i]);
        free(trial->peers[i]);
    }
    free(trial->peers);
    trial->peers = NULL;
    trial->peer_count = trial->peer_cap = 0;
}

static struct peer *trial_add(struct trial *trial, const char *name, int receive_buffer, bool quiet)
{
    if (trial->peer_count == trial->peer_cap) {
        size_t cap = trial->peer_cap ? trial->peer_cap * 2 : 16;
        struct peer **peers = realloc(trial->peers, cap * sizeof(*peers));
        if (peers == NULL)
            return NULL;
        trial->peers = peers;
        trial->peer_cap = cap;
    }
    struct peer *peer = malloc(sizeof(*peer));
    if (peer == NULL)
        return NULL;
    if (!peer_open(peer, name, (const struct sockaddr *)&trial->address, trial->address_len,
                   receive_buffer)) {
        peer_free(peer);
        free(peer);
        return NULL;
    }
    peer->quiet = quiet;
    peer->opened_ms = clock_ms();
    trial->peers[trial->peer_count++] = peer;
    return peer;
}

struct peer *trial_peer(struct trial *trial, const char *name, int receive_buffer)
{
    return trial_add(trial, name, receive_buffer, false);
}

struct peer *trial_quiet_peer(struct trial *trial, const char *name, int receive_buffer)
{
    return trial_add(trial, name, receive_buffer, true);
}

void trial_send(struct trial *trial, struct peer *peer, const char *bytes, size_t count)
{
    if (!peer->quiet)
        transcript_bytes(&trial->transcript, clock_ms(), peer->name, "server", bytes, count);
    peer_queue(peer, bytes, count);
}

void trial_send_text(struct trial *trial, struct peer *peer, const char *text)
{
    trial_send(trial, peer, text, strlen(text));
}

void trial_note(struct trial *trial, const char *format, ...)
{
    char text[TRANSCRIPT_LINE_MAX];
    va_list args;

    va_start(args, format);
    vsnprintf(text, sizeof(text), format, args);
    va_end(args);
    transcript_note(&trial->transcript, clock_ms(), text);
}

enum check_result trial_fail(struct trial *trial, const char *expected, const char *format, ...)
{
    va_list args;

    snprintf(trial->expected, sizeof(trial->expected), "%s", expected);
    va_start(args, format);
    vsnprintf(trial->saw, sizeof(trial->saw), format, args);
    va_end(args);
    return RESULT_FAIL;
}

enum check_result trial_skip(struct trial *trial, const char *reason)
{
    snprintf(trial->saw, sizeof(trial->saw), "%s", reason);
    return RESULT_SKIP;
}

bool trial_server_died(struct trial *trial)
{
    if (trial->server == NULL || !spawn_poll(trial->server))
        return false;
    spawn_describe_end(trial->server->status, trial->saw, sizeof(trial->saw));
    return true;
}

int64_t trial_elapsed(const struct trial *trial)
{
    return clock_ms() - trial->start_ms;
}

int trial_pick(const struct trial *trial, int full, int quick)
{
    return trial->options->quick ? quick : full;
}
