/*
 * ui-input.c - the explain line, the input line, and what each key does.
 */
#include "ui/ui-internal.h"

#include "i18n.h"
#include "model/width.h"
#include "teach/explain.h"

#include <stdio.h>
#include <string.h>

/* ---- Drawing ----------------------------------------------------------------------- */

#define UI_INPUT_MORE "\xE2\x80\xA6"     /* "…": more of the line is out of view there */
#define UI_EXPLAIN_MARK " \xE2\x93\x98 " /* " ⓘ " */

/* The columns the sentence has on each row of the explain line, after the mark. */
static int ui_explain_room(int cols)
{
    int room = cols - (int)width_utf8(UI_EXPLAIN_MARK, strlen(UI_EXPLAIN_MARK));

    return room > 1 ? room : 1;
}

int ui_explain_rows(const struct chat *chat, int cols)
{
    const char *text = chat->explain;
    size_t len = strlen(text), at = 0;
    int rows = 0;

    do {
        at += width_wrap(text + at, len - at, (size_t)ui_explain_room(cols));
        rows++;
    } while (at < len && rows < UI_EXPLAIN_ROWS_MAX);
    return rows;
}

/* The sentence, wrapped over the explain line's rows; the last row ends with "…" if it
 * still does not fit. */
void ui_draw_explain(const struct ui_layout *layout, const struct chat *chat)
{
    attr_t attr = ui_colour(UI_COLOUR_EXPLAIN);
    const char *text = chat->explain;
    size_t len = strlen(text), at = 0;
    int room = ui_explain_room(layout->cols), x = layout->cols - room;

    for (int row = 0; row < layout->explain_rows; row++) {
        int y = layout->explain_row + row;
        size_t piece = len - at;
        if (row + 1 < layout->explain_rows)
            piece = width_wrap(text + at, len - at, (size_t)room);
        ui_fill(y, 0, layout->cols, attr);
        if (row == 0)
            ui_puts(y, 0, x, UI_EXPLAIN_MARK, attr | A_BOLD);
        ui_put(y, x, room, text + at, piece, attr);
        at += piece;
    }
}

void ui_draw_input(const struct ui *ui, const struct ui_layout *layout, const struct chat *chat)
{
    char prompt[PROTO_NICK_MAX + 8];
    int y = layout->input_row;

    snprintf(prompt, sizeof(prompt), "[%s] ", chat->nick[0] ? chat->nick : "-");
    int x = ui_puts(y, 0, layout->cols / 2, prompt, A_BOLD);
    int room = layout->cols - x - 1; /* keep the last column for the cursor */

    /* Scroll the line sideways so that the cursor stays in view. */
    const struct editor *ed = &ui->editor;
    size_t start = 0, cursor_column = editor_cursor_column(ed), i = 0;
    while (start < ed->cursor && (int)cursor_column >= room) {
        cursor_column -= (size_t)width_char(ed->text[start]);
        start++;
    }
    int column = 0;
    for (i = start; i < ed->len; i++) {
        wchar_t character = ed->text[i];
        int w = width_char(character);
        if (column + w > room)
            break;
        if (!width_printable(character))
            character = (wchar_t)0xFFFD;
        if (w > 0 || column > 0)
            mvaddnwstr(y, x + column, &character, 1);
        column += w;
    }
    /* Text out of view on either side: "…" in the prompt's last column, and in the
     * column kept for the cursor (the cursor never stands there). */
    if (start > 0)
        ui_puts(y, x - 1, 1, UI_INPUT_MORE, A_BOLD);
    if (i < ed->len)
        ui_puts(y, x + room, 1, UI_INPUT_MORE, A_BOLD);
    move(y, x + (int)cursor_column);
    curs_set(1);
}

/* ---- Keys -------------------------------------------------------------------------- */

#define UI_KEY_CTRL(letter) ((letter)&0x1F) /* C-a is 1, C-b 2, ... */
#define UI_KEY_ESCAPE 27
#define UI_KEY_DELETE 127    /* what many terminals send for Backspace */
#define UI_FLOW_PAGE_ROWS 10 /* PgUp and PgDn in the flow pane */

/* What a key does: to the input line, to the screen, and what it asks of the loop. */
struct ui_binding {
    bool code; /* a KEY_* code (KEY_CODE_YES); false: a character */
    wint_t key;
    /* The change to the input line, or NULL. */
    void (*edit)(struct editor *ed);
    /* The change to the screen, or NULL. */
    void (*view)(struct ui *ui, const struct chat *chat);
    /* Then: what the loop must do. */
    enum ui_key_action action;
    /* Also while the flow pane has the focus (F4). */
    bool while_inspecting;
};

static void ui_toggle_flow(struct ui *ui, const struct chat *chat);
static void ui_toggle_topology(struct ui *ui, const struct chat *chat);
static void ui_toggle_inspect(struct ui *ui, const struct chat *chat);
static void ui_history_older(struct ui *ui, const struct chat *chat);
static void ui_history_newer(struct ui *ui, const struct chat *chat);
static void ui_redraw(struct ui *ui, const struct chat *chat);

/* The keys of the input line (docs/client.md, "Keys"). */
static const struct ui_binding ui_bindings[] = {
    {.code = true, .key = KEY_F(1), .action = UI_KEY_HELP, .while_inspecting = true},
    {.code = true, .key = KEY_F(2), .view = ui_toggle_flow, .while_inspecting = true},
    {.code = true, .key = KEY_F(3), .view = ui_toggle_topology, .while_inspecting = true},
    {.code = true, .key = KEY_F(4), .view = ui_toggle_inspect, .while_inspecting = true},
    {.code = true, .key = KEY_F(5), .action = UI_KEY_STEP_MODE, .while_inspecting = true},
    {.code = true, .key = KEY_F(6), .action = UI_KEY_STEP, .while_inspecting = true},
    {.code = true, .key = KEY_ENTER, .action = UI_KEY_SUBMIT},
    {.code = true, .key = KEY_LEFT, .edit = editor_left},
    {.code = true, .key = KEY_RIGHT, .edit = editor_right},
    {.code = true, .key = KEY_HOME, .edit = editor_home},
    {.code = true, .key = KEY_END, .edit = editor_end, .action = UI_KEY_NEWEST},
    {.code = true, .key = KEY_BACKSPACE, .edit = editor_backspace},
    {.code = true, .key = KEY_DC, .edit = editor_delete},
    {.code = true, .key = KEY_UP, .view = ui_history_older},
    {.code = true, .key = KEY_DOWN, .view = ui_history_newer},
    {.code = true, .key = KEY_PPAGE, .action = UI_KEY_OLDER},
    {.code = true, .key = KEY_NPAGE, .action = UI_KEY_NEWER},
    {.key = '\r', .action = UI_KEY_SUBMIT},
    {.key = '\n', .action = UI_KEY_SUBMIT},
    {.key = '\t', .action = UI_KEY_COMPLETED},
    {.key = UI_KEY_CTRL('a'), .edit = editor_home},
    {.key = UI_KEY_CTRL('e'), .edit = editor_end},
    {.key = UI_KEY_CTRL('u'), .edit = editor_kill_to_start},
    {.key = UI_KEY_CTRL('k'), .edit = editor_kill_to_end},
    {.key = UI_KEY_CTRL('w'), .edit = editor_kill_word},
    {.key = UI_KEY_CTRL('h'), .edit = editor_backspace},
    {.key = UI_KEY_DELETE, .edit = editor_backspace},
    {.key = UI_KEY_CTRL('l'), .view = ui_redraw},
};

/* In step mode, on an empty input line only: keys that would otherwise be text or Enter. */
static const struct ui_binding ui_step_bindings[] = {
    {.key = ' ', .action = UI_KEY_STEP},                     /* Space */
    {.key = '\r', .action = UI_KEY_STEP},                    /* Enter */
    {.key = '\n', .action = UI_KEY_STEP},                    /* Enter, as some terminals send it */
    {.code = true, .key = KEY_ENTER, .action = UI_KEY_STEP}, /* the keypad's Enter */
    {.key = '+', .action = UI_KEY_FASTER},                   /* slow motion: faster */
    {.key = '-', .action = UI_KEY_SLOWER},                   /* slower, back to manual */
};

static void ui_toggle_flow(struct ui *ui, const struct chat *chat)
{
    (void)chat; /* a binding's view function; this one needs only the screen */
    ui->flow_visible = !ui->flow_visible;
}

static void ui_toggle_topology(struct ui *ui, const struct chat *chat)
{
    (void)chat; /* as above */
    ui->topology = !ui->topology;
}

/* F4: give the flow pane the focus, on its newest row; F4 again gives it back. */
static void ui_toggle_inspect(struct ui *ui, const struct chat *chat)
{
    size_t count = flow_count(&chat->flow);

    if (ui->flow_focused) {
        ui->flow_focused = false;
        return;
    }
    ui->flow_focused = count > 0;
    ui->flow_selected = count > 0 ? count - 1 : 0;
    ui->inspect_top = 0;
}

static void ui_history_older(struct ui *ui, const struct chat *chat)
{
    (void)chat; /* as above */
    history_up(&ui->history, &ui->editor);
}

static void ui_history_newer(struct ui *ui, const struct chat *chat)
{
    (void)chat; /* as above */
    history_down(&ui->history, &ui->editor);
}

/* C-l: draw the whole terminal again at the next refresh. */
static void ui_redraw(struct ui *ui, const struct chat *chat)
{
    (void)ui; /* as above: this one needs neither */
    (void)chat;
    clearok(curscr, TRUE);
}

/* The binding of a key in a table, or NULL. */
static const struct ui_binding *ui_binding_find(const struct ui_binding *table, size_t count,
                                                bool code, wint_t key)
{
    for (size_t i = 0; i < count; i++)
        if (table[i].code == code && table[i].key == key)
            return &table[i];
    return NULL;
}

/* Left/Right while inspecting: the inspector's lines, a page back or on. */
static void ui_inspect_scroll(struct ui *ui, bool on)
{
    size_t page = ui->inspect_page > 0 ? (size_t)ui->inspect_page : 1;
    size_t top = ui->inspect_top < ui->inspect_top_max ? ui->inspect_top : ui->inspect_top_max;

    if (on)
        ui->inspect_top = top + page < ui->inspect_top_max ? top + page : ui->inspect_top_max;
    else
        ui->inspect_top = top > page ? top - page : 0;
}

/* Keys while the flow pane has the focus: move the selection, scroll the inspector;
 * Esc or Enter leave. */
static void ui_flow_key(struct ui *ui, const struct chat *chat, bool code, wint_t key)
{
    size_t count = flow_count(&chat->flow), *selected = &ui->flow_selected, before = *selected;

    if (!code && (key == UI_KEY_ESCAPE || key == '\r' || key == '\n')) {
        ui->flow_focused = false;
        return;
    }
    if (!code || count == 0)
        return;
    if (key == KEY_LEFT || key == KEY_RIGHT)
        ui_inspect_scroll(ui, key == KEY_RIGHT);
    else if (key == KEY_UP && *selected > 0)
        (*selected)--;
    else if (key == KEY_DOWN && *selected + 1 < count)
        (*selected)++;
    else if (key == KEY_PPAGE)
        *selected = *selected > UI_FLOW_PAGE_ROWS ? *selected - UI_FLOW_PAGE_ROWS : 0;
    else if (key == KEY_NPAGE)
        *selected =
            *selected + UI_FLOW_PAGE_ROWS < count ? *selected + UI_FLOW_PAGE_ROWS : count - 1;
    else if (key == KEY_HOME)
        *selected = 0;
    else if (key == KEY_END)
        *selected = count - 1;
    if (*selected != before) /* another row: its bytes from the start */
        ui->inspect_top = 0;
}

/* The binding for a key in the input line; NULL for text (and for keys nobody bound). */
static const struct ui_binding *ui_input_binding(const struct ui *ui, bool code, wint_t key)
{
    const struct ui_binding *binding = NULL;

    if (ui->step_keys && ui->editor.len == 0)
        binding = ui_binding_find(
            ui_step_bindings, sizeof(ui_step_bindings) / sizeof(ui_step_bindings[0]), code, key);
    if (binding == NULL)
        binding =
            ui_binding_find(ui_bindings, sizeof(ui_bindings) / sizeof(ui_bindings[0]), code, key);
    return binding;
}

/* Do a binding's part on the screen; fill in what the loop needs to do its part. */
static struct ui_key ui_bound_key(struct ui *ui, const struct chat *chat,
                                  const struct ui_binding *binding, char *line, size_t room)
{
    struct ui_key result = {.action = binding->action};

    if (binding->edit != NULL)
        binding->edit(&ui->editor);
    if (binding->view != NULL)
        binding->view(ui, chat);
    switch (binding->action) {
    case UI_KEY_SUBMIT: /* hand the line to the loop and remember it */
        editor_utf8(&ui->editor, line, room);
        history_add(&ui->history, ui->editor.text);
        editor_clear(&ui->editor);
        break;
    case UI_KEY_OLDER: /* half the message pane, but never past the oldest page */
        result.count = ui->message_rows > 2 ? (size_t)ui->message_rows / 2 : 1;
        if (chat->messages.offset + result.count > ui->message_offset_max)
            result.count = ui->message_offset_max > chat->messages.offset
                               ? ui->message_offset_max - chat->messages.offset
                               : 0;
        break;
    case UI_KEY_NEWER: /* half the message pane */
        result.count = ui->message_rows > 2 ? (size_t)ui->message_rows / 2 : 1;
        break;
    case UI_KEY_COMPLETED:
        result.count = editor_complete(&ui->editor, chat->nicks.list, chat->nicks.count);
        break;
    default:
        break;
    }
    return result;
}

struct ui_key ui_handle_key(struct ui *ui, const struct chat *chat, char *line, size_t room)
{
    wint_t key;
    int type = get_wch(&key);
    bool code = type == KEY_CODE_YES;

    if (type == ERR)
        return (struct ui_key){.action = UI_KEY_NO_MORE};
    const struct ui_binding *binding = ui_input_binding(ui, code, key);
    if (ui->flow_focused && (binding == NULL || !binding->while_inspecting)) {
        ui_flow_key(ui, chat, code, key);
        return (struct ui_key){.action = UI_KEY_NONE};
    }
    if (binding != NULL)
        return ui_bound_key(ui, chat, binding, line, room);
    if (!code && key >= 0x20 && key != UI_KEY_DELETE) /* text; KEY_RESIZE and the rest: nothing */
        editor_insert(&ui->editor, (wchar_t)key);
    return (struct ui_key){.action = UI_KEY_NONE};
}
