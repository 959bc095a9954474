#!/usr/bin/env bash
# Run test programs, several at once, show their output in the order given, and
# close with one line that sums up Check's counts: "N passed, N failed".
# Usage: tests/run-tests.sh LABEL PROGRAM...
#
# Each program is independent (its own servers on ephemeral ports), so up to
# OBROL_TEST_JOBS of them (default: the number of CPUs) run at the same time.
# Under valgrind (OBROL_VALGRIND=1) they run one at a time: each valgrind'd
# server is slow enough on its own.
set -u
label=$1; shift
jobs=${OBROL_TEST_JOBS:-$(nproc)}
[ "${OBROL_VALGRIND:-0}" = 1 ] && jobs=1
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

running=0; index=0
for program in "$@"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    index=$((index + 1))
    ( "$program" >"$results/$index.out" 2>&1; echo $? >"$results/$index.rc" ) &
    running=$((running + 1))
done
wait

passed=0; failed=0; status=0; index=0
for program in "$@"; do
    index=$((index + 1))
    output=$(cat "$results/$index.out"); rc=$(cat "$results/$index.rc")
    printf '%s\n' "$output"
    summary=$(printf '%s\n' "$output" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
    if [ -n "$summary" ]; then
        checks=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<<"$summary")
        bad=$(sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2/' <<<"$summary")
        bad=$(( ${bad% *} + ${bad#* } ))
        passed=$(( passed + checks - bad )); failed=$(( failed + bad ))
    elif [ "$rc" -ne 0 ]; then
        failed=$(( failed + 1 ))
    fi
    [ "$rc" -eq 0 ] || { echo "FAILED: $program (exit $rc)"; status=1; }
done
echo "$label: $passed passed, $failed failed"
exit $status
