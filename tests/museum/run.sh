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
# MUSEUM_JOBS (runs side by side, default: the number of CPUs), MUSEUM_FULL=1
# (fd-limit too for every mistake; by default it runs only with no mistake and
# with no-fd-limit: its 1,100 clients are the heaviest check, and no other
# mistake touches accept() or the fd limit - which the full run confirms).
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

# name | the checks it must fail | those it may fail too | obrol-check options
#      | obrol-server options (after --port {port} --rate 0 --bug NAME)
# (check ids comma-separated; empty: none). "May": the same mistake seen from
# another check, depending on how TCP cuts the bytes - never a different bug:
#   shared-buffer, slow-reader: six clients send at once, so their lines mix in
#   the one buffer and a few are lost.
# no-sigpipe runs with a 4 MiB queue per client (as tests/check's C fixtures
# do): peer-reset resets S once the server holds some 200 KiB for it, close to
# the default --max-queue (256 KiB), past which S is dropped - correctly -
# before it can reset.
cases="
none|||
one-recv-one-message|split-line,utf8-split||
blocking-send|slow-reader||
no-sigpipe|peer-reset|||--max-queue 4194304
forget-closed|idle-cpu||
one-at-a-time|quiet-client||--profile reply
shared-buffer|half-line-blocks-none|slow-reader|
no-fd-limit|fd-limit||
"

# Checks obrol-check does not catch yet although the mistake bites (proved by
# tests/integration/test_mistakes.c): NAME:CHECK pairs reported PENDING when
# the check passes (none now). A skipped check ("not written yet") is always PENDING.
known_gaps=${MUSEUM_KNOWN_GAPS-""}

work=$(mktemp -d "${TMPDIR:-/tmp}/obrol-museum.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One run of obrol-check against one mistake: its JSON in $work/NAME.json.
grade() {
    local name=$1 options=$2 spawn="$server --port {port} --rate 0"
    [ "$name" = none ] || spawn="$spawn --bug $name"
    [ -z "$3" ] || spawn="$spawn $3"
    if [ "${MUSEUM_FULL:-0}" != 1 ] && [ "$name" != none ] && [ "$name" != no-fd-limit ]; then
        local profile=relay
        [[ "$options" == *"--profile reply"* ]] && profile=reply
        options="$options --only $("$check" --list |
            awk -v p="$profile" '$1 != "fd-limit" && ("," $2 ",") ~ ("," p ",") { print $1 }' | paste -sd,)"
    fi
    # shellcheck disable=SC2086 # the options are words
    "$check" --spawn "$spawn" --quick --json $options >"$work/$name.json" 2>"$work/$name.err"
    echo $? >"$work/$name.rc"
}

# Compare what failed with what must fail; print one line; 0 if they agree.
# Exit status 3: the named check was skipped, or passed - obrol-check cannot
# catch it yet (PENDING, said, not a failure of the museum: the grader's work).
verdict() {
    local name=$1 expected=$2 maybe=$3
    python3 - "$work/$name.json" "$name" "$expected" "$maybe" "$(cat "$work/$name.rc")" \
        "$known_gaps" <<'PY'
import json, sys
path, name, expected, maybe, rc, gaps = sys.argv[1:7]
known = {pair.split(":")[1] for pair in gaps.split() if pair.split(":")[0] == name}
want = set(filter(None, expected.split(",")))
may = set(filter(None, maybe.split(",")))
try:
    with open(path) as f:
        report = json.load(f)
except (OSError, ValueError) as error:
    print(f"FAIL {name}: no JSON from obrol-check (exit {rc}): {error}")
    try:
        with open(path[:-len(".json")] + ".err") as err:
            said = err.read().strip().splitlines()[-3:]
    except OSError:
        said = []
    for line in said:
        print(f"     obrol-check said: {line}")
    if any("Cannot assign requested address" in line for line in said):
        print("     (this machine ran out of local ports: tens of thousands of TIME_WAIT "
              "connections from earlier runs; they are gone a minute later)")
    sys.exit(1)
failed = {c["id"] for c in report["checks"] if c["result"] == "fail"}
skipped = sorted(c["id"] for c in report["checks"] if c["result"] == "skip")
detail = {c["id"]: c.get("detail", "") for c in report["checks"]}
ran = {c["id"] for c in report["checks"]}
missing = want - ran
s = report["summary"]
line = (f"{name}: {s['passed']} passed, {s['failed']} failed "
        f"({', '.join(sorted(failed)) or 'none'}), {s['skipped']} skipped"
        + (f" ({', '.join(skipped)})" if skipped else ""))
wrong = failed - want - may
uncaught = want - failed
if not wrong and not missing and not uncaught and (rc == "0") == (not failed):
    print("ok   " + line)
    sys.exit(0)
passed_unknown = {c for c in uncaught if c not in skipped and c not in known}
if not wrong and not missing and not passed_unknown:
    print("PENDING " + line)
    for check in sorted(uncaught):
        why = f"skipped: {detail[check]}" if check in skipped else "passed"
        print(f"     {check} must fail, but obrol-check {why}")
    sys.exit(3)
print("FAIL " + line)
if missing:
    print(f"     never ran: {', '.join(sorted(missing))}")
for check in sorted(wrong):
    print(f"     failed but must pass: {check}: {detail[check]}")
for check in sorted(uncaught):
    print(f"     must fail, but " + ("was skipped" if check in skipped else "passed") + f": {check}")
sys.exit(1)
PY
}

selected="$*"
running=0
while IFS='|' read -r name _ _ options server_options; do
    [ -n "$name" ] || continue
    [ -z "$selected" ] || [[ " $selected " == *" $name "* ]] || continue
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    grade "$name" "$options" "$server_options" &
    running=$((running + 1))
done <<<"$cases"
wait

status=0 count=0
pending=0
while IFS='|' read -r name expected maybe _; do
    [ -n "$name" ] || continue
    [ -z "$selected" ] || [[ " $selected " == *" $name "* ]] || continue
    count=$((count + 1))
    verdict "$name" "$expected" "$maybe"
    case $? in 0) ;; 3) pending=$((pending + 1)) ;; *) status=1 ;; esac
done <<<"$cases"
if [ $status -ne 0 ]; then
    echo "museum: FAILED: a mistake was not caught by its check alone (see above)"
elif [ $pending -gt 0 ]; then
    echo "museum: $((count - pending)) of $count runs failed exactly the checks that name them;" \
         "$pending PENDING: obrol-check skips or does not yet catch their check (said above)"
else
    echo "museum: $count of $count runs failed exactly the checks that name them"
fi
exit $status
