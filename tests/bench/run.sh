#!/usr/bin/env bash
# The benchmark: start a fresh obrol-server per run, drive it with obrol-bench,
# and print a table of the median figures against the targets in
# docs/performance.md.
#
#   make bench                          (builds both programs, then runs this)
#   BENCH_RUNS=5 bash tests/bench/run.sh
#
# Environment: OBROL_BIN (directory of obrol-server, default bin), BENCH_TOOL
# (the load generator), BENCH_RUNS (runs per scenario, default 3), BENCH_IDLE_SECONDS
# (default 10). Scenarios (e) and (f) run the server in a pane of a private tmux
# server (skipped without tmux). Exit status: 0 when every run completed without losing a message,
# even if a target was missed (this is a measurement, not a test); 1 when the
# server or the tool failed, or a message was lost, duplicated or reordered.
set -u

bin=${OBROL_BIN:-bin}
tool=${BENCH_TOOL:-build/release/tests/obrol-bench}
runs=${BENCH_RUNS:-3}
idle_seconds=${BENCH_IDLE_SECONDS:-10}
server=$bin/obrol-server

for program in "$server" "$tool"; do
    [ -x "$program" ] || { echo "run.sh: $program is missing; run: make bench" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/obrol-bench.XXXXXX")
# Every run uses this copy, so that a rebuild during the benchmark cannot change it.
cp "$server" "$work/obrol-server" || exit 1
server=$work/obrol-server
server_pid=""
server_port=""
failed=0
# Commands put before the server and the tool: "taskset -c N" to choose their CPU.
server_cpu=""
tool_cpu=""
# (e), (f): the server's terminal is a tmux pane (its own tmux server); how to start it.
tmux_socket="obrol-bench-$$"
starter=start_server

# ---- The server ----------------------------------------------------------------

stop_server() {
    [ -n "$server_pid" ] || return 0
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 50); do                      # at most 5 s, then no more politeness
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=""
}

cleanup() {
    stop_server
    tmux -L "$tmux_socket" kill-server 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Start a fresh server on a free port; sets server_pid and server_port.
. "$(dirname "$0")/../lib/server.sh"
start_server() {
    # $server_cpu (taskset) is meant to split into words, hence no quotes
    # shellcheck disable=SC2086
    obrol_start_server "$work/server.log" $server_cpu "$server" --port 0 --rate 0 -q
}

# shellcheck disable=SC2317 # called through $starter
# start_server_in_pane [-s] ARGS...: the server in a tmux pane (120x40) with its
# output on the pane, not in a file; -s: the pane is paused first, as Ctrl-S does.
start_server_in_pane() {
    local pause=0 tm="tmux -L $tmux_socket -f /dev/null"
    [ "$1" = -s ] && { pause=1; shift; }
    $tm kill-session -t bench 2>/dev/null
    $tm new-session -d -s bench -x 120 -y 40 "exec $server --bind 127.0.0.1 --port 0 --rate 0 --lang en $*" ||
        return 1
    server_pid=$($tm display-message -p -t bench '#{pane_pid}')
    for _ in $(seq 50); do
        server_port=$($tm capture-pane -p -S -100 -t bench |
            sed -n 's/^Server ready to accept connections on 127\.0\.0\.1:\([0-9]*\)$/\1/p' | head -n 1)
        [ -n "$server_port" ] && break
        sleep 0.1
    done
    [ -n "$server_port" ] || { echo "the server did not start in tmux" >&2; server_pid=""; return 1; }
    [ "$pause" = 0 ] && return 0
    $tm send-keys -t bench C-s
    sleep 0.2 # tmux has passed the key to the terminal
}
# shellcheck disable=SC2317 # called through $starter
start_paused_verbose() { start_server_in_pane -s -v; }
# shellcheck disable=SC2317
start_pane_verbose() { start_server_in_pane -v; }
# shellcheck disable=SC2317
start_pane_quiet() { start_server_in_pane -q; }

# ---- One run of the tool ---------------------------------------------------------

# run_tool NAME ARGS...: one run against a fresh server; the key=value output is
# kept in $work/NAME.N for median(). Prints the tool's summary line.
run_tool() {
    local name=$1; shift
    local out=$work/$name.$((++count))
    "$starter" || { failed=1; return 1; }
    local extra=()
    [ "$name" = idle ] && extra=(--server-pid "$server_pid")
    local start
    start=$(date +%s%N)
    $tool_cpu "$tool" --port "$server_port" "$@" "${extra[@]}" >"$out" 2>"$out.err"
    local rc=$?
    echo "wall_ms=$((($(date +%s%N) - start) / 1000000))" >>"$out" # connecting included
    stop_server
    printf '  %s\n' "$(head -n 1 "$out")"
    if [ $rc -ne 0 ]; then
        sed 's/^/    /' "$out.err"
        echo "  run.sh: obrol-bench exited with status $rc ($([ $rc -eq 2 ] && echo 'messages lost or wrong' || echo 'could not run'))"
        failed=1
    fi
}

# median NAME KEY: the median of KEY over the runs of NAME ("?" if none).
median() {
    cat "$work/$1".[0-9]* 2>/dev/null | sed -n "s/^$2=//p" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print "?"; else if (NR % 2) print v[(NR + 1) / 2];
                                  else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# total NAME KEY: the sum over the runs (for counts that must be 0 in every run).
total() {
    cat "$work/$1".[0-9]* 2>/dev/null | sed -n "s/^$2=//p" | awk '{ s += $1 } END { print s + 0 }'
}

# ---- The scenarios ------------------------------------------------------------------

echo "obrol benchmark: $runs run(s) per scenario, a fresh server each time ($(nproc) CPUs)"
count=0
echo "(a) relay, 50 clients x 500 messages"
for _ in $(seq "$runs"); do run_tool relay50 --mode relay --clients 50 --messages 500; done
count=0
echo "(b) relay, 200 clients x 100 messages"
for _ in $(seq "$runs"); do run_tool relay200 --mode relay --clients 200 --messages 100; done
# One message in flight: the time is mostly the kernel waking the other process,
# which costs far more when it sleeps on another CPU. Left to the scheduler, a
# run lands on one CPU or two by chance, so both placements are fixed and shown.
count=0
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    echo "(c) ping-pong, 2 clients, 20000 round trips; server on CPU 0, clients on CPU 1"
    server_cpu="taskset -c 0" tool_cpu="taskset -c 1"
    for _ in $(seq "$runs"); do run_tool pingpong --mode pingpong --messages 20000; done
    count=0
    echo "(c') the same, server and clients sharing CPU 0"
    server_cpu="taskset -c 0" tool_cpu="taskset -c 0"
    for _ in $(seq "$runs"); do run_tool pingpong1cpu --mode pingpong --messages 20000; done
    server_cpu="" tool_cpu=""
else
    echo "(c) ping-pong, 2 clients, 20000 round trips"
    for _ in $(seq "$runs"); do run_tool pingpong --mode pingpong --messages 20000; done
fi
count=0
echo "(d) 900 idle clients for $idle_seconds s"
for _ in $(seq "$runs"); do run_tool idle --mode idle --clients 900 --seconds "$idle_seconds"; done
# The server's own terminal is a tmux pane: paused with Ctrl-S (e), or showing
# everything -v narrates (f). Neither may slow the class down much, nor stop it.
if command -v tmux >/dev/null; then
    count=0
    echo "(e) -v to a paused terminal (tmux pane, Ctrl-S): relay, 10 clients x 200 messages"
    starter=start_paused_verbose
    for _ in $(seq "$runs"); do run_tool paused --mode relay --clients 10 --messages 200 --deadline 10; done
    echo "(f) -v and -q to a tmux pane: relay, 50 clients x 500 messages, alternately"
    count=0
    for _ in $(seq "$runs"); do
        starter=start_pane_verbose
        run_tool pane_v --mode relay --clients 50 --messages 500
        starter=start_pane_quiet
        run_tool pane_q --mode relay --clients 50 --messages 500
    done
    starter=start_server
else
    echo "(e), (f): skipped, tmux is not installed"
fi

# ---- The table ------------------------------------------------------------------------

# row SCENARIO MEASURE VALUE UNIT COMPARISON TARGET: one line, PASS or MISS.
row() {
    local verdict
    verdict=$(awk -v v="$3" -v op="$5" -v t="$6" 'BEGIN {
        if (v == "?") { print "MISS"; exit }
        ok = (op == "<=") ? v <= t : (op == ">=") ? v >= t : (op == "<") ? v < t : v == t
        print ok ? "PASS" : "MISS" }')
    printf '%-34s %-24s %12s %-5s  %-3s %-9s %s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$verdict"
}

# Scale a value (awk does the arithmetic): scale VALUE DIVISOR DECIMALS
scale() {
    awk -v v="$1" -v d="$2" -v n="$3" 'BEGIN { if (v == "?") print "?"; else printf "%.*f\n", n, v / d }'
}

echo
echo "Results: median of $runs run(s); lost, duplicates and out-of-order are totals over all runs."
printf '%-34s %-24s %12s %-5s  %-13s %s\n' "scenario" "measure" "measured" "" "target" "result"
row "(a) relay 50 clients x 500 msgs" "lost" "$(total relay50 lost)" "" "==" 0
row "" "out of order" "$(total relay50 out_of_order)" "" "==" 0
row "" "deliveries per second" "$(scale "$(median relay50 deliveries_per_s)" 1e6 2)" "M/s" ">=" 3.5
row "" "latency p50" "$(scale "$(median relay50 latency_p50_us)" 1000 3)" "ms" "<=" 3
row "(b) relay 200 clients x 100 msgs" "lost" "$(total relay200 lost)" "" "==" 0
row "" "deliveries per second" "$(scale "$(median relay200 deliveries_per_s)" 1e6 2)" "M/s" ">=" 4
row "(c) ping-pong, 2 clients, 2 CPUs" "round trip p99" "$(scale "$(median pingpong rtt_p99_us)" 1000 3)" "ms" "<" 0.2
[ -e "$work/pingpong1cpu.1" ] &&
    row "(c') the same on 1 CPU" "round trip p99" "$(scale "$(median pingpong1cpu rtt_p99_us)" 1000 3)" "ms" "<" 0.2
row "(d) 900 idle clients, ${idle_seconds} s" "server CPU time" "$(median idle cpu_seconds)" "s" "<=" 0.00
row "" "memory per client" "$(median idle kib_per_client)" "KiB" "<=" 2
if [ -e "$work/paused.1" ]; then
    # A run that failed printed no counts: what it did not deliver is lost too.
    row "(e) -v, terminal paused, 10 x 200" "lost" "$((runs * 18000 - $(total paused delivered)))" "" "==" 0
    row "" "time (connect + relay)" "$(scale "$(median paused wall_ms)" 1000 3)" "s" "<" 2
    v=$(median pane_v deliveries_per_s) q=$(median pane_q deliveries_per_s)
    row "(f) -v to a tmux pane, 50 x 500" "throughput -v / -q" \
        "$(awk -v v="$v" -v q="$q" 'BEGIN { if (v == "?" || q == "?" || q == 0) print "?"; else printf "%.0f\n", 100 * v / q }')" \
        "%" ">=" 50
fi
echo
echo "Also measured (medians): (a) p99 $(scale "$(median relay50 latency_p99_us)" 1000 3) ms," \
     "max $(scale "$(median relay50 latency_max_us)" 1000 3) ms;" \
     "(b) p50 $(scale "$(median relay200 latency_p50_us)" 1000 3) ms;" \
     "(c) p50 $(scale "$(median pingpong rtt_p50_us)" 1000 3) ms," \
     "one way p50 $(scale "$(median pingpong oneway_p50_us)" 1000 3) ms," \
     "/ping p99 $(scale "$(median pingpong ping_p99_us)" 1000 3) ms"
[ -e "$work/paused.1" ] &&
    echo "(e) relay alone $(scale "$(median paused seconds)" 0.001 1) ms;" \
         "(f) -v $(scale "$(median pane_v deliveries_per_s)" 1e6 2) M/s," \
         "-q $(scale "$(median pane_q deliveries_per_s)" 1e6 2) M/s"

dup=$(( $(total relay50 duplicates) + $(total relay200 duplicates) ))
if [ "$dup" -ne 0 ]; then
    echo "run.sh: $dup duplicate deliveries"
    failed=1
fi
if [ $failed -ne 0 ]; then
    echo "run.sh: FAILED: a run did not complete, or messages were lost or wrong (see above)"
    exit 1
fi
exit 0
