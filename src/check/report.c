/*
 * report.c - the report people read: one line per check, and for each
 * failure what happened, what was expected, what was seen, and a hint.
 */
#include "check/report.h"

#include "i18n.h"

#include <string.h>

#define REPORT_ID_WIDTH 22
#define REPORT_WIDTH 80 /* columns of the words under a failure */

const char *report_result_word(enum check_result result)
{
    static const char *const words[] = {
        [RESULT_PASS] = "pass",
        [RESULT_FAIL] = "fail",
        [RESULT_SKIP] = "skip",
    };
    return words[result];
}

/* The bytes of the next line of at most `width` bytes: cut at the last space before it. */
static int report_wrap_length(const char *text, int width)
{
    int length = 0, last_space = -1;

    while (text[length] != '\0' && text[length] != '\n') {
        if (text[length] == ' ')
            last_space = length;
        if (length >= width && last_space > 0)
            return last_space;
        length++;
    }
    return length;
}

/* `text` after a label, wrapped at REPORT_WIDTH, every further line indented under the first. */
static void report_block(FILE *out, const char *label, const char *text)
{
    const char *line = text;

    fprintf(out, "    %-10s", label);
    if (*text == '\0')
        fputc('\n', out);
    while (*line != '\0') {
        int length = report_wrap_length(line, REPORT_WIDTH - 14);
        fprintf(out, "%s%.*s\n", line == text ? "" : "              ", length, line);
        line += length;
        if (*line == ' ' || *line == '\n')
            line++;
    }
}

static void report_failure(FILE *out, const struct outcome *outcome, bool show_words)
{
    for (size_t i = 0; i < outcome->transcript_count; i++)
        fprintf(out, "      %s\n", outcome->transcript[i]);
    if (!show_words)
        return;
    report_block(out, _("expected:"), outcome->expected);
    report_block(out, _("saw:"), outcome->saw);
    report_block(out, _("hint:"), _(outcome->check->hint));
    report_block(out, _("why:"), _(outcome->check->why));
    if (outcome->server_tail != NULL && outcome->server_tail[0] != '\0') {
        fprintf(out, "    %s\n", _("the server's last output:"));
        for (const char *line = outcome->server_tail; *line != '\0';) {
            const char *end = strchr(line, '\n');
            int length = end != NULL ? (int)(end - line) : (int)strlen(line);
            fprintf(out, "      | %.*s\n", length, line);
            line = end != NULL ? end + 1 : line + length;
        }
    }
}

static void report_outcome(FILE *out, const struct outcome *outcome, bool verbose)
{
    static const char *const marks[] = {[RESULT_PASS] = "✓", [RESULT_FAIL] = "✗", [RESULT_SKIP] = "–"};

    fprintf(out, "%s %-*s %s", marks[outcome->result], REPORT_ID_WIDTH, outcome->check->id,
            _(outcome->check->title));
    if (outcome->result == RESULT_SKIP)
        fprintf(out, _(" (skipped: %s)"), outcome->saw);
    fputc('\n', out);
    if (outcome->result == RESULT_FAIL)
        report_failure(out, outcome, true);
    else if (verbose && outcome->result == RESULT_PASS)
        report_failure(out, outcome, false);
}

void report_human(FILE *out, const struct run *run)
{
    const struct grader_options *options = run->options;

    if (options->spawn != NULL)
        fprintf(out, _("obrol-check: %s profile%s, server started with: %s\n"),
                grader_profile_name(run->profile), run->profile_detected ? _(" (found out)") : "",
                options->spawn);
    else
        fprintf(out, _("obrol-check: %s profile%s, server at %s port %u\n"),
                grader_profile_name(run->profile), run->profile_detected ? _(" (found out)") : "",
                options->host, options->port);
    for (size_t i = 0; i < run->count; i++)
        report_outcome(out, &run->outcomes[i], options->verbose);
    fprintf(out, _("%u passed, %u failed, %u skipped in %.1f s\n"), run->passed, run->failed,
            run->skipped, run->seconds);
}

void report_list(FILE *out)
{
    char profiles[64];

    for (size_t i = 0; i < checks_count; i++) {
        const struct check *check = &checks_table[i];
        checks_profiles_text(check, profiles, sizeof(profiles));
        fprintf(out, "%-*s %-18s %-8s %s\n", REPORT_ID_WIDTH, check->id, profiles,
                check->needs_spawn ? "--spawn" : "", _(check->title));
    }
}
