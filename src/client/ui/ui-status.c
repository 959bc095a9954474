/*
 * ui-status.c - the status bar: where we are connected, as whom, how fast.
 */
#include "ui/ui-internal.h"

#include "i18n.h"
#include "teach/explain.h"

#include <stdio.h>
#include <string.h>

#define UI_STATUS_FIELD_MIN 4 /* " │ " and one column of text */

/* One " │ text" field of the bar; returns the next x. A field that does not fit
 * ends with "…" at the edge (ui_put()), and so does one with no room at all. */
static int ui_status_field(int y, int x, int end, const char *text, attr_t attr)
{
    attr_t bar = ui_colour(UI_COLOUR_STATUS);

    if (x >= end)
        return x;
    if (end - x < UI_STATUS_FIELD_MIN)
        return x + ui_puts(y, x, end - x, " \xE2\x80\xA6", bar); /* " …" */
    x += ui_puts(y, x, end - x, " \xE2\x94\x82 ", bar);          /* " │ " */
    x += ui_puts(y, x, end - x, text, attr);
    return x;
}

/*
 * Who we are and who is here - only what is known. A server that is not obrol
 * has no nicks and no /who: the bar says so instead of "nick -" and "0 online".
 * A server not heard from yet is said to be so, until its first line.
 */
static int ui_status_people(int y, int x, int end, const struct chat *chat,
                            const struct ui_status *status)
{
    attr_t bar = ui_colour(UI_COLOUR_STATUS);
    char text[128], rtt[32];

    if (status->connection == UI_CONNECTED && chat->server_is_other)
        return ui_status_field(y, x, end, _("server: not obrol (raw lines)"),
                               ui_colour(UI_COLOUR_WARN) | A_BOLD);
    if (status->connection == UI_CONNECTED && !chat->server_is_obrol)
        return ui_status_field(y, x, end, _("server: not heard from yet"), bar);
    snprintf(text, sizeof(text), _("nick %s"), chat->nick[0] ? chat->nick : "-");
    x = ui_status_field(y, x, end, text, bar);
    snprintf(text, sizeof(text), _("%zu online"), chat->nicks.count);
    x = ui_status_field(y, x, end, text, bar);
    explain_rtt(rtt, sizeof(rtt), chat->last_rtt_us);
    const char *own = explain_own_wait(chat->last_rtt_own & FLOW_WAIT_TRICKLE,
                                       chat->last_rtt_own & FLOW_WAIT_STEP);
    snprintf(text, sizeof(text), _("RTT %s"), rtt);
    if (own[0] != '\0') /* the round trip holds our own waiting: not the network's speed */
        snprintf(text + strlen(text), sizeof(text) - strlen(text), " %s", own);
    return ui_status_field(y, x, end, text, bar);
}

void ui_draw_status(const struct ui_layout *layout, const struct chat *chat,
                    const struct ui_status *status)
{
    attr_t bar = ui_colour(UI_COLOUR_STATUS);
    int y = layout->status_row, end = layout->cols;
    char text[128];

    ui_fill(y, 0, layout->cols, bar);
    int x = ui_puts(y, 0, end, " obrol", bar | A_BOLD);
    if (status->mode != NULL && status->mode[0] != '\0') { /* step mode: always in view */
        snprintf(text, sizeof(text), "\xE2\x8F\xB8 %s", status->mode); /* ⏸ */
        x = ui_status_field(y, x, end, text, ui_colour(UI_COLOUR_MARKER) | A_BOLD);
    }
    x = ui_status_field(y, x, end, status->address, bar);

    switch (status->connection) {
    case UI_CONNECTING:
        snprintf(text, sizeof(text), "\xE2\x97\x8C %s", _("connecting"));
        break;
    case UI_CONNECTED:
        snprintf(text, sizeof(text), "\xE2\x97\x8F %s", _("connected"));
        break;
    case UI_DISCONNECTED:
        if (status->retry_in_ms >= 0)
            snprintf(text, sizeof(text), _("\xE2\x9C\x95 disconnected, retry in %d s"),
                     (int)((status->retry_in_ms + 999) / 1000));
        else
            snprintf(text, sizeof(text), "\xE2\x9C\x95 %s", _("disconnected"));
        break;
    }
    x = ui_status_field(y, x, end, text, bar | A_BOLD);

    x = ui_status_people(y, x, end, chat, status);

    const char *help = _("F1 help ");
    int help_w = (int)strlen(help);
    if (end - x > help_w + 2)
        ui_puts(y, end - help_w, help_w, help, bar);
}
