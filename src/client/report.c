/*
 * report.c - failed system calls, said on stderr.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

void report_error(const char *what, int error_number)
{
    fprintf(stderr, "obrol-client: %s: %s\n", what, strerror(error_number));
}
