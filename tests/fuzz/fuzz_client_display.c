/*
 * fuzz_client_display.c - what a hostile server can make the client show.
 *
 * The client does not trust the server: every received line goes through
 * chat_received() (src/client/model/chat.c), which parses it, keeps the nick list,
 * and adds scrollback entries whose text and nick are sanitised
 * (src/client/model/scrollback.c); the views then measure and cut that text with
 * src/client/model/width.c. This harness drives that pipeline the way the client's
 * loop does: bytes from the server go through incoming (with pauses and a
 * close), each line or partial line into chat_received(), and typed lines
 * through chat_command() and chat_sent(). After every step it proves:
 *   - every new scrollback entry's text and nick are safe to draw (valid
 *     UTF-8, no C0 except TAB, no DEL, no C1, no bidi control), NUL-terminated
 *     at their length, and the nick fits its field;
 *   - the explain line and the client's own nick are safe too, and every nick
 *     in the list is well formed (Tab puts them into the input line);
 *   - display width is never negative and never more than 2 per character;
 *     width_utf8 is the sum of the characters; width_fit and width_wrap cut on
 *     character boundaries, stay inside the text and the columns, and always
 *     make progress, so wrapping a message always ends.
 */
#include "fuzz.h"

#include "model/chat.h"
#include "model/width.h"
#include "net/incoming.h"

#include <locale.h>

/* ---- Width ------------------------------------------------------------------------------- */

/* Cut `text` into lines of `columns` as the message view does; checks every cut. */
static void display_fuzz_wrap(const char *text, size_t len, size_t columns)
{
    size_t at = 0;

    while (at < len) {
        size_t piece = width_wrap(text + at, len - at, columns);
        FUZZ_CHECK(piece >= 1 && piece <= len - at, "wrap gave %zu of %zu bytes", piece, len - at);
        /* The line fits, unless it is one character wider than the view. */
        size_t used = width_utf8(text + at, piece);
        wchar_t first;
        size_t first_len = width_decode(text + at, len - at, &first);
        FUZZ_CHECK(used <= columns || piece == first_len, "a wrapped line of %zu columns in %zu",
                   used, columns);
        at += piece;
    }
}

/* The width functions on safe text; `columns` is the width of a view. */
static void display_fuzz_width(const char *text, size_t len, size_t columns)
{
    size_t total = 0, i = 0;

    while (i < len) {
        wchar_t character;
        size_t length = width_decode(text + i, len - i, &character);
        FUZZ_CHECK(length >= 1 && length <= len - i, "decode took %zu of %zu bytes", length,
                   len - i);
        int columns_of_character = width_char(character);
        FUZZ_CHECK(columns_of_character >= 0 && columns_of_character <= 2,
                   "U+%04lX is %d columns wide", (unsigned long)character, columns_of_character);
        total += (size_t)columns_of_character;
        i += length;
    }
    FUZZ_CHECK(width_utf8(text, len) == total, "width_utf8 %zu, sum %zu", width_utf8(text, len),
               total);

    size_t used;
    size_t fit = width_fit(text, len, columns, &used);
    FUZZ_CHECK(fit <= len && used <= columns, "fit %zu of %zu bytes, %zu of %zu columns", fit, len,
               used, columns);
    FUZZ_CHECK(width_utf8(text, fit) == used, "fit says %zu columns, the prefix has %zu", used,
               width_utf8(text, fit));
    if (fit < len) { /* it stopped because the next character does not fit */
        wchar_t next;
        width_decode(text + fit, len - fit, &next);
        FUZZ_CHECK(used + (size_t)width_char(next) > columns, "fit stopped early at %zu", fit);
    }
    display_fuzz_wrap(text, len, columns > 0 ? columns : 1);
}

/* ---- The model's state ------------------------------------------------------------------- */

/* The newest entries (those a step may have added) can be drawn as they are. */
static void display_fuzz_check_entries(const struct chat *chat, size_t columns)
{
    size_t count = scrollback_count(&chat->messages);

    for (size_t back = 0; back < 4 && back < count; back++) {
        const struct scrollback_entry *entry = scrollback_at(&chat->messages, count - 1 - back);
        FUZZ_CHECK(entry != NULL && entry->text != NULL, "entry %zu missing", count - 1 - back);
        FUZZ_CHECK(strlen(entry->text) == entry->len, "text of %zu bytes, strlen %zu", entry->len,
                   strlen(entry->text));
        fuzz_check_safe_text(entry->text, entry->len);
        size_t nick_len = strnlen(entry->nick, sizeof(entry->nick));
        FUZZ_CHECK(nick_len < sizeof(entry->nick), "nick not terminated");
        fuzz_check_safe_text(entry->nick, nick_len);
        display_fuzz_width(entry->text, entry->len, columns);
        display_fuzz_width(entry->nick, nick_len, columns);
    }
}

static void display_fuzz_check_chat(const struct chat *chat, size_t columns)
{
    size_t nick_len = strnlen(chat->nick, sizeof(chat->nick));
    FUZZ_CHECK(nick_len < sizeof(chat->nick), "own nick not terminated");
    FUZZ_CHECK(nick_len == 0 || proto_nick_check(chat->nick, nick_len) == PROTO_NICK_OK,
               "own nick is not a valid nick");

    size_t explain_len = strnlen(chat->explain, sizeof(chat->explain));
    FUZZ_CHECK(explain_len < sizeof(chat->explain), "explain not terminated");
    fuzz_check_safe_text(chat->explain, explain_len);

    FUZZ_CHECK(chat->nicks.count <= NICKS_MAX, "%zu nicks", chat->nicks.count);
    for (size_t i = 0; i < chat->nicks.count; i++) {
        const char *nick = chat->nicks.list[i];
        size_t len = strnlen(nick, PROTO_NICK_MAX + 1);
        enum proto_nick_check check = proto_nick_check(nick, len);
        /* Reserved names may be listed: the server, not the client, judges them. */
        FUZZ_CHECK(check == PROTO_NICK_OK || check == PROTO_NICK_RESERVED,
                   "nick %zu in the list is invalid", i);
    }
    FUZZ_CHECK(ring_count(&chat->waiting_ring) <= FLOW_PENDING_MAX, "%zu waiting",
               ring_count(&chat->waiting_ring));
    display_fuzz_check_entries(chat, columns);
}

/* ---- The script ------------------------------------------------------------------------------ */

struct display_fuzz {
    struct chat *chat;
    struct incoming in;
    int64_t now_ms;
    size_t columns; /* the width of the message view */
};

/* The client's loop: every line incoming hands out goes to the model. */
static void display_fuzz_take_lines(struct display_fuzz *fuzz)
{
    const char *line;
    size_t len;
    enum incoming_result result;

    while ((result = incoming_next(&fuzz->in, fuzz->now_ms, &line, &len)) != INCOMING_NONE) {
        if (result == INCOMING_TOO_LONG)
            continue;
        chat_received(fuzz->chat, line, len, result == INCOMING_PARTIAL, fuzz->in.closed,
                      fuzz->now_ms * 1000, fuzz->now_ms);
        display_fuzz_check_chat(fuzz->chat, fuzz->columns);
    }
}

/* The person typed a line and pressed Enter. */
static void display_fuzz_typed(struct display_fuzz *fuzz, const char *text, size_t len)
{
    char request[256];
    size_t request_len;
    enum chat_action action = chat_command(text, len, request, sizeof(request), &request_len);

    FUZZ_CHECK(request_len < sizeof(request), "request of %zu bytes", request_len);
    if (action == CHAT_SEND || action == CHAT_QUIT || action == CHAT_HELP)
        chat_sent(fuzz->chat, request, request_len, false, fuzz->now_ms * 1000, fuzz->now_ms);
    display_fuzz_check_chat(fuzz->chat, fuzz->columns);
}

static void display_fuzz_step(struct display_fuzz *fuzz, struct fuzz_script *script)
{
    uint8_t operation = fuzz_script_byte(script) % 8;
    const char *bytes;
    size_t count;

    switch (operation) {
    case 0: /* bytes from the server, and the loop takes the lines */
    case 1:
    case 2:
        bytes = fuzz_script_bytes(script, fuzz_script_byte(script), &count);
        incoming_feed(&fuzz->in, bytes, count, fuzz->now_ms);
        display_fuzz_take_lines(fuzz);
        break;
    case 3: /* a typed line */
        bytes = fuzz_script_bytes(script, fuzz_script_byte(script), &count);
        display_fuzz_typed(fuzz, bytes, count);
        break;
    case 4: /* time passes: a partial line may be due */
        fuzz->now_ms += (int64_t)fuzz_script_byte(script) * 4;
        display_fuzz_take_lines(fuzz);
        break;
    case 5: /* the server closes; the client reconnects */
        incoming_close(&fuzz->in);
        display_fuzz_take_lines(fuzz);
        chat_closed(fuzz->chat, "closed", 1, fuzz->now_ms * 1000, fuzz->now_ms);
        incoming_free(&fuzz->in);
        incoming_init(&fuzz->in);
        chat_connected(fuzz->chat, "127.0.0.1:12345", fuzz->now_ms * 1000, fuzz->now_ms);
        display_fuzz_check_chat(fuzz->chat, fuzz->columns);
        break;
    case 6: /* the terminal is resized */
        fuzz->columns = fuzz_script_byte(script);
        break;
    default: { /* any character at all: its width is never negative */
        uint32_t value = 0;
        for (int i = 0; i < 4; i++)
            value = (value << 8) | fuzz_script_byte(script);
        wchar_t character = (wchar_t)(value % 0x110000);
        int columns = width_char(character);
        FUZZ_CHECK(columns >= 0 && columns <= 2, "U+%04lX is %d columns wide",
                   (unsigned long)character, columns);
        break;
    }
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* wcwidth() needs a UTF-8 locale, as the client sets one at start. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
        fuzz_fail("no C.UTF-8 locale");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_script script = {.data = data, .size = size, .at = 0};
    struct display_fuzz fuzz = {.now_ms = 0, .columns = 80};

    fuzz.chat = malloc(sizeof(*fuzz.chat));
    FUZZ_CHECK(fuzz.chat != NULL && chat_init(fuzz.chat), "out of memory");
    incoming_init(&fuzz.in);
    while (!fuzz_script_done(&script))
        display_fuzz_step(&fuzz, &script);
    incoming_close(&fuzz.in);
    display_fuzz_take_lines(&fuzz);
    incoming_free(&fuzz.in);
    chat_free(fuzz.chat);
    free(fuzz.chat);
    return 0;
}
