/*
 * sanitize.c - strict UTF-8 validation and control-character replacement.
 */
#include "sanitize.h"

#include <stdbool.h>
#include <string.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

size_t sanitize_utf8_decode(const unsigned char *in, size_t count, unsigned long *codepoint)
{
    unsigned char lead = in[0];
    size_t length;
    unsigned long value, minimum;

    if (lead < 0x80) {
        *codepoint = lead;
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, value = lead & 0x1F, minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, value = lead & 0x0F, minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, value = lead & 0x07, minimum = 0x10000;
    } else {
        return 0; /* a continuation byte, or 0xC0, 0xC1, 0xF5..0xFF: never a lead */
    }
    if (count < length)
        return 0;
    for (size_t i = 1; i < length; i++) {
        if ((in[i] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (in[i] & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0; /* overlong form, beyond Unicode, or a UTF-16 surrogate */
    *codepoint = value;
    return length;
}

/* ---- Characters that are not plain text ---------------------------------------- */

/* What becomes of a character that is valid UTF-8 but must not pass as it is. */
enum sanitize_action {
    SANITIZE_KEEP,    /* plain text: passed on as it came */
    SANITIZE_REPLACE, /* shown as U+FFFD: a terminal would obey it, or it reorders text */
    SANITIZE_NEWLINE, /* shown as U+2424 "␤": a line break that must not break the line */
    SANITIZE_DROP,    /* removed: invisible, it can only hide or disguise text */
    SANITIZE_JOINER,  /* kept between two non-ASCII characters (emoji, Indic, Persian) */
    SANITIZE_TAG,     /* kept inside an emoji flag's tag sequence, removed elsewhere */
};

/*
 * Every character that is not plain text, by range (docs/protocol.md,
 * "Sanitising"). Invisible characters are removed rather than replaced: they
 * carry nothing a reader could see, and "ad<U+200B>min" must read as "admin".
 */
static const struct sanitize_rule {
    unsigned long first, last;
    enum sanitize_action action;
} sanitize_rules[] = {
    {0x0080, 0x009F, SANITIZE_REPLACE}, /* C1 controls, e.g. the one-byte CSI */
    {0x061C, 0x061C, SANITIZE_REPLACE}, /* ARABIC LETTER MARK: a bidi mark */
    {0x115F, 0x1160, SANITIZE_DROP},    /* Hangul choseong and jungseong fillers: blank */
    {0x180E, 0x180E, SANITIZE_DROP},    /* MONGOLIAN VOWEL SEPARATOR: invisible */
    {0x200B, 0x200B, SANITIZE_DROP},    /* ZERO WIDTH SPACE */
    {0x200C, 0x200D, SANITIZE_JOINER},  /* ZERO WIDTH NON-JOINER, ZERO WIDTH JOINER */
    {0x200E, 0x200F, SANITIZE_REPLACE}, /* LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK */
    {0x2028, 0x2029, SANITIZE_NEWLINE}, /* LINE and PARAGRAPH SEPARATOR */
    {0x202A, 0x202E, SANITIZE_REPLACE}, /* bidi embeddings, overrides */
    {0x2060, 0x2064, SANITIZE_DROP},    /* WORD JOINER, invisible math operators */
    {0x2066, 0x2069, SANITIZE_REPLACE}, /* bidi isolates */
    {0x206A, 0x206F, SANITIZE_DROP},    /* deprecated format characters */
    {0x3164, 0x3164, SANITIZE_DROP},    /* HANGUL FILLER: a "blank" character */
    {0xFEFF, 0xFEFF, SANITIZE_DROP},    /* ZERO WIDTH NO-BREAK SPACE (byte order mark) */
    {0xFFA0, 0xFFA0, SANITIZE_DROP},    /* HALFWIDTH HANGUL FILLER */
    {0xE0000, 0xE007F, SANITIZE_TAG},   /* tag characters: invisible ASCII look-alikes */
};

#define SANITIZE_FLAG 0x1F3F4       /* WAVING BLACK FLAG: the base of a subdivision flag */
#define SANITIZE_CANCEL_TAG 0xE007F /* ends a tag sequence */
#define SANITIZE_TAG_SPEC_MAX 8     /* "gbsct" (Scotland) has 5 */

static enum sanitize_action sanitize_rule_for(unsigned long codepoint)
{
    for (size_t i = 0; i < sizeof(sanitize_rules) / sizeof(sanitize_rules[0]); i++) {
        if (codepoint >= sanitize_rules[i].first && codepoint <= sanitize_rules[i].last)
            return sanitize_rules[i].action;
    }
    return SANITIZE_KEEP;
}

/* True if the character at `in` is plain, non-ASCII text: what a joiner may join. */
static bool sanitize_joinable(const unsigned char *in, size_t count)
{
    unsigned long codepoint;

    return count > 0 && sanitize_utf8_decode(in, count, &codepoint) > 0 && codepoint >= 0x80 &&
           sanitize_rule_for(codepoint) == SANITIZE_KEEP;
}

/*
 * The bytes of the tag sequence that follows a black flag (England is U+1F3F4
 * then the tags "gbeng" and CANCEL TAG): 1 to SANITIZE_TAG_SPEC_MAX tag
 * letters or digits, then CANCEL TAG. 0 if what follows is not such a sequence.
 */
static size_t sanitize_tag_sequence(const unsigned char *in, size_t count)
{
    size_t used = 0;

    for (int tags = 0; tags <= SANITIZE_TAG_SPEC_MAX; tags++) {
        unsigned long codepoint;
        size_t length =
            used < count ? sanitize_utf8_decode(in + used, count - used, &codepoint) : 0;
        if (length == 0)
            return 0;
        used += length;
        if (codepoint == SANITIZE_CANCEL_TAG)
            return tags > 0 ? used : 0;
        bool spec = (codepoint >= 0xE0030 && codepoint <= 0xE0039) || /* tag digits */
                    (codepoint >= 0xE0061 && codepoint <= 0xE007A);   /* tag small letters */
        if (!spec)
            return 0;
    }
    return 0;
}

/* ---- The output ------------------------------------------------------------------ */

struct sanitize_output {
    char *bytes;
    size_t room, used;
    bool after_letter; /* the last character written is plain non-ASCII text */
    size_t tag_bytes;  /* the input's next bytes are a flag's tag sequence: keep them */
};

/* Append `count` bytes if they fit; false when the output is full. */
static bool sanitize_put(struct sanitize_output *out, const char *bytes, size_t count, bool letter)
{
    if (out->room - out->used < count)
        return false;
    memcpy(out->bytes + out->used, bytes, count);
    out->used += count;
    out->after_letter = letter;
    return true;
}

/*
 * One valid character (`length` bytes at `in`, then `left` more bytes of
 * input): keep it, replace it, or drop it. False when the output is full.
 */
static bool sanitize_character(struct sanitize_output *out, const unsigned char *in, size_t length,
                               unsigned long codepoint, size_t left)
{
    enum sanitize_action action = sanitize_rule_for(codepoint);
    size_t tag_bytes = out->tag_bytes;

    out->tag_bytes = 0;
    if (action == SANITIZE_JOINER)
        action = out->after_letter && sanitize_joinable(in + length, left) ? SANITIZE_KEEP
                                                                           : SANITIZE_DROP;
    if (action == SANITIZE_TAG && tag_bytes >= length) {
        out->tag_bytes = tag_bytes - length; /* inside a flag's sequence: keep */
        action = SANITIZE_KEEP;
    }
    switch (action) {
    case SANITIZE_KEEP:
        if (!sanitize_put(out, (const char *)in, length, true))
            return false;
        if (codepoint == SANITIZE_FLAG)
            out->tag_bytes = sanitize_tag_sequence(in + length, left);
        return true;
    case SANITIZE_REPLACE:
        return sanitize_put(out, REPLACEMENT, 3, false);
    case SANITIZE_NEWLINE:
        return sanitize_put(out, "\xE2\x90\xA4", 3, false); /* U+2424 SYMBOL FOR NEWLINE */
    default: /* SANITIZE_DROP, and a joiner or tag out of place */
        /* a joiner joins only the characters right beside it, none across this one */
        out->after_letter = false;
        return true;
    }
}

size_t sanitize_text(const char *in, size_t count, char *out, size_t room)
{
    const unsigned char *bytes = (const unsigned char *)in;
    struct sanitize_output output = {.bytes = out, .room = room};
    size_t i = 0;

    while (i < count) {
        unsigned char byte = bytes[i];
        unsigned long codepoint;
        size_t length = 1;
        bool fits;

        if (byte == '\t' || (byte >= 0x20 && byte < 0x7F)) {
            fits = sanitize_put(&output, in + i, 1, false);
        } else if (byte < 0x20 || byte == 0x7F) {
            /* U+2400 + code (U+2421 for DEL), encoded as E2 90 xx */
            char picture[3] = {'\xE2', '\x90', (char)(byte == 0x7F ? 0xA1 : 0x80 + byte)};
            fits = sanitize_put(&output, picture, 3, false);
        } else if ((length = sanitize_utf8_decode(bytes + i, count - i, &codepoint)) == 0) {
            fits = sanitize_put(&output, REPLACEMENT, 3, false);
            length = 1; /* resynchronise on the next byte */
        } else {
            fits = sanitize_character(&output, bytes + i, length, codepoint, count - i - length);
        }
        if (!fits)
            break;
        i += length;
    }
    return output.used;
}
