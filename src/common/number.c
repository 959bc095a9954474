/*
 * number.c - strict parsing of numeric options.
 */
#include "number.h"

#include "i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

bool number_parse(const char *program, const char *option, const char *text, unsigned long min,
                  unsigned long max, unsigned long *value)
{
    char *end;

    errno = 0;
    *value = strtoul(text, &end, 10);
    /* A digit first: strtoul() would skip spaces and take "-1" as a huge number. */
    if (errno != 0 || text[0] < '0' || text[0] > '9' || *end != '\0' || *value < min ||
        *value > max) {
        fprintf(stderr, _("%s: %s must be a number from %lu to %lu, not \"%s\"\n"), program, option,
                min, max, text);
        return false;
    }
    return true;
}
