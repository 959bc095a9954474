/*
 * report.c - failed system calls, said on stderr.
 */
#include "report.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>
#include <sys/select.h>

void report_error(const char *what, int error_number)
{
    fprintf(stderr, "obrol-client: %s: %s\n", what, strerror(error_number));
}

void report_no_free_fds(int free_fds, int needed)
{
    fprintf(stderr,
            _("obrol-client: cannot start: select() can only watch file descriptors 0 to %d, "
              "and only %d of them are free (%d needed). The program that started "
              "obrol-client left the others open: close them there, or start obrol-client "
              "from a shell.\n"),
            FD_SETSIZE - 1, free_fds, needed);
}
