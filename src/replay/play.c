/*
 * play.c - obrol-replay FILE: the recording in the --tui dashboard, step by step.
 *
 * The dashboard is the live server's (src/server/dashboard.c); what it draws
 * is a struct server rebuilt from the trace: who is connected after step k,
 * the fd sets of the last select(), the sentences of steps 1 to k, and, as in
 * step mode, the next step. Going forward applies one more event; going back
 * (which the live server cannot do) rebuilds the state from the start up to
 * the step before. The loop is the program's only wait: select() on the
 * keyboard, the terminal (frames are queued, terminal.h) and, while running,
 * a time-out of one step.
 */
#include "replay.h"

#include "dashboard.h"
#include "fdset.h"
#include "i18n.h"
#include "narrate.h"
#include "selfpipe.h"
#include "terminal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PLAY_SPEED_MAX 512 /* steps per second */
#define PLAY_LINE_MAX 256

struct play {
    const struct trace *trace;
    const char *name;
    size_t at;      /* events applied: the next step is event `at` */
    bool running;   /* c: take a step every 1/speed s */
    bool help;      /* F1: the help is shown where the next step is */
    unsigned speed; /* steps per second */
    char again[PLAY_LINE_MAX]; /* the last /next or /find, for n */
    char title[PLAY_LINE_MAX];
    char said[STEP_TEXT_MAX]; /* a sentence caught from tell.c */
    bool silent;              /* ... or none: the event's kind and bytes stand in for it */
};

static struct server play_server; /* large: not on the stack */
static struct conn play_conns[FD_SETSIZE];

/* ---- The state at step k ------------------------------------------------------------ */

static void play_event_to_dashboard(const char *line, bool is_error, void *context)
{
    (void)context;
    dashboard_add_event(line, is_error);
}

static struct conn *play_conn_named(const char *nick)
{
    for (int fd = 0; fd <= play_server.room.max_fd; fd++) {
        if (play_server.room.conns[fd] != NULL && strcmp(play_server.room.conns[fd]->nick, nick) == 0)
            return play_server.room.conns[fd];
    }
    return NULL;
}

static void play_connect(const struct trace *trace, size_t i, int fd)
{
    struct conn *conn = &play_conns[fd];

    memset(conn, 0, sizeof(*conn));
    conn->fd = fd;
    conn->state = CONN_OPEN;
    snprintf(conn->nick, sizeof(conn->nick), "%s", trace_text(trace, i, "nick", "?"));
    snprintf(conn->address, sizeof(conn->address), "%s", trace_text(trace, i, "address", "?"));
    if (play_server.room.conns[fd] == NULL)
        play_server.room.count++;
    play_server.room.conns[fd] = conn;
    if (fd > play_server.room.max_fd)
        play_server.room.max_fd = fd;
}

/* Event i changes who is here, or the fd sets; then its sentence joins the event list. */
static void play_apply(const struct trace *trace, size_t i)
{
    const char *kind = trace_kind(trace, i);
    int fd = (int)trace_int(trace, i, "fd", -1);
    struct conn *renamed;
    fd_set reads, writes;

    if (strcmp(kind, "accept") == 0 && fd >= 0) {
        play_connect(trace, i, fd);
    } else if (strcmp(kind, "leave") == 0 && fd >= 0 && play_server.room.conns[fd] != NULL) {
        play_server.room.conns[fd] = NULL;
        play_server.room.count--;
    } else if (strcmp(kind, "nick") == 0 &&
               (renamed = play_conn_named(trace_text(trace, i, "old", ""))) != NULL) {
        snprintf(renamed->nick, sizeof(renamed->nick), "%s", trace_text(trace, i, "new", "?"));
    } else if (strcmp(kind, "select") == 0) {
        trace_fds(trace, i, "read", &play_server.watch_read);
        trace_fds(trace, i, "write", &play_server.watch_write);
        play_server.watch_max = (int)trace_int(trace, i, "max_fd", -1);
        FD_ZERO(&reads);
        dashboard_note_ready(&reads, &reads); /* nothing has come back yet */
    } else if (strcmp(kind, "selected") == 0) {
        trace_fds(trace, i, "read", &reads);
        trace_fds(trace, i, "write", &writes);
        dashboard_note_ready(&reads, &writes);
    } else if (strcmp(kind, "stopping") == 0) {
        play_server.stopping = true;
    }
    replay_tell(trace, i, play_event_to_dashboard, NULL);
}

/* Back to the start, then forward to step `target` (events 0 to target - 1 applied). */
static void play_rebuild(struct play *play, size_t target)
{
    fd_set none;

    memset(&play_server, 0, sizeof(play_server));
    play_server.room.max_fd = -1;
    play_server.wake_fd = -1;
    play_server.console.fd = -1;
    play_server.options.max_clients = LIMIT_MAX_CLIENTS;
    FD_ZERO(&none);
    dashboard_note_ready(&none, &none);
    dashboard_clear_events();
    for (play->at = 0; play->at < target && play->at < play->trace->count; play->at++)
        play_apply(play->trace, play->at);
}

static void play_forward(struct play *play)
{
    if (play->at < play->trace->count)
        play_apply(play->trace, play->at++);
}

/* ---- What the screen says ------------------------------------------------------------ */

/*
 * Step mode's own explanation of the step event i stands for (narrate.c's
 * narrate_describe_step(), the sentence the live server shows before it),
 * with the connection made to hold what that sentence looks at: the line in
 * its buffer, the bytes in its queue, why it leaves. Empty for other events.
 */
static void play_explain(size_t i, const struct trace *trace, char *out, size_t room)
{
    static const struct {
        const char *kind;
        enum step_kind step;
    } steps[] = {{"selected", STEP_SELECT}, {"accept", STEP_ACCEPT}, {"recv", STEP_RECV},
                 {"request", STEP_LINE},    {"send", STEP_SEND},     {"leave", STEP_DROP}};
    int fd = (int)trace_int(trace, i, "fd", -1);
    struct conn *conn = fd >= 0 ? play_server.room.conns[fd] : NULL;
    char bytes[TRACE_BYTES_MAX + 1];
    size_t len = trace_bytes(trace, i, bytes, sizeof(bytes)), space_left;

    out[0] = '\0';
    for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
        if (strcmp(steps[s].kind, trace_kind(trace, i)) != 0)
            continue;
        if (steps[s].step == STEP_SELECT) {
            trace_fds(trace, i, "read", &play_server.ready_read);
            trace_fds(trace, i, "write", &play_server.ready_write);
            play_server.ready_count = (int)trace_int(trace, i, "result", 0);
            if (play_server.ready_count <= 0)
                return; /* live step mode announces a select() only when something is ready */
        } else if (conn == NULL && steps[s].step != STEP_ACCEPT) {
            return; /* accepted before the recording began */
        }
        if (steps[s].step == STEP_LINE) {
            linebuf_init(&conn->in, TRACE_BYTES_MAX + 1);
            char *space = linebuf_space(&conn->in, &space_left);
            if (space == NULL || space_left < len + 1)
                return;
            memcpy(space, bytes, len);
            space[len] = '\n';
            linebuf_commit(&conn->in, len + 1);
        } else if (steps[s].step == STEP_SEND) {
            static const char filler[4096];
            outq_init(&conn->out, SIZE_MAX);
            for (long long left = trace_int(trace, i, "offered", 0); left > 0; left -= 4096)
                outq_push(&conn->out, filler, left < 4096 ? (size_t)left : 4096);
        } else if (steps[s].step == STEP_DROP) {
            snprintf(conn->leave_reason, sizeof(conn->leave_reason), "%s",
                     trace_text(trace, i, "reason", ""));
        }
        narrate_describe_step(&play_server, steps[s].step,
                              steps[s].step == STEP_ACCEPT ? (int)trace_int(trace, i, "listen_fd", -1)
                                                           : fd,
                              out, room);
        if (conn != NULL) {
            linebuf_free(&conn->in);
            outq_free(&conn->out);
        }
        return;
    }
}

static void play_catch(const char *line, bool is_error, void *context)
{
    struct play *play = context;

    (void)is_error;
    if (play->said[0] == '\0')
        snprintf(play->said, sizeof(play->said), "%s", line + strspn(line, " "));
}

/* Event i's sentence (the first line of it), or its kind when it says nothing. */
static const char *play_sentence(struct play *play, size_t i)
{
    play->said[0] = '\0';
    replay_tell(play->trace, i, play_catch, play);
    play->silent = play->said[0] == '\0';
    if (play->silent)
        snprintf(play->said, sizeof(play->said), "(%s %s %s)", trace_kind(play->trace, i),
                 trace_text(play->trace, i, "nick", ""), trace_text(play->trace, i, "bytes", ""));
    return play->said;
}

/* The next step, as live step mode explains it, then what the server said doing it. */
static void play_next(struct play *play)
{
    char explained[STEP_TEXT_MAX];

    play_explain(play->at, play->trace, explained, sizeof(explained));
    const char *said = play_sentence(play, play->at);
    if (explained[0] == '\0' || play->silent)
        snprintf(play_server.step.next, sizeof(play_server.step.next), "%s",
                 explained[0] != '\0' ? explained : said);
    else if (snprintf(play_server.step.next, sizeof(play_server.step.next), "%s  =>  %s",
                      explained, said) >= (int)sizeof(play_server.step.next))
        memcpy(play_server.step.next + sizeof(play_server.step.next) - 4, "...", 4); /* cut */
}

static void play_describe(struct play *play)
{
    const struct trace *trace = play->trace;
    double seconds = play->at > 0 ? (double)trace_int(trace, play->at - 1, "t", 0) / 1e6 : 0;

    snprintf(play->title, sizeof(play->title),
             _("obrol-replay  %s  |  step %lld of %zu  |  %.3f s  |  %s"), play->name,
             play->at > 0 ? trace_int(trace, play->at - 1, "n", 0) : 0LL, trace->count, seconds,
             play->running ? _("running") : _("paused"));
    play_server.step.mode = STEP_MANUAL;
    play_server.step.waiting = true;
    if (play->help)
        snprintf(play_server.step.next, sizeof(play_server.step.next),
                 _("Enter or Right: one step. b or Left: one step back. c: run, s: pause, +/-: "
                   "speed (%u steps/s). /next recv budi: the next recv() (or accept, send, "
                   "line, select) of a client. /find TEXT: the next step that says it. /step N. "
                   "n: again. PgUp/PgDn: events. q: quit. F1: this help."),
                 play->speed);
    else if (play->at < trace->count)
        play_next(play);
    else
        snprintf(play_server.step.next, sizeof(play_server.step.next), "%s",
                 _("The end of the recording (b: back, q: quit)."));
}

static void play_draw(struct play *play)
{
    play_describe(play);
    dashboard_replay(play->title, _("Enter: step  b: back  c: run  s: pause  +/-: speed  "
                                    "/: next, find  F1: help  q: quit"));
    dashboard_draw(&play_server);
}

/* ---- Going to a step ------------------------------------------------------------------ */

/* Whether event i is what "/next KIND [NICK]" or "/find TEXT" looks for. */
static bool play_matches(struct play *play, size_t i, const char *command, const char *what)
{
    if (strcmp(command, "/find") == 0)
        return strstr(play_sentence(play, i), what) != NULL;
    char kind[32] = "", nick[64] = "";
    sscanf(what, "%31s %63s", kind, nick);
    return strcmp(trace_kind(play->trace, i), kind) == 0 &&
           (nick[0] == '\0' || strcmp(trace_text(play->trace, i, "nick", ""), nick) == 0);
}

/* Take steps up to the next event that matches, which becomes the newest. */
static void play_seek(struct play *play, const char *command, const char *what)
{
    for (size_t i = play->at; i < play->trace->count; i++) {
        if (play_matches(play, i, command, what)) {
            while (play->at <= i)
                play_forward(play);
            return;
        }
    }
    char line[PLAY_LINE_MAX + 64];
    snprintf(line, sizeof(line), _("Not found after this step: %s %s"), command, what);
    dashboard_add_event(line, true);
}

static void play_go_to_step(struct play *play, unsigned long long number)
{
    size_t target = 0;

    while (target < play->trace->count &&
           (unsigned long long)trace_int(play->trace, target, "n", 0) <= number)
        target++;
    if (target >= play->at)
        while (play->at < target)
            play_forward(play);
    else
        play_rebuild(play, target);
}

/* A typed command: /next KIND [NICK], /find TEXT, /step N, /help. */
static void play_command(struct play *play, const char *line)
{
    char command[16] = "";
    const char *what = line + strcspn(line, " ");

    snprintf(command, sizeof(command), "%.*s", (int)strcspn(line, " "), line);
    what += strspn(what, " ");
    if ((strcmp(command, "/next") == 0 || strcmp(command, "/find") == 0) && what[0] != '\0') {
        snprintf(play->again, sizeof(play->again), "%s", line);
        play_seek(play, command, what);
    } else if (strcmp(command, "/step") == 0 && what[0] >= '0' && what[0] <= '9') {
        play_go_to_step(play, strtoull(what, NULL, 10));
    } else if (strcmp(command, "/help") == 0) {
        play->help = !play->help;
    } else {
        char text[PLAY_LINE_MAX + 64];
        snprintf(text, sizeof(text), _("Unknown command \"%s\" (F1: help)"), line);
        dashboard_add_event(text, true);
    }
}

/* ---- Keys ------------------------------------------------------------------------------- */

/* One key or command from the dashboard. False: quit. */
static bool play_key(struct play *play, const char *key)
{
    if (key[0] == '/') {
        play_command(play, key);
    } else if (strcmp(key, "q") == 0) {
        return false;
    } else if (key[0] == '\0') {
        play->running = false;
        play_forward(play);
    } else if (strcmp(key, "b") == 0) {
        play->running = false;
        if (play->at > 0)
            play_rebuild(play, play->at - 1);
    } else if (strcmp(key, "c") == 0 || strcmp(key, "s") == 0) {
        play->running = key[0] == 'c';
    } else if (strcmp(key, "+") == 0 && play->speed < PLAY_SPEED_MAX) {
        play->speed *= 2;
    } else if (strcmp(key, "-") == 0 && play->speed > 1) {
        play->speed /= 2;
    } else if (strcmp(key, "n") == 0 && play->again[0] != '\0') {
        play_command(play, play->again);
    } else if (strcmp(key, "help") == 0) {
        play->help = !play->help;
    }
    return true;
}

/* ---- The loop ------------------------------------------------------------------------- */

/* Sleep until a key, the terminal, or (running) the next step is due. False on an error. */
static bool play_wait(struct play *play, int wake_fd, fd_set *ready_read, fd_set *ready_write)
{
    int highest = -1;
    struct timeval step = {0, 0};

    FD_ZERO(ready_read);
    FD_ZERO(ready_write);
    fdset_watch(ready_read, STDIN_FILENO, &highest);
    if (wake_fd >= 0)
        fdset_watch(ready_read, wake_fd, &highest);
    terminal_write_before_sleep(ready_write, &highest);
    long step_us = 1000000L / (long)play->speed; /* 1 step/s: a whole second, tv_sec */
    step.tv_sec = step_us / 1000000L;
    step.tv_usec = step_us % 1000000L;
    int count = select(highest + 1, ready_read, ready_write, NULL, play->running ? &step : NULL);
    if (count < 0) {
        FD_ZERO(ready_read);
        FD_ZERO(ready_write);
        return errno == EINTR; /* a resize: draw again */
    }
    if (count == 0 && play->running) {
        play_forward(play);
        play->running = play->at < play->trace->count;
    }
    terminal_write_ready(ready_write);
    if (wake_fd >= 0 && FD_ISSET(wake_fd, ready_read))
        selfpipe_drain(wake_fd);
    return true;
}

static int play_loop(struct play *play, int wake_fd)
{
    char key[PLAY_LINE_MAX];
    fd_set ready_read, ready_write;

    for (;;) {
        play_draw(play);
        if (!play_wait(play, wake_fd, &ready_read, &ready_write))
            return EXIT_FAILURE;
        if (!FD_ISSET(STDIN_FILENO, &ready_read))
            continue;
        enum dashboard_input input;
        while ((input = dashboard_key(key, sizeof(key))) == DASHBOARD_STEP_KEY) {
            if (!play_key(play, key))
                return EXIT_SUCCESS;
        }
        if (input == DASHBOARD_LOST)
            return EXIT_SUCCESS;
    }
}

int replay_play(const struct trace *trace, const char *name)
{
    struct play play = {.trace = trace, .name = name, .speed = 4};

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, _("obrol-replay: showing a recording needs a terminal; --print writes it "
                          "as text\n"));
        return 2;
    }
    terminal_open(TERMINAL_QUEUE_MAX_TUI);
    int wake_fd = selfpipe_open();
    if (!dashboard_open()) {
        terminal_close();
        fprintf(stderr, _("obrol-replay: cannot start the full-screen view on this terminal\n"));
        return EXIT_FAILURE;
    }
    play_rebuild(&play, 0);
    int status = play_loop(&play, wake_fd);
    dashboard_close();
    terminal_close();
    return status;
}
