/*
 * layout.h - the dashboard's arithmetic: how a screen of any size is shared.
 *
 * The --tui dashboard (dashboard.c) must work on a projector at 200 columns
 * and in a tmux pane of 48; this module decides, without drawing anything,
 * which rows each section gets and how wide each column of the client table
 * is, and fits texts into a width. Pure functions: no curses, no server state,
 * so that every size can be unit-tested (tests/unit/test_layout.c).
 *
 * The rule everywhere: nothing is cut without a sign. A text that does not fit
 * ends with "…" (or has it in the middle, where its end matters more); rows
 * that do not fit are counted ("… 3 more"); a table that lost a column ends
 * its heading with "…".
 */
#ifndef OBROL_SERVER_LAYOUT_H
#define OBROL_SERVER_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* The sign of a cut text: one column (UTF-8; the server always runs with a UTF-8 LC_CTYPE). */
#define LAYOUT_ELLIPSIS "…"

/* ---- Texts in a width ------------------------------------------------------------ */

/* Columns `text` takes on a terminal: wide characters count 2, bytes that are not UTF-8 1. */
int layout_width(const char *text);

/*
 * Copy `text` into `out` (`room` bytes) so that it takes at most `columns`:
 * whole when it fits; otherwise its start, "…", and its last `keep_end`
 * columns. keep_end 0 cuts at the end ("a long li…"); an address keeps its port
 * ("192.168.1…:51234"); a line being typed keeps all it can of its end
 * ("…ick budi"). Returns true when the text was shortened.
 */
bool layout_shorten(const char *text, int columns, int keep_end, char *out, size_t room);

/*
 * Word wrapping: how many bytes of `text` go on a row `columns` wide (cut
 * after the last space that fits; a word longer than a row is split), and in
 * *next where the following row starts (its leading spaces skipped).
 */
size_t layout_wrap(const char *text, int columns, const char **next);

/* Rows `text` takes when wrapped at `columns` (0 for an empty text). */
int layout_wrapped_rows(const char *text, int columns);

/* ---- Rows: how the height is shared ------------------------------------------------ */

/*
 * Rows every screen has, whatever its size: the title, the three section
 * headings (clients, select(), events), the column heading of the client
 * table and the key line at the bottom.
 */
#define LAYOUT_FIXED_ROWS 6
/* The step description wraps over at most this many rows. */
#define LAYOUT_STEP_ROWS_MAX 6

/* What there is to show. */
struct layout_want {
    int lines;      /* the terminal's height */
    int table_rows; /* listening sockets and clients: one row each */
    int extra_rows; /* the operator's keyboard and the signal pipe: 0 to 2 rows */
    int step_rows;  /* the waiting step's description, wrapped (0: no step waits) */
};

/* What each section gets. */
struct layout_rows {
    int table;  /* rows of listening sockets and clients shown (the first ones) */
    int extras; /* rows after them: 2 (keyboard, signal pipe), 1 (the two on one row,
                   or "… N more" when the table was cut), or 0 */
    int more;   /* rows of the table left out (clients, keyboard, signal pipe) */
    int fd_set; /* rows per fd set: 2 (handed to select(), came back ready) or 1 */
    int events; /* rows of the event list */
    int step;   /* rows of the step description (the last one ends with "…" if short) */
};

/*
 * Share want->lines. The event list takes what is left, at least 3 rows; when
 * the screen is short, rows are given up in this order, each part only as
 * many as needed: the fd sets go to one row each, the events down to 1 row,
 * the keyboard and signal pipe share one row, the step description shrinks to
 * 2 rows, and only then are the last clients left out ("… N more"). False when
 * even that does not fit.
 */
bool layout_rows(const struct layout_want *want, struct layout_rows *rows);

/* ---- Columns: how the width is shared ---------------------------------------------- */

enum layout_column {
    LAYOUT_FD,
    LAYOUT_NICK,
    LAYOUT_ADDRESS,
    LAYOUT_IN,
    LAYOUT_QUEUED,
    LAYOUT_STATE,
    LAYOUT_COLUMNS
};

/* Spaces between two columns. */
#define LAYOUT_COLUMN_GAP 2

struct layout_table {
    int width[LAYOUT_COLUMNS]; /* columns each one takes; 0: left out */
    bool left_out;             /* a column was left out: the heading row ends with " …" */
};

/*
 * Share `columns` among the table's columns, given the widest cell of each
 * (its heading included). When they do not all fit: addresses are shortened
 * (down to 16 columns, keeping the port), then the state column is left out,
 * addresses go down to 12, nicks to 10 and 8, then the address column is left
 * out and nicks go down to 6. fd, nick, in and queued always stay.
 */
void layout_table(const int natural[LAYOUT_COLUMNS], int columns, struct layout_table *table);

/* Columns the table takes: its columns, the gaps, and the " …" of a left-out column. */
int layout_table_width(const struct layout_table *table);

#endif
