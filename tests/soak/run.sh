#!/usr/bin/env bash
# The soak test: start a fresh obrol-server, let obrol-soak loose on it, and
# check that the server is still alive and exits cleanly afterwards.
#
#   make soak                                      (builds both, then runs this)
#   SOAK_SECONDS=60 SOAK_RATE0_SECONDS=0 bash tests/soak/run.sh
#
# Two phases, each against its own fresh server:
#   1. SOAK_SECONDS (default 300) with the server's default limits: flooders
#      are throttled to 5 lines/s after a burst of 20, the classroom case;
#   2. SOAK_RATE0_SECONDS (default 60; 0 skips it) with --rate 0: no throttle.
#
# Environment: OBROL_BIN (directory of obrol-server, default bin), SOAK_TOOL,
# SOAK_SEED (repeat a run), SOAK_LOG_DIR (keep the logs there). Exit status 0
# when every phase passed; 1 otherwise. Only 127.0.0.1 is used.
set -u

bin=${OBROL_BIN:-bin}
tool=${SOAK_TOOL:-build/release/tests/obrol-soak}
seconds=${SOAK_SECONDS:-300}
rate0_seconds=${SOAK_RATE0_SECONDS:-60}
seed=${SOAK_SEED:-$(date +%s)}
server=$bin/obrol-server

for program in "$server" "$tool"; do
    [ -x "$program" ] || { echo "run.sh: $program is missing; run: make soak" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/obrol-soak.XXXXXX")
cp "$server" "$work/obrol-server" || exit 1   # a rebuild meanwhile cannot change it
server=$work/obrol-server
server_pid=""
server_port=""
failed=0

cleanup() {
    if [ -n "$server_pid" ]; then
        kill -KILL "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    if [ -n "${SOAK_LOG_DIR:-}" ]; then
        mkdir -p "$SOAK_LOG_DIR" && cp "$work"/*.log "$work"/*.out "$SOAK_LOG_DIR"/ 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME ARGS...: a fresh server on a free port (sets server_pid, server_port).
. "$(dirname "$0")/../lib/server.sh"
start_server() {
    local log=$work/$1-server.log; shift
    obrol_start_server "$log" "$server" --port 0 -q "$@"
}

# stop_server NAME: SIGTERM must make it exit with status 0 within 5 s.
stop_server() {
    local status
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "  FAIL: the server died during the run"
        wait "$server_pid"; echo "  (exit status $?)"
        server_pid=""
        return 1
    fi
    kill -TERM "$server_pid"
    for _ in $(seq 50); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
        echo "  FAIL: the server did not stop within 5 s of SIGTERM"
        kill -KILL "$server_pid"
        wait "$server_pid" 2>/dev/null
        server_pid=""
        return 1
    fi
    wait "$server_pid"; status=$?
    server_pid=""
    if [ "$status" -ne 0 ]; then
        echo "  FAIL: the server exited with status $status after SIGTERM"
        return 1
    fi
    return 0
}

# value FILE KEY: one key=value from the tool's output.
value() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# phase NAME SECONDS RATE [SERVER ARGS...]
phase() {
    local name=$1 secs=$2 rate=$3; shift 3
    local out=$work/$name.out
    echo "== soak phase $name: ${secs} s, server --rate $rate, seed $seed"
    start_server "$name" "$@" || { failed=1; return; }
    "$tool" --port "$server_port" --server-pid "$server_pid" --seconds "$secs" --rate "$rate" \
        --seed "$seed" >"$out" 2>"$work/$name-tool.log"
    local rc=$?
    local ok=1
    stop_server || ok=0
    if grep -qE 'ERROR: AddressSanitizer|runtime error|ERROR: LeakSanitizer' "$work/$name-server.log"; then
        echo "  FAIL: the sanitizers reported an error:"; sed 's/^/    /' "$work/$name-server.log" | head -40
        ok=0
    fi
    [ $rc -eq 0 ] || ok=0
    printf '  load: %s connections/s, %s lines/s sent, %s lines/s received\n' \
        "$(value "$out" connects_per_s)" "$(value "$out" lines_sent_per_s)" "$(value "$out" lines_received_per_s)"
    printf '  sessions: chat %s, quit %s, vanish-close %s, vanish-reset %s, flood %s, stop-reading %s, junk %s\n' \
        "$(value "$out" sessions_chat)" "$(value "$out" sessions_quit)" "$(value "$out" sessions_vanish_close)" \
        "$(value "$out" sessions_vanish_reset)" "$(value "$out" sessions_flood)" \
        "$(value "$out" sessions_stop_reading)" "$(value "$out" sessions_junk)"
    printf '  messages: %s acked, %s (message, observer) pairs checked: lost %s, duplicates %s, out of order %s, corrupted %s\n' \
        "$(value "$out" messages_acked)" "$(value "$out" checked)" "$(value "$out" lost)" \
        "$(value "$out" duplicates)" "$(value "$out" out_of_order)" "$(value "$out" corrupted)"
    printf '  server: max RSS %s KiB (first %s, last %s); /ping p99 %s us, max %s us, late %s\n' \
        "$(value "$out" rss_max_kib)" "$(value "$out" rss_first_kib)" "$(value "$out" rss_last_kib)" \
        "$(value "$out" ping_p99_us)" "$(value "$out" ping_max_us)" "$(value "$out" pings_late)"
    if [ $rc -ne 0 ]; then
        echo "  FAIL: obrol-soak exited with status $rc ($([ $rc -eq 2 ] && echo 'a check failed' || echo 'could not run'))"
        grep -vE '^(seed|seconds|rate|clients|observers)=' "$out" | sed 's/^/    /'
        echo "  the tool's complaints (first 30):"
        head -n 30 "$work/$name-tool.log" | sed 's/^/    /'
    fi
    if [ $ok -eq 1 ]; then echo "  PASS"; else failed=1; fi
}

phase default "$seconds" 5
if [ "$rate0_seconds" -gt 0 ]; then
    phase rate0 "$rate0_seconds" 0 --rate 0
fi
if [ $failed -ne 0 ]; then
    echo "run.sh: soak FAILED (rerun with SOAK_SEED=$seed; SOAK_LOG_DIR=DIR keeps the logs)"
    exit 1
fi
echo "run.sh: soak passed"
exit 0
