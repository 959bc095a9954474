/*
 * soak-ledger.c - every tracked message, and what the observers made of it.
 *
 * The delivery rule (docs/reliability.md explains it at length):
 *
 *   A message M from sender S must reach observer O exactly once when
 *     (1) S received "OK say" for M                (the server processed M), and
 *     (2) M was queued by us after O received "OK nick"   (O was in the table), and
 *     (3) M's "OK say" arrived before O queued "/quit"     (O was still there).
 *
 * All three times come from one monotonic clock in one process, and each is a
 * cause-and-effect chain through the server: the server cannot process M before
 * we queue it, cannot answer O's /nick before adding O, and cannot answer M
 * before processing it. So when (2) and (3) hold, the server relayed M while O
 * was connected, and M is in O's stream before "OK quit". Messages outside the
 * rule may or may not arrive; if they do, they too must arrive once and in order.
 */
#include "soak.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pieces the payload is made of: ASCII, two- three- and four-byte UTF-8, TAB. */
static const char *const soak_pieces[] = {
    "halo", "semua", " ", "0123", "é", "ñ", "日本", "ß", "😀", "\t", "—", "x", "Ωmega", "ok",
};
#define SOAK_PIECE_COUNT (sizeof(soak_pieces) / sizeof(soak_pieces[0]))

/* ---- Setting up --------------------------------------------------------------------- */

int soak_ledger_init(struct soak_ledger *ledger, unsigned observers)
{
    memset(ledger, 0, sizeof(*ledger));
    ledger->observers = observers;
    return 0;
}

void soak_ledger_free(struct soak_ledger *ledger)
{
    free(ledger->messages);
    free(ledger->last_seq);
    free(ledger->windows);
    memset(ledger, 0, sizeof(*ledger));
}

/* Make room for session numbers up to `session`. */
static bool soak_ledger_sessions(struct soak_ledger *ledger, uint32_t session)
{
    if (session < ledger->sessions_cap)
        return true;
    uint32_t cap = ledger->sessions_cap ? ledger->sessions_cap : 1024;
    while (cap <= session)
        cap *= 2;
    size_t per = ledger->observers;
    uint32_t *grown = realloc(ledger->last_seq, (size_t)cap * per * sizeof(*grown));
    if (grown == NULL)
        return false;
    memset(grown + (size_t)ledger->sessions_cap * per, 0,
           (size_t)(cap - ledger->sessions_cap) * per * sizeof(*grown));
    ledger->last_seq = grown;
    ledger->sessions_cap = cap;
    return true;
}

/* ---- Sending ---------------------------------------------------------------------------- */

/* The payload of message GID: a few pieces chosen by a hash of GID. */
static size_t soak_payload(uint32_t gid, char *out, size_t room)
{
    uint32_t hash = gid * 2654435761u + 12345;
    unsigned pieces = 2 + gid % 24;
    size_t used = 0;

    for (unsigned i = 0; i < pieces; i++) {
        hash = hash * 1103515245u + 12345;
        const char *piece = soak_pieces[(hash >> 16) % SOAK_PIECE_COUNT];
        size_t len = strlen(piece);
        if (used + len >= room)
            break;
        memcpy(out + used, piece, len);
        used += len;
    }
    return used;
}

size_t soak_ledger_compose(struct soak_ledger *ledger, uint32_t session, uint32_t seq,
                           int64_t now_us, char *out, uint32_t *gid)
{
    if (ledger->count >= SOAK_LEDGER_LIMIT || !soak_ledger_sessions(ledger, session)) {
        ledger->full++;
        return 0;
    }
    if (ledger->count == ledger->cap) {
        uint32_t cap = ledger->cap ? ledger->cap * 2 : 65536;
        struct soak_message *grown = realloc(ledger->messages, (size_t)cap * sizeof(*grown));
        if (grown == NULL) {
            ledger->full++;
            return 0;
        }
        ledger->messages = grown;
        ledger->cap = cap;
    }
    *gid = ledger->count++;
    struct soak_message *message = &ledger->messages[*gid];
    memset(message, 0, sizeof(*message));
    message->queued_us = now_us;
    message->session = session;
    message->seq = seq;

    int len = snprintf(out, 64, "soak %u %u %u ", (unsigned)*gid, (unsigned)session, (unsigned)seq);
    size_t used = len > 0 ? (size_t)len : 0;
    used += soak_payload(*gid, out + used, 400);
    out[used++] = '\n';
    return used;
}

void soak_ledger_ack(struct soak_ledger *ledger, uint32_t gid, int64_t now_us)
{
    if (gid < ledger->count && ledger->messages[gid].acked_us == 0)
        ledger->messages[gid].acked_us = now_us;
}

/* ---- Receiving -------------------------------------------------------------------------- */

/* Read an unsigned number and the space after it; false if there is none. */
static bool soak_number(const char **at, const char *end, uint32_t *value)
{
    uint64_t number = 0;
    const char *start = *at;

    while (*at < end && **at >= '0' && **at <= '9' && number <= UINT32_MAX)
        number = number * 10 + (uint64_t)(*(*at)++ - '0');
    if (*at == start || *at >= end || **at != ' ' || number > UINT32_MAX)
        return false;
    (*at)++;
    *value = (uint32_t)number;
    return true;
}

/* Count a message that is not what its sender sent; show the first few. */
static void soak_ledger_corrupted(struct soak_ledger *ledger, const char *nick, size_t nick_len,
                                  const char *text, size_t text_len)
{
    if (ledger->corrupted++ < 10)
        fprintf(stderr, "obrol-soak: corrupted message from %.*s: %.*s\n", (int)nick_len, nick,
                (int)(text_len < 200 ? text_len : 200), text);
}

void soak_ledger_receive(struct soak_ledger *ledger, unsigned slot, const char *nick,
                         size_t nick_len, const char *text, size_t text_len)
{
    const char *at = text, *end = text + text_len;
    uint32_t gid, session, seq;
    char expected[512], name[24];

    if (text_len >= 9 && memcmp(text, "soak-cut ", 9) == 0) {
        ledger->cut_tails++; /* the unfinished tail of a client that had sent a LF, then RST */
        return;
    }
    /* The same, then FIN: end of file ends the last line, relayed whatever part
     * of it was sent (a prefix of "end-tail N half a line", from one byte on). */
    size_t tail_len = strlen(SOAK_TAIL_AT_CLOSE);
    if (text_len > 0 &&
        memcmp(text, SOAK_TAIL_AT_CLOSE, text_len < tail_len ? text_len : tail_len) == 0) {
        ledger->tails_at_close++;
        return;
    }
    if (text_len < 5 || memcmp(text, "soak ", 5) != 0) {
        soak_ledger_corrupted(ledger, nick, nick_len, text, text_len); /* "w" sends nothing else */
        return;
    }
    at += 5;
    if (!soak_number(&at, end, &gid) || !soak_number(&at, end, &session) ||
        !soak_number(&at, end, &seq) || gid >= ledger->count) {
        soak_ledger_corrupted(ledger, nick, nick_len, text, text_len);
        return;
    }
    const struct soak_message *message = &ledger->messages[gid];
    int name_len = snprintf(name, sizeof(name), "w%u", (unsigned)session);
    size_t payload_len = soak_payload(gid, expected, 400);
    if (message->session != session || message->seq != seq || name_len < 0 ||
        (size_t)name_len != nick_len || memcmp(name, nick, nick_len) != 0 ||
        (size_t)(end - at) != payload_len || memcmp(at, expected, payload_len) != 0) {
        soak_ledger_corrupted(ledger, nick, nick_len, text, text_len);
        return;
    }
    ledger->deliveries++;
    uint8_t *count = &ledger->messages[gid].received[slot];
    if (*count > 0)
        ledger->duplicates++;
    if (*count < UINT8_MAX)
        (*count)++;
    uint32_t *last = &ledger->last_seq[(size_t)session * ledger->observers + slot];
    if (seq < *last)
        ledger->out_of_order++; /* seq == *last is a duplicate, counted above */
    else
        *last = seq;
}

int soak_ledger_open_window(struct soak_ledger *ledger, unsigned slot, int64_t joined_us)
{
    if (ledger->window_count == ledger->window_cap) {
        unsigned cap = ledger->window_cap ? ledger->window_cap * 2 : 64;
        struct soak_window *grown = realloc(ledger->windows, cap * sizeof(*grown));
        if (grown == NULL)
            return -1;
        ledger->windows = grown;
        ledger->window_cap = cap;
    }
    struct soak_window *window = &ledger->windows[ledger->window_count];
    memset(window, 0, sizeof(*window));
    window->slot = slot;
    window->joined_us = joined_us;
    return (int)ledger->window_count++;
}

/* ---- Is a line safe for a terminal? ------------------------------------------------------ */

/*
 * Decode one UTF-8 character strictly (no overlong forms, no surrogates, nothing
 * above U+10FFFF). Written here again rather than borrowed from the server, so
 * that the server's sanitiser is checked by a second, independent reading.
 */
static size_t soak_utf8(const unsigned char *in, size_t count, unsigned long *codepoint)
{
    static const unsigned long minimum[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t need;

    if (in[0] < 0x80) {
        *codepoint = in[0];
        return 1;
    }
    if (in[0] >= 0xc2 && in[0] <= 0xdf)
        need = 2;
    else if (in[0] >= 0xe0 && in[0] <= 0xef)
        need = 3;
    else if (in[0] >= 0xf0 && in[0] <= 0xf4)
        need = 4;
    else
        return 0;
    if (count < need)
        return 0;
    unsigned long value = in[0] & (0x7f >> need);
    for (size_t i = 1; i < need; i++) {
        if ((in[i] & 0xc0) != 0x80)
            return 0;
        value = (value << 6) | (in[i] & 0x3f);
    }
    if (value < minimum[need] || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
        return 0;
    *codepoint = value;
    return need;
}

bool soak_line_is_safe(const char *line, size_t len)
{
    const unsigned char *bytes = (const unsigned char *)line;

    for (size_t i = 0; i < len;) {
        unsigned long c;
        size_t step = soak_utf8(bytes + i, len - i, &c);
        if (step == 0)
            return false;
        if ((c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
            (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
            return false;
        i += step;
    }
    return true;
}

/* ---- The verdict -------------------------------------------------------------------------- */

/* The window of `slot` in which message m had to arrive, or NULL if none. */
static const struct soak_window *soak_window_for(const struct soak_ledger *ledger, unsigned slot,
                                                 const struct soak_message *m)
{
    for (unsigned i = 0; i < ledger->window_count; i++) {
        const struct soak_window *w = &ledger->windows[i];
        if (w->slot == slot && w->joined_us < m->queued_us && w->quit_sent_us != 0 &&
            m->acked_us < w->quit_sent_us)
            return w;
    }
    return NULL;
}

void soak_ledger_verdict(const struct soak_ledger *ledger, struct soak_verdict *verdict)
{
    memset(verdict, 0, sizeof(*verdict));
    for (uint32_t gid = 0; gid < ledger->count; gid++) {
        const struct soak_message *m = &ledger->messages[gid];
        if (m->acked_us == 0) {
            for (unsigned slot = 0; slot < ledger->observers; slot++)
                verdict->maybe += m->received[slot];
            continue;
        }
        verdict->acked++;
        for (unsigned slot = 0; slot < ledger->observers; slot++) {
            const struct soak_window *w = soak_window_for(ledger, slot, m);
            if (w == NULL) {
                verdict->maybe += m->received[slot];
            } else if (!w->finished) {
                verdict->unfinished++;
            } else {
                verdict->checked++;
                if (m->received[slot] == 0)
                    verdict->lost++;
            }
        }
    }
}
