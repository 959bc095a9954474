/*
 * report-machine.c - the report programs read: JSON (jansson), TAP, JUnit.
 */
#include "check/report.h"

#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static json_t *report_json_check(const struct outcome *outcome)
{
    json_t *check = json_object();
    json_t *transcript = json_array();

    json_object_set_new(check, "id", json_string(outcome->check->id));
    json_object_set_new(check, "title", json_string(_(outcome->check->title)));
    json_object_set_new(check, "result", json_string(report_result_word(outcome->result)));
    json_object_set_new(check, "seconds", json_real(outcome->seconds));
    json_object_set_new(check, "detail", json_string(outcome->result == RESULT_PASS ? "" : outcome->saw));
    if (outcome->result == RESULT_FAIL) {
        json_object_set_new(check, "expected", json_string(outcome->expected));
        json_object_set_new(check, "hint", json_string(_(outcome->check->hint)));
        if (outcome->server_tail != NULL)
            json_object_set_new(check, "server_output", json_string(outcome->server_tail));
    }
    json_object_set_new(check, "why", json_string(_(outcome->check->why)));
    for (size_t i = 0; i < outcome->transcript_count; i++)
        json_array_append_new(transcript, json_string(outcome->transcript[i]));
    json_object_set_new(check, "transcript", transcript);
    return check;
}

json_t *report_json_document(const struct run *run)
{
    const struct grader_options *options = run->options;
    json_t *document = json_object(), *target = json_object(), *summary = json_object();
    json_t *checks = json_array();

    json_object_set_new(document, "tool", json_string("obrol-check"));
    json_object_set_new(document, "format", json_integer(1));
    json_object_set_new(target, "host", json_string(options->host));
    json_object_set_new(target, "port", json_integer(options->spawn ? run->port : options->port));
    json_object_set_new(target, "spawn", options->spawn ? json_string(options->spawn) : json_null());
    json_object_set_new(document, "target", target);
    json_object_set_new(document, "profile", json_string(grader_profile_name(run->profile)));
    json_object_set_new(document, "profile_detected", json_boolean(run->profile_detected));
    json_object_set_new(document, "quick", json_boolean(options->quick));
    json_object_set_new(summary, "passed", json_integer(run->passed));
    json_object_set_new(summary, "failed", json_integer(run->failed));
    json_object_set_new(summary, "skipped", json_integer(run->skipped));
    json_object_set_new(summary, "seconds", json_real(run->seconds));
    json_object_set_new(document, "summary", summary);
    for (size_t i = 0; i < run->count; i++)
        json_array_append_new(checks, report_json_check(&run->outcomes[i]));
    json_object_set_new(document, "checks", checks);
    return document;
}

void report_json(FILE *out, const struct run *run)
{
    json_t *document = report_json_document(run);

    json_dumpf(document, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
    fputc('\n', out);
    json_decref(document);
}

/* A YAML block scalar's lines, indented under `key`. */
static void report_tap_text(FILE *out, const char *key, const char *text)
{
    fprintf(out, "  %s: |\n", key);
    for (const char *line = text; line != NULL && *line != '\0';) {
        const char *end = strchr(line, '\n');
        int length = end != NULL ? (int)(end - line) : (int)strlen(line);
        fprintf(out, "    %.*s\n", length, line);
        line = end != NULL ? end + 1 : NULL;
    }
}

void report_tap(FILE *out, const struct run *run)
{
    fprintf(out, "TAP version 13\n1..%zu\n", run->count);
    for (size_t i = 0; i < run->count; i++) {
        const struct outcome *outcome = &run->outcomes[i];
        const char *id = outcome->check->id;
        if (outcome->result == RESULT_SKIP) {
            fprintf(out, "ok %zu - %s # SKIP %s\n", i + 1, id, outcome->saw);
            continue;
        }
        fprintf(out, "%s %zu - %s\n", outcome->result == RESULT_PASS ? "ok" : "not ok", i + 1, id);
        if (outcome->result != RESULT_FAIL)
            continue;
        fprintf(out, "  ---\n");
        report_tap_text(out, "expected", outcome->expected);
        report_tap_text(out, "saw", outcome->saw);
        report_tap_text(out, "hint", _(outcome->check->hint));
        fprintf(out, "  transcript:\n");
        for (size_t j = 0; j < outcome->transcript_count; j++) {
            json_t *line = json_string(outcome->transcript[j]); /* a JSON string is valid YAML */
            char *quoted = json_dumps(line, JSON_ENCODE_ANY);
            fprintf(out, "    - %s\n", quoted != NULL ? quoted : "\"\"");
            free(quoted);
            json_decref(line);
        }
        fprintf(out, "  ...\n");
    }
}

/* Text with &, <, >, " escaped for XML. */
static void report_xml_text(FILE *out, const char *text)
{
    for (; *text != '\0'; text++) {
        switch (*text) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default:
            if ((unsigned char)*text >= 0x20 || *text == '\n' || *text == '\t')
                fputc(*text, out);
        }
    }
}

static void report_junit_case(FILE *out, const struct outcome *outcome)
{
    fprintf(out, "    <testcase classname=\"obrol-check\" name=\"%s\" time=\"%.3f\">\n",
            outcome->check->id, outcome->seconds);
    if (outcome->result == RESULT_SKIP) {
        fputs("      <skipped message=\"", out);
        report_xml_text(out, outcome->saw);
        fputs("\"/>\n", out);
    } else if (outcome->result == RESULT_FAIL) {
        fputs("      <failure message=\"", out);
        report_xml_text(out, outcome->saw);
        fputs("\">", out);
        fprintf(out, "expected: ");
        report_xml_text(out, outcome->expected);
        fprintf(out, "\nhint: ");
        report_xml_text(out, _(outcome->check->hint));
        for (size_t j = 0; j < outcome->transcript_count; j++) {
            fputc('\n', out);
            report_xml_text(out, outcome->transcript[j]);
        }
        fputs("</failure>\n", out);
    }
    fputs("    </testcase>\n", out);
}

void report_junit(FILE *out, const struct run *run)
{
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    fprintf(out,
            "  <testsuite name=\"obrol-check\" tests=\"%zu\" failures=\"%u\" skipped=\"%u\" "
            "time=\"%.3f\">\n",
            run->count, run->failed, run->skipped, run->seconds);
    for (size_t i = 0; i < run->count; i++)
        report_junit_case(out, &run->outcomes[i]);
    fprintf(out, "  </testsuite>\n</testsuites>\n");
}
