/*
 * operator.c - /who, /kick, /unban, /mute, /unmute, /say, /bug and /help for the teacher.
 *
 * One table (operator_commands) names each command and the function that runs
 * it. What the teacher is told goes through the narration (narrate.c); what a
 * student is told is queued in the room, like any other line. A kick and a
 * mute are remembered for the student's computer (hosts.c), so that
 * reconnecting undoes neither.
 */
#include "operator.h"

#include "i18n.h"
#include "mistakes.h"
#include "narrate.h"
#include "sanitize.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The longest command name (the word after '/'). */
#define OPERATOR_NAME_MAX 16

typedef void operator_handler(struct room *room, const char *args, int64_t now_ms);

static operator_handler operator_who, operator_kick, operator_unban, operator_mute, operator_unmute,
    operator_say, operator_bug, operator_help;

/* `usage`: how it is typed, shown when its arguments are wrong (NULL: it takes any). */
static const struct operator_command {
    const char *name;
    operator_handler *run;
    const char *usage;
} operator_commands[] = {
    {.name = "who", .run = operator_who},
    {.name = "kick", .run = operator_kick},
    {.name = "unban", .run = operator_unban, .usage = "/unban [ADDRESS|NICK]"},
    {.name = "mute", .run = operator_mute, .usage = "/mute NICK"},
    {.name = "unmute", .run = operator_unmute, .usage = "/unmute NICK|ADDRESS"},
    {.name = "say", .run = operator_say},
    {.name = "bug", .run = operator_bug},
    {.name = "help", .run = operator_help},
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
        const struct operator_command *command = &operator_commands[i];
        if (strcasecmp(name, command->name) != 0)
            continue;
        if (command->usage == NULL) {
            command->run(room, args, now_ms);
            return true;
        }
        /* A command that takes one word gets one: "/mute bob extra" is not a nick. */
        char word[NET_ADDRESS_MAX];
        const char *rest;
        operator_split(args, word, sizeof(word), &rest);
        if (rest[0] != '\0')
            narrate_operator_usage(command->usage);
        else
            command->run(room, word, now_ms);
        return true;
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
    hosts_ban(conn->host, conn->nick, now_ms); /* reconnecting does not bring it back */
    narrate_operator_kicked(conn->nick, reason);
    narrate_operator_kept_out(conn->host->address, LIMIT_HOST_KICK_BAN_MS / 60000);
}

/* /unban alone: which computers are kept out (kicked, or waiting after wrong room codes). */
static void operator_list_kept_out(struct room *room, int64_t now_ms)
{
    unsigned listed = 0;

    for (unsigned i = 0; i < room->hosts.count; i++) {
        const struct host *host = &room->hosts.table[i];
        int64_t banned_ms = hosts_ban_left_ms(host, now_ms);
        int64_t code_ms = hosts_code_wait_ms(host, now_ms);
        if (banned_ms == 0 && code_ms == 0)
            continue;
        narrate_operator_kept_out_row(host->address, host->nick, (banned_ms + 999) / 1000,
                                      (code_ms + 999) / 1000);
        listed++;
    }
    if (listed == 0)
        narrate_operator_no_one_kept_out();
}

/* /unban ADDRESS|NICK: let a kicked computer (or one waiting after wrong codes) back. */
static void operator_unban(struct room *room, const char *word, int64_t now_ms)
{
    if (word[0] == '\0') {
        operator_list_kept_out(room, now_ms);
        return;
    }
    narrate_operator_unbanned(word, hosts_unban(&room->hosts, word, now_ms));
}

static void operator_tell_muted(struct room *room, struct conn *conn, bool mute)
{
    const char *notice = mute ? _("The teacher has muted you: your messages are not relayed")
                              : _("The teacher has unmuted you: you can talk again");

    conn->muted = mute;
    room_tell(room, conn, "NOTICE", NULL, notice, strlen(notice));
    narrate_operator_muted(conn->nick, mute);
}

/* /mute NICK: the connection, and its computer, whose next connections start muted. */
static void operator_mute(struct room *room, const char *nick, int64_t now_ms)
{
    struct conn *conn = operator_target(room, nick);

    (void)now_ms;
    if (conn == NULL)
        return;
    hosts_mute(conn->host, conn->nick);
    operator_tell_muted(room, conn, true);
}

/*
 * /unmute NICK|ADDRESS: every connection so named, or from a computer so named
 * (its address, or the nick it was muted under), and those computers.
 */
static void operator_unmute(struct room *room, const char *word, int64_t now_ms)
{
    unsigned count = 0;

    (void)now_ms;
    for (int fd = 0; fd <= room->max_fd; fd++) {
        struct conn *conn = room->conns[fd];
        if (conn == NULL || conn->state != CONN_OPEN || !conn->muted ||
            (!proto_nick_equal(conn->nick, strlen(conn->nick), word, strlen(word)) &&
             !hosts_named(conn->host, word)))
            continue;
        hosts_unmute(&room->hosts, conn->host->address);
        operator_tell_muted(room, conn, false);
        count++;
    }
    unsigned offline = hosts_unmute(&room->hosts, word); /* computers with none open */
    if (count == 0 && offline > 0)
        narrate_operator_muted(word, false);
    else if (count == 0)
        narrate_operator_no_one(word);
}

/* /say TEXT: a NOTICE to everyone, if it fits in a line (--max-line). */
static void operator_say(struct room *room, const char *text, int64_t now_ms)
{
    (void)now_ms;
    if (text[0] == '\0') {
        narrate_operator_say_usage();
        return;
    }
    if (strlen(text) > room->options->max_line) {
        narrate_operator_say_too_long(strlen(text), room->options->max_line);
        return;
    }
    narrate_operator_told(room_tell_others(room, NULL, "NOTICE", NULL, text, strlen(text)));
}

/* /bug NAME on|off: switch a mistake of the bug museum (mistakes.h); /bug alone: which are on. */
static void operator_bug(struct room *room, const char *args, int64_t now_ms)
{
    char name[32], state[8];
    const char *rest;
    enum mistake mistake;

    (void)room, (void)now_ms;
    operator_split(args, name, sizeof(name), &rest);
    operator_split(rest, state, sizeof(state), &rest);
    bool on = strcasecmp(state, "on") == 0;
    if (!mistakes_find(name, &mistake) || (!on && strcasecmp(state, "off") != 0) || rest[0]) {
        char on_now[200];
        mistakes_describe(on_now, sizeof(on_now));
        narrate_operator_bug_usage(on_now);
        return;
    }
    mistakes_switch(mistake, on);
}

static void operator_help(struct room *room, const char *args, int64_t now_ms)
{
    (void)room, (void)args, (void)now_ms;
    narrate_operator_help();
}
