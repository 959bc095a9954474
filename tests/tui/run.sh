#!/usr/bin/env bash
# tests/tui/run.sh - drive the real obrol-client in tmux and read its screen.
#
# A private tmux server (its own socket, no config) runs a shell at a fixed
# size; send-keys types, capture-pane -p reads what is on the screen. The
# server under test is bin/obrol-server on a port the kernel picks; a second
# "person" is a raw TCP socket opened by bash itself (exec 3<>/dev/tcp/...).
# Every wait is bounded. Works without a controlling terminal and with TERM
# unset:   env -u TERM setsid bash tests/tui/run.sh < /dev/null
# Ends with "tui: N passed, M failed" and a non-zero status on failure.
set -u

BIN=${OBROL_BIN:-bin}
BIN=$(cd "$BIN" && pwd)
SOCKET=obrol-test-$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/obrol-tui.XXXXXX")
SERVER_PID=
PORT=0
passed=0
failed=0

tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }

cleanup() {
    exec 3>&- 2>/dev/null
    tm kill-server >/dev/null 2>&1
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() {
    failed=$((failed + 1)); echo "FAIL  $1"
    echo "----- screen -----"; tm capture-pane -p 2>/dev/null; echo "------------------"
}

screen() { tm capture-pane -p 2>/dev/null; }

# wait_for TEXT [TRIES]: poll the screen (0.1 s apart) until TEXT (grep -E) is on it.
wait_for() {
    local tries=${2:-50}
    for _ in $(seq "$tries"); do
        screen | grep -Eq -- "$1" && return 0
        sleep 0.1
    done
    return 1
}

# start_server [PORT]: obrol-server in the background; sets SERVER_PID and PORT.
start_server() {
    LANG=C "$BIN/obrol-server" --port "${1:-0}" --rate 0 --lang en >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 50); do
        if grep -q '127.0.0.1:' "$WORK/server.log" 2>/dev/null; then
            PORT=$(grep -oE '127\.0\.0\.1:[0-9]+' "$WORK/server.log" | head -n 1 | cut -d: -f2)
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# peer_wait TEXT: read lines from the raw socket (fd 3) until one contains TEXT.
peer_wait() {
    local line
    for _ in $(seq 30); do
        IFS= read -r -t 0.2 -u 3 line || continue
        case $line in *"$1"*) return 0 ;; esac
    done
    return 1
}

# peer_silent TEXT: true when no line with TEXT reaches the raw socket within 1 s.
peer_silent() {
    local line
    for _ in $(seq 5); do
        IFS= read -r -t 0.2 -u 3 line || continue
        case $line in *"$1"*) return 1 ;; esac
    done
    return 0
}

# count_on_screen TEXT: how many screen lines match TEXT (grep -E).
count_on_screen() { screen | grep -Ec -- "$1"; }

command -v tmux >/dev/null || { echo "tui: tmux is missing"; echo "tui: 0 passed, 1 failed"; exit 1; }
start_server || { echo "tui: the server did not start"; echo "tui: 0 passed, 1 failed"; exit 1; }

tm new-session -d -x 100 -y 30 "env -u TMUX LANG=C.UTF-8 PS1='$ ' bash --norc --noprofile" ||
    { echo "tui: tmux did not start"; echo "tui: 0 passed, 1 failed"; exit 1; }
tm set-option -g status off >/dev/null
wait_for '\$' 30
tm send-keys -l "$BIN/obrol-client --port $PORT --nick budi; echo \"EXIT=\$?\""
tm send-keys Enter

# 1. connecting, then connected with our nick
if wait_for 'connected .*nick budi'; then pass "status bar: connected as budi"; else fail "status bar: connected as budi"; fi

# 2. a message from another client appears
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf '/nick siti\nHalo dari siti, apa kabar? 日本 👍\n' >&3
if wait_for '<siti> Halo dari siti, apa kabar\? 日本 👍'; then pass "message from a raw socket client appears"
else fail "message from a raw socket client appears"; fi

# 3. a typed line reaches the other client
tm send-keys -l "halo siti, kabar baik"
tm send-keys Enter
if peer_wait "MSG budi halo siti, kabar baik"; then pass "typed line reaches the raw client"
else fail "typed line reaches the raw client"; fi

# 4. the flow pane shows the request and its response with a round-trip time
if wait_for '"halo siti, kabar baik" 22 B' && wait_for '"OK say .* [0-9]+\.[0-9]+ ms'; then
    pass "flow pane: request with bytes, response with RTT"
else fail "flow pane: request with bytes, response with RTT"; fi

# 5. resizing keeps everything
tm resize-window -x 60 -y 18
if wait_for 'Halo dari siti' && wait_for 'nick budi'; then pass "resize to 60x18 keeps the messages"
else fail "resize to 60x18 keeps the messages"; fi
tm resize-window -x 30 -y 8
if wait_for 'too small'; then pass "tiny terminal says it is too small"; else fail "tiny terminal says it is too small"; fi
tm resize-window -x 100 -y 30
tm send-keys -l "setelah resize"
tm send-keys Enter
if wait_for 'Halo dari siti' && wait_for '<budi> setelah resize' && peer_wait "MSG budi setelah resize"; then
    pass "back to 100x30: messages kept, typing works"
else fail "back to 100x30: messages kept, typing works"; fi

# 6. F4 inspects a flow row: escaped bytes and hex
tm send-keys F4
if wait_for 'inspect #' && wait_for 'hex  [0-9a-f]{2}( [0-9a-f]{2})*'; then pass "F4 shows raw bytes in hex"
else fail "F4 shows raw bytes in hex"; fi
tm send-keys Escape

# 7. /trickle: one line in several send()s; the other client gets it whole
tm send-keys -l "/trickle -s 4 -p 150 pelan-pelan saja"
tm send-keys Enter
if wait_for 'fragment 1/5' && wait_for 'fragment 5/5\) "\\n"' && wait_for '"OK say .* [0-9.]+ ms' &&
    [ "$(count_on_screen 'send\(\) [0-9]+ bytes \(fragment [0-9]/5\)')" -ge 3 ] &&
    wait_for '"pelan-pelan saja" 17 B in 5 sends'; then
    pass "/trickle: several send() rows for one request, its response paired"
else fail "/trickle: several send() rows for one request, its response paired"; fi
if peer_wait "MSG budi pelan-pelan saja"; then pass "/trickle: the peer receives the line whole"
else fail "/trickle: the peer receives the line whole"; fi

# 8. step mode: nothing leaves before Space; received bytes wait too
tm send-keys F5
if wait_for '│ ⏸ STEP'; then pass "F5: the status bar says STEP"; else fail "F5: the status bar says STEP"; fi
tm send-keys -l "langkah demi langkah"
tm send-keys Enter
if wait_for 'about to send\(\) 21 bytes "langkah demi langkah"' && peer_silent "langkah demi langkah"; then
    pass "step: a pending send row, and nothing reaches the peer"
else fail "step: a pending send row, and nothing reaches the peer"; fi
tm send-keys Space
if peer_wait "MSG budi langkah demi langkah"; then pass "step: Space sends it"
else fail "step: Space sends it"; fi
if wait_for 'recv\(\) returned [0-9]+ bytes "OK say' && wait_for 'Space frames them into lines'; then
    pass "step: the response waits as 'recv() returned N bytes'"
else fail "step: the response waits as 'recv() returned N bytes'"; fi
printf 'dari siti saat step\n' >&3
tm send-keys Space
if wait_for '"OK say .* [0-9.]+ ms' && wait_for 'recv\(\) returned [0-9]+ bytes "MSG siti dari' &&
    ! screen | grep -q '<siti> dari siti saat step'; then
    pass "step: Space applies the response; the next message waits"
else fail "step: Space applies the response; the next message waits"; fi
tm send-keys -l "+"
if wait_for '│ ⏸ slow 2 s' && wait_for '<siti> dari siti saat step' 40; then
    pass "step: + is slow motion, steps go by themselves"
else fail "step: + is slow motion, steps go by themselves"; fi
tm send-keys -l "-"
tm send-keys F5
if wait_for 'Step mode off' && ! screen | grep -q '⏸ STEP'; then pass "F5 again: step mode off"
else fail "F5 again: step mode off"; fi

# 9. F3: the topology, with the nicks around the server
tm send-keys F3
if wait_for 'obrol-server' && wait_for '│ +budi +│' && wait_for '│ +siti +│'; then
    pass "F3: topology with the server and the nicks"
else fail "F3: topology with the server and the nicks"; fi
printf 'jalan pesan\n' >&3
if wait_for 'siti → server → everyone else'; then pass "F3: the path of the latest message"
else fail "F3: the path of the latest message"; fi
tm send-keys F3
if wait_for '<siti> jalan pesan'; then pass "F3 again: back to the messages"
else fail "F3 again: back to the messages"; fi

# 10. the server goes away and comes back on the same port
exec 3>&-
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=
if wait_for 'disconnected'; then pass "server killed: disconnected is shown"; else fail "server killed: disconnected is shown"; fi
old_port=$PORT
start_server "$old_port"
if [ "$PORT" = "$old_port" ] && wait_for '● connected' 100; then pass "client reconnects when the server returns"
else fail "client reconnects when the server returns"; fi

# 11. /quit leaves with status 0 and gives the terminal back
tm send-keys -l "/quit sampai jumpa"
tm send-keys Enter
if wait_for '^EXIT=0' 50; then pass "/quit exits with status 0"; else fail "/quit exits with status 0"; fi
tm send-keys -l "echo shell-is-back-\$((40 + 2))"
tm send-keys Enter
if wait_for '^shell-is-back-42' 30; then pass "the shell prompt works after /quit"
else fail "the shell prompt works after /quit"; fi

# 12. --step starts in step mode
tm send-keys -l "$BIN/obrol-client --port $PORT --nick eko --step; echo \"EXIT=\$?\""
tm send-keys Enter
# (Space sends /nick; its answer shows who we are; /who follows, and its answer
# waits for one more Space.)
if wait_for 'STEP, 1 waiting.*connected .*nick - ' 50 && tm send-keys Space &&
    wait_for 'nick eko' && tm send-keys Space &&
    wait_for 'STEP │.*nick eko'; then pass "--step: starts in step mode (the nick comes with a step)"
else fail "--step: starts in step mode (the nick comes with a step)"; fi
tm send-keys -l "/quit"
tm send-keys Enter
if wait_for '^EXIT=0' 50; then pass "--step: /quit still leaves at once"
else fail "--step: /quit still leaves at once"; fi

# 13. Ctrl-C: the client leaves with status 0 and gives the terminal back as it was
tm send-keys -l "clear; $BIN/obrol-client --port $PORT --nick fajar; echo \"EXIT=\$?\""
tm send-keys Enter
if wait_for 'connected .*nick fajar' 50 && tm send-keys C-c && wait_for '^EXIT=0' 50; then
    pass "Ctrl-C exits with status 0"
else fail "Ctrl-C exits with status 0"; fi
tm send-keys -l "stty -a | grep -o -- '-\?icanon' | head -n 1 | sed 's/^/MODE=/'"
tm send-keys Enter
if wait_for '^MODE=icanon' 30; then pass "Ctrl-C restores the terminal (canonical mode again)"
else fail "Ctrl-C restores the terminal (canonical mode again)"; fi

echo "tui: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
