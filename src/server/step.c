/*
 * step.c - the step-mode state machine.
 */
#include "step.h"

#include <stdio.h>
#include <string.h>

void step_init(struct step *step, bool stepping, unsigned delay_ms)
{
    memset(step, 0, sizeof(*step));
    step->delay_ms = delay_ms;
    step->paused_mode = delay_ms > 0 ? STEP_DELAY : STEP_MANUAL;
    step->mode = (stepping || delay_ms > 0) ? step->paused_mode : STEP_RUN;
}

bool step_gate(struct step *step, const char *description, int64_t now_ms, bool *announce)
{
    *announce = false;
    if (step->mode == STEP_RUN) {
        if (step->approved) /* "c" let the announced step run: it still counts */
            step->taken++;
        step->waiting = step->approved = false;
        return true;
    }
    if (step->approved) {
        step->approved = false;
        step->waiting = false;
        step->taken++;
        return true;
    }
    if (!step->waiting) {
        step->waiting = true;
        step->due_ms = now_ms + step->delay_ms;
        snprintf(step->next, sizeof(step->next), "%s", description);
        *announce = true;
    }
    return false;
}

enum step_key_result step_key(struct step *step, const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    if (line[0] == '\0' || strcmp(line, "n") == 0 || strcmp(line, " ") == 0) {
        if (!step->waiting)
            return STEP_KEY_NONE;
        step->approved = true;
        return STEP_KEY_STEP;
    }
    if (strcmp(line, "c") == 0) {
        step->mode = STEP_RUN;
        step->approved = step->waiting;
        return STEP_KEY_RUN;
    }
    if (strcmp(line, "s") == 0) {
        step->mode = step->paused_mode;
        return STEP_KEY_STEPPING;
    }
    if (strcmp(line, "q") == 0)
        return STEP_KEY_QUIT;
    return STEP_KEY_UNKNOWN;
}

bool step_tick(struct step *step, int64_t now_ms)
{
    if (step->mode != STEP_DELAY || !step->waiting || step->approved || now_ms < step->due_ms)
        return false;
    step->approved = true;
    return true;
}

long step_wait_ms(const struct step *step, int64_t now_ms)
{
    if (step->mode != STEP_DELAY || !step->waiting || step->approved)
        return -1;
    return step->due_ms > now_ms ? (long)(step->due_ms - now_ms) : 0;
}

bool step_is_waiting(const struct step *step)
{
    return step->mode != STEP_RUN && step->waiting && !step->approved;
}
