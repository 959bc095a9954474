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
STEP_PID=  # a second server, in step mode; the test types its keys into fd 4
STEP_PORT=0
passed=0
failed=0

tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }

cleanup() {
    exec 3>&- 4>&- 5>&- 2>/dev/null
    tm kill-server >/dev/null 2>&1
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [ -n "$STEP_PID" ] && kill "$STEP_PID" 2>/dev/null && wait "$STEP_PID" 2>/dev/null
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

# peer_wait TEXT [FD]: read lines from a raw socket (fd 3) until one contains TEXT.
peer_wait() {
    local line
    for _ in $(seq 30); do
        IFS= read -r -t 0.2 -u "${2:-3}" line || continue
        case $line in *"$1"*) return 0 ;; esac
    done
    return 1
}

# peer_silent TEXT [FD]: true when no line with TEXT reaches a raw socket (fd 3) within 1 s.
peer_silent() {
    local line
    for _ in $(seq 5); do
        IFS= read -r -t 0.2 -u "${2:-3}" line || continue
        case $line in *"$1"*) return 1 ;; esac
    done
    return 0
}

# count_on_screen TEXT: how many screen lines match TEXT (grep -E).
count_on_screen() { screen | grep -Ec -- "$1"; }

command -v tmux >/dev/null || { echo "tui: tmux is missing"; echo "tui: 0 passed, 1 failed"; exit 1; }
start_server || { echo "tui: the server did not start"; echo "tui: 0 passed, 1 failed"; exit 1; }
# The client against servers that are not obrol runs beside these tests (its own tmux).
bash "$(dirname "$0")/raw-servers.sh" </dev/null >"$WORK/raw-servers.out" 2>&1 &
RAW_PID=$!

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
# waits for one more Space. Until a line is framed the bar claims no nick.)
if wait_for 'STEP, 1 waiting.*connected .*server: not heard from yet' 50 && tm send-keys Space &&
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

# ---- The client tells the truth about the server, at every size ----------------------

# start_step_server: obrol-server --step whose standard input is a pipe on fd 4 (its
# keys: c runs freely, s pauses again, /mute NICK), running freely; sets STEP_PORT.
start_step_server() {
    mkfifo "$WORK/keys" && exec 4<>"$WORK/keys" || return 1
    LANG=C "$BIN/obrol-server" --port 0 --rate 0 --lang en --step <"$WORK/keys" \
        >"$WORK/step.log" 2>&1 &
    STEP_PID=$!
    for _ in $(seq 50); do
        STEP_PORT=$(grep -oE '127\.0\.0\.1:[0-9]+' "$WORK/step.log" 2>/dev/null | head -n 1 | cut -d: -f2)
        [ -n "$STEP_PORT" ] && { echo c >&4; return 0; }
        sleep 0.1
    done
    return 1
}

# joined_screen: the screen as one line (wrapped lines joined, runs of spaces squeezed).
joined_screen() { screen | tr '\n' ' ' | tr -s ' '; }

# wait_for_joined TEXT: like wait_for, over joined_screen (TEXT may be wrapped).
wait_for_joined() {
    for _ in $(seq "${2:-50}"); do
        joined_screen | grep -Fq -- "$1" && return 0
        sleep 0.1
    done
    return 1
}

# wait_for_joined_order FIRST THEN: wait until THEN is on the joined screen after FIRST.
wait_for_joined_order() {
    for _ in $(seq 50); do
        joined_screen | grep -Fq -- "$1" && joined_screen | sed "s|.*$1||" | grep -Fq -- "$2" &&
            return 0
        sleep 0.1
    done
    return 1
}

# wait_gone TEXT: poll until TEXT (grep -E) is no longer on the screen.
wait_gone() {
    for _ in $(seq 50); do
        screen | grep -Eq -- "$1" || return 0
        sleep 0.1
    done
    return 1
}

# message_rows_filled: true when no row of the message pane is empty (the rows between
# the status bar and the flow pane's heading, or the explain line; left of a "│").
message_rows_filled() {
    local line left
    while IFS= read -r line; do
        case $line in "  client "*" server"* | " ⓘ "*) return 0 ;; esac
        left=${line%%│*}
        [ -n "${left// /}" ] || return 1
    done < <(screen | tail -n +2)
    return 0
}

# inspected_hex_bytes: how many bytes the inspector's hex shows, up to and including a
# final 0a; nothing when no hex line ends with 0a.
inspected_hex_bytes() {
    screen | sed 's/.*│//' | sed -n '/^ hex  /,/ 0a *$/p' | grep -q ' 0a *$' || return 0
    screen | sed 's/.*│//' | sed -n '/^ hex  /,/ 0a *$/p' | grep -oE '\b[0-9a-f]{2}\b' | wc -l
}

# resize_terminal COLS ROWS: resize the window, and wait until the shell's terminal has
# the new size (tmux resizes a little later: a program started at once may be drawn on
# rows tmux does not have yet).
resize_terminal() {
    tm resize-window -x "$1" -y "$2"
    for _ in $(seq 20); do
        tm send-keys -l "clear; stty size"
        tm send-keys Enter
        wait_for "^$2 $1\$" 5 && return 0
    done
    return 1
}

# truth_at COLSxROWS: own lines pending, confirmed and refused; the whole hex of a
# 65-byte line; PgUp x3; a nick kept over /reconnect; LEAVE after /quit; cut lines end
# with "…". (Needs the step server and the shell prompt in the tmux window.)
truth_at() {
    local size=$1 cols=${1%x*} rows=${1#*x}
    local nick=ani$cols peer=dewi$cols text
    resize_terminal "$cols" "$rows" || { fail "$size: the terminal is resized"; return; }
    tm send-keys -l "clear; $BIN/obrol-client --port $STEP_PORT --nick $nick; echo \"EXIT=\$?\""
    tm send-keys Enter
    wait_for "connected .*nick $nick" || { fail "$size: the client connects"; return; }
    exec 5<>"/dev/tcp/127.0.0.1/$STEP_PORT"
    printf '/nick %s\n' "$peer" >&5
    wait_for "is now known as $peer" || { fail "$size: a second person joins"; return; }

    # The server is paused: our line waits for its OK; then it runs, and the OK comes.
    echo s >&4
    sleep 0.3
    tm send-keys -l "menunggu server"
    tm send-keys Enter
    if wait_for "<$nick> menunggu server … waiting for the server's OK" && peer_silent "menunggu" 5
    then pass "$size: own line pending (…) while the server is paused"
    else fail "$size: own line pending (…) while the server is paused"; fi
    echo c >&4
    if peer_wait "MSG $nick menunggu server" 5 && wait_gone "waiting for the server's OK" &&
        wait_for "<$nick> menunggu server"; then
        pass "$size: the server's OK confirms it"
    else fail "$size: the server's OK confirms it"; fi

    # Muted by the teacher: the line is refused, with the reason.
    echo "/mute $nick" >&4
    wait_for "has muted you"
    tm send-keys -l "diam"
    tm send-keys Enter
    if wait_for_joined "<$nick> diam ✗ refused by the server: The teacher has muted you" &&
        peer_silent "diam" 5; then pass "$size: a muted line is shown refused, with the reason"
    else fail "$size: a muted line is shown refused, with the reason"; fi
    echo "/unmute $nick" >&4
    wait_for "has unmuted you"

    # F4 on a 65-byte line: every byte in hex, the final 0a too.
    text="Baris ini panjangnya pas lima puluh lima karakter ya!!!" # MSG dewiNN + 53..55
    text=${text:0:$((55 - ${#peer} + 4))}
    printf '%s\n' "$text" >&5
    wait_for "<$peer> Baris ini"
    tm send-keys F4
    if wait_for 'inspect #[0-9]+ event .* 65 bytes' && [ "$(inspected_hex_bytes)" = 65 ]; then
        pass "$size: F4 shows all 65 bytes in hex, the final 0a too"
    else fail "$size: F4 shows all 65 bytes in hex, the final 0a too"; fi
    tm send-keys Escape

    # PgUp three times: the oldest page, and no empty row below it.
    tm send-keys -l "/clear"
    tm send-keys Enter
    for i in $(seq -w 1 "$rows"); do printf 'baris %s\n' "$i" >&5; done
    wait_for "<$peer> baris $rows"
    tm send-keys PPage PPage PPage
    sleep 0.3
    if wait_for "<$peer> baris 01" && message_rows_filled; then
        pass "$size: PgUp x3 stops at the oldest page, no empty rows"
    else fail "$size: PgUp x3 stops at the oldest page, no empty rows"; fi
    tm send-keys End

    # A nick changed with /nick is kept over /reconnect, which says what it does.
    tm send-keys -l "/nick rina$cols"
    tm send-keys Enter
    wait_for "known as rina$cols" # the server's OK, not the request's own arrow in the flow
    tm send-keys -l "/reconnect"
    tm send-keys Enter
    if wait_for_joined_order "Reconnecting (you asked with /reconnect)" \
        "You are now known as rina$cols" && wait_for "2 online" &&
        ! screen | grep -q "Disconnected: /reconnect"
    then pass "$size: /reconnect says so, and keeps the nick from /nick"
    else fail "$size: /reconnect says so, and keeps the nick from /nick"; fi
    sleep 0.5 # the client's own /who after connecting: its answer would be the latest event

    # The peer leaves with /quit: the explain line says so (wrapped if need be).
    printf '/quit\n' >&5
    if wait_for_joined "$peer typed /quit; the server answered OK, closed the connection and told the others"
    then pass "$size: LEAVE after /quit is explained as /quit"
    else fail "$size: LEAVE after /quit is explained as /quit"; fi
    exec 5>&-

    # Cut lines end with "…": the explain line at the smallest size, the status bar in
    # step mode at 80 columns (elsewhere it has room for the round trip).
    tm resize-window -x 40 -y 12
    if wait_for 'ⓘ LEAVE' && screen | grep -B1 '^\[' | head -n 1 | grep -q '…$'; then
        pass "$size: at 40x12 the explain line ends with …"
    else fail "$size: at 40x12 the explain line ends with …"; fi
    tm resize-window -x "$cols" -y "$rows"
    wait_for "│ nick rina$cols │" || fail "$size: back from 40x12"
    tm send-keys F5
    if [ "$cols" -le 80 ]; then
        if wait_for '⏸ STEP' && screen | head -n 1 | grep -q '…$'; then
            pass "$size: the status bar, cut, ends with …"
        else fail "$size: the status bar, cut, ends with …"; fi
    elif wait_for '⏸ STEP.*RTT [0-9.]+ ms'; then pass "$size: the status bar shows the RTT whole"
    else fail "$size: the status bar shows the RTT whole"; fi
    tm send-keys F5
    tm send-keys -l "/quit"
    tm send-keys Enter
    wait_for '^EXIT=0' 50 || fail "$size: /quit"
}

if start_step_server; then
    for size in 80x24 100x30 150x40; do truth_at "$size"; done
else fail "the step-mode server starts"; fi

wait "$RAW_PID"
cat "$WORK/raw-servers.out"
raw_counts=$(sed -n 's/^raw-servers: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$WORK/raw-servers.out")
[ -n "$raw_counts" ] || raw_counts="0 1" # it did not get to the end
passed=$((passed + ${raw_counts% *})); failed=$((failed + ${raw_counts#* }))

echo "tui: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
