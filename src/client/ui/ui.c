/*
 * ui.c - the screen as a whole: terminal set-up, layout, colours, helpers.
 */
#include "ui/ui-internal.h"

#include "i18n.h"
#include "model/width.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UI_FLOW_COLUMNS_MIN 44 /* the flow pane beside the messages */
#define UI_FLOW_COLUMNS_MAX 70
#define UI_FLOW_ROWS_MIN 4        /* the flow pane below the messages */
#define UI_FLOW_ROWS_KEEP 4       /* the inspector leaves the flow its heading and 3 rows */
#define UI_ESCAPE_DELAY_MS 25     /* how long Esc waits to be the start of a key */
#define UI_PUT_CHARACTERS_MAX 512 /* drawn by one ui_put(): wider than any terminal */
#define UI_ELLIPSIS L'\x2026'     /* "…": where text was cut to fit */

static bool ui_running = false;
static bool ui_has_colours = false;

/* ---- Layout -------------------------------------------------------------------- */

/* The flow pane (and the inspector in its lower part) in the body of the screen. */
static void ui_layout_flow(const struct ui_layout_wish *wish, struct ui_layout *out)
{
    struct ui_box flow, *body = &out->messages; /* the whole body, before the flow takes its part */

    if (out->wide) { /* beside: a column of 2/5 of the width, 44 to 70 columns */
        int flow_w = out->cols * 2 / 5;
        flow_w = flow_w < UI_FLOW_COLUMNS_MIN   ? UI_FLOW_COLUMNS_MIN
                 : flow_w > UI_FLOW_COLUMNS_MAX ? UI_FLOW_COLUMNS_MAX
                                                : flow_w;
        flow = (struct ui_box){.y = body->y, .x = out->cols - flow_w, .h = body->h, .w = flow_w};
        body->w = out->cols - flow_w - 1; /* one column for the separator */
    } else { /* below: a third of the height, two thirds while inspecting */
        int flow_h = wish->flow_focused ? body->h * 2 / 3 : body->h / 3;
        flow_h = flow_h < UI_FLOW_ROWS_MIN ? UI_FLOW_ROWS_MIN : flow_h;
        body->h -= flow_h;
        flow = (struct ui_box){.y = body->y + body->h, .x = 0, .h = flow_h, .w = out->cols};
    }
    if (wish->flow_focused) { /* the inspector takes what it needs of the lower part */
        int most =
            flow.h - UI_FLOW_ROWS_KEEP > flow.h / 2 ? flow.h - UI_FLOW_ROWS_KEEP : flow.h / 2;
        int inspect_h = wish->inspect_rows < most ? wish->inspect_rows : most;
        inspect_h = inspect_h < 1 ? 1 : inspect_h;
        out->inspect = (struct ui_box){
            .y = flow.y + flow.h - inspect_h, .x = flow.x, .h = inspect_h, .w = flow.w};
        flow.h -= inspect_h;
    }
    out->flow = flow;
}

void ui_layout(int cols, int rows, const struct ui_layout_wish *wish, struct ui_layout *out)
{
    memset(out, 0, sizeof(*out));
    out->rows = rows;
    out->cols = cols;
    out->too_small = cols < UI_COLUMNS_MIN || rows < UI_ROWS_MIN;
    if (out->too_small)
        return;
    out->explain_rows = wish->explain_rows < 1                     ? 1
                        : wish->explain_rows > UI_EXPLAIN_ROWS_MAX ? UI_EXPLAIN_ROWS_MAX
                                                                   : wish->explain_rows;
    out->status_row = 0;
    out->input_row = rows - 1;
    out->explain_row = out->input_row - out->explain_rows;

    /* The body: between the status bar and the explain line. */
    out->wide = cols >= UI_WIDE_COLUMNS;
    out->messages = (struct ui_box){.y = 1, .x = 0, .h = out->explain_row - 1, .w = cols};
    if (wish->flow_visible || wish->flow_focused)
        ui_layout_flow(wish, out);
}

/* ---- Starting and stopping --------------------------------------------------------- */

void ui_init(struct ui *ui)
{
    memset(ui, 0, sizeof(*ui));
    editor_clear(&ui->editor);
    history_init(&ui->history);
    ui->flow_visible = true;
}

void ui_free(struct ui *ui)
{
    history_free(&ui->history);
}

/* Colour pairs on the terminal's own background. */
static void ui_start_colours(void)
{
    static const short nick_colours[UI_NICK_COLOURS] = {
        COLOR_RED, COLOR_GREEN, COLOR_YELLOW, COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN,
    };

    if (!has_colors() || start_color() == ERR)
        return;
    use_default_colors();
    ui_has_colours = true;
    init_pair(UI_COLOUR_STATUS, COLOR_WHITE, COLOR_BLUE);
    init_pair(UI_COLOUR_GOOD, COLOR_GREEN, -1);
    init_pair(UI_COLOUR_WARN, COLOR_YELLOW, -1);
    init_pair(UI_COLOUR_BAD, COLOR_RED, -1);
    init_pair(UI_COLOUR_INFO, COLOR_CYAN, -1);
    init_pair(UI_COLOUR_REQUEST, COLOR_GREEN, -1);
    init_pair(UI_COLOUR_RESPONSE, COLOR_CYAN, -1);
    init_pair(UI_COLOUR_EVENT, COLOR_MAGENTA, -1);
    init_pair(UI_COLOUR_PRIVATE, COLOR_MAGENTA, -1);
    init_pair(UI_COLOUR_EXPLAIN, COLOR_BLACK, COLOR_CYAN);
    init_pair(UI_COLOUR_MARKER, COLOR_BLACK, COLOR_YELLOW);
    init_pair(UI_COLOUR_TITLE, COLOR_WHITE, COLOR_BLUE);
    for (int i = 0; i < UI_NICK_COLOURS; i++)
        init_pair((short)(UI_COLOUR_NICK_FIRST + i), nick_colours[i], -1);
}

bool ui_start(void)
{
    const char *term = getenv("TERM");

    if (term == NULL || term[0] == '\0') {
        fprintf(stderr, _("obrol-client: TERM is not set, so the screen cannot be drawn; "
                          "try --batch\n"));
        return false;
    }
    if (newterm(NULL, stdout, stdin) == NULL) {
        fprintf(stderr, _("obrol-client: cannot use the terminal \"%s\"; try --batch\n"), term);
        return false;
    }
    ui_running = true;
    cbreak(); /* keys arrive one by one; Ctrl-C still sends SIGINT */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE); /* the select() loop waits, never getch() */
    set_escdelay(UI_ESCAPE_DELAY_MS);
    ui_start_colours();
    return true;
}

void ui_stop(void)
{
    if (!ui_running)
        return;
    ui_running = false;
    endwin();
}

/* ---- Helpers shared by the views -------------------------------------------------- */

attr_t ui_colour(enum ui_colour colour)
{
    return ui_has_colours ? (attr_t)COLOR_PAIR(colour) : A_NORMAL;
}

attr_t ui_nick_colour(const char *nick)
{
    unsigned long hash = 5381;

    for (const char *c = nick; *c != '\0'; c++) /* djb2, over the lower-case nick */
        hash = hash * 33 + (unsigned long)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    if (!ui_has_colours)
        return A_BOLD;
    return (attr_t)COLOR_PAIR(UI_COLOUR_NICK_FIRST + (int)(hash % UI_NICK_COLOURS));
}

int ui_put(int y, int x, int width, const char *text, size_t len, attr_t attr)
{
    wchar_t buffer[UI_PUT_CHARACTERS_MAX];
    size_t count = 0, i = 0;
    int used = 0, cut;

    if (width <= 0)
        return 0;
    len = width_cut(text, len, (size_t)width, &cut);
    while (i < len && count < sizeof(buffer) / sizeof(buffer[0]) - 2) {
        wchar_t character;
        i += width_decode(text + i, len - i, &character);
        int columns = width_char(character);
        if (character == L'\t')
            character = L' ';
        else if (!width_printable(character))
            character = (wchar_t)0xFFFD;
        if (columns == 0 && count == 0)
            continue; /* a combining mark with nothing to sit on */
        buffer[count++] = character;
        used += columns;
    }
    if (i < len) { /* more characters than the buffer holds (many marks): cut here */
        used -= width_char(buffer[--count]);
        cut = 1;
    }
    if (cut) { /* nothing is cut without a sign */
        buffer[count++] = UI_ELLIPSIS;
        used++;
    }
    buffer[count] = L'\0';
    if (count > 0) {
        attrset(attr);
        mvaddnwstr(y, x, buffer, (int)count);
        attrset(A_NORMAL);
    }
    return used;
}

int ui_puts(int y, int x, int width, const char *text, attr_t attr)
{
    return ui_put(y, x, width, text, strlen(text), attr);
}

void ui_fill(int y, int x, int width, attr_t attr)
{
    if (width <= 0)
        return;
    attron(attr);
    mvhline(y, x, ' ', width);
    attroff(attr);
}

void ui_fill_in(char *out, size_t room, const char *pattern, const char *text)
{
    const char *hole = strstr(pattern, "%s");

    if (hole == NULL)
        snprintf(out, room, "%s", pattern);
    else
        snprintf(out, room, "%.*s%s%s", (int)(hole - pattern), pattern, text, hole + 2);
}

void ui_clock(int64_t wall_ms, bool millis, char *out, size_t room)
{
    time_t seconds = (time_t)(wall_ms / 1000);
    struct tm local;

    if (localtime_r(&seconds, &local) == NULL) {
        snprintf(out, room, "--:--:--");
        return;
    }
    if (millis)
        snprintf(out, room, "%02d:%02d:%02d.%03d", local.tm_hour, local.tm_min, local.tm_sec,
                 (int)(wall_ms % 1000));
    else
        snprintf(out, room, "%02d:%02d:%02d", local.tm_hour, local.tm_min, local.tm_sec);
}

/* ---- Drawing the whole screen ------------------------------------------------------- */

/* Below the minimum size: say so instead of drawing a broken screen. */
static void ui_draw_too_small(int cols, int rows)
{
    char text[160];

    snprintf(text, sizeof(text), _("Terminal too small: %dx%d (need at least %dx%d)"), cols, rows,
             UI_COLUMNS_MIN, UI_ROWS_MIN);
    size_t len = strlen(text), at = 0;
    for (int y = 0; y < rows && at < len; y++) {
        size_t line = width_wrap(text + at, len - at, (size_t)(cols > 0 ? cols : 1));
        ui_put(y, 0, cols, text + at, line, A_BOLD);
        at += line;
    }
}

/* The layout for this screen and this model: the explain line as tall as its sentence
 * needs, the inspector as tall as its row needs (as far as they fit). */
static void ui_draw_layout(const struct ui *ui, const struct chat *chat, int cols, int rows,
                           struct ui_layout *layout)
{
    struct ui_layout_wish wish = {
        .flow_visible = ui->flow_visible,
        .flow_focused = ui->flow_focused,
        .explain_rows = ui_explain_rows(chat, cols),
        .inspect_rows = rows, /* first as much as there is, to learn the inspector's width */
    };

    ui_layout(cols, rows, &wish, layout);
    if (layout->too_small || layout->inspect.h == 0)
        return;
    wish.inspect_rows = ui_inspect_rows(ui, chat, layout->inspect.w);
    ui_layout(cols, rows, &wish, layout);
}

void ui_draw(struct ui *ui, const struct chat *chat, const struct ui_status *status)
{
    struct ui_layout layout;
    int rows, cols;

    getmaxyx(stdscr, rows, cols);
    ui_draw_layout(ui, chat, cols, rows, &layout);
    erase();
    if (layout.too_small) {
        curs_set(0);
        ui_draw_too_small(cols, rows);
        refresh();
        return;
    }
    ui_draw_status(&layout, chat, status);
    if (ui->topology)
        ui_draw_topology(&layout, chat, status->now_ms);
    else
        ui_draw_messages(ui, &layout, chat);
    if (layout.flow.h > 0) {
        if (layout.wide) {
            attron(ui_colour(UI_COLOUR_TITLE));
            mvvline(layout.messages.y, layout.messages.w, ACS_VLINE, layout.messages.h);
            attroff(ui_colour(UI_COLOUR_TITLE));
        }
        ui_draw_flow(ui, &layout, chat);
    }
    if (layout.inspect.h > 0)
        ui_draw_inspect(ui, &layout, chat);
    ui_draw_explain(&layout, chat);
    ui_draw_input(ui, &layout, chat); /* last: it leaves the cursor in the input line */
    refresh();
}
