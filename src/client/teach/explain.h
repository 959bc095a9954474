/*
 * explain.h - the explain line: one plain sentence about the latest event.
 *
 * The client narrates what just happened on the connection, in words a
 * student already knows ("send() wrote 12 bytes; waiting for the server's
 * response"). Every sentence lives in explain.c and goes through gettext, so
 * the whole narration can be read, reviewed and translated in one place.
 * Each function writes one NUL-terminated sentence into `out`.
 */
#ifndef OBROL_CLIENT_EXPLAIN_H
#define OBROL_CLIENT_EXPLAIN_H

#include "protocol.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A round-trip time for people: "0.214 ms", "12.5 ms". */
void explain_rtt(char *out, size_t room, int64_t rtt_us);

void explain_connecting(char *out, size_t room, const char *address);
void explain_connected(char *out, size_t room, const char *address);
void explain_connect_failed(char *out, size_t room, const char *address, const char *error,
                            unsigned retry_seconds);
void explain_sent(char *out, size_t room, size_t bytes);
void explain_queued(char *out, size_t room, size_t bytes);
/* A response and its round trip; own_us of it was our own waiting: the pauses of
 * a /trickle, received bytes held for a step (they are named, not the network). */
void explain_response(char *out, size_t room, size_t bytes, int64_t rtt_us, int64_t own_us,
                      bool trickle, bool step);
void explain_unpaired(char *out, size_t room, size_t bytes);
/* A request went to a server that is not obrol: it will not answer. */
void explain_sent_raw(char *out, size_t room, size_t bytes);
/* A line that is not obrol's protocol: shown as the server sent it, answering nothing. */
void explain_server_sent(char *out, size_t room, size_t bytes);
/* A request got no response for `seconds`: why that may be (heard_obrol: the server
 * spoke obrol's protocol before, so it is slow or stuck, not foreign). */
void explain_no_answer(char *out, size_t room, int seconds, bool heard_obrol);
/* Which of our own waits a round trip includes, for the status bar: "", or a note. */
const char *explain_own_wait(bool trickle, bool step);
/* A pushed event, in words about what the other person did (nick may be ""). */
void explain_event(char *out, size_t room, enum proto_line_kind kind, const char *nick,
                   size_t bytes);
/* LEAVE: `reason` is the server's (sanitised); the sentence says what it means. */
void explain_leave(char *out, size_t room, const char *nick, const char *reason, size_t bytes);
void explain_error(char *out, size_t room, size_t bytes);
void explain_partial(char *out, size_t room, size_t bytes, int closed);
/* recv() returned bytes, but no newline yet: the rest of the line is still coming. */
void explain_partial_recv(char *out, size_t room, size_t bytes);
void explain_reconnect(char *out, size_t room, const char *address);
void explain_closed(char *out, size_t room, const char *reason, unsigned retry_seconds);
/* We closed the connection ourselves (/reconnect). */
void explain_closed_by_us(char *out, size_t room);
/* The connection closed and no reconnect follows: the client is leaving (/quit). */
void explain_closed_leaving(char *out, size_t room, const char *reason);
void explain_not_connected(char *out, size_t room);
void explain_too_long(char *out, size_t room);
void explain_queue_full(char *out, size_t room);
void explain_completion(char *out, size_t room, size_t matches);

/* Teaching mode: /trickle and step mode. */
void explain_fragment(char *out, size_t room, size_t bytes, unsigned fragment, unsigned fragments);
void explain_trickle_busy(char *out, size_t room);
void explain_trickle_usage(char *out, size_t room);
void explain_step_send(char *out, size_t room, size_t bytes);
void explain_step_recv(char *out, size_t room, size_t bytes);
void explain_step_mode(char *out, size_t room, int on);
void explain_step_speed(char *out, size_t room, int interval_ms);
void explain_step_nothing(char *out, size_t room);
void explain_step_full(char *out, size_t room);

#endif
