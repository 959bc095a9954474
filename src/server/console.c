/*
 * console.c - framed lines from the server's standard input.
 */
#include "console.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void console_init(struct console *console, bool enabled)
{
    console->fd = enabled ? STDIN_FILENO : -1;
    linebuf_init(&console->in, CONSOLE_MAX_LINE);
}

void console_free(struct console *console)
{
    linebuf_free(&console->in);
    console->fd = -1;
}

int console_fd(const struct console *console)
{
    return console->fd;
}

bool console_read(struct console *console)
{
    size_t room;
    char *space = linebuf_space(&console->in, &room);

    if (console->fd < 0 || space == NULL)
        return false;
    ssize_t count = read(console->fd, space, room);
    if (count < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (count <= 0) {
        /* End of file (a pipe closed, stdin was /dev/null) or EIO (a background
         * job may not read its terminal): stop watching standard input. */
        console->fd = -1;
        return false;
    }
    linebuf_commit(&console->in, (size_t)count);
    return true;
}

bool console_next_line(struct console *console, char *line, size_t room)
{
    const char *text;
    size_t len;

    for (;;) {
        enum linebuf_result result = linebuf_next(&console->in, &text, &len);
        if (result == LINEBUF_NONE) {
            linebuf_compact(&console->in);
            return false;
        }
        if (result == LINEBUF_LINE) {
            if (len >= room)
                len = room - 1;
            memcpy(line, text, len);
            line[len] = '\0';
            return true;
        }
        /* LINEBUF_TOO_LONG: nobody types 512 characters at the console; skip it */
    }
}
