#!/usr/bin/env bash
# tests/docs/examples.sh - the worksheet's "write your own server" path holds:
# every step in docs/examples/python passes what docs/worksheet.md (Part B) says
# it passes, and fails exactly what the next step fixes, as obrol-check grades
# it (--quick --json). The skeletons are valid Python. Closes with
# "examples: N passed, M failed (S s)". The steps are graded side by side
# (EXAMPLES_JOBS at a time, default all 6). `make check-test` runs this next to
# tests/check/run.sh, and `make test` must stay under a minute on 2 cores: so
# each step is graded with --only the checks Part B's claims are about (what a
# step fails, and what the next step fixes: split-line, utf8-split,
# half-line-blocks-none, slow-reader, fd-limit; reply and no-newline for the
# lesson's client) plus connect, relay and quiet-client - not order,
# many-lines, peer-reset, long-line, many-clients or idle-cpu, which every
# step passes (a full run of each: drop --only below; all pass as claimed).
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${OBROL_BIN:-bin}
JOBS=${EXAMPLES_JOBS:-6} # steps graded at once (make check-test shares the machine with tests/check/run.sh)
CHECK=$BIN/obrol-check
STEPS=docs/examples/python
# /usr/bin/python3, not a wrapper earlier in the PATH (see tests/check/run.sh).
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
scratch=$(mktemp -d "${TMPDIR:-/tmp}/obrol-examples.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
passed=0; failed=0
started=$(date +%s%N)

# The checks graded, per profile (see above).
ONLY_relay=connect,relay,quiet-client,split-line,utf8-split,half-line-blocks-none,slow-reader,fd-limit
ONLY_reply=connect,reply,no-newline,quiet-client

# name | server file | profile | the checks that fail | the checks skipped
# (each sorted, comma-separated). A check that builds on `relay` or `reply`
# is skipped when that failed (step3 under the reply profile: in a full run,
# fd-limit, idle-cpu, long-line, many-clients and quiet-client).
CASES="
step1|step1_select_relay.py|relay|fd-limit,half-line-blocks-none,slow-reader,split-line,utf8-split|
step2|step2_lines.py|relay|fd-limit,slow-reader|
step3|step3_queues.py|relay||
step3-reply|step3_queues.py|reply|no-newline,reply|quiet-client
step4|step4_lesson_client.py|relay||
step4-reply|step4_lesson_client.py|reply||
"

# The ids of a --json report whose result is $2, sorted and comma-separated;
# "error: …" if the report cannot be read.
result_ids() {
    python3 - "$1" "$2" <<'PY'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
    print(",".join(sorted(c["id"] for c in report["checks"] if c["result"] == sys.argv[2])))
except Exception as e:  # the report itself is wrong: say so
    print(f"error: {e}")
PY
}

while IFS='|' read -r name file profile _; do
    [ -n "$name" ] || continue
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    only=ONLY_$profile
    timeout 120 "$CHECK" --quick --json --profile "$profile" --only "${!only}" \
        --spawn "$PYTHON $STEPS/$file {port}" >"$scratch/$name.json" 2>"$scratch/$name.err" &
done <<<"$CASES"
wait

while IFS='|' read -r name file profile expected skipped; do
    [ -n "$name" ] || continue
    got=$(result_ids "$scratch/$name.json" fail)
    got_skipped=$(result_ids "$scratch/$name.json" skip)
    if [ "$got" = "$expected" ] && [ "$got_skipped" = "$skipped" ]; then
        echo "ok    $name ($file, $profile): fails {${expected}}${skipped:+, skips {$skipped\}}"
        passed=$((passed + 1))
    else
        echo "FAIL  $name ($file, $profile): expected to fail {${expected}} and skip {${skipped}}," \
            "failed {${got}} and skipped {${got_skipped}}"
        head -5 "$scratch/$name.err" | sed 's/^/      /'
        failed=$((failed + 1))
    fi
done <<<"$CASES"

for skeleton in "$STEPS"/skeleton/*.py; do
    if python3 -c 'import ast, sys; ast.parse(open(sys.argv[1]).read())' "$skeleton" 2>"$scratch/ast"; then
        echo "ok    skeleton $(basename "$skeleton") is valid Python"; passed=$((passed + 1))
    else
        echo "FAIL  skeleton $(basename "$skeleton"): $(cat "$scratch/ast")"; failed=$((failed + 1))
    fi
done

ms=$((($(date +%s%N) - started) / 1000000))
echo "examples: $passed passed, $failed failed ($((ms / 1000)).$((ms % 1000 / 100)) s)"
[ "$failed" -eq 0 ]
