# shellcheck shell=bash
# tests/lib/server.sh - start obrol-server from a test script and learn its port.
# Sourced by tests/bench/run.sh, tests/soak/run.sh and tests/system/run.sh.

# obrol_start_server LOG COMMAND...: run COMMAND (obrol-server with its options,
# perhaps behind taskset) in the background with its output in LOG, in English,
# and wait (at most 5 s) for its ready line. Sets server_pid and server_port;
# returns 1, with the log on stderr, if the server did not start.
obrol_start_server() {
    local log=$1; shift
    LC_ALL=C LANGUAGE="" "$@" </dev/null >"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 50); do
        server_port=$(sed -n 's/^Server ready to accept connections on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")
        [ -n "$server_port" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "the server did not start:" >&2
    cat "$log" >&2
    server_pid=""
    return 1
}
