/*
 * dashboard.c - obrol-server --tui: clients, fd sets and events on one screen.
 *
 * Every size is drawn from one plan: dashboard_draw() counts what there is to
 * show, layout_rows() says how many rows each section gets and layout_table()
 * how wide each column is (layout.c), and each section draws into what it was
 * given. Every text goes through dashboard_text(), which cuts it with "…".
 */
#include "dashboard.h"

#include "clock.h"

#include "eventlog.h"
#include "i18n.h"
#include "layout.h"
#include "narrate.h"
#include "selfpipe.h"
#include "terminal.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
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
static bool dashboard_asking_quit = false;       /* "q" was pressed: y quits, any other key not */
static char dashboard_command[CONSOLE_MAX_LINE]; /* what has been typed so far (UTF-8) */
static bool dashboard_active = false;
static int dashboard_event_rows = 1; /* height of the event list at the last draw */
/* What select() gave back at the end of its last sleep (the loop clears its own
 * copy, ready_*, as it deals with each fd; the dashboard shows the answer whole). */
static fd_set dashboard_returned_read, dashboard_returned_write;
/* obrol-replay draws a recording here: its title and key line (NULL: the live server). */
static const char *dashboard_replay_title, *dashboard_replay_keys;

/* Names the mistakes on (mistakes_describe), set by main.c; none in a replay. */
static void (*dashboard_bug_note)(char *out, size_t room);

void dashboard_set_bug_note(void (*describe)(char *out, size_t room))
{
    dashboard_bug_note = describe;
}
/* Turns of the loop in the last whole second (the title shows it while a bug is on). */
static unsigned long dashboard_turns, dashboard_turns_per_second;
static int64_t dashboard_second_ms;

/* ---- Narration sink ---------------------------------------------------------- */

static void dashboard_on_narration(const char *line, bool is_error)
{
    eventlog_add(&dashboard_events, line, is_error);
}

void dashboard_add_event(const char *line, bool is_error)
{
    dashboard_on_narration(line, is_error);
}

void dashboard_clear_events(void)
{
    eventlog_free(&dashboard_events);
    eventlog_init(&dashboard_events);
}

void dashboard_replay(const char *title, const char *keys)
{
    dashboard_replay_title = title;
    dashboard_replay_keys = keys;
}

/* ---- Frames: curses draws into a file, the terminal's queue takes it ----------
 *
 * The terminal is just another fd, for the dashboard too. Curses writes a
 * frame with plain write()s and, if the terminal is paused, would wait in
 * them (or spin, if the fd were non-blocking) - and the class with it. So
 * curses is given the terminal only to learn its size and set its modes
 * (newterm()); then its fd is swapped for a temporary file (dup2()), each
 * frame is read back from the file and queued for the terminal like any
 * other output (terminal.h), and the file is emptied. While the terminal has
 * not taken the last frame, no new one is drawn: frames are skipped, never
 * cut, so curses' idea of the screen stays true and the next frame, once the
 * terminal drains, sends what changed meanwhile. (Should a frame ever not fit
 * in the queue, the next one is drawn whole: clearok(curscr).)
 *
 * Curses never touches the terminal itself again, so two of its jobs are
 * done here: a change of window size (SIGWINCH, below) and, at the end,
 * putting the terminal's modes back (reset_shell_mode() on the real fd).
 */

static SCREEN *dashboard_screen;
static FILE *dashboard_output; /* curses' output: the terminal at first, then the frame file */
static volatile sig_atomic_t dashboard_resized = 0;

/* SIGWINCH: only a flag, and a byte in the signal pipe so that select() wakes up. */
static void dashboard_on_resize(int signal_number)
{
    (void)signal_number;
    dashboard_resized = 1;
    selfpipe_wake();
}

/*
 * Our own handler for SIGWINCH (curses installs one only where there is none:
 * its own would ask the frame file for the size); Ctrl-Z ignored, because a
 * stopped server stops the class (q quits, and curses could not put the
 * terminal back for the shell).
 */
static bool dashboard_catch_signals(void)
{
    struct sigaction action;

    memset(&action, 0, sizeof(action));
    sigemptyset(&action.sa_mask);
    action.sa_handler = dashboard_on_resize;
    if (sigaction(SIGWINCH, &action, NULL) != 0)
        return false;
    action.sa_handler = SIG_IGN;
    return sigaction(SIGTSTP, &action, NULL) == 0;
}

/* Curses on the terminal (its own fd, a copy of standard output); then into a file. */
static bool dashboard_start_curses(void)
{
    int fd = dup(STDOUT_FILENO);
    FILE *frames = tmpfile();

    dashboard_output = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (dashboard_output == NULL || frames == NULL || !dashboard_catch_signals() ||
        (dashboard_screen = newterm(NULL, dashboard_output, stdin)) == NULL) {
        if (frames != NULL)
            fclose(frames);
        if (dashboard_output != NULL)
            fclose(dashboard_output);
        else if (fd >= 0)
            close(fd);
        return false;
    }
    cbreak(); /* the terminal's modes are set now, through the terminal's fd */
    noecho();
    nonl();
    bool swapped = dup2(fileno(frames), fd) == fd; /* from now on, frames go into the file */
    fclose(frames);
    if (!swapped)
        endwin(); /* still on the terminal: it puts the modes back */
    return swapped;
}

/* The frame curses wrote into the file goes to the terminal's queue; the file is emptied. */
static void dashboard_send_frame(void)
{
    int fd = fileno(dashboard_output);
    off_t size = lseek(fd, 0, SEEK_CUR);
    char *frame = size > 0 ? malloc((size_t)size) : NULL;

    if (frame != NULL && pread(fd, frame, (size_t)size, 0) == (ssize_t)size &&
        terminal_queue_frame(frame, (size_t)size)) {
        /* queued whole */
    } else if (size > 0) {
        clearok(curscr, TRUE); /* the terminal missed this frame: send the next one whole */
    }
    free(frame);
    if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0)
        narrate_error("ftruncate()", errno);
}

/* After SIGWINCH: the terminal's new size, for curses (it no longer asks the terminal). */
static void dashboard_follow_resize(void)
{
    struct winsize size;

    if (!dashboard_resized)
        return;
    dashboard_resized = 0;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 && size.ws_col > 0)
        resizeterm(size.ws_row, size.ws_col);
}

/* ---- Opening and closing ----------------------------------------------------- */

bool dashboard_open(void)
{
    if (!dashboard_start_curses())
        return false;
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
    endwin(); /* its bytes go into the frame file, its modes nowhere: */
    dashboard_send_frame();
    dup2(STDOUT_FILENO, fileno(dashboard_output)); /* the terminal again, */
    reset_shell_mode();                            /* for the shell's modes */
    delscreen(dashboard_screen);
    fclose(dashboard_output);
    eventlog_free(&dashboard_events);
    dashboard_active = false;
}

/* ---- Drawing helpers ---------------------------------------------------------- */

/* Texts handed to curses are at most this long: a row of 1000 wide characters. */
#define DASHBOARD_TEXT_MAX 4096

/*
 * Write `text` at (y, x) in at most `columns`: cut with "…" when longer,
 * keeping its last `keep_end` columns (layout_shorten). Returns the columns
 * written. Curses would carry what goes past the edge onto the next row: so
 * nothing does, and texts also keep off the last column (only the heading
 * lines reach it), which is how tests/system/dashboard.sh sees a spill.
 */
static int dashboard_text(int y, int x, const char *text, int columns, int keep_end)
{
    char fitted[DASHBOARD_TEXT_MAX];

    if (columns <= 0)
        return 0;
    layout_shorten(text, columns, keep_end, fitted, sizeof(fitted));
    mvaddstr(y, x, fitted);
    return layout_width(fitted);
}

/*
 * Write `text` word-wrapped over at most `rows` rows from (y, x); the last row
 * ends with "…" if the text goes on beyond it.
 */
static void dashboard_wrapped(int y, int x, const char *text, int columns, int rows)
{
    char part[DASHBOARD_TEXT_MAX];

    for (int row = 0; row < rows && *text != '\0'; row++) {
        if (row == rows - 1) {
            dashboard_text(y + row, x, text, columns, 0);
            return;
        }
        const char *next;
        size_t len = layout_wrap(text, columns, &next);
        if (len >= sizeof(part))
            len = sizeof(part) - 1;
        memcpy(part, text, len);
        part[len] = '\0';
        mvaddstr(y + row, x, part);
        text = next;
    }
}

static void dashboard_heading(int y, const char *title)
{
    char text[256];

    snprintf(text, sizeof(text), " %s ", title);
    attron(COLOR_PAIR(COLOUR_HEADING) | A_BOLD);
    mvhline(y, 0, ACS_HLINE, COLS);
    dashboard_text(y, 2, text, COLS - 4, 0);
    attroff(COLOR_PAIR(COLOUR_HEADING) | A_BOLD);
}

/* "… 3 more": rows or fds that did not fit. Returns its width. */
static int dashboard_more(int count, char *out, size_t room)
{
    snprintf(out, room, _("… %d more"), count);
    return layout_width(out);
}

/* ---- The title ------------------------------------------------------------------- */

static const char *const dashboard_mode_names[] = {
    [STEP_RUN] = N_("running"),
    [STEP_MANUAL] = N_("stepping"),
    [STEP_DELAY] = N_("slow motion"),
};

/* Row 0: the address, how many clients, the mode; in fewer words when narrow. */
static void dashboard_draw_title(const struct server *server)
{
    char title[3][256]; /* longest first: the first that fits is shown */
    char address[NET_ADDRESS_MAX] = "-";
    unsigned count = server->room.count, most = server->options.max_clients;
    char mode[256], bugs[200];
    int pick = 0;

    snprintf(mode, sizeof(mode), "%s",
             server->stopping ? _("shutting down") : gettext(dashboard_mode_names[server->step.mode]));
    bugs[0] = '\0'; /* the bug museum: a mistake on purpose is never hidden */
    if (dashboard_bug_note != NULL)
        dashboard_bug_note(bugs, sizeof(bugs));
    int64_t now = clock_ms();
    if (now - dashboard_second_ms >= 1000) { /* the turns of the last second */
        dashboard_turns_per_second = now - dashboard_second_ms < 2000 ? dashboard_turns : 0;
        dashboard_turns = 0;
        dashboard_second_ms = now;
    }
    if (bugs[0] != '\0') /* forget-closed: watch the turns per second climb */
        snprintf(mode, sizeof(mode), _("BUG ON PURPOSE: %s | %s | %lu turns/s"), bugs,
                 server->stopping ? _("shutting down")
                                  : gettext(dashboard_mode_names[server->step.mode]),
                 dashboard_turns_per_second);

    if (server->listener_count > 0)
        net_local_address(server->listeners[0], address, sizeof(address));
    snprintf(title[0], sizeof(title[0]), _(" obrol-server  %s  |  %u of %u clients  |  %s"),
             address, count, most, mode);
    snprintf(title[1], sizeof(title[1]), _(" obrol-server %s | %u/%u clients | %s"), address, count,
             most, mode);
    snprintf(title[2], sizeof(title[2]), _(" %s | %u/%u clients | %s"), address, count, most, mode);
    for (int i = 0; i < 3 && dashboard_replay_title != NULL; i++) /* a recording: where we are */
        snprintf(title[i], sizeof(title[i]), " %s", dashboard_replay_title);
    while (pick < 2 && layout_width(title[pick]) >= COLS)
        pick++;
    attron(COLOR_PAIR(COLOUR_TITLE) | A_BOLD);
    mvhline(0, 0, ' ', COLS);
    dashboard_text(0, 0, title[pick], COLS - 1, 0);
    attroff(COLOR_PAIR(COLOUR_TITLE) | A_BOLD);
}

/* ---- The client table -------------------------------------------------------------- */

/* The table's columns (layout.c decides their widths). */
static const struct dashboard_column {
    const char *heading;
    int narrowest; /* even when every cell is shorter: numbers grow without the table jumping */
    bool numeric;  /* right-aligned */
} dashboard_columns[LAYOUT_COLUMNS] = {
    [LAYOUT_FD] = {N_("fd"), 2, false},           /* the socket's file descriptor */
    [LAYOUT_NICK] = {N_("nick"), 8, false},       /* or what the fd is: "(listening)" */
    [LAYOUT_ADDRESS] = {N_("address"), 0, false}, /* the peer's address and port */
    [LAYOUT_IN] = {N_("in B"), 5, true},          /* bytes in its line buffer */
    [LAYOUT_QUEUED] = {N_("queued B"), 6, true},  /* bytes in its output queue */
    [LAYOUT_STATE] = {N_("state"), 0, false},     /* open, closing, draining, dead */
};

static const char *const dashboard_state_names[] = {
    [CONN_OPEN] = N_("open"),
    [CONN_CLOSING] = N_("closing"),
    [CONN_DRAINING] = N_("draining"),
    [CONN_DEAD] = N_("dead"),
};

/* One row of the table as text. */
struct dashboard_row {
    char cell[LAYOUT_COLUMNS][NET_ADDRESS_MAX];
};

/* The fds that are neither listening nor clients: shown under the table. */
struct dashboard_extra {
    int fd;
    const char *name, *what;
};

/* The keyboard and the signal pipe, those the server has. Returns how many. */
static int dashboard_extras(const struct server *server, struct dashboard_extra extras[2])
{
    int count = 0;

    if (server->console.fd >= 0)
        extras[count++] =
            (struct dashboard_extra){server->console.fd, _("(keyboard)"), _("operator's keys")};
    if (server->wake_fd >= 0)
        extras[count++] = (struct dashboard_extra){server->wake_fd, _("(signal pipe)"),
                                                   _("wakes select() on Ctrl-C")};
    return count;
}

/* A listening socket's row. */
static void dashboard_listener_row(int fd, struct dashboard_row *row)
{
    const size_t room = sizeof(row->cell[0]);

    snprintf(row->cell[LAYOUT_FD], room, "%d", fd);
    snprintf(row->cell[LAYOUT_NICK], room, "%s", _("(listening)"));
    net_local_address(fd, row->cell[LAYOUT_ADDRESS], room);
    snprintf(row->cell[LAYOUT_IN], room, "-");
    snprintf(row->cell[LAYOUT_QUEUED], room, "-");
    snprintf(row->cell[LAYOUT_STATE], room, "%s", _("listen"));
}

/* A client's row. */
static void dashboard_client_row(const struct conn *conn, struct dashboard_row *row)
{
    const size_t room = sizeof(row->cell[0]);

    snprintf(row->cell[LAYOUT_FD], room, "%d", conn->fd);
    snprintf(row->cell[LAYOUT_NICK], room, "%s", conn->nick);
    snprintf(row->cell[LAYOUT_ADDRESS], room, "%s", conn->address);
    snprintf(row->cell[LAYOUT_IN], room, "%zu", linebuf_pending(&conn->in));
    snprintf(row->cell[LAYOUT_QUEUED], room, "%zu", outq_pending(&conn->out));
    snprintf(row->cell[LAYOUT_STATE], room, "%s", gettext(dashboard_state_names[conn->state]));
}

/*
 * Each row of the table in order: the listening sockets, then the clients by
 * fd. visit() is called with each (and `context`) until it returns false:
 * once to measure the table, once to draw the rows that fit.
 */
static void dashboard_each_row(const struct server *server,
                               bool (*visit)(const struct dashboard_row *row, void *context),
                               void *context)
{
    struct dashboard_row row;

    for (int i = 0; i < server->listener_count; i++) {
        dashboard_listener_row(server->listeners[i], &row);
        if (!visit(&row, context))
            return;
    }
    for (int fd = 0; fd <= server->room.max_fd; fd++) {
        if (server->room.conns[fd] == NULL)
            continue;
        dashboard_client_row(server->room.conns[fd], &row);
        if (!visit(&row, context))
            return;
    }
}

/* What the table holds: its rows and the widest cell of each column. */
struct dashboard_measure {
    int rows;
    int natural[LAYOUT_COLUMNS];
};

static void dashboard_widen(struct dashboard_measure *measure, enum layout_column column,
                            const char *text)
{
    int width = layout_width(text);

    if (width > measure->natural[column])
        measure->natural[column] = width;
}

static bool dashboard_measure_row(const struct dashboard_row *row, void *context)
{
    struct dashboard_measure *measure = context;

    for (int column = 0; column < LAYOUT_COLUMNS; column++)
        dashboard_widen(measure, column, row->cell[column]);
    measure->rows++;
    return true;
}

static void dashboard_measure(const struct server *server, struct dashboard_measure *measure)
{
    struct dashboard_extra extras[2];
    char fd[16];

    measure->rows = 0;
    for (int column = 0; column < LAYOUT_COLUMNS; column++) {
        measure->natural[column] = dashboard_columns[column].narrowest;
        dashboard_widen(measure, column, gettext(dashboard_columns[column].heading));
    }
    for (int i = dashboard_extras(server, extras) - 1; i >= 0; i--) {
        snprintf(fd, sizeof(fd), "%d", extras[i].fd);
        dashboard_widen(measure, LAYOUT_FD, fd);
    }
    dashboard_each_row(server, dashboard_measure_row, measure);
}

/* Where a column begins (columns left out take no room). */
static int dashboard_column_x(const struct layout_table *table, enum layout_column column)
{
    int x = 1;

    for (int before = 0; before < (int)column; before++)
        if (table->width[before] > 0)
            x += table->width[before] + LAYOUT_COLUMN_GAP;
    return x;
}

/* Columns the port takes at the end of an address ("…:51234" keeps it). */
static int dashboard_port_columns(const char *address)
{
    const char *colon = strrchr(address, ':');

    return colon != NULL ? layout_width(colon) : 0;
}

/* One row of the table: numbers to the right, addresses keep their port. */
static void dashboard_table_row(int y, const struct layout_table *table,
                                const struct dashboard_row *row)
{
    char fitted[NET_ADDRESS_MAX * 2];

    for (int column = 0; column < LAYOUT_COLUMNS; column++) {
        int width = table->width[column];
        if (width == 0)
            continue;
        int keep_end = column == LAYOUT_ADDRESS ? dashboard_port_columns(row->cell[column]) : 0;
        layout_shorten(row->cell[column], width, keep_end, fitted, sizeof(fitted));
        int pad = dashboard_columns[column].numeric ? width - layout_width(fitted) : 0;
        mvaddstr(y, dashboard_column_x(table, column) + pad, fitted);
    }
}

/* Drawing the table's rows: where the next goes, how many more fit. */
struct dashboard_rows_left {
    const struct layout_table *table;
    int y, left;
};

static bool dashboard_draw_row(const struct dashboard_row *row, void *context)
{
    struct dashboard_rows_left *draw = context;

    if (draw->left == 0)
        return false;
    dashboard_table_row(draw->y++, draw->table, row);
    draw->left--;
    return true;
}

/* The column headings; " …" at the end when a column was left out. */
static void dashboard_table_heading(int y, const struct layout_table *table)
{
    struct dashboard_row heading;

    for (int column = 0; column < LAYOUT_COLUMNS; column++)
        snprintf(heading.cell[column], sizeof(heading.cell[0]), "%s",
                 gettext(dashboard_columns[column].heading));
    attron(A_BOLD);
    dashboard_table_row(y, table, &heading);
    if (table->left_out)
        mvaddstr(y, layout_table_width(table), LAYOUT_ELLIPSIS);
    attroff(A_BOLD);
}

/* The keyboard and the signal pipe on rows of their own: fd, name, what for. */
static void dashboard_extra_rows(int y, const struct dashboard_extra *extras, int count,
                                 const struct layout_table *table)
{
    int name_x = dashboard_column_x(table, LAYOUT_NICK), name_width = table->width[LAYOUT_NICK];
    char fd[16];

    for (int i = 0; i < count; i++)
        if (layout_width(extras[i].name) > name_width)
            name_width = layout_width(extras[i].name); /* the names are not nicks: no need to cut */
    for (int i = 0; i < count; i++) {
        snprintf(fd, sizeof(fd), "%d", extras[i].fd);
        dashboard_text(y + i, 1, fd, table->width[LAYOUT_FD], 0);
        dashboard_text(y + i, name_x, extras[i].name, COLS - 1 - name_x, 0);
        int what_x = name_x + name_width + LAYOUT_COLUMN_GAP;
        dashboard_text(y + i, what_x, extras[i].what, COLS - 1 - what_x, 0);
    }
}

/*
 * The row(s) after the clients: the keyboard and the signal pipe each on its
 * own row, or both on one, or "… N more" when the table was cut.
 */
static void dashboard_table_end(const struct server *server, int y, const struct layout_rows *rows,
                                const struct layout_table *table)
{
    struct dashboard_extra extras[2];
    char text[256];
    int count = dashboard_extras(server, extras);

    if (rows->more > 0) {
        dashboard_more(rows->more, text, sizeof(text));
        dashboard_text(y, 1, text, COLS - 2, 0);
    } else if (rows->extras < count) {
        snprintf(text, sizeof(text), "%d %s   %d %s", extras[0].fd, extras[0].name, extras[1].fd,
                 extras[1].name);
        dashboard_text(y, 1, text, COLS - 2, 0);
    } else {
        dashboard_extra_rows(y, extras, count, table);
    }
}

static int dashboard_draw_clients(const struct server *server, int y,
                                  const struct layout_rows *rows, const struct layout_table *table)
{
    struct dashboard_rows_left draw = {table, y + 2, rows->table};

    dashboard_heading(y, _("Clients"));
    dashboard_table_heading(y + 1, table);
    dashboard_each_row(server, dashboard_draw_row, &draw);
    dashboard_table_end(server, y + 2 + rows->table, rows, table);
    return y + 2 + rows->table + rows->extras;
}

/* ---- select()'s fd sets ------------------------------------------------------------ */

/* How many fds from `from` to max_fd are in `set` (and in `also`, unless it is NULL). */
static int dashboard_fd_count(const fd_set *set, const fd_set *also, int from, int max_fd)
{
    int count = 0;

    for (int fd = from; fd <= max_fd; fd++)
        count += FD_ISSET(fd, set) && (also == NULL || FD_ISSET(fd, also)) ? 1 : 0;
    return count;
}

/* One fd as "[ 7]": highlighted when ready, or (full form) repeated under itself on ready_y. */
static void dashboard_fd_item(int y, int x, const char *item, bool is_ready, int ready_y)
{
    attr_t look =
        is_ready && ready_y < 0 ? COLOR_PAIR(COLOUR_READY) | A_BOLD : COLOR_PAIR(COLOUR_WATCHED);

    attron(look);
    mvaddstr(y, x, item);
    attroff(look);
    if (is_ready && ready_y >= 0) {
        attron(COLOR_PAIR(COLOUR_READY) | A_BOLD);
        mvaddstr(ready_y, x, item);
        attroff(COLOR_PAIR(COLOUR_READY) | A_BOLD);
    }
}

/*
 * The fds of `set` as "[ 7]" from column x up to column `end`, those also in
 * `ready` highlighted; with ready_y >= 0 (the full form) each ready fd is
 * written again on row ready_y, under itself. Fds that do not fit are
 * counted, "… 3 more" (under it, on ready_y, the ready ones among them).
 * Returns the column after what was written.
 */
static int dashboard_fd_list(int y, int x, int end, const fd_set *set, const fd_set *ready,
                             int max_fd, int ready_y)
{
    char item[16], more[64];
    int total = dashboard_fd_count(set, NULL, 0, max_fd), drawn = 0, fd = 0, all = -1;

    if (total == 0)
        return x + dashboard_text(y, x, _("(none)"), end - x, 0) + 1;
    for (int each = 0; each <= max_fd; each++) /* the width of them all: do they fit? */
        all += FD_ISSET(each, set) ? snprintf(item, sizeof(item), "[%2d]", each) + 1 : 0;
    for (; fd <= max_fd; fd++) {
        if (!FD_ISSET(fd, set))
            continue;
        int width = snprintf(item, sizeof(item), "[%2d]", fd), after = total - drawn - 1;
        if (x + all > end &&
            x + width + (after > 0 ? 1 + dashboard_more(after, more, sizeof(more)) : 0) > end)
            break; /* the rest are counted */
        dashboard_fd_item(y, x, item, FD_ISSET(fd, ready), ready_y);
        x += width + 1;
        all -= width + 1;
        drawn++;
    }
    if (drawn == total)
        return x;
    int hidden_ready = dashboard_fd_count(set, ready, fd, max_fd);
    dashboard_more(total - drawn, more, sizeof(more));
    int written = dashboard_text(y, x, more, end - x, 0);
    if (ready_y >= 0 && hidden_ready > 0) {
        dashboard_more(hidden_ready, more, sizeof(more));
        dashboard_text(ready_y, x, more, end - x, 0);
    }
    return x + written + 1;
}

/* Full form, two rows: the fds handed to select(), and under them those that came back ready. */
static void dashboard_fd_set_rows(int y, const char *label, const fd_set *handed,
                                  const fd_set *ready, int max_fd)
{
    const char *handed_label = _("handed to select():"), *ready_label = _("came back ready:");
    int label_width = layout_width(handed_label) > layout_width(ready_label)
                          ? layout_width(handed_label)
                          : layout_width(ready_label);

    attron(A_BOLD);
    dashboard_text(y, 2, label, 6, 0);
    attroff(A_BOLD);
    dashboard_text(y, 9, handed_label, COLS - 10, 0);
    dashboard_text(y + 1, 9, ready_label, COLS - 10, 0);
    dashboard_fd_list(y, 9 + label_width + 2, COLS - 1, handed, ready, max_fd, y + 1);
}

/* Compact form, one row: the fds handed to select() (the ready ones highlighted), then "ready:" and
 * those. */
static void dashboard_fd_set_row(int y, const char *label, const fd_set *handed,
                                 const fd_set *ready, int max_fd)
{
    const char *ready_label = _("ready:");
    fd_set both; /* ready, and handed to this select(): what the full form's lower row shows */
    int ready_count = 0;

    FD_ZERO(&both);
    for (int fd = 0; fd <= max_fd; fd++) {
        if (FD_ISSET(fd, handed) && FD_ISSET(fd, ready)) {
            FD_SET(fd, &both);
            ready_count++;
        }
    }
    int ready_width = layout_width(ready_label) + 1 +
                      (ready_count > 0 ? 5 * ready_count : layout_width(_("(none)")));
    if (ready_width > (COLS - 10) / 2)
        ready_width = (COLS - 10) / 2;
    attron(A_BOLD);
    dashboard_text(y, 2, label, 6, 0);
    attroff(A_BOLD);
    int x = dashboard_fd_list(y, 9, COLS - 1 - ready_width - 2, handed, ready, max_fd, -1) + 1;
    x += dashboard_text(y, x, ready_label, COLS - 1 - x, 0) + 1;
    dashboard_fd_list(y, x, COLS - 1, &both, &both, max_fd, -1);
}

static int dashboard_draw_select(const struct server *server, int y, int rows_per_set)
{
    const struct {
        const char *label;
        const fd_set *handed, *ready;
    } sets[] = {
        {_("read"), &server->watch_read, &dashboard_returned_read},
        {_("write"), &server->watch_write, &dashboard_returned_write},
    };

    dashboard_heading(y++, _("select()"));
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++, y += rows_per_set) {
        if (rows_per_set == 2)
            dashboard_fd_set_rows(y, sets[i].label, sets[i].handed, sets[i].ready,
                                  server->watch_max);
        else
            dashboard_fd_set_row(y, sets[i].label, sets[i].handed, sets[i].ready,
                                 server->watch_max);
    }
    return y;
}

/* ---- Events, the waiting step, the keys -------------------------------------------- */

static int dashboard_draw_events(int y, int rows)
{
    int below_width = 0;

    dashboard_heading(y++, _("Events (PgUp/PgDn to scroll)"));
    dashboard_event_rows = rows;
    if (dashboard_events.scroll > 0) { /* scrolled back: say so at the end of the last row */
        char below[64];
        snprintf(below, sizeof(below), _(" -- %zu more below -- "), dashboard_events.scroll);
        below_width = layout_width(below);
        dashboard_text(y + rows - 1, COLS - 1 - below_width, below, below_width, 0);
    }
    size_t start = eventlog_window_start(&dashboard_events, (size_t)rows);
    for (int row = 0; row < rows; row++) {
        const struct eventlog_line *line = eventlog_get(&dashboard_events, start + (size_t)row);
        if (line == NULL)
            break;
        if (line->is_error)
            attron(COLOR_PAIR(COLOUR_ERROR));
        dashboard_text(y + row, 1, line->text, COLS - 2 - (row == rows - 1 ? below_width : 0), 0);
        if (line->is_error)
            attroff(COLOR_PAIR(COLOUR_ERROR));
    }
    return y + rows;
}

/* The step that waits for the operator, wrapped: it is the lesson. */
static void dashboard_draw_step(const char *next, int y, int rows)
{
    attron(COLOR_PAIR(COLOUR_STEP) | A_BOLD);
    for (int row = 0; row < rows; row++)
        mvhline(y + row, 0, ' ', COLS);
    dashboard_wrapped(y, 1, next, COLS - 2, rows);
    attroff(COLOR_PAIR(COLOUR_STEP) | A_BOLD);
}

/* The key line, longest first: the first that fits is shown (the last is cut with "…"). */
static const char *const dashboard_running_keys[] = {
    N_("s: pause before each step   /: command   q: quit   PgUp/PgDn: scroll"),
    N_("s: pause  q: quit  /: command  PgUp/PgDn"),
};
static const char *const dashboard_stepping_keys[] = {
    N_("Enter: one step   c: run freely   /: command   q: quit   PgUp/PgDn: scroll"),
    N_("Enter: step  c: run  q: quit  /: command  PgUp/PgDn"),
};

static void dashboard_draw_keys(const struct server *server, int y)
{
    const char *const *keys =
        server->step.mode == STEP_RUN ? dashboard_running_keys : dashboard_stepping_keys;
    const char *hint = gettext(keys[0]);

    if (layout_width(hint) > COLS - 2)
        hint = gettext(keys[1]);
    attron(A_REVERSE);
    mvhline(y, 0, ' ', COLS);
    if (dashboard_asking_quit) {
        attron(A_BOLD);
        dashboard_text(y, 1, _("Quit the server and end the class? y/n"), COLS - 2, 0);
        attroff(A_BOLD);
    } else if (dashboard_typing) { /* the end of what is typed stays in view */
        char prompt[CONSOLE_MAX_LINE + 64];
        snprintf(prompt, sizeof(prompt), _("command (Enter: run, Esc: cancel): %s_"),
                 dashboard_command);
        dashboard_text(y, 1, prompt, COLS - 2, COLS - 3);
    } else {
        dashboard_text(y, 1, dashboard_replay_keys != NULL ? dashboard_replay_keys : hint,
                       COLS - 2, 0);
    }
    attroff(A_REVERSE);
}

/* Below the minimum: what size is needed, and how to get it. */
static void dashboard_draw_too_small(void)
{
    char text[512];

    snprintf(text, sizeof(text),
             _("Terminal too small (%dx%d): the dashboard needs at least %dx%d. Make the window "
               "larger or the font smaller; in tmux, Ctrl-b z zooms this pane."),
             COLS, LINES, DASHBOARD_MIN_COLUMNS, DASHBOARD_MIN_LINES);
    dashboard_wrapped(0, 0, text, COLS - 1, LINES);
}

/* ---- The whole screen ------------------------------------------------------------------ */

void dashboard_draw(const struct server *server)
{
    struct dashboard_measure measure;
    struct dashboard_extra extras[2];
    struct layout_rows rows;
    struct layout_table table;
    char next[STEP_TEXT_MAX + 32] = "";

    if (!dashboard_active)
        return;
    if (terminal_pending())
        return; /* the terminal has not taken the last frame yet: skip this one */
    dashboard_follow_resize();
    erase();
    if (server->step.mode != STEP_RUN && server->step.waiting)
        snprintf(next, sizeof(next), _("Next: %s"), server->step.next);
    dashboard_measure(server, &measure);
    struct layout_want want = {LINES, measure.rows, dashboard_extras(server, extras),
                               layout_wrapped_rows(next, COLS - 2)};
    if (COLS < DASHBOARD_MIN_COLUMNS || LINES < DASHBOARD_MIN_LINES || !layout_rows(&want, &rows)) {
        dashboard_draw_too_small();
        refresh();
        dashboard_send_frame();
        return;
    }
    layout_table(measure.natural, COLS - 2, &table); /* a margin of one column each side */
    dashboard_draw_title(server);
    int y = dashboard_draw_clients(server, 1, &rows, &table);
    y = dashboard_draw_select(server, y, rows.fd_set);
    y = dashboard_draw_events(y, rows.events);
    dashboard_draw_step(next, y, rows.step);
    dashboard_draw_keys(server, LINES - 1);
    refresh();
    dashboard_send_frame();
}

void dashboard_note_ready(const fd_set *read_set, const fd_set *write_set)
{
    dashboard_returned_read = *read_set;
    dashboard_returned_write = *write_set;
    dashboard_turns++; /* counted on every turn; the clock is read only when drawing */
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

/* ---- What each key does ---------------------------------------------------------- */

static enum dashboard_input dashboard_do_step_key(const char *argument, char *line, size_t room)
{
    snprintf(line, room, "%s", argument);
    return DASHBOARD_STEP_KEY;
}

/* q ends the class for everyone: ask first (the key line shows the question). */
static enum dashboard_input dashboard_do_ask_quit(const char *argument, char *line, size_t room)
{
    (void)argument; /* nothing to hand on yet: y will */
    (void)line;
    (void)room;
    dashboard_asking_quit = true;
    return DASHBOARD_NOTHING;
}

static enum dashboard_input dashboard_do_command(const char *argument, char *line, size_t room)
{
    (void)argument; /* the command is handed on when Enter ends it */
    (void)line;
    (void)room;
    dashboard_typing = true;
    snprintf(dashboard_command, sizeof(dashboard_command), "/");
    return DASHBOARD_NOTHING;
}

/* PgUp, PgDn, End: `argument` says which way ("+": a page back, "-": on, "end"). */
static enum dashboard_input dashboard_do_scroll(const char *argument, char *line, size_t room)
{
    long page = dashboard_event_rows - 1;

    (void)line; /* scrolling is the dashboard's own business */
    (void)room;
    if (strcmp(argument, "end") == 0)
        eventlog_scroll(&dashboard_events, -(long)eventlog_count(&dashboard_events), 1);
    else
        eventlog_scroll(&dashboard_events, argument[0] == '+' ? page : -page,
                        (size_t)dashboard_event_rows);
    return DASHBOARD_NOTHING;
}

/* The keys (outside a command being typed, and outside the quit question). */
static const struct dashboard_binding {
    bool function_key; /* key is a curses KEY_ code, not a character */
    wint_t key;
    enum dashboard_input (*run)(const char *argument, char *line, size_t room);
    const char *argument; /* what run() gets: the line for step_key(), or which way to scroll */
} dashboard_bindings[] = {
    {false, L'\r', dashboard_do_step_key, ""},    /* Enter: take the waiting step */
    {false, L'\n', dashboard_do_step_key, ""},    /* Enter, from a terminal without nonl() */
    {false, L' ', dashboard_do_step_key, ""},     /* space: the same, a larger key */
    {true, KEY_ENTER, dashboard_do_step_key, ""}, /* the keypad's Enter */
    {false, L'c', dashboard_do_step_key, "c"},    /* run freely */
    {false, L's', dashboard_do_step_key, "s"},    /* pause before each step */
    {false, L'q', dashboard_do_ask_quit, ""},     /* quit, once y confirms */
    {false, L'/', dashboard_do_command, ""},      /* an operator command: /who, /kick ... */
    {false, L':', dashboard_do_command, ""},      /* the same, as in vi */
    {true, KEY_PPAGE, dashboard_do_scroll, "+"},  /* events: a page back */
    {true, KEY_NPAGE, dashboard_do_scroll, "-"},  /* events: a page on */
    {true, KEY_END, dashboard_do_scroll, "end"},  /* events: follow the newest */
};

/* The answer to "Quit the server and end the class? y/n": only y quits. */
static enum dashboard_input dashboard_answer_quit(wint_t key, bool function_key, char *line,
                                                  size_t room)
{
    dashboard_asking_quit = false;
    if (!function_key && (key == L'y' || key == L'Y'))
        return dashboard_do_step_key("q", line, room);
    return DASHBOARD_NOTHING; /* any other key: the class goes on */
}

/* A replay's own keys, by name ("q" quits at once: a recording ends no class). */
static bool dashboard_replay_key(wint_t key, bool function_key, char *line, size_t room)
{
    static const struct {
        bool function_key;
        wint_t key;
        const char *name;
    } names[] = {
        {false, L'q', "q"},      {false, L'b', "b"},       {false, L'+', "+"},
        {false, L'-', "-"},      {false, L'n', "n"},       {true, KEY_LEFT, "b"},
        {true, KEY_RIGHT, ""},   {true, KEY_F(1), "help"}, {false, L'h', "help"},
        {false, L'?', "help"},
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].function_key == function_key && names[i].key == key) {
            snprintf(line, room, "%s", names[i].name);
            return true;
        }
    }
    return false;
}

enum dashboard_input dashboard_key(char *line, size_t room)
{
    wint_t key;
    int kind;

    while ((kind = get_wch(&key)) != ERR) {
        bool function_key = kind == KEY_CODE_YES;
        if (function_key && key == KEY_RESIZE)
            continue; /* not a key: the next draw uses the new LINES and COLS */
        if (dashboard_replay_keys != NULL && !dashboard_typing &&
            dashboard_replay_key(key, function_key, line, room))
            return DASHBOARD_STEP_KEY;
        if (dashboard_asking_quit) {
            if (dashboard_answer_quit(key, function_key, line, room) == DASHBOARD_STEP_KEY)
                return DASHBOARD_STEP_KEY;
            continue;
        }
        if (dashboard_typing) {
            if (dashboard_edit_command(key, function_key)) {
                dashboard_typing = false;
                snprintf(line, room, "%s", dashboard_command);
                return DASHBOARD_STEP_KEY;
            }
            continue;
        }
        for (size_t i = 0; i < sizeof(dashboard_bindings) / sizeof(dashboard_bindings[0]); i++) {
            const struct dashboard_binding *binding = &dashboard_bindings[i];
            if (binding->function_key != function_key || binding->key != key)
                continue;
            if (binding->run(binding->argument, line, room) == DASHBOARD_STEP_KEY)
                return DASHBOARD_STEP_KEY;
            break;
        }
    }
    return DASHBOARD_NOTHING;
}
