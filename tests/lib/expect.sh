# shellcheck shell=bash
# tests/lib/expect.sh - one checked command at a time, for the shell tests.
# Sourced by tests/lint/test-*.sh.

passed=0
failed=0

# expect "description" STATUS EXPECTED-OUTPUT -- COMMAND...: run COMMAND and
# check both its exit status and its whole output (stdout and stderr).
expect() {
    local what=$1 want_status=$2 want_output=$3 output status
    shift 4
    output=$("$@" 2>&1); status=$?
    if [ "$status" -eq "$want_status" ] && [ "$output" = "$want_output" ]; then
        echo "ok    $what"
        passed=$((passed + 1))
    else
        echo "FAIL  $what (exit $status, wanted $want_status)"
        diff <(echo "$want_output") <(echo "$output") | sed 's/^/      /'
        failed=$((failed + 1))
    fi
}

# expect_summary NAME: print "NAME: N passed, N failed"; false if any failed.
expect_summary() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
