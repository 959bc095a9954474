#!/usr/bin/env bash
# tests/docs/examples.sh - the worksheet's "write your own server" path holds:
# every step in docs/examples/python passes what docs/worksheet.md (Part B) says
# it passes, and fails exactly what the next step fixes, as obrol-check grades
# it (--quick --json). The skeletons are valid Python. Closes with
# "examples: N passed, M failed". The steps are graded side by side.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${OBROL_BIN:-bin}
CHECK=$BIN/obrol-check
STEPS=docs/examples/python
scratch=$(mktemp -d "${TMPDIR:-/tmp}/obrol-examples.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
passed=0; failed=0

# name | server file | profile | the checks that fail (sorted, comma-separated)
CASES="
step1|step1_select_relay.py|relay|fd-limit,half-line-blocks-none,slow-reader,split-line,utf8-split
step2|step2_lines.py|relay|fd-limit,slow-reader
step3|step3_queues.py|relay|
step3-reply|step3_queues.py|reply|no-newline,reply
step4|step4_lesson_client.py|relay|
step4-reply|step4_lesson_client.py|reply|
"

# The failing ids of a --json report, sorted and comma-separated; "error: …" if
# the report cannot be read.
failing_ids() {
    python3 - "$1" <<'PY'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
    print(",".join(sorted(c["id"] for c in report["checks"] if c["result"] == "fail")))
except Exception as e:  # the report itself is wrong: say so
    print(f"error: {e}")
PY
}

while IFS='|' read -r name file profile _; do
    [ -n "$name" ] || continue
    timeout 120 "$CHECK" --quick --json --profile "$profile" \
        --spawn "python3 $STEPS/$file {port}" >"$scratch/$name.json" 2>"$scratch/$name.err" &
done <<<"$CASES"
wait

while IFS='|' read -r name file profile expected; do
    [ -n "$name" ] || continue
    got=$(failing_ids "$scratch/$name.json")
    if [ "$got" = "$expected" ]; then
        echo "ok    $name ($file, $profile): fails {${expected}}"; passed=$((passed + 1))
    else
        echo "FAIL  $name ($file, $profile): expected to fail {${expected}}, failed {${got}}"
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

echo "examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
