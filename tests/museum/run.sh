#!/usr/bin/env bash
# The bug museum, graded: each mistake of `obrol-server --bug NAME` must fail
# exactly the obrol-check checks that name it (docs/grading.md, the contract in
# docs/bug-museum.md) and pass all the others; with no mistake on, every check
# passes. This proves the mistakes and the grader at once.
#
#   make museum-test                  (part of make test)
#   OBROL_BIN=bin bash tests/museum/run.sh [NAME...]
#
# Environment: OBROL_BIN (where obrol-server and obrol-check are, default bin),
# MUSEUM_JOBS (runs side by side, default: the number of CPUs).
# Exit status: 0 when every mistake failed exactly its checks (or obrol-check is
# not built: said, and skipped), 1 otherwise.
set -u

bin=${OBROL_BIN:-bin}
jobs=${MUSEUM_JOBS:-$(nproc 2>/dev/null || echo 2)}
check=$bin/obrol-check
server=$bin/obrol-server

if [ ! -x "$check" ]; then
    echo "museum: SKIPPED: $check is not built (src/check, the grader, is not in this tree)"
    exit 0
fi
[ -x "$server" ] || { echo "museum: $server is missing; run: make" >&2; exit 1; }
command -v python3 >/dev/null || { echo "museum: python3 is needed to read the JSON" >&2; exit 1; }

# name | the checks it must fail (comma-separated; empty: none) | obrol-check options
cases="
none||
one-recv-one-message|split-line,utf8-split,half-line-blocks-none|
blocking-send|slow-reader|
no-sigpipe|peer-reset|
forget-closed|idle-cpu|
one-at-a-time|quiet-client|--profile reply
shared-buffer|half-line-blocks-none|
no-fd-limit|fd-limit|
"

work=$(mktemp -d "${TMPDIR:-/tmp}/obrol-museum.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One run of obrol-check against one mistake: its JSON in $work/NAME.json.
grade() {
    local name=$1 options=$2 spawn="$server --port {port}"
    [ "$name" = none ] || spawn="$spawn --bug $name"
    # shellcheck disable=SC2086 # the options are words
    "$check" --spawn "$spawn" --quick --json $options >"$work/$name.json" 2>"$work/$name.err"
    echo $? >"$work/$name.rc"
}

# Compare what failed with what must fail; print one line; 0 if they agree.
verdict() {
    local name=$1 expected=$2
    python3 - "$work/$name.json" "$name" "$expected" "$(cat "$work/$name.rc")" <<'PY'
import json, sys
path, name, expected, rc = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
want = set(filter(None, expected.split(",")))
try:
    with open(path) as f:
        report = json.load(f)
except (OSError, ValueError) as error:
    print(f"FAIL {name}: no JSON from obrol-check (exit {rc}): {error}")
    sys.exit(1)
failed = {c["id"] for c in report["checks"] if c["result"] == "fail"}
skipped = sorted(c["id"] for c in report["checks"] if c["result"] == "skip")
ran = {c["id"] for c in report["checks"]}
missing = want - ran
s = report["summary"]
line = (f"{name}: {s['passed']} passed, {s['failed']} failed "
        f"({', '.join(sorted(failed)) or 'none'}), {s['skipped']} skipped"
        + (f" ({', '.join(skipped)})" if skipped else ""))
if failed == want and not missing and (rc == "0") == (not want):
    print("ok   " + line)
    sys.exit(0)
print("FAIL " + line)
if missing:
    print(f"     never ran: {', '.join(sorted(missing))}")
if failed - want:
    print(f"     failed but must pass: {', '.join(sorted(failed - want))}")
    for c in report["checks"]:
        if c["id"] in failed - want:
            print(f"       {c['id']}: {c.get('detail', '')}")
if want - failed - missing:
    print(f"     passed but must fail: {', '.join(sorted(want - failed - missing))}")
sys.exit(1)
PY
}

selected="$*"
running=0
while IFS='|' read -r name expected options; do
    [ -n "$name" ] || continue
    [ -z "$selected" ] || [[ " $selected " == *" $name "* ]] || continue
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    grade "$name" "$options" &
    running=$((running + 1))
done <<<"$cases"
wait

status=0 count=0
while IFS='|' read -r name expected options; do
    [ -n "$name" ] || continue
    [ -z "$selected" ] || [[ " $selected " == *" $name "* ]] || continue
    count=$((count + 1))
    verdict "$name" "$expected" || status=1
done <<<"$cases"
[ $status -eq 0 ] && echo "museum: $count of $count runs failed exactly the checks that name them" ||
    echo "museum: FAILED: a mistake was not caught by its check alone (see above)"
exit $status
