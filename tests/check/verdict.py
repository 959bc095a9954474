#!/usr/bin/env python3
"""verdict.py - does one obrol-check run say what tests/check/run.sh expects?

    verdict.py CASE FORMAT OUTPUT STATUS [expectations...]

CASE is the name printed; FORMAT how OUTPUT (a file: obrol-check's standard
output) is read: json, tap, junit, list or text; STATUS the exit status the
run had. Expectations (each optional):

    --status N          the exit status must be N
    --fails A,B         exactly these checks failed ("" or "-": none)
    --skips A,B         exactly these checks were skipped (json only)
    --profile P         the profile graded (json only)
    --detected yes|no   whether the profile was detected (json only)
    --hint ID:TEXT      the hint of failed check ID contains TEXT (json only)
    --detail ID:TEXT    the detail of check ID contains TEXT (json only)
    --ids A,B           list: at least these ids are listed; json: exactly these ran
    --ran F,G           list: the ids listed are exactly those of the checks that
                        ran in the --json outputs F, G, ... (together)
    --has TEXT          text: OUTPUT contains TEXT (repeatable)
    --lacks TEXT        text: OUTPUT does not contain TEXT (repeatable)

Prints one line, "ok    CASE: ..." or "FAIL  CASE: ...", and for a failure
what differs and the details of the checks involved; exits 0 or 1.
"""
import argparse
import json
import re
import sys
import xml.etree.ElementTree as ElementTree


def id_set(text):
    if text in (None, "", "-"):
        return set()
    return set(text.split(","))


def show(ids):
    return "{" + ", ".join(sorted(ids)) + "}" if ids else "nothing"


def read_json(text, want, problems):
    """The failed and skipped ids of a --json run; checks the document's shape."""
    doc = json.loads(text)
    if doc.get("tool") != "obrol-check" or doc.get("format") != 1:
        problems.append("not an obrol-check format 1 document")
    checks = doc.get("checks", [])
    results = {c["id"]: c for c in checks}
    failed = {i for i, c in results.items() if c["result"] == "fail"}
    skipped = {i for i, c in results.items() if c["result"] == "skip"}
    summary = doc.get("summary", {})
    counted = (len(results) - len(failed) - len(skipped), len(failed), len(skipped))
    if (summary.get("passed"), summary.get("failed"), summary.get("skipped")) != counted:
        problems.append("summary %s does not count the checks %s" % (summary, counted))
    for check in checks:
        if check["result"] == "fail" and not check.get("hint"):
            problems.append("%s failed without a hint" % check["id"])
    if want.profile and doc.get("profile") != want.profile:
        problems.append("profile %s, expected %s" % (doc.get("profile"), want.profile))
    if want.detected and doc.get("profile_detected") != (want.detected == "yes"):
        problems.append("profile_detected is %s" % doc.get("profile_detected"))
    if want.skips is not None and skipped != id_set(want.skips):
        problems.append("skips %s, expected %s" % (show(skipped), show(id_set(want.skips))))
    if want.ids is not None and set(results) != id_set(want.ids):
        problems.append("ran %s, expected %s" % (show(set(results)), show(id_set(want.ids))))
    for field, wanted in (("hint", want.hint), ("detail", want.detail)):
        for item in wanted:
            check_id, _, words = item.partition(":")
            value = results.get(check_id, {}).get(field) or ""
            if words not in value:
                problems.append("%s of %s lacks %r: %r" % (field, check_id, words, value))
    return failed, results


def read_tap(text, problems):
    lines = text.splitlines()
    if not lines or lines[0] != "TAP version 13":
        problems.append("no 'TAP version 13' first")
    plan = [l for l in lines if re.fullmatch(r"1\.\.\d+", l)]
    tests = [l for l in lines if re.match(r"(not )?ok \d+ - ", l)]
    if len(plan) != 1 or int(plan[0][3:]) != len(tests):
        problems.append("plan %s for %d test lines" % (plan, len(tests)))
    for number, line in enumerate(tests, 1):
        if int(line.split()[1 if line.startswith("ok") else 2]) != number:
            problems.append("test %d is numbered: %s" % (number, line))
    return {l.split(" - ", 1)[1].split()[0] for l in tests if l.startswith("not ok")}


def read_junit(text, problems):
    root = ElementTree.fromstring(text)
    suites = root.findall("testsuite") if root.tag == "testsuites" else [root]
    failed = set()
    for suite in suites:
        cases = suite.findall("testcase")
        bad = {c.get("name") for c in cases if c.find("failure") is not None}
        skipped = [c for c in cases if c.find("skipped") is not None]
        counts = (suite.get("tests"), suite.get("failures"), suite.get("skipped"))
        if counts != (str(len(cases)), str(len(bad)), str(len(skipped))):
            problems.append("testsuite says tests/failures/skipped %s for %d/%d/%d"
                            % (counts, len(cases), len(bad), len(skipped)))
        failed |= bad
    if not suites:
        problems.append("no testsuite")
    return failed


def main():
    parser = argparse.ArgumentParser()
    for name in ("case", "format", "output", "ran_status"):
        parser.add_argument(name)
    for option in ("--status", "--fails", "--skips", "--profile", "--detected", "--ids", "--ran"):
        parser.add_argument(option)
    for option in ("--hint", "--detail", "--has", "--lacks"):
        parser.add_argument(option, action="append", default=[])
    want = parser.parse_args()
    with open(want.output, encoding="utf-8", errors="replace") as f:
        text = f.read()
    problems = []
    failed, results = None, {}
    try:
        if want.format == "json":
            failed, results = read_json(text, want, problems)
        elif want.format == "tap":
            failed = read_tap(text, problems)
        elif want.format == "junit":
            failed = read_junit(text, problems)
        elif want.format == "list":
            listed = set(re.findall(r"^([a-z0-9-]+) ", text, re.M))
            missing = id_set(want.ids) - listed
            if missing:
                problems.append("not listed: %s" % show(missing))
            ran = set()
            for path in (want.ran.split(",") if want.ran else []):
                with open(path, encoding="utf-8") as f:
                    ran |= {c["id"] for c in json.load(f)["checks"]}
            if want.ran and ran != listed:
                problems.append("listed but never ran: %s; ran but not listed: %s"
                                % (show(listed - ran), show(ran - listed)))
    except (ValueError, KeyError, TypeError, ElementTree.ParseError) as error:
        problems.append("%s output unreadable: %s" % (want.format, error))
    for words in want.has:
        if words not in text:
            problems.append("no %r in the output" % words)
    for words in want.lacks:
        if words in text:
            problems.append("%r in the output" % words)
    if want.status is not None and want.ran_status != want.status:
        problems.append("exit %s, expected %s" % (want.ran_status, want.status))
    if want.fails is not None and failed is not None and failed != id_set(want.fails):
        problems.append("fails %s, expected %s" % (show(failed), show(id_set(want.fails))))
    said = "fails %s, exit %s" % (show(failed), want.ran_status) if failed is not None \
        else "exit %s" % want.ran_status
    if not problems:
        print("ok    %s: %s" % (want.case, said))
        return 0
    print("FAIL  %s: %s" % (want.case, "; ".join(problems)))
    involved = (failed or set()) ^ id_set(want.fails) if want.fails is not None else set()
    for check_id in sorted(involved):
        check = results.get(check_id)
        if check:
            print("      %s: %s: %s" % (check_id, check["result"], check.get("detail", "")))
            for line in check.get("transcript", [])[-12:]:
                print("        " + line)
    if not results:
        for line in text.splitlines()[:15]:
            print("      | " + line)
    return 1


if __name__ == "__main__":
    sys.exit(main())
