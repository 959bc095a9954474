/*
 * ui-input.c - the explain line, the input line, and what each key does.
 */
#include "ui/ui-internal.h"

#include "i18n.h"
#include "model/width.h"
#include "teach/explain.h"

#include <stdio.h>
#include <string.h>

#define UI_KEY_CTRL(letter) ((letter) & 0x1F)

void ui_draw_explain(const struct ui_layout *layout, const struct chat *chat)
{
    attr_t attr = ui_colour(UI_COLOUR_EXPLAIN);
    int y = layout->explain_row;

    ui_fill(y, 0, layout->cols, attr);
    int x = ui_puts(y, 0, layout->cols, " \xE2\x93\x98 ", attr | A_BOLD); /* ⓘ */
    ui_puts(y, x, layout->cols - x, chat->explain, attr);
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
    size_t start = 0, cursor_column = editor_cursor_column(ed);
    while (start < ed->cursor && (int)cursor_column >= room) {
        cursor_column -= (size_t)width_char(ed->text[start]);
        start++;
    }
    int column = 0;
    for (size_t i = start; i < ed->len; i++) {
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
    move(y, x + (int)cursor_column);
    curs_set(1);
}

/* ---- Keys -------------------------------------------------------------------------- */

/* Keys while the flow pane has the focus: move the selection. */
static void ui_flow_key(struct ui *ui, const struct chat *chat, int type, wint_t key)
{
    size_t count = flow_count(&chat->flow);

    if (type != KEY_CODE_YES && (key == 27 || key == '\r' || key == '\n')) {
        ui->flow_focused = false;
        return;
    }
    if (type != KEY_CODE_YES || count == 0)
        return;
    if (key == KEY_UP && ui->flow_selected > 0)
        ui->flow_selected--;
    else if (key == KEY_DOWN && ui->flow_selected + 1 < count)
        ui->flow_selected++;
    else if (key == KEY_PPAGE)
        ui->flow_selected = ui->flow_selected > 10 ? ui->flow_selected - 10 : 0;
    else if (key == KEY_NPAGE)
        ui->flow_selected = ui->flow_selected + 10 < count ? ui->flow_selected + 10 : count - 1;
    else if (key == KEY_HOME)
        ui->flow_selected = 0;
    else if (key == KEY_END)
        ui->flow_selected = count - 1;
}

/* Enter: hand the line to the loop and remember it. */
static enum ui_key_result ui_submit(struct ui *ui, char *line, size_t room)
{
    editor_utf8(&ui->editor, line, room);
    history_add(&ui->history, ui->editor.text);
    editor_clear(&ui->editor);
    return UI_KEY_SUBMIT;
}

/* Function and cursor keys in the input line. */
static enum ui_key_result ui_code_key(struct ui *ui, struct chat *chat, wint_t key, char *line,
                                      size_t room)
{
    size_t page = ui->message_rows > 2 ? (size_t)ui->message_rows / 2 : 1;

    switch (key) {
    case KEY_F(1):
        return UI_KEY_HELP;
    case KEY_F(2):
        ui->flow_visible = !ui->flow_visible;
        break;
    case KEY_F(3):
        ui->topology = !ui->topology;
        break;
    case KEY_F(5):
        return UI_KEY_STEP_MODE;
    case KEY_F(6):
        return UI_KEY_STEP;
    case KEY_F(4):
        ui->flow_focused = flow_count(&chat->flow) > 0;
        ui->flow_selected = flow_count(&chat->flow) ? flow_count(&chat->flow) - 1 : 0;
        break;
    case KEY_ENTER:
        if (ui->step_keys && ui->editor.len == 0)
            return UI_KEY_STEP;
        return ui_submit(ui, line, room);
    case KEY_LEFT:
        editor_left(&ui->editor);
        break;
    case KEY_RIGHT:
        editor_right(&ui->editor);
        break;
    case KEY_HOME:
        editor_home(&ui->editor);
        break;
    case KEY_END: /* the end of the line, and back to the newest messages */
        editor_end(&ui->editor);
        scrollback_end(&chat->messages);
        break;
    case KEY_BACKSPACE:
        editor_backspace(&ui->editor);
        break;
    case KEY_DC:
        editor_delete(&ui->editor);
        break;
    case KEY_UP:
        history_up(&ui->history, &ui->editor);
        break;
    case KEY_DOWN:
        history_down(&ui->history, &ui->editor);
        break;
    case KEY_PPAGE:
        scrollback_page_up(&chat->messages, page);
        break;
    case KEY_NPAGE:
        scrollback_page_down(&chat->messages, page);
        break;
    default:
        break; /* KEY_RESIZE and others: the next draw takes care of it */
    }
    return UI_KEY_NONE;
}

/* Ordinary characters and control keys in the input line. */
static enum ui_key_result ui_char_key(struct ui *ui, struct chat *chat, wint_t key, char *line,
                                      size_t room)
{
    if (ui->step_keys && ui->editor.len == 0) { /* step mode keys, only on an empty line */
        if (key == ' ' || key == '\r' || key == '\n')
            return UI_KEY_STEP;
        if (key == '+')
            return UI_KEY_FASTER;
        if (key == '-')
            return UI_KEY_SLOWER;
    }
    switch (key) {
    case '\r':
    case '\n':
        return ui_submit(ui, line, room);
    case UI_KEY_CTRL('a'):
        editor_home(&ui->editor);
        break;
    case UI_KEY_CTRL('e'):
        editor_end(&ui->editor);
        break;
    case UI_KEY_CTRL('u'):
        editor_kill_to_start(&ui->editor);
        break;
    case UI_KEY_CTRL('k'):
        editor_kill_to_end(&ui->editor);
        break;
    case UI_KEY_CTRL('w'):
        editor_kill_word(&ui->editor);
        break;
    case UI_KEY_CTRL('h'):
    case 127:
        editor_backspace(&ui->editor);
        break;
    case UI_KEY_CTRL('l'):
        clearok(curscr, TRUE);
        break;
    case '\t': {
        size_t matches = editor_complete(&ui->editor, chat->nicks.list, chat->nicks.count);
        if (matches != 1)
            explain_completion(chat->explain, sizeof(chat->explain), matches);
        break;
    }
    default:
        if (key >= 0x20 && key != 0x7F)
            editor_insert(&ui->editor, (wchar_t)key);
        break;
    }
    return UI_KEY_NONE;
}

enum ui_key_result ui_handle_key(struct ui *ui, struct chat *chat, char *line, size_t room)
{
    wint_t key;
    int type = get_wch(&key);

    if (type == ERR)
        return UI_KEY_NO_MORE;
    if (ui->flow_focused &&
        !(type == KEY_CODE_YES && (key == KEY_F(1) || key == KEY_F(2) || key == KEY_F(3) ||
                                   key == KEY_F(5) || key == KEY_F(6) || key == KEY_RESIZE))) {
        if (type == KEY_CODE_YES && key == KEY_F(4))
            ui->flow_focused = false;
        else
            ui_flow_key(ui, chat, type, key);
        return UI_KEY_NONE;
    }
    if (type == KEY_CODE_YES)
        return ui_code_key(ui, chat, key, line, room);
    return ui_char_key(ui, chat, key, line, room);
}
