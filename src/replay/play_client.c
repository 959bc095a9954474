/*
 * play_client.c - obrol-replay FILE for a client's trace: its own screen, step by step.
 *
 * The client's model is pure (src/client/model/chat.h): fed the recorded rows
 * again — each request with chat_sent(), each line received with
 * chat_received(), connects and closes — it rebuilds the same message pane,
 * flow pane (with round trips from the recorded times), explain line and
 * status, and the client's own views draw them (src/client/ui). Going back
 * builds the model again from the start. Keys are the client's step keys:
 * Space or Enter on an empty line, one step; + and -, speed; F5, run or pause;
 * typed: b (back), /next KIND, /find TEXT, /step N, q. F1: the client's help.
 */
#include "replay.h"

#include "fdset.h"
#include "i18n.h"
#include "selfpipe.h"
#include "ui/ui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PLAY_CLIENT_SPEED_MAX 512

struct play_client {
    const struct trace *trace;
    const char *name;
    size_t at; /* rows applied */
    bool running;
    unsigned speed;
    int64_t wall_start_ms; /* the recording's wall-clock start, for the times shown */
    char address[128];
    enum ui_connection connection;
    char mode[160];
};

static struct chat play_chat; /* large: not on the stack */
static struct ui play_ui;

static int64_t play_client_wall_ms(const struct play_client *play, size_t i)
{
    return play->wall_start_ms + trace_int(play->trace, i, "t", 0) / 1000;
}

/* Row i again, into the model, as the client made it. */
static void play_client_apply(struct play_client *play, size_t i)
{
    const struct trace *trace = play->trace;
    const char *kind = trace_kind(trace, i), *note = trace_text(trace, i, "text", "");
    int64_t mono = trace_int(trace, i, "t", 0), wall = play_client_wall_ms(play, i);
    char bytes[TRACE_BYTES_MAX + 1];
    size_t len = trace_bytes(trace, i, bytes, sizeof(bytes));

    if (len > 0 && bytes[len - 1] == '\n')
        len--; /* the model takes lines without their newline */
    if (strcmp(kind, "connecting") == 0) {
        snprintf(play->address, sizeof(play->address), "%s", note);
        play->connection = UI_CONNECTING;
        chat_connecting(&play_chat, note, mono, wall);
    } else if (strcmp(kind, "connected") == 0) {
        play->connection = UI_CONNECTED;
        chat_connected(&play_chat, note, mono, wall);
    } else if (strcmp(kind, "connect_failed") == 0) {
        play->connection = UI_DISCONNECTED;
        chat_connect_failed(&play_chat, play->address, note, 0, mono, wall);
    } else if (strcmp(kind, "closed") == 0) {
        play->connection = UI_DISCONNECTED;
        chat_closed(&play_chat, note, 0, mono, wall);
    } else if (strcmp(kind, "sent") == 0) {
        chat_sent(&play_chat, bytes, len, false, mono, wall);
    } else if (strcmp(kind, "answer") == 0 || strcmp(kind, "pushed") == 0) {
        chat_received(&play_chat, bytes, len, trace_bool(trace, i, "partial"), false, mono, wall);
    } else if (strcmp(kind, "fragment") == 0) {
        chat_fragment(&play_chat, bytes, len, (unsigned)trace_int(trace, i, "fragment", 0),
                      (unsigned)trace_int(trace, i, "fragments", 0), mono, wall);
    }
}

static void play_client_rebuild(struct play_client *play, size_t target)
{
    chat_free(&play_chat);
    if (!chat_init(&play_chat))
        return;
    play->connection = UI_DISCONNECTED;
    for (play->at = 0; play->at < target && play->at < play->trace->count; play->at++)
        play_client_apply(play, play->at);
}

static void play_client_forward(struct play_client *play)
{
    if (play->at < play->trace->count)
        play_client_apply(play, play->at++);
}

/* The recording's wall-clock start, from its header ("2026-11-30T19:38:10Z"). */
static int64_t play_client_date(const struct trace *trace)
{
    struct tm when;

    memset(&when, 0, sizeof(when));
    if (strptime(trace_header_text(trace, "date"), "%Y-%m-%dT%H:%M:%SZ", &when) == NULL)
        return 0;
    return (int64_t)timegm(&when) * 1000;
}

/* ---- Typed commands -------------------------------------------------------------------- */

/* A note of the replay's own in the message pane, at the time of the step it is at. */
static void play_client_say(const struct play_client *play, const char *text)
{
    chat_info(&play_chat, SCROLLBACK_INFO, text,
              play->at > 0 ? play_client_wall_ms(play, play->at - 1) : play->wall_start_ms);
}

struct play_client_found {
    const char *text;
    bool found;
};

static void play_client_catch(const char *line, bool is_error, void *context)
{
    struct play_client_found *search = context;

    (void)is_error;
    search->found = search->found || strstr(line, search->text) != NULL;
}

/* Whether row i is what "/next KIND" or "/find TEXT" looks for. */
static bool play_client_matches(const struct play_client *play, size_t i, bool find,
                                const char *what)
{
    struct play_client_found search = {.text = what};

    if (!find)
        return strcmp(trace_kind(play->trace, i), what) == 0;
    replay_tell(play->trace, i, play_client_catch, &search);
    return search.found;
}

static void play_client_seek(struct play_client *play, bool find, const char *what)
{
    for (size_t i = play->at; i < play->trace->count; i++) {
        if (play_client_matches(play, i, find, what)) {
            while (play->at <= i)
                play_client_forward(play);
            return;
        }
    }
    play_client_say(play, _("Not found after this step."));
}

/* A typed line: b (back), /next KIND, /find TEXT, /step N, q or /quit. False: quit. */
static bool play_client_typed(struct play_client *play, const char *line)
{
    if (strcmp(line, "q") == 0 || strcmp(line, "/quit") == 0)
        return false;
    if (strcmp(line, "b") == 0 || strcmp(line, "/back") == 0) {
        play->running = false;
        if (play->at > 0)
            play_client_rebuild(play, play->at - 1);
    } else if (strncmp(line, "/next ", 6) == 0 || strncmp(line, "/find ", 6) == 0) {
        play_client_seek(play, line[1] == 'f', line + 6);
    } else if (strncmp(line, "/step ", 6) == 0) {
        unsigned long long number = strtoull(line + 6, NULL, 10);
        size_t target = 0;
        while (target < play->trace->count &&
               (unsigned long long)trace_int(play->trace, target, "n", 0) <= number)
            target++;
        play_client_rebuild(play, target);
    } else {
        play_client_say(play, _("A replay: Space or Enter on an empty line takes one step; b goes one "
                          "step back; + and - change the speed; F5 runs or pauses; /next KIND, "
                          "/find TEXT, /step N; q quits."));
    }
    return true;
}

/* ---- Keys and the loop -------------------------------------------------------------------- */

/* One key; false: quit. */
static bool play_client_key(struct play_client *play, struct ui_key key, const char *line)
{
    switch (key.action) {
    case UI_KEY_STEP:
        play->running = false;
        play_client_forward(play);
        break;
    case UI_KEY_STEP_MODE: /* F5: run or pause */
        play->running = !play->running;
        break;
    case UI_KEY_FASTER:
        if (play->speed < PLAY_CLIENT_SPEED_MAX)
            play->speed *= 2;
        break;
    case UI_KEY_SLOWER:
        if (play->speed > 1)
            play->speed /= 2;
        break;
    case UI_KEY_HELP:
        chat_help(&play_chat, play->at > 0 ? play_client_wall_ms(play, play->at - 1)
                                            : play->wall_start_ms);
        play_client_typed(play, "/help");
        break;
    case UI_KEY_SUBMIT:
        return play_client_typed(play, line);
    default:
        break; /* scrolling and the rest: the screen's own business */
    }
    return true;
}

static void play_client_draw(struct play_client *play)
{
    struct ui_status status = {.address = play->address,
                               .connection = play->connection,
                               .retry_in_ms = -1,
                               .mode = play->mode,
                               .now_ms = 0};

    snprintf(play->mode, sizeof(play->mode), _("REPLAY %s step %lld/%zu %s"), play->name,
             play->at > 0 ? trace_int(play->trace, play->at - 1, "n", 0) : 0LL,
             play->trace->count, play->running ? _("running") : _("paused"));
    play_ui.step_keys = true; /* Space, Enter, + and - on an empty line are step keys */
    ui_draw(&play_ui, &play_chat, &status);
}

/* Sleep until a key (or, running, the next step). False on an error. */
static bool play_client_wait(struct play_client *play, int wake_fd, bool *key_ready)
{
    fd_set readable;
    long step_us = 1000000L / (long)play->speed; /* 1 step/s: a whole second, tv_sec */
    struct timeval step = {step_us / 1000000L, step_us % 1000000L};

    FD_ZERO(&readable);
    int highest = -1;

    fdset_watch(&readable, STDIN_FILENO, &highest);
    if (wake_fd >= 0)
        fdset_watch(&readable, wake_fd, &highest);
    int count = select(highest + 1, &readable, NULL, NULL,
                       play->running ? &step : NULL);
    *key_ready = count > 0 && FD_ISSET(STDIN_FILENO, &readable);
    if (count < 0)
        return errno == EINTR; /* a resize: draw again */
    if (count == 0 && play->running) {
        play_client_forward(play);
        play->running = play->at < play->trace->count;
    }
    if (wake_fd >= 0 && FD_ISSET(wake_fd, &readable))
        selfpipe_drain(wake_fd);
    return true;
}

static int play_client_loop(struct play_client *play, int wake_fd)
{
    char line[1024];
    bool key_ready;

    for (;;) {
        play_client_draw(play);
        if (!play_client_wait(play, wake_fd, &key_ready))
            return EXIT_FAILURE;
        for (int keys = 0; key_ready && keys < 64; keys++) {
            struct ui_key key = ui_handle_key(&play_ui, &play_chat, line, sizeof(line));
            if (key.action == UI_KEY_NO_MORE)
                break;
            if (!play_client_key(play, key, line))
                return EXIT_SUCCESS;
        }
    }
}

int replay_play_client(const struct trace *trace, const char *name)
{
    struct play_client play = {.trace = trace, .name = name, .speed = 4};

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, _("obrol-replay: showing a recording needs a terminal; --print writes it "
                          "as text\n"));
        return 2;
    }
    play.wall_start_ms = play_client_date(trace);
    int wake_fd = selfpipe_open();
    ui_init(&play_ui);
    if (!chat_init(&play_chat) || !ui_start()) {
        ui_free(&play_ui);
        return EXIT_FAILURE;
    }
    play_client_rebuild(&play, 0);
    int status = play_client_loop(&play, wake_fd);
    ui_stop();
    chat_free(&play_chat);
    ui_free(&play_ui);
    return status;
}
