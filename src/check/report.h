/*
 * report.h - the outcome of a run, for people (human) and for programs
 * (JSON with jansson, TAP, JUnit XML). Each writes to `out`.
 */
#ifndef OBROL_CHECK_REPORT_H
#define OBROL_CHECK_REPORT_H

#include "check/run.h"

#include <jansson.h>
#include <stdio.h>

void report_human(FILE *out, const struct run *run);

/* The JSON document (the caller json_decref()s it), and writing it. */
json_t *report_json_document(const struct run *run);
void report_json(FILE *out, const struct run *run);

void report_tap(FILE *out, const struct run *run);
void report_junit(FILE *out, const struct run *run);

/* --list: ids, profiles, what each needs, titles. */
void report_list(FILE *out);

/* The result as a word: "pass", "fail", "skip". */
const char *report_result_word(enum check_result result);

#endif
