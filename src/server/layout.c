/*
 * layout.c - the dashboard's arithmetic: texts fitted to a width, rows and
 * columns shared out by tables of what gives way first.
 */
#include "layout.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* ---- Texts in a width ------------------------------------------------------------ */

/* The first character of `text` (`left` bytes remain): its bytes; its width in *columns. */
static size_t layout_char(const char *text, size_t left, int *columns)
{
    mbstate_t state;
    wchar_t wide;

    memset(&state, 0, sizeof(state));
    size_t len = mbrtowc(&wide, text, left, &state);
    if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
        *columns = 1; /* not UTF-8 (cannot happen: narration is sanitised): one byte, one column */
        return 1;
    }
    int width = wcwidth(wide);
    *columns = width < 0 ? 1 : width;
    return len;
}

/* How many bytes of `text` fit in `columns`; their width in *used. */
static size_t layout_fit(const char *text, int columns, int *used)
{
    size_t left = strlen(text), offset = 0;

    *used = 0;
    while (offset < left) {
        int width;
        size_t len = layout_char(text + offset, left - offset, &width);
        if (*used + width > columns)
            break;
        *used += width;
        offset += len;
    }
    return offset;
}

int layout_width(const char *text)
{
    int used;

    layout_fit(text, 1 << 30, &used);
    return used;
}

/* Where the last `columns` of `text` begin (the end of a text whose width is `total`). */
static const char *layout_tail(const char *text, int total, int columns)
{
    size_t left = strlen(text), offset = 0;

    while (offset < left && total > columns) {
        int width;
        offset += layout_char(text + offset, left - offset, &width);
        total -= width;
    }
    return text + offset;
}

bool layout_shorten(const char *text, int columns, int keep_end, char *out, size_t room)
{
    int total = layout_width(text), head_width;

    if (total <= columns) {
        snprintf(out, room, "%s", text);
        return false;
    }
    if (columns < 1) {
        snprintf(out, room, "%s", "");
        return true;
    }
    if (keep_end > columns - 1)
        keep_end = columns - 1; /* the "…" takes one column */
    const char *tail = layout_tail(text, total, keep_end);
    size_t head = layout_fit(text, columns - 1 - layout_width(tail), &head_width);
    snprintf(out, room, "%.*s%s%s", (int)head, text, LAYOUT_ELLIPSIS, tail);
    return true;
}

size_t layout_wrap(const char *text, int columns, const char **next)
{
    int used;
    size_t fits = layout_fit(text, columns, &used), row = fits;

    if (text[fits] != '\0') {
        size_t space = fits + 1;
        while (space > 0 && text[space - 1] != ' ')
            space--; /* the last space that fits, or the one just after the row */
        if (space > 1)
            row = space - 1;
        else if (fits == 0) /* a character wider than the row: give it the row anyway */
            row = layout_char(text, strlen(text), &used);
    }
    const char *after = text + row;
    while (*after == ' ')
        after++;
    *next = after;
    return row;
}

int layout_wrapped_rows(const char *text, int columns)
{
    int rows = 0;

    while (*text != '\0') {
        layout_wrap(text, columns, &text);
        rows++;
    }
    return rows;
}

/* ---- Rows: how the height is shared ------------------------------------------------ */

enum layout_part {
    LAYOUT_PART_TABLE,
    LAYOUT_PART_EXTRAS,
    LAYOUT_PART_FD_SETS,
    LAYOUT_PART_EVENTS,
    LAYOUT_PART_STEP,
    LAYOUT_PARTS
};

/* The event list wants this many rows before anything else gives way. */
#define LAYOUT_EVENTS_WANTED 3

/* When the screen is short, parts give up rows in this order, each only as
 * many as needed, down to what it keeps, `chunk` rows at a time. */
static const struct layout_squeeze {
    enum layout_part part;
    int keeps;
    int chunk;
} layout_squeezes[] = {
    {LAYOUT_PART_FD_SETS, 2, 2}, /* one row per fd set: the ready fds beside the watched ones */
    {LAYOUT_PART_EVENTS, 1, 1},  /* the newest event only */
    {LAYOUT_PART_EXTRAS, 1, 1},  /* the keyboard and the signal pipe share one row */
    {LAYOUT_PART_STEP, 2, 1},    /* the step's last row ends with "…" */
    {LAYOUT_PART_TABLE, 1, 1},   /* the last clients give way to "… N more" */
};

bool layout_rows(const struct layout_want *want, struct layout_rows *rows)
{
    int part[LAYOUT_PARTS] = {
        [LAYOUT_PART_TABLE] = want->table_rows,
        [LAYOUT_PART_EXTRAS] = want->extra_rows,
        [LAYOUT_PART_FD_SETS] = 2 * 2, /* read and write, each: handed, came back ready */
        [LAYOUT_PART_EVENTS] = LAYOUT_EVENTS_WANTED,
        [LAYOUT_PART_STEP] =
            want->step_rows < LAYOUT_STEP_ROWS_MAX ? want->step_rows : LAYOUT_STEP_ROWS_MAX,
    };
    int excess = LAYOUT_FIXED_ROWS - want->lines;

    for (int i = 0; i < LAYOUT_PARTS; i++)
        excess += part[i];
    for (size_t i = 0; i < sizeof(layout_squeezes) / sizeof(layout_squeezes[0]) && excess > 0;
         i++) {
        const struct layout_squeeze *squeeze = &layout_squeezes[i];
        int spare = (part[squeeze->part] - squeeze->keeps) / squeeze->chunk * squeeze->chunk;
        int cut = (excess + squeeze->chunk - 1) / squeeze->chunk * squeeze->chunk;
        cut = cut < spare ? cut : spare;
        if (cut > 0) {
            part[squeeze->part] -= cut;
            excess -= cut;
        }
    }
    bool cut_table = part[LAYOUT_PART_TABLE] < want->table_rows;
    if (cut_table && part[LAYOUT_PART_EXTRAS] == 0) { /* "… N more" needs a row of its own */
        part[LAYOUT_PART_TABLE]--;
        part[LAYOUT_PART_EXTRAS] = 1;
    }
    rows->table = part[LAYOUT_PART_TABLE];
    rows->extras = part[LAYOUT_PART_EXTRAS];
    rows->more = cut_table ? want->table_rows - rows->table + want->extra_rows : 0;
    rows->fd_set = part[LAYOUT_PART_FD_SETS] / 2;
    rows->events = part[LAYOUT_PART_EVENTS] - (excess < 0 ? excess : 0); /* and what is left */
    rows->step = part[LAYOUT_PART_STEP];
    return excess <= 0 && (rows->table > 0 || want->table_rows == 0);
}

/* ---- Columns: how the width is shared ---------------------------------------------- */

/* When the table is too wide, columns give way in this order, each only as
 * much as needed, down to `narrowest` columns (0: the column is left out). */
static const struct layout_narrowing {
    enum layout_column column;
    int narrowest;
} layout_narrowings[] = {
    {LAYOUT_ADDRESS, 16}, /* "192.168.10…:51234": the port stays */
    {LAYOUT_STATE, 0},    /* "open" nearly always: the first to go */
    {LAYOUT_ADDRESS, 12}, /* "192.1…:51234" */
    {LAYOUT_NICK, 10},    /* nicks are cut with "…" */
    {LAYOUT_NICK, 8},     /* and shorter */
    {LAYOUT_ADDRESS, 0},  /* the nick says who it is */
    {LAYOUT_NICK, 6},     /* the narrowest: at 48 columns fd, nick, in, queued fit easily */
};

int layout_table_width(const struct layout_table *table)
{
    int width = table->left_out ? 2 : 0; /* " …" */
    int shown = 0;

    for (int column = 0; column < LAYOUT_COLUMNS; column++) {
        if (table->width[column] > 0) {
            width += table->width[column];
            shown++;
        }
    }
    return width + (shown > 1 ? (shown - 1) * LAYOUT_COLUMN_GAP : 0);
}

void layout_table(const int natural[LAYOUT_COLUMNS], int columns, struct layout_table *table)
{
    memcpy(table->width, natural, sizeof(table->width));
    table->left_out = false;
    for (size_t i = 0; i < sizeof(layout_narrowings) / sizeof(layout_narrowings[0]); i++) {
        int excess = layout_table_width(table) - columns;
        int *width = &table->width[layout_narrowings[i].column];
        if (excess <= 0)
            return;
        if (layout_narrowings[i].narrowest == 0 && *width > 0) {
            *width = 0;
            table->left_out = true;
        } else if (*width > layout_narrowings[i].narrowest) {
            *width = *width - excess > layout_narrowings[i].narrowest
                         ? *width - excess
                         : layout_narrowings[i].narrowest;
        }
    }
}
