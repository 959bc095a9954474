/*
 * checks.c - the table of checks, in the order they run.
 *
 * The simplest things first (can we connect, does a line get through), then
 * framing (a line in pieces, lines together), then other clients getting in
 * the way (quiet, slow, vanishing, endless), then numbers (many clients, the
 * fd limit) and the idle server. obrol's own protocol comes last.
 */
#include "check/checks.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

const struct check checks_table[] = {
    {.id = "connect",
     .title = N_("a TCP connection is accepted"),
     .why = N_("Everything starts with socket(), bind(), listen() and accept()."),
     .hint = N_("Is the server listening on the port it was given, on 127.0.0.1 (or every address)? "
                "Did it call listen() before waiting in accept()?"),
     .profiles = FOR_ALL,
     .run = checks_connect},
    {.id = "relay",
     .title = N_("a line from A reaches B and C, each as one line"),
     .why = N_("A chat room's one job: what one client says, every other client hears."),
     .hint = N_("When a complete line arrives from one client, send it to every other connected "
                "client, ending with a newline."),
     .profiles = FOR_ROOMS,
     .run = checks_relay},
    {.id = "reply",
     .title = N_("a line gets an answer"),
     .why = N_("A request/response server answers every message it receives."),
     .hint = N_("After recv() gives you the client's message, send() something back to the same "
                "socket."),
     .profiles = FOR_REPLY,
     .run = checks_reply},
    {.id = "no-newline",
     .title = N_("a message without a newline still gets its answer"),
     .why = N_("The lesson's client sends \"Halo server!\" with no newline and waits for the answer."),
     .hint = N_("A client that never sends a newline still expects an answer: answer what recv() "
                "gave you, or take a quiet pause after some bytes as the end of the message."),
     .profiles = FOR_REPLY,
     .run = checks_no_newline},
    {.id = "order",
     .title = N_("one client's lines arrive in the order it sent them"),
     .why = N_("TCP keeps the order of the bytes; a server must not shuffle the lines."),
     .hint = N_("Keep one queue per client and send from its front: lines that wait must not "
                "overtake each other."),
     .profiles = FOR_ROOMS,
     .run = checks_order},
    {.id = "split-line",
     .title = N_("a line sent in pieces arrives whole"),
     .why = N_("TCP is a stream of bytes, not of messages: a line may come in many recv() calls."),
     .hint = N_("One recv() is not one message. Keep each client's bytes in its own buffer until a "
                "newline arrives, and only then treat them as a line."),
     .profiles = FOR_ROOMS,
     .run = checks_split_line},
    {.id = "many-lines",
     .title = N_("several lines in one send() arrive as separate lines"),
     .why = N_("One recv() may hold many lines at once, the way one may hold half of one."),
     .hint = N_("After each recv(), look for every newline in the client's buffer, not just the "
                "first: handle each complete line, keep the rest."),
     .profiles = FOR_ROOMS,
     .run = checks_many_lines},
    {.id = "utf8-split",
     .title = N_("a character split across two sends arrives intact"),
     .why = N_("é, ü and emoji are several bytes each in UTF-8; TCP may cut between them."),
     .hint = N_("Do not decode or forward each recv() on its own: a piece may end in the middle of "
                "a character. Collect bytes until the newline, then decode the whole line."),
     .profiles = FOR_ROOMS,
     .run = checks_utf8_split},
    {.id = "half-line-blocks-none",
     .title = N_("one client's half line neither delays nor mixes into another's"),
     .why = N_("Every client has its own unfinished line; they must never share a buffer."),
     .hint = N_("Give every client its own input buffer. A's unfinished bytes wait in A's buffer; "
                "B's complete line goes out at once, without them."),
     .profiles = FOR_ROOMS,
     .run = checks_half_line},
    {.id = "quiet-client",
     .title = N_("a client that never speaks does not stop the others"),
     .why = N_("A server that waits in recv() for one client cannot hear anyone else."),
     .hint = N_("While your server waits in recv() (or accept()) for one client, nobody else is "
                "served. select() tells you which sockets have something to read: call recv() only "
                "on those, and serve every client in one loop."),
     .profiles = FOR_ALL,
     .run = checks_quiet_client},
    {.id = "slow-reader",
     .title = N_("a client that stops reading does not freeze the room"),
     .why = N_("send() blocks when a client's buffers are full: one slow client can stop everyone."),
     .hint = N_("Never let send() wait for a slow client. Make the sockets non-blocking, keep what "
                "send() did not take in that client's output queue, and send the rest when select() "
                "says it is writable; drop a client whose queue grows too long."),
     .profiles = FOR_ROOMS,
     .run = checks_slow_reader},
    {.id = "peer-reset",
     .title = N_("clients that vanish mid-line or with data waiting do not kill the server"),
     .why = N_("Writing to a connection the other side has reset raises SIGPIPE, which kills the "
               "process unless it is ignored."),
     .hint = N_("Ignore SIGPIPE (signal(SIGPIPE, SIG_IGN)) or send with MSG_NOSIGNAL, and treat a "
                "send() or recv() error (EPIPE, ECONNRESET) as that client leaving: close it and "
                "forget it."),
     .profiles = FOR_ROOMS,
     .run = checks_peer_reset},
    {.id = "long-line",
     .title = N_("1 MiB without a newline does not stop the server"),
     .why = N_("A client can send anything: a buffer that grows without limit is an attack."),
     .hint = N_("Give each client's buffer a limit. When a line is longer, refuse it (or drop the "
                "client); do not grow the buffer forever or stop serving the others."),
     .profiles = FOR_ALL,
     .run = checks_long_line},
    {.id = "many-clients",
     .title = N_("many clients at once are all served"),
     .why = N_("A classroom connects at the same moment; the listen() backlog and the loop must "
               "cope."),
     .hint = N_("Accept every waiting connection, keep all of them in your list and in select()'s "
                "set, and give listen() a backlog larger than 1."),
     .profiles = FOR_ALL,
     .run = checks_many_clients},
    {.id = "fd-limit",
     .title = N_("more clients than select() can watch: refused or served, never a crash"),
     .why = N_("An fd_set holds only FD_SETSIZE (1024) descriptors; FD_SET() of a larger fd "
               "overwrites memory."),
     .hint = N_("Check every fd against FD_SETSIZE before FD_SET(): close (or refuse) a connection "
                "whose fd is too large, and keep serving the others."),
     .profiles = FOR_ALL,
     .needs_spawn = true,
     .run = checks_fd_limit},
    {.id = "idle-cpu",
     .title = N_("an idle server uses no CPU"),
     .why = N_("select() sleeps until something happens; a loop that never sleeps burns a whole "
               "core."),
     .hint = N_("When recv() returns 0 the client has left: close its socket and remove it from "
                "your list, or select() will report it readable forever. And never poll with a "
                "zero time-out."),
     .profiles = FOR_ALL,
     .needs_spawn = true,
     .run = checks_idle_cpu},
    {.id = "obrol-welcome",
     .title = N_("a quiet newcomer is greeted with WELCOME and its nick"),
     .why = N_("docs/protocol.md: the server greets a client that says nothing for 300 ms."),
     .hint = N_("See docs/protocol.md, \"Connecting\"."),
     .profiles = FOR_OBROL,
     .run = checks_obrol_welcome},
    {.id = "obrol-nick",
     .title = N_("/nick answers OK and tells the others NICK OLD NEW"),
     .why = N_("docs/protocol.md: every request gets exactly one response; events tell the others."),
     .hint = N_("See docs/protocol.md, \"Requests\" and \"Events\"."),
     .profiles = FOR_OBROL,
     .run = checks_obrol_nick},
    {.id = "obrol-errors",
     .title = N_("unknown commands and bad nicks are answered with ERR"),
     .why = N_("docs/protocol.md: a failed request is answered with ERR VERB REASON."),
     .hint = N_("See docs/protocol.md, \"Requests\": ERR unknown, ERR nick."),
     .profiles = FOR_OBROL,
     .run = checks_obrol_errors},
};

const size_t checks_count = sizeof(checks_table) / sizeof(checks_table[0]);

const struct check *checks_find(const char *id)
{
    for (size_t i = 0; i < checks_count; i++) {
        if (strcmp(checks_table[i].id, id) == 0)
            return &checks_table[i];
    }
    return NULL;
}

bool checks_in_profile(const struct check *check, enum grader_profile profile)
{
    return (check->profiles & (1u << profile)) != 0;
}

void checks_profiles_text(const struct check *check, char *out, size_t room)
{
    size_t used = 0;

    out[0] = '\0';
    for (int p = PROFILE_RELAY; p <= PROFILE_OBROL; p++) {
        if (checks_in_profile(check, (enum grader_profile)p))
            used += (size_t)snprintf(out + used, used < room ? room - used : 0, "%s%s",
                                     used > 0 ? "," : "", grader_profile_name((enum grader_profile)p));
    }
}
