/*
 * console.c - the operator's keyboard: framed lines from the server's standard
 * input, and what each line does (a step key or an operator command).
 */
#include "console.h"

#include "clock.h"
#include "dashboard.h"
#include "fdset.h"
#include "narrate.h"
#include "net.h"
#include "operator.h"
#include "selfpipe.h"
#include "server.h"
#include "terminal.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void console_init(struct console *console, bool enabled)
{
    console->fd = enabled ? STDIN_FILENO : -1;
    linebuf_init(&console->in, CONSOLE_MAX_LINE);
}

void console_free(struct console *console)
{
    linebuf_free(&console->in);
    console->fd = -1;
}

int console_fd(const struct console *console)
{
    return console->fd;
}

bool console_read(struct console *console)
{
    size_t room;
    char *space = linebuf_space(&console->in, &room);

    if (console->fd < 0 || space == NULL)
        return false;
    ssize_t count = read(console->fd, space, room);
    if (count < 0 && net_would_block(errno))
        return true;
    if (count <= 0) {
        /* End of file (a pipe closed, stdin was /dev/null) or EIO (a background
         * job may not read its terminal): stop watching standard input. */
        console->fd = -1;
        return false;
    }
    linebuf_commit(&console->in, (size_t)count);
    return true;
}

bool console_next_line(struct console *console, char *line, size_t room)
{
    const char *text;
    size_t len;

    for (;;) {
        enum linebuf_result result = linebuf_next(&console->in, &text, &len);
        if (result == LINEBUF_NONE) {
            linebuf_compact(&console->in);
            return false;
        }
        if (result == LINEBUF_LINE) {
            if (len >= room)
                len = room - 1;
            memcpy(line, text, len);
            line[len] = '\0';
            return true;
        }
        /* LINEBUF_TOO_LONG: skipped, but not silently (a long /say, a paste) */
        narrate_console_too_long(CONSOLE_MAX_LINE);
    }
}

/* ---- What the operator's lines do ------------------------------------------------ */

/* One line from the operator: a step key, else an operator command. */
static void console_run_line(struct server *server, const char *line)
{
    switch (step_key(&server->step, line)) {
    case STEP_KEY_RUN:
        narrate_step_running();
        break;
    case STEP_KEY_STEPPING:
        narrate_step_stepping();
        break;
    case STEP_KEY_QUIT:
        server->quit_requested = true;
        break;
    case STEP_KEY_UNKNOWN:
        if (!operator_execute(&server->room, line, clock_ms()))
            narrate_console(line);
        break;
    case STEP_KEY_STEP:
    case STEP_KEY_NONE:
        break;
    }
}

/* Standard input is gone: nobody can press Enter any more, so stop pausing. */
static void console_closed(struct server *server)
{
    if (server->step.mode != STEP_RUN) {
        narrate_console_closed();
        step_key(&server->step, "c");
    }
}

void console_handle(struct server *server, fd_set *ready)
{
    char line[CONSOLE_MAX_LINE];
    int fd = console_fd(&server->console);

    if (server->wake_fd >= 0 && FD_ISSET(server->wake_fd, ready)) {
        selfpipe_drain(server->wake_fd); /* the bytes only served to wake select() up */
        FD_CLR(server->wake_fd, ready);
    }
    if (fd < 0 || !FD_ISSET(fd, ready))
        return;
    FD_CLR(fd, ready);
    if (server->tui) {
        if (dashboard_key(line, sizeof(line)) == DASHBOARD_STEP_KEY)
            console_run_line(server, line);
        return;
    }
    bool open = console_read(&server->console);
    while (console_next_line(&server->console, line, sizeof(line)))
        console_run_line(server, line);
    if (!open)
        console_closed(server);
}

/* The terminal is just another fd, here too: what was said goes out (terminal.h). */
static void console_write_terminal(fd_set *write_set, int *highest)
{
    narrate_caught_up();
    terminal_watch(write_set, highest);
    terminal_write_before_sleep(write_set, highest);
}

bool console_wait_for_operator(struct server *server, int64_t now_ms)
{
    struct timeval timeout, *wait = NULL;
    fd_set read_set, write_set;
    int highest = -1, fd = console_fd(&server->console);

    FD_ZERO(&read_set);
    FD_ZERO(&write_set);
    if (server->wake_fd >= 0)
        fdset_watch(&read_set, server->wake_fd, &highest);
    if (fd >= 0)
        fdset_watch(&read_set, fd, &highest);
    if (server->tui)
        dashboard_draw(server); /* show the step that waits for the operator */
    console_write_terminal(&write_set, &highest);
    if (!step_is_waiting(&server->step) && !terminal_pending())
        return true; /* only the terminal was waited for, and it has taken everything */
    /* Slow motion: the step runs by itself when its delay is over - once the
     * terminal has shown what it is (until then, only a key or the terminal). */
    long timeout_ms = terminal_pending() ? -1 : step_wait_ms(&server->step, now_ms);
    if (timeout_ms >= 0) {
        timeout.tv_sec = timeout_ms / 1000;
        timeout.tv_usec = (timeout_ms % 1000) * 1000;
        wait = &timeout;
    }
    int ready = select(highest + 1, &read_set, &write_set, NULL, wait);
    if (ready < 0 && errno != EINTR) {
        narrate_error("select()", errno);
        return false;
    }
    if (ready > 0)
        terminal_write_ready(&write_set);
    if (ready > 0 || server->tui) /* with --tui, EINTR may be a resize to draw */
        console_handle(server, &read_set);
    if (!terminal_pending())
        step_tick(&server->step, clock_ms()); /* slow motion: the delay may be over */
    return true;
}
