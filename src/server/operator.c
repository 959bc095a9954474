/*
 * operator.c - /who, /kick, /mute, /unmute, /say and /help for the teacher.
 *
 * One table (operator_commands) names each command and the function that runs
 * it. What the teacher is told goes through the narration (narrate.c); what a
 * student is told is queued in the room, like any other line.
 */
#include "operator.h"

#include "i18n.h"
#include "narrate.h"
#include "sanitize.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The longest command name (the word after '/'). */
#define OPERATOR_NAME_MAX 16

typedef void operator_handler(struct room *room, const char *args, int64_t now_ms);

static operator_handler operator_who, operator_kick, operator_mute, operator_unmute, operator_say,
    operator_help;

static const struct operator_command {
    const char *name;
    operator_handler *run;
} operator_commands[] = {
    {.name = "who", .run = operator_who},   {.name = "kick", .run = operator_kick},
    {.name = "mute", .run = operator_mute}, {.name = "unmute", .run = operator_unmute},
    {.name = "say", .run = operator_say},   {.name = "help", .run = operator_help},
};

/* Split "WORD REST" at the first run of spaces. */
static void operator_split(const char *line, char *word, size_t room, const char **rest)
{
    size_t len = strcspn(line, " ");

    if (len >= room)
        len = room - 1;
    memcpy(word, line, len);
    word[len] = '\0';
    line += strcspn(line, " ");
    while (*line == ' ')
        line++;
    *rest = line;
}

bool operator_execute(struct room *room, const char *line, int64_t now_ms)
{
    char name[OPERATOR_NAME_MAX];
    const char *args;

    if (line[0] != '/')
        return false;
    operator_split(line + 1, name, sizeof(name), &args);
    for (size_t i = 0; i < sizeof(operator_commands) / sizeof(operator_commands[0]); i++) {
        if (strcasecmp(name, operator_commands[i].name) == 0) {
            operator_commands[i].run(room, args, now_ms);
            return true;
        }
    }
    return false;
}

/* The connected client called NICK, or NULL (and the teacher is told so). */
static struct conn *operator_target(struct room *room, const char *nick)
{
    struct conn *conn = nick[0] ? room_find_nick(room, nick, strlen(nick)) : NULL;

    if (conn != NULL && conn->state == CONN_OPEN)
        return conn;
    narrate_operator_no_one(nick);
    return NULL;
}

static void operator_who(struct room *room, const char *args, int64_t now_ms)
{
    (void)args, (void)now_ms; /* every handler has the same signature */
    narrate_operator_who(room->count);
    for (int fd = 0; fd <= room->max_fd; fd++) {
        if (room->conns[fd] != NULL)
            narrate_operator_who_row(room->conns[fd]);
    }
}

static void operator_kick(struct room *room, const char *args, int64_t now_ms)
{
    char nick[PROTO_NICK_MAX + 2], reason[LIMIT_REASON_MAX], safe[LIMIT_REASON_MAX];
    const char *why;

    operator_split(args, nick, sizeof(nick), &why);
    struct conn *conn = operator_target(room, nick);
    if (conn == NULL)
        return;
    const char *kicked = _("kicked by the teacher");
    size_t used = strlen(kicked) + 3; /* what fits after "kicked...: " */
    size_t room_left = used < sizeof(reason) ? sizeof(reason) - used : 1;
    if (room_left > sizeof(safe))
        room_left = sizeof(safe);
    safe[sanitize_text(why, strlen(why), safe, room_left - 1)] = '\0';
    if (snprintf(reason, sizeof(reason), "%s%s%s", kicked, safe[0] ? ": " : "", safe) < 0)
        return;
    room_tell(room, conn, "BYE", NULL, reason, strlen(reason));
    conn_close_gracefully(conn, reason, now_ms);
    narrate_operator_kicked(conn->nick, reason);
}

static void operator_set_muted(struct room *room, const char *nick, bool mute)
{
    struct conn *conn = operator_target(room, nick);

    if (conn == NULL)
        return;
    conn->muted = mute;
    const char *notice = mute ? _("The teacher has muted you: your messages are not relayed")
                              : _("The teacher has unmuted you: you can talk again");
    room_tell(room, conn, "NOTICE", NULL, notice, strlen(notice));
    narrate_operator_muted(conn->nick, mute);
}

static void operator_mute(struct room *room, const char *args, int64_t now_ms)
{
    (void)now_ms;
    operator_set_muted(room, args, true);
}

static void operator_unmute(struct room *room, const char *args, int64_t now_ms)
{
    (void)now_ms;
    operator_set_muted(room, args, false);
}

static void operator_say(struct room *room, const char *text, int64_t now_ms)
{
    (void)now_ms;
    if (text[0] == '\0') {
        narrate_operator_say_usage();
        return;
    }
    narrate_operator_told(room_tell_others(room, NULL, "NOTICE", NULL, text, strlen(text)));
}

static void operator_help(struct room *room, const char *args, int64_t now_ms)
{
    (void)room, (void)args, (void)now_ms;
    narrate_operator_help();
}
