#!/usr/bin/env bash
# tests/tui/raw-servers.sh - obrol-client against servers that are not obrol.
#
# A student's first relay (tests/tui/raw_server.py relay: every line goes to
# every other client, nothing else is sent) and a server that accepts and never
# answers (raw_server.py silent). Two clients talk through the relay at 80x24:
# neither may pair the other's line with its own request, and the status bar
# must not pretend to know a nick or a head count. Against the silent server a
# request gets the no-answer diagnosis after CHAT_NO_ANSWER_MS (5 s), in English
# and in Indonesian, and its flow row is marked - not before 4 s.
#
# Run by tests/tui/run.sh (in the background, beside its own tests), or alone:
#   env -u TERM setsid bash tests/tui/raw-servers.sh < /dev/null
# Ends with "raw-servers: N passed, M failed" and a non-zero status on failure.
set -u

BIN=${OBROL_BIN:-bin}
BIN=$(cd "$BIN" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
SOCKET=obrol-raw-$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/obrol-raw.XXXXXX")
RAW_PIDS=()
passed=0
failed=0

tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }

cleanup() {
    tm kill-server >/dev/null 2>&1
    for pid in "${RAW_PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# screen WINDOW: what the client in that tmux window shows.
screen() { tm capture-pane -p -t "$1" 2>/dev/null; }
pass() { passed=$((passed + 1)); echo "ok    raw: $1"; }
fail() {
    failed=$((failed + 1)); echo "FAIL  raw: $1"
    echo "----- screen $2 -----"; screen "$2"; echo "------------------"
}

# wait_for WINDOW TEXT [TRIES]: poll the window (0.1 s apart) until TEXT (grep -E) shows.
wait_for() {
    for _ in $(seq "${3:-50}"); do
        screen "$1" | grep -Eq -- "$2" && return 0
        sleep 0.1
    done
    return 1
}

# start_raw MODE: raw_server.py MODE in the background; sets PORT to its port.
start_raw() {
    python3 "$HERE/raw_server.py" "$1" </dev/null >"$WORK/$1.out" 2>&1 &
    RAW_PIDS+=($!)
    for _ in $(seq 50); do
        PORT=$(sed -n 's/^port //p' "$WORK/$1.out" 2>/dev/null)
        [ -n "$PORT" ] && return 0
        sleep 0.1
    done
    return 1
}

# client WINDOW PORT ARGS...: obrol-client in a new 80x24 tmux window.
client() {
    local window=$1 port=$2
    shift 2
    tm new-window -d -t ":$window" \
        "env -u TMUX LANG=C.UTF-8 LANGUAGE= $BIN/obrol-client --port $port $*; sleep 30"
}

type_line() { tm send-keys -t ":$1" -l "$2"; tm send-keys -t ":$1" Enter; }

command -v python3 >/dev/null || { echo "raw-servers: python3 is missing"; echo "raw-servers: 0 passed, 1 failed"; exit 1; }
start_raw relay || { echo "raw-servers: the relay did not start"; echo "raw-servers: 0 passed, 1 failed"; exit 1; }
RELAY=$PORT
start_raw silent || { echo "raw-servers: the silent server did not start"; echo "raw-servers: 0 passed, 1 failed"; exit 1; }
SILENT=$PORT
tm new-session -d -x 80 -y 24 "sleep 60" || { echo "raw-servers: tmux did not start"; echo "raw-servers: 0 passed, 1 failed"; exit 1; }

# The silent server first: its 5 s run beside the relay's test.
client 3 "$SILENT" --nick budi
client 4 "$SILENT" --nick siti --lang id
started=$(date +%s%N)

# ---- The relay: the issue's case --------------------------------------------------------
client 1 "$RELAY"
client 2 "$RELAY" --nick budi
wait_for 1 'connected' && wait_for 2 'connected' || fail "both clients connect to the relay" 1
type_line 2 "/nick siti"
wait_for 1 'server sent "/nick siti"' || fail "the relay passes /nick siti on" 1
type_line 1 "halo semua"
wait_for 2 'server sent "halo semua"' || fail "the relay passes halo semua on" 2
type_line 2 "halo juga"
wait_for 1 'server sent "halo juga"' || fail "the relay passes halo juga on" 1

if screen 1 | grep -q 'the server sent: halo juga' && screen 2 | grep -q 'the server sent: halo semua'
then pass "message pane: relayed lines are what the server sent"
else fail "message pane: relayed lines are what the server sent" 1; fi
# no arrow from the server carries a round trip: nothing was paired
if ! screen 1 | grep -Eq '◀─.* [0-9]+\.[0-9]+ ms' && ! screen 2 | grep -Eq '◀─.* [0-9]+\.[0-9]+ ms'
then pass "flow pane: no relayed line is paired as a response"
else fail "flow pane: no relayed line is paired as a response" 2; fi
if wait_for 1 'server: not obrol \(raw lines\)' && wait_for 2 'server: not obrol \(raw lines\)' &&
    ! screen 1 | grep -Eq 'nick -|0 online' && ! screen 2 | grep -Eq 'nick -|0 online'
then pass "status bar: 'server: not obrol', no 'nick -' or '0 online'"
else fail "status bar: 'server: not obrol', no 'nick -' or '0 online'" 1; fi
if wait_for 2 'response is awaited'
then pass "explain line: a request to a raw server awaits no response"
else fail "explain line: a request to a raw server awaits no response" 2; fi
screen 1 >"${OBROL_RAW_CAPTURE:-/dev/null}"

# ---- The silent server: no answer for 5 s -------------------------------------------
wait_for 3 '"/nick budi"' || fail "the request to the silent server is sent" 3
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
if [ "$elapsed_ms" -lt 4000 ] && screen 3 | grep -q 'no answer'; then
    fail "the diagnosis waits for the limit (seen after ${elapsed_ms} ms)" 3
fi
if wait_for 3 'no answer for 5 s, and not one line from the server yet' 100 &&
    wait_for 3 '"/nick budi" 11 B ⚠ no answer for 5 s'
then pass "silent server: diagnosis in the explain line, flow row marked"
else fail "silent server: diagnosis in the explain line, flow row marked" 3; fi
if wait_for 4 'tidak ada jawaban selama 5 s' 30 && wait_for 4 '⚠ tak dijawab 5 s'
then pass "silent server: the diagnosis in Indonesian"
else fail "silent server: the diagnosis in Indonesian" 4; fi

echo "raw-servers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
