/*
 * dashboard.c - obrol-server --tui: clients, fd sets and events on one screen.
 */
#include "dashboard.h"

#include "eventlog.h"
#include "i18n.h"
#include "narrate.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

enum dashboard_colour {
    COLOUR_TITLE = 1,
    COLOUR_HEADING,
    COLOUR_READY,
    COLOUR_WATCHED,
    COLOUR_ERROR,
    COLOUR_STEP,
};

static struct eventlog dashboard_events;
static bool dashboard_typing = false;            /* "/" was pressed: a command is being typed */
static char dashboard_command[CONSOLE_MAX_LINE]; /* what has been typed so far (UTF-8) */
static bool dashboard_active = false;
static int dashboard_event_rows = 1; /* height of the event list at the last draw */
/* What select() gave back at the end of its last sleep (the loop clears its own
 * copy, ready_*, as it deals with each fd; the dashboard shows the answer whole). */
static fd_set dashboard_returned_read, dashboard_returned_write;

/* ---- Narration sink ---------------------------------------------------------- */

static void dashboard_on_narration(const char *line, bool is_error)
{
    eventlog_add(&dashboard_events, line, is_error);
}

/* ---- Opening and closing ----------------------------------------------------- */

bool dashboard_open(void)
{
    if (initscr() == NULL)
        return false;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE); /* select() said a key is there: never wait for more */
    curs_set(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
        init_pair(COLOUR_TITLE, COLOR_BLACK, COLOR_CYAN);
        init_pair(COLOUR_HEADING, COLOR_CYAN, -1);
        init_pair(COLOUR_READY, COLOR_BLACK, COLOR_GREEN);
        init_pair(COLOUR_WATCHED, COLOR_WHITE, -1);
        init_pair(COLOUR_ERROR, COLOR_RED, -1);
        init_pair(COLOUR_STEP, COLOR_BLACK, COLOR_YELLOW);
    }
    eventlog_init(&dashboard_events);
    narrate_set_sink(dashboard_on_narration);
    dashboard_active = true;
    return true;
}

void dashboard_close(void)
{
    if (!dashboard_active)
        return;
    narrate_set_sink(NULL);
    endwin();
    eventlog_free(&dashboard_events);
    dashboard_active = false;
}

/* ---- Drawing helpers ---------------------------------------------------------- */

/*
 * How many bytes of UTF-8 `text` fit in `width` columns (wide characters count
 * 2, bytes that are not UTF-8 count 1). With `at_word`, text that does not fit
 * whole is cut after its last space that fits, so words are not split.
 */
static size_t dashboard_fit(const char *text, int width, bool at_word)
{
    mbstate_t state;
    size_t left = strlen(text), offset = 0, last_space = 0;
    int used = 0;

    memset(&state, 0, sizeof(state));
    while (offset < left) {
        wchar_t wide;
        size_t len = mbrtowc(&wide, text + offset, left - offset, &state);
        if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
            len = 1;
            wide = L'?';
            memset(&state, 0, sizeof(state));
        }
        int columns = wcwidth(wide);
        if (columns < 0)
            columns = 1;
        if (used + columns > width)
            return at_word && last_space > 0 ? last_space : offset;
        if (wide == L' ')
            last_space = offset + 1;
        used += columns;
        offset += len;
    }
    return offset;
}

/*
 * Write UTF-8 text at (y, x), at most `width` columns wide. Returns the text
 * that did not fit (without leading spaces), for a following row.
 */
static const char *dashboard_put_wrapped(int y, int x, const char *text, int width, bool at_word)
{
    size_t fits = dashboard_fit(text, width, at_word);
    wchar_t wide[1024];
    char part[4096];

    if (fits >= sizeof(part))
        fits = sizeof(part) - 1;
    memcpy(part, text, fits);
    part[fits] = '\0';
    size_t count = mbstowcs(wide, part, sizeof(wide) / sizeof(wide[0]) - 1);
    if (count != (size_t)-1)
        mvaddnwstr(y, x, wide, (int)count);
    else
        mvaddnstr(y, x, part, width); /* not UTF-8 (cannot happen: text is sanitised) */
    text += fits;
    while (*text == ' ')
        text++;
    return text;
}

static void dashboard_put(int y, int x, const char *text, int width)
{
    dashboard_put_wrapped(y, x, text, width, false);
}

static void dashboard_heading(int y, const char *title)
{
    attron(COLOR_PAIR(COLOUR_HEADING) | A_BOLD);
    mvhline(y, 0, ACS_HLINE, COLS);
    mvprintw(y, 2, " %s ", title);
    attroff(COLOR_PAIR(COLOUR_HEADING) | A_BOLD);
}

static const char *dashboard_state_name(enum conn_state state)
{
    switch (state) {
    case CONN_OPEN:
        return _("open");
    case CONN_CLOSING:
        return _("closing");
    case CONN_DRAINING:
        return _("draining");
    case CONN_DEAD:
        return _("dead");
    }
    return "?";
}

/*
 * Two rows for one fd set: the fds handed to select(), and under each one the
 * same fd again if select() gave it back as ready (highlighted), so that the
 * answer reads even without colour on a projector.
 */
static void dashboard_fd_rows(int y, const char *label, const fd_set *set, const fd_set *ready,
                              int max_fd)
{
    const int first_column = 30;
    int x = first_column;

    attron(A_BOLD);
    mvprintw(y, 2, "%s", label);
    attroff(A_BOLD);
    mvprintw(y, 9, "%s", _("handed to select():"));
    mvprintw(y + 1, 9, "%s", _("came back ready:"));
    for (int fd = 0; fd <= max_fd && x < COLS - 6; fd++) {
        if (!FD_ISSET(fd, set))
            continue;
        attron(COLOR_PAIR(COLOUR_WATCHED));
        mvprintw(y, x, "[%2d]", fd);
        attroff(COLOR_PAIR(COLOUR_WATCHED));
        if (FD_ISSET(fd, ready)) {
            attron(COLOR_PAIR(COLOUR_READY) | A_BOLD);
            mvprintw(y + 1, x, "[%2d]", fd);
            attroff(COLOR_PAIR(COLOUR_READY) | A_BOLD);
        }
        x += 5;
    }
    if (x == first_column)
        mvprintw(y, x, "%s", _("(none)"));
}

/* ---- The sections ---------------------------------------------------------------- */

static int dashboard_draw_title(const struct server *server)
{
    char line[256];
    char address[NET_ADDRESS_MAX] = "-";
    const char *mode = server->step.mode == STEP_RUN     ? _("running")
                       : server->step.mode == STEP_DELAY ? _("slow motion")
                                                         : _("stepping");

    if (server->listener_count > 0)
        net_local_address(server->listeners[0], address, sizeof(address));
    snprintf(line, sizeof(line), _(" obrol-server  %s  |  %u of %u clients  |  %s"), address,
             server->room.count, server->options.max_clients,
             server->stopping ? _("shutting down") : mode);
    attron(COLOR_PAIR(COLOUR_TITLE) | A_BOLD);
    mvhline(0, 0, ' ', COLS);
    dashboard_put(0, 0, line, COLS);
    attroff(COLOR_PAIR(COLOUR_TITLE) | A_BOLD);
    return 1;
}

static int dashboard_draw_clients(const struct server *server, int y, int rows)
{
    int hidden = 0;

    dashboard_heading(y++, _("Clients"));
    attron(A_BOLD);
    mvprintw(y++, 1, "%-4s %-16s %-24s %9s %9s  %s", "fd", _("nick"), _("address"), _("in"),
             _("queued"), _("state"));
    attroff(A_BOLD);
    for (int i = 0; i < server->listener_count; i++) {
        char address[NET_ADDRESS_MAX];
        if (rows <= 1) {
            hidden++;
            continue;
        }
        net_local_address(server->listeners[i], address, sizeof(address));
        mvprintw(y++, 1, "%-4d %-16s %-24s %9s %9s  %s", server->listeners[i], _("(listening)"),
                 address, "-", "-", _("listen"));
        rows--;
    }
    for (int fd = 0; fd <= server->room.max_fd; fd++) {
        const struct conn *conn = server->room.conns[fd];
        if (conn == NULL)
            continue;
        if (rows <= 1) {
            hidden++;
            continue;
        }
        mvprintw(y++, 1, "%-4d %-16s %-24s %9zu %9zu  %s", conn->fd, conn->nick, conn->address,
                 linebuf_pending(&conn->in), outq_pending(&conn->out),
                 dashboard_state_name(conn->state));
        rows--;
    }
    if (server->console.fd >= 0 && rows > 2) {
        mvprintw(y++, 1, "%-4d %-16s %s", server->console.fd, _("(keyboard)"),
                 _("operator's keys"));
        rows--;
    }
    if (server->wake_fd >= 0 && rows > 1)
        mvprintw(y++, 1, "%-4d %-16s %s", server->wake_fd, _("(signal pipe)"),
                 _("wakes select() on Ctrl-C"));
    if (hidden > 0)
        mvprintw(y++, 1, _("... and %d more"), hidden);
    return y;
}

static int dashboard_draw_select(const struct server *server, int y)
{
    dashboard_heading(y++, _("select()"));
    dashboard_fd_rows(y, _("read"), &server->watch_read, &dashboard_returned_read,
                      server->watch_max);
    dashboard_fd_rows(y + 2, _("write"), &server->watch_write, &dashboard_returned_write,
                      server->watch_max);
    return y + 4;
}

static int dashboard_draw_events(int y, int bottom)
{
    int rows = bottom - y - 1;

    dashboard_heading(y++, _("Events (PgUp/PgDn to scroll)"));
    if (rows < 1)
        return y;
    dashboard_event_rows = rows;
    size_t start = eventlog_window_start(&dashboard_events, (size_t)rows);
    for (int row = 0; row < rows; row++) {
        const struct eventlog_line *line = eventlog_get(&dashboard_events, start + (size_t)row);
        if (line == NULL)
            break;
        if (line->is_error)
            attron(COLOR_PAIR(COLOUR_ERROR));
        dashboard_put(y + row, 1, line->text, COLS - 2);
        if (line->is_error)
            attroff(COLOR_PAIR(COLOUR_ERROR));
    }
    if (dashboard_events.scroll > 0)
        mvprintw(bottom - 1, COLS - 24, _(" -- %zu more below -- "), dashboard_events.scroll);
    return bottom;
}

static void dashboard_draw_step(const struct server *server, int y)
{
    if (server->step.mode != STEP_RUN && server->step.waiting) {
        char line[STEP_TEXT_MAX + 32];
        snprintf(line, sizeof(line), _("Next: %s"), server->step.next);
        attron(COLOR_PAIR(COLOUR_STEP) | A_BOLD);
        mvhline(y, 0, ' ', COLS);
        mvhline(y + 1, 0, ' ', COLS);
        const char *rest = dashboard_put_wrapped(y, 1, line, COLS - 2, true);
        dashboard_put(y + 1, 1, rest, COLS - 2);
        attroff(COLOR_PAIR(COLOUR_STEP) | A_BOLD);
    }
    attron(A_REVERSE);
    mvhline(y + 2, 0, ' ', COLS);
    if (dashboard_typing) {
        char prompt[CONSOLE_MAX_LINE + 64];
        snprintf(prompt, sizeof(prompt), _("command (Enter: run, Esc: cancel): %s_"),
                 dashboard_command);
        dashboard_put(y + 2, 1, prompt, COLS - 2);
        attroff(A_REVERSE);
        return;
    }
    dashboard_put(
        y + 2, 1,
        server->step.mode == STEP_RUN
            ? _("s: pause before each step   /: command   q: quit   PgUp/PgDn: scroll")
            : _("Enter: one step   c: run freely   /: command   q: quit   PgUp/PgDn: scroll"),
        COLS - 2);
    attroff(A_REVERSE);
}

void dashboard_draw(const struct server *server)
{
    if (!dashboard_active)
        return;
    erase();
    if (COLS < DASHBOARD_MIN_COLUMNS || LINES < DASHBOARD_MIN_LINES) {
        mvprintw(0, 0, _("Terminal too small: at least %dx%d"), DASHBOARD_MIN_COLUMNS,
                 DASHBOARD_MIN_LINES);
        refresh();
        return;
    }
    int y = dashboard_draw_title(server);
    int client_rows = (LINES - 13) / 2; /* the rest goes to the event list */
    if (client_rows < 2)
        client_rows = 2;
    y = dashboard_draw_clients(server, y, client_rows);
    y = dashboard_draw_select(server, y);
    dashboard_draw_events(y, LINES - 3);
    dashboard_draw_step(server, LINES - 3);
    refresh();
}

void dashboard_note_ready(const fd_set *read_set, const fd_set *write_set)
{
    dashboard_returned_read = *read_set;
    dashboard_returned_write = *write_set;
}

/* ---- Keys ------------------------------------------------------------------------ */

/* A key while a command is typed: edit it; true when Enter finished it. */
static bool dashboard_edit_command(wint_t key, bool is_function_key)
{
    size_t len = strlen(dashboard_command);

    if ((is_function_key && key == KEY_ENTER) || key == L'\r' || key == L'\n')
        return true;
    if (!is_function_key && key == 27) { /* Esc */
        dashboard_typing = false;
        return false;
    }
    if ((is_function_key && key == KEY_BACKSPACE) || key == 127 || key == 8) {
        while (len > 0 && (dashboard_command[len - 1] & 0xC0) == 0x80)
            len--; /* step back over UTF-8 continuation bytes */
        if (len > 0)
            len--;
        dashboard_command[len] = '\0';
        return false;
    }
    if (is_function_key || key < 0x20)
        return false;
    char bytes[MB_LEN_MAX];
    mbstate_t state;
    memset(&state, 0, sizeof(state));
    size_t count = wcrtomb(bytes, (wchar_t)key, &state);
    if (count != (size_t)-1 && len + count < sizeof(dashboard_command)) {
        memcpy(dashboard_command + len, bytes, count);
        dashboard_command[len + count] = '\0';
    }
    return false;
}

enum dashboard_input dashboard_key(char *line, size_t room)
{
    wint_t key;
    int kind;

    while ((kind = get_wch(&key)) != ERR) {
        bool function_key = kind == KEY_CODE_YES;
        if (dashboard_typing) {
            if (dashboard_edit_command(key, function_key)) {
                dashboard_typing = false;
                snprintf(line, room, "%s", dashboard_command);
                return DASHBOARD_STEP_KEY;
            }
            continue;
        }
        if (!function_key) {
            switch (key) {
            case L'\r':
            case L'\n':
            case L' ':
                snprintf(line, room, "%s", "");
                return DASHBOARD_STEP_KEY;
            case L'c':
            case L's':
            case L'q':
                snprintf(line, room, "%lc", (wint_t)key);
                return DASHBOARD_STEP_KEY;
            case L'/':
            case L':':
                dashboard_typing = true;
                snprintf(dashboard_command, sizeof(dashboard_command), "/");
                break;
            default:
                break;
            }
            continue;
        }
        switch (key) {
        case KEY_ENTER:
            snprintf(line, room, "%s", "");
            return DASHBOARD_STEP_KEY;
        case KEY_PPAGE:
            eventlog_scroll(&dashboard_events, dashboard_event_rows - 1,
                            (size_t)dashboard_event_rows);
            break;
        case KEY_NPAGE:
            eventlog_scroll(&dashboard_events, -(dashboard_event_rows - 1),
                            (size_t)dashboard_event_rows);
            break;
        case KEY_END:
            eventlog_scroll(&dashboard_events, -(long)eventlog_count(&dashboard_events), 1);
            break;
        default:
            break; /* KEY_RESIZE among them: the next draw uses the new LINES and COLS */
        }
    }
    return DASHBOARD_NOTHING;
}
