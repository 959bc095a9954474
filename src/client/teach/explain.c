/*
 * explain.c - every sentence of the explain line, translatable.
 */
#include "teach/explain.h"

#include "i18n.h"
#include "net/incoming.h"
#include "teach/trickle.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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
    snprintf(
        out, room,
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

/* What a round trip includes besides the network and the server, by which of our
 * own waits it holds: [trickle + 2 * step]. Each takes the bytes (%zu), the round
 * trip (%s) and our own part of it (%s). */
static const char *const explain_response_sentences[] = {
    N_("recv() got the response (%zu bytes), %s after the request: one round trip"),
    N_("recv() got the response (%zu bytes), %s after the request; %s of it were our own "
       "/trickle pauses, not the network"),
    N_("recv() got the response (%zu bytes), %s after the request; for %s of it the bytes "
       "waited here for a step (step mode), not on the network"),
    N_("recv() got the response (%zu bytes), %s after the request; %s of it were our own "
       "/trickle pauses and step-mode waits, not the network"),
};

void explain_response(char *out, size_t room, size_t bytes, int64_t rtt_us, int64_t own_us,
                      bool trickle, bool step)
{
    char rtt[32], own[32];

    explain_rtt(rtt, sizeof(rtt), rtt_us);
    explain_rtt(own, sizeof(own), own_us);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" /* every sentence: %zu, %s, then %s */
    snprintf(out, room, _(explain_response_sentences[(trickle ? 1 : 0) + (step ? 2 : 0)]), bytes,
             rtt, own);
#pragma GCC diagnostic pop
}

const char *explain_own_wait(bool trickle, bool step)
{
    if (trickle && step)
        return _("incl. trickle + step");
    if (trickle)
        return _("incl. trickle");
    return step ? _("incl. step") : "";
}

void explain_sent_raw(char *out, size_t room, size_t bytes)
{
    snprintf(out, room,
             _("send() wrote %zu bytes; this server does not speak obrol's protocol, so no "
               "response is awaited"),
             bytes);
}

void explain_server_sent(char *out, size_t room, size_t bytes)
{
    snprintf(out, room,
             _("The server sent a line (%zu bytes) that is not obrol's protocol: it answers no "
               "request, so no round trip is measured"),
             bytes);
}

void explain_no_answer(char *out, size_t room, int seconds, bool heard_obrol)
{
    if (heard_obrol)
        snprintf(out, room,
                 _("no answer for %d s: is the server blocked in recv() or send() on another "
                   "client?"),
                 seconds);
    else
        snprintf(out, room,
                 _("no answer for %d s, and not one line from the server yet: is it blocked in "
                   "recv() or send() on another client, or does it not speak obrol's protocol?"),
                 seconds);
}

void explain_unpaired(char *out, size_t room, size_t bytes)
{
    snprintf(out, room, _("recv() got a response (%zu bytes) but no request was waiting for one"),
             bytes);
}

/*
 * What each event line means. Every sentence takes the line's size in bytes
 * (%zu); the events about a person also take their nick (%s) after it. The
 * sentences are translated when used; msgfmt --check keeps the conversions of
 * every translation equal to those of its English original.
 */
static const struct explain_event_entry {
    const char *sentence;
    bool names_person;
} explain_events[] = {
    [PROTO_LINE_WELCOME] = {.sentence = N_("WELCOME (%zu bytes): the server greets us and tells "
                                           "us our name, %s; it spoke first, we did not ask"),
                            .names_person = true},
    [PROTO_LINE_MSG] = {.sentence = N_("MSG (%zu bytes): %s sent a line to the server; the "
                                       "server passes it on to every client but the sender "
                                       "(who gets OK say instead), so we got it"),
                        .names_person = true},
    [PROTO_LINE_ME] = {.sentence = N_("ME (%zu bytes): %s did an action (/me); the server "
                                      "passes it on to every client but the sender"),
                       .names_person = true},
    [PROTO_LINE_PRIV] = {.sentence = N_("PRIV (%zu bytes): %s sent a private message; the "
                                        "server gave it to us alone"),
                         .names_person = true},
    [PROTO_LINE_JOIN] = {.sentence = N_("JOIN (%zu bytes): %s connected to the server; the "
                                        "server tells everyone who is here"),
                         .names_person = true},
    /* (chat.c explains a LEAVE by its reason, with explain_leave()) */
    [PROTO_LINE_LEAVE] = {.sentence = N_("LEAVE (%zu bytes): %s left; the server told the others"),
                          .names_person = true},
    [PROTO_LINE_NICK] = {.sentence = N_("NICK (%zu bytes): %s changed name; the server tells "
                                        "everyone so that the names stay right"),
                         .names_person = true},
    [PROTO_LINE_NOTICE] = {.sentence = N_("NOTICE (%zu bytes): a message from the server "
                                          "itself, not from another person")},
    [PROTO_LINE_BYE] = {.sentence = N_("BYE (%zu bytes): the server says goodbye and will close "
                                       "this connection now")},
    [PROTO_LINE_PING] = {.sentence = N_("PING (%zu bytes): we were quiet a long time and the "
                                        "server asks if we are still here; the client answers "
                                        "/pong by itself")},
    [PROTO_LINE_OTHER] = {.sentence = N_("The server pushed a line (%zu bytes) that is not "
                                         "obrol's protocol; select() woke us up for it")},
};

void explain_event(char *out, size_t room, enum proto_line_kind kind, const char *nick,
                   size_t bytes)
{
    const size_t kinds = sizeof(explain_events) / sizeof(explain_events[0]);
    const struct explain_event_entry *entry = &explain_events[PROTO_LINE_OTHER];

    if ((size_t)kind < kinds && explain_events[kind].sentence != NULL)
        entry = &explain_events[kind]; /* responses (OK, ERR) are explained elsewhere */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" /* the table's shape, checked above */
    if (entry->names_person)
        snprintf(out, room, _(entry->sentence), bytes, nick);
    else
        snprintf(out, room, _(entry->sentence), bytes);
#pragma GCC diagnostic pop
}

/*
 * What a LEAVE means, by the reason the server gave: its own words (src/server),
 * in English or in the translation both programs share. A reason not here (a
 * /quit REASON, a kick, an error) is quoted as it came.
 */
static const struct explain_leave_entry {
    const char *reason;   /* the server's words */
    const char *sentence; /* %zu: the line's bytes, %s: who left */
} explain_leaves[] = {
    {.reason = N_("quit"),
     .sentence = N_("LEAVE (%zu bytes): %s typed /quit; the server answered OK, closed the "
                    "connection and told the others")},
    {.reason = N_("connection closed"),
     .sentence = N_("LEAVE (%zu bytes): %s left; the server noticed the closed socket and told "
                    "the others")},
    {.reason = N_("no answer to PING"),
     .sentence = N_("LEAVE (%zu bytes): %s did not answer the server's PING; the server closed "
                    "the connection and told the others")},
};

void explain_leave(char *out, size_t room, const char *nick, const char *reason, size_t bytes)
{
    for (size_t i = 0; i < sizeof(explain_leaves) / sizeof(explain_leaves[0]); i++) {
        const struct explain_leave_entry *entry = &explain_leaves[i];
        if (strcmp(reason, entry->reason) != 0 && strcmp(reason, _(entry->reason)) != 0)
            continue;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral" /* every sentence: %zu then %s */
        snprintf(out, room, _(entry->sentence), bytes, nick);
#pragma GCC diagnostic pop
        return;
    }
    snprintf(out, room, _("LEAVE (%zu bytes): %s left, and the server told the others why: \"%s\""),
             bytes, nick, reason);
}

void explain_error(char *out, size_t room, size_t bytes)
{
    snprintf(out, room,
             _("ERR (%zu bytes): the server answered our request with an error; "
               "the reason is in the message pane"),
             bytes);
}

void explain_partial_recv(char *out, size_t room, size_t bytes)
{
    snprintf(out, room,
             _("recv() returned %zu bytes but no newline yet: part of a line; we "
               "keep them and wait for the rest"),
             bytes);
}

void explain_reconnect(char *out, size_t room, const char *address)
{
    snprintf(out, room,
             _("Reconnecting: a new socket and a new connect() to %s; the old "
               "connection is gone for good"),
             address);
}

void explain_partial(char *out, size_t room, size_t bytes, int closed)
{
    if (closed)
        snprintf(out, room, _("%zu bytes came without a newline; shown because the server closed"),
                 bytes);
    else
        snprintf(out, room, _("%zu bytes came without a newline; shown after %d ms of silence"),
                 bytes, INCOMING_IDLE_MS);
}

void explain_closed(char *out, size_t room, const char *reason, unsigned retry_seconds)
{
    snprintf(out, room, _("The connection closed (%s); reconnecting in %u s (Enter: now)"), reason,
             retry_seconds);
}

void explain_closed_by_us(char *out, size_t room)
{
    snprintf(out, room, _("We closed the socket with close(); the server sees end-of-file"));
}

void explain_closed_leaving(char *out, size_t room, const char *reason)
{
    snprintf(out, room, _("The connection closed (%s); the client is leaving"), reason);
}

void explain_not_connected(char *out, size_t room)
{
    snprintf(out, room, _("Not connected: nothing was sent. Press Enter or type /reconnect"));
}

void explain_too_long(char *out, size_t room)
{
    snprintf(out, room, _("The server sent a line longer than %d bytes; it was dropped"),
             INCOMING_LINE_MAX);
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

void explain_fragment(char *out, size_t room, size_t bytes, unsigned fragment, unsigned fragments)
{
    if (fragment < fragments)
        snprintf(out, room,
                 _("send() wrote fragment %u of %u (%zu bytes), no newline yet: the "
                   "server's recv() gets part of a line and waits"),
                 fragment, fragments, bytes);
    else
        snprintf(out, room,
                 _("send() wrote the last fragment %u of %u (%zu bytes) with the "
                   "newline: now the server has one whole line"),
                 fragment, fragments, bytes);
}

void explain_trickle_busy(char *out, size_t room)
{
    snprintf(out, room,
             _("A /trickle is still sending; wait for its last fragment, or the "
               "lines would mix"));
}

void explain_trickle_usage(char *out, size_t room)
{
    snprintf(out, room, _("Usage: /trickle [-s BYTES] [-p MS] TEXT (BYTES 1-%d, MS 0-%d)"),
             TRICKLE_SIZE_MAX, TRICKLE_PAUSE_MAX);
}

void explain_step_send(char *out, size_t room, size_t bytes)
{
    snprintf(out, room,
             _("Step: about to send() %zu bytes to the server. Space (on an empty "
               "line) sends them"),
             bytes);
}

void explain_step_recv(char *out, size_t room, size_t bytes)
{
    snprintf(out, room,
             _("Step: recv() returned %zu bytes from the kernel; Space frames them "
               "into lines and shows them"),
             bytes);
}

void explain_step_mode(char *out, size_t room, int on)
{
    if (on)
        snprintf(out, room,
                 _("Step mode on: each send() and each recv() waits for Space or "
                   "Enter on an empty line (+/- slow motion)"));
    else
        snprintf(out, room, _("Step mode off: requests go out and replies are shown at once"));
}

void explain_step_speed(char *out, size_t room, int interval_ms)
{
    if (interval_ms == 0)
        snprintf(out, room,
                 _("Manual steps: press Space or Enter on an empty line for each "
                   "step"));
    else
        snprintf(out, room, _("Slow motion: a step every %d ms, taken by the select() timeout"),
                 interval_ms);
}

void explain_step_nothing(char *out, size_t room)
{
    snprintf(out, room, _("Step: nothing is waiting; type a line, or wait for the server"));
}

void explain_step_full(char *out, size_t room)
{
    snprintf(out, room, _("Step: too many things are waiting; press Space first"));
}
