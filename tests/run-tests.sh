#!/usr/bin/env bash
# Run test programs one after another, show their output, and close with one
# line that sums up Check's counts: "N passed, N failed".
# Usage: tests/run-tests.sh LABEL PROGRAM...
set -u
label=$1; shift
passed=0; failed=0; status=0
for program in "$@"; do
    output=$("$program" 2>&1); rc=$?
    printf '%s\n' "$output"
    summary=$(printf '%s\n' "$output" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
    if [ -n "$summary" ]; then
        checks=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<<"$summary")
        bad=$(sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2/' <<<"$summary")
        bad=$(( ${bad% *} + ${bad#* } ))
        passed=$(( passed + checks - bad )); failed=$(( failed + bad ))
    elif [ $rc -ne 0 ]; then
        failed=$(( failed + 1 ))
    fi
    [ $rc -eq 0 ] || { echo "FAILED: $program (exit $rc)"; status=1; }
done
echo "$label: $passed passed, $failed failed"
exit $status
