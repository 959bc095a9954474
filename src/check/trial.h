/*
 * trial.h - one check being run: its server, its clients, what happened.
 *
 * A trial owns the peers a check opens (closed and freed at the end), the
 * transcript of what they sent and received, the spawned server if any, and
 * the words that will explain a failure: what was expected, what was seen.
 */
#ifndef OBROL_CHECK_TRIAL_H
#define OBROL_CHECK_TRIAL_H

#include "check/options.h"
#include "check/peer.h"
#include "check/spawn.h"
#include "check/transcript.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#define TRIAL_TEXT_MAX 600

enum check_result { RESULT_PASS, RESULT_FAIL, RESULT_SKIP };

struct trial {
    const struct grader_options *options;
    enum grader_profile profile;       /* relay, reply or obrol */
    struct sockaddr_storage address;   /* the server's */
    socklen_t address_len;
    struct spawn *server;              /* NULL when not started by us */
    unsigned port;                     /* the server's port */
    struct transcript transcript;
    struct peer **peers;
    size_t peer_count, peer_cap;
    int64_t start_ms;
    char tag[16];                      /* makes this check's texts unique */
    const char *hush;                  /* received lines containing this are neither shown nor kept */
    char expected[TRIAL_TEXT_MAX];
    char saw[TRIAL_TEXT_MAX];
};

/* A fresh trial against `address` (the server, if spawned, already running). */
void trial_begin(struct trial *trial, const struct grader_options *options,
                 enum grader_profile profile, const struct sockaddr_storage *address,
                 socklen_t address_len, unsigned port, struct spawn *server);

/* Close and free every peer. */
void trial_end(struct trial *trial);

/* Open a peer named `name` (rcvbuf 0: the default); NULL if socket() failed. */
struct peer *trial_peer(struct trial *trial, const char *name, int receive_buffer);

/* The same as quiet, bulk clients: their traffic is not in the transcript. */
struct peer *trial_quiet_peer(struct trial *trial, const char *name, int receive_buffer);

/* Queue a line (or bytes) for `peer` to send, and put it in the transcript. */
void trial_send(struct trial *trial, struct peer *peer, const char *bytes, size_t count);
void trial_send_text(struct trial *trial, struct peer *peer, const char *text);

/* A note in the transcript ("(C: nothing arrived in 2.0 s)"). */
void trial_note(struct trial *trial, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Fill expected/saw and return RESULT_FAIL. */
enum check_result trial_fail(struct trial *trial, const char *expected, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Return RESULT_SKIP with the reason in saw. */
enum check_result trial_skip(struct trial *trial, const char *reason);

/* True if the spawned server has died (then `saw` says how). */
bool trial_server_died(struct trial *trial);

/* Milliseconds since the trial began. */
int64_t trial_elapsed(const struct trial *trial);

/* A timing scaled for --quick: `full` normally, `quick` with --quick. */
int trial_pick(const struct trial *trial, int full, int quick);

#endif
