/*
 * operator.c - /who, /kick, /mute, /unmute, /say and /help for the teacher.
 */
#include "operator.h"

#include "i18n.h"
#include "narrate.h"
#include "sanitize.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* The connected client called NICK, or NULL (with a message for the operator). */
static struct client *operator_target(struct server *server, const char *nick)
{
    struct client *client = nick[0] ? server_find_nick(server, nick, strlen(nick)) : NULL;

    if (client == NULL || client->state != CLIENT_OPEN)
        narrate_operator(_("No one here is called \"%s\" (/who lists who is here)"), nick);
    return client == NULL || client->state != CLIENT_OPEN ? NULL : client;
}

static void operator_who(const struct server *server)
{
    narrate_operator(ngettext("%u client connected:", "%u clients connected:",
                              server->client_count),
                     server->client_count);
    for (int fd = 0; fd <= server->max_fd; fd++) {
        const struct client *client = server->clients[fd];
        if (client == NULL)
            continue;
        narrate_operator("  fd %-4d %-16s %-24s%s%s", client->fd, client->nick, client->address,
                         client->admitted ? "" : _(" (at the door)"),
                         client->muted ? _(" (muted)") : "");
    }
}

/* Queue one composed line for a client. */
static void operator_tell(struct server *server, struct client *client, const char *keyword,
                          const char *text)
{
    size_t len = server_compose(server, keyword, NULL, text, strlen(text));

    server_send(client, server->line, len);
}

static void operator_kick(struct server *server, const char *args, int64_t now_ms)
{
    char nick[PROTO_NICK_MAX + 2], reason[CLIENT_REASON_MAX], safe[CLIENT_REASON_MAX];
    const char *why;

    operator_split(args, nick, sizeof(nick), &why);
    struct client *client = operator_target(server, nick);
    if (client == NULL)
        return;
    const char *kicked = _("kicked by the teacher");
    size_t used = strlen(kicked) + 3; /* what fits after "kicked...: " */
    size_t room = used < sizeof(reason) ? sizeof(reason) - used : 1;
    if (room > sizeof(safe))
        room = sizeof(safe);
    safe[sanitize_text(why, strlen(why), safe, room - 1)] = '\0';
    int len = snprintf(reason, sizeof(reason), "%s%s%s", kicked, safe[0] ? ": " : "", safe);
    if (len < 0)
        return;
    operator_tell(server, client, "BYE", reason);
    client_close_gracefully(client, reason, now_ms);
    narrate_operator(_("Kicked %s (%s)"), client->nick, reason);
}

static void operator_mute(struct server *server, const char *nick, bool mute)
{
    struct client *client = operator_target(server, nick);

    if (client == NULL)
        return;
    client->muted = mute;
    operator_tell(server, client, "NOTICE",
                  mute ? _("The teacher has muted you: your messages are not relayed")
                       : _("The teacher has unmuted you: you can talk again"));
    narrate_operator(mute ? _("Muted %s") : _("Unmuted %s"), client->nick);
}

static void operator_say(struct server *server, const char *text)
{
    if (text[0] == '\0') {
        narrate_operator(_("Usage: /say TEXT"));
        return;
    }
    size_t len = server_compose(server, "NOTICE", NULL, text, strlen(text));
    unsigned told = server_broadcast(server, NULL, server->line, len);
    narrate_operator(ngettext("Notice sent to %u client", "Notice sent to %u clients", told), told);
}

static void operator_help(void)
{
    narrate_operator(_("Operator commands: /who, /kick NICK [REASON], /mute NICK, /unmute NICK, "
                       "/say TEXT, /help. Step keys: Enter (one step), c (run), s (step), q (quit)."));
}

bool operator_execute(struct server *server, const char *line, int64_t now_ms)
{
    char command[16];
    const char *args;

    if (line[0] != '/')
        return false;
    operator_split(line + 1, command, sizeof(command), &args);
    if (strcasecmp(command, "who") == 0)
        operator_who(server);
    else if (strcasecmp(command, "kick") == 0)
        operator_kick(server, args, now_ms);
    else if (strcasecmp(command, "mute") == 0)
        operator_mute(server, args, true);
    else if (strcasecmp(command, "unmute") == 0)
        operator_mute(server, args, false);
    else if (strcasecmp(command, "say") == 0)
        operator_say(server, args);
    else if (strcasecmp(command, "help") == 0)
        operator_help();
    else
        return false;
    return true;
}
