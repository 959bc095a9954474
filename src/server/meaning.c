/*
 * meaning.c - remembers which words this run has explained (meaning.h).
 */
#include "meaning.h"

#include <assert.h>

static bool meaning_on = true;
static bool meaning_explained[MEANING_COUNT];

void meaning_enable(bool on)
{
    meaning_on = on;
}

bool meaning_first(enum meaning_term term)
{
    assert(term < MEANING_COUNT);
    if (!meaning_on || meaning_explained[term])
        return false;
    meaning_explained[term] = true;
    return true;
}
