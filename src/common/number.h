/*
 * number.h - read a number from the command line, strictly.
 *
 * strtoul() alone accepts "12abc" (it stops at 'a'), "-1" (it wraps around to a
 * huge value) and "" (it returns 0). Options deserve better: the whole text
 * must be a number, in range, or the user is told what was expected.
 */
#ifndef OBROL_NUMBER_H
#define OBROL_NUMBER_H

#include <stdbool.h>

/*
 * Parse `text` as an unsigned decimal number in [min, max] into *value. On
 * failure print "PROGRAM: OPTION must be a number from MIN to MAX, not "TEXT""
 * on stderr and return false.
 */
bool number_parse(const char *program, const char *option, const char *text, unsigned long min,
                  unsigned long max, unsigned long *value);

#endif
