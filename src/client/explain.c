/*
 * explain.c - every sentence of the explain line, translatable.
 */
#include "explain.h"

#include "i18n.h"
#include "incoming.h"

#include <stdio.h>

void explain_rtt(char *out, size_t room, int64_t rtt_us)
{
    if (rtt_us < 0)
        snprintf(out, room, "-");
    else if (rtt_us < 10000)
        snprintf(out, room, "%.3f ms", (double)rtt_us / 1000.0);
    else
        snprintf(out, room, "%.1f ms", (double)rtt_us / 1000.0);
}

void explain_connecting(char *out, size_t room, const char *address)
{
    snprintf(out, room,
             _("connect() to %s started without waiting; select() tells us when it is done"),
             address);
}

void explain_connected(char *out, size_t room, const char *address)
{
    snprintf(out, room,
             _("Connected to %s: the socket became writable and SO_ERROR is 0 (TCP handshake done)"),
             address);
}

void explain_connect_failed(char *out, size_t room, const char *address, const char *error,
                            unsigned retry_seconds)
{
    snprintf(out, room, _("Could not connect to %s (%s); trying again in %u s"), address, error,
             retry_seconds);
}

void explain_sent(char *out, size_t room, size_t bytes)
{
    snprintf(out, room, _("send() wrote %zu bytes; waiting for the server's response"), bytes);
}

void explain_queued(char *out, size_t room, size_t bytes)
{
    snprintf(out, room,
             _("%zu bytes wait in the output queue until select() says the socket is writable"),
             bytes);
}

void explain_response(char *out, size_t room, size_t bytes, int64_t rtt_us)
{
    char rtt[32];

    explain_rtt(rtt, sizeof(rtt), rtt_us);
    snprintf(out, room,
             _("recv() got the response (%zu bytes), %s after the request: one round trip"),
             bytes, rtt);
}

void explain_unpaired(char *out, size_t room, size_t bytes)
{
    snprintf(out, room,
             _("recv() got a response (%zu bytes) but no request was waiting for one"), bytes);
}

void explain_event(char *out, size_t room, const char *keyword, size_t bytes)
{
    snprintf(out, room,
             _("The server pushed %s (%zu bytes) without being asked; select() woke us up"),
             keyword, bytes);
}

void explain_partial(char *out, size_t room, size_t bytes, int closed)
{
    if (closed)
        snprintf(out, room,
                 _("%zu bytes came without a newline; shown because the server closed"), bytes);
    else
        snprintf(out, room,
                 _("%zu bytes came without a newline; shown after %d ms of silence"), bytes,
                 INCOMING_IDLE_MS);
}

void explain_closed(char *out, size_t room, const char *reason, unsigned retry_seconds)
{
    snprintf(out, room, _("The connection closed (%s); reconnecting in %u s (Enter: now)"),
             reason, retry_seconds);
}

void explain_closed_by_us(char *out, size_t room)
{
    snprintf(out, room, _("We closed the socket with close(); the server sees end-of-file"));
}

void explain_not_connected(char *out, size_t room)
{
    snprintf(out, room, _("Not connected: nothing was sent. Press Enter or type /reconnect"));
}

void explain_too_long(char *out, size_t room)
{
    snprintf(out, room, _("The server sent a line longer than %d bytes; it was dropped"),
             INCOMING_MAX_LINE);
}

void explain_queue_full(char *out, size_t room)
{
    snprintf(out, room, _("The output queue is full (the server is not reading); not sent"));
}

void explain_completion(char *out, size_t room, size_t matches)
{
    if (matches == 0)
        snprintf(out, room, _("Tab: no nick starts like that"));
    else
        snprintf(out, room, _("Tab: %zu nicks start like that; type more letters"), matches);
}
