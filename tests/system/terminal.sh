# shellcheck shell=bash
# tests/system/terminal.sh - the teacher pauses the server's terminal (Ctrl-S).
# Sourced by tests/system/run.sh, which runs terminal_checks with its check();
# uses its $BIN, $scratch and $tmux_socket.
#
# The server runs in a pane of the private tmux server; send-keys C-s stops
# the pane's output exactly as Ctrl-S does for a teacher, C-q resumes it. Ten
# students are raw sockets (bash's own /dev/tcp) that take a nick, then each
# send 200 lines; background greps count the MSG lines each one receives. The
# class must not notice the paused terminal: all 10 x 9 x 200 lines arrive in
# under 2 s. After Ctrl-Q the terminal shows how many lines it missed (-v) or
# the dashboard as it is now (--tui); and the shell the server ran in still
# has a blocking terminal (O_NONBLOCK is never set on the shell's description).
# shellcheck disable=SC2154 # scratch, tmux_socket: set by run.sh

term_tmux() { tmux -L "$tmux_socket" -f /dev/null "$@"; }
term_screen() { term_tmux capture-pane -p -J -S -3000 -t "$1"; }

# term_wait_for SESSION PATTERN: poll the pane (and its history) for grep -E PATTERN, at most 5 s.
term_wait_for() {
    for _ in $(seq 100); do
        term_screen "$1" | grep -Eq -- "$2" && return 0
        sleep 0.05
    done
    echo "not in pane $1 after 5 s: $2"
    term_screen "$1" | tail -n 20
    return 1
}

# term_port SESSION: the port of the server in the pane (from its ready line or title).
term_port() {
    term_wait_for "$1" '127\.0\.0\.1:[0-9]+' >/dev/null || return 1
    term_screen "$1" | grep -oE '127\.0\.0\.1:[0-9]+' | head -n 1 | cut -d: -f2
}

# term_relay PORT CLIENTS LINES: CLIENTS students take nicks, then each sends
# LINES lines; prints "DELIVERED MILLISECONDS" once every other student has
# them all (or after 5 s), and closes the connections.
term_relay() {
    local port=$1 clients=$2 lines=$3 c fd line start fds=()
    local want=$(((clients - 1) * lines))
    for ((c = 0; c < clients; c++)); do
        exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 1
        fds+=("$fd")
        printf '/nick b%d\n' "$c" >&"$fd"
        while IFS= read -r -t 5 -u "$fd" line; do # in the room once its nick is taken
            [[ $line == "OK nick"* ]] && break
        done
        [[ $line == "OK nick"* ]] || { echo "b$c: no OK nick (last line: $line)" >&2; return 1; }
    done
    for ((c = 0; c < clients; c++)); do
        timeout 5 grep -c -m "$want" '^MSG ' <&"${fds[c]}" >"$scratch/received.$c" &
    done
    start=$(date +%s%N)
    for ((c = 0; c < clients; c++)); do
        printf "pesan %d dari b$c\n" $(seq "$lines") >&"${fds[c]}"
    done
    wait
    local ms=$((($(date +%s%N) - start) / 1000000)) total=0 count
    for ((c = 0; c < clients; c++)); do
        read -r count <"$scratch/received.$c"
        total=$((total + ${count:-0}))
    done
    echo "$total $ms"
    for fd in "${fds[@]}"; do exec {fd}>&-; done
    rm -f "$scratch"/received.*
}

# term_expect_class RESULT: all 10 x 9 x 200 lines, in under 2 s.
term_expect_class() {
    local delivered ms
    read -r delivered ms <<<"$1"
    echo "delivered $delivered of 18000 in $ms ms"
    [ "$delivered" = 18000 ] && [ "$ms" -lt 2000 ]
}

# -v in a shell in a pane, Ctrl-S: the class goes on; Ctrl-Q: "… N lines of
# narration skipped"; after the server, the shell's terminal is still blocking.
paused_terminal_verbose() {
    local port result
    term_tmux new-session -d -s paused -x 120 -y 40 "env PS1='$ ' bash --norc --noprofile"
    term_tmux send-keys -t paused -l "LANG=C.UTF-8 $BIN/obrol-server --port 0 --rate 0 -v"
    term_tmux send-keys -t paused Enter
    port=$(term_port paused) || return 1
    term_tmux send-keys -t paused C-s
    sleep 0.2
    result=$(term_relay "$port" 10 200) || return 1
    term_tmux send-keys -t paused C-q
    term_expect_class "$result" || return 1
    term_wait_for paused '… [0-9]+ lines of narration skipped: the terminal did not keep up' || return 1
    term_tmux send-keys -t paused C-c
    term_wait_for paused '^Server stopped\.' || return 1
    # shellcheck disable=SC2016 # typed into the pane: its shell expands it
    term_tmux send-keys -t paused -l \
        'f=$(awk "/^flags/ {print \$2}" /proc/$$/fdinfo/1); ((8#$f & 8#4000)) && echo NON-BLOCKING || echo STILL-BLOCKING'
    term_tmux send-keys -t paused Enter
    term_wait_for paused '^STILL-BLOCKING' || return 1
    term_tmux kill-session -t paused
}

# --tui, Ctrl-S: the class goes on; Ctrl-Q: the dashboard shows the room as it is now.
paused_terminal_dashboard() {
    local port result
    term_tmux new-session -d -s pausedtui -x 120 -y 40 \
        "env LANG=C.UTF-8 $BIN/obrol-server --port 0 --rate 0 --tui; echo \"exit status \$?\"; sleep 30"
    port=$(term_port pausedtui) || return 1
    term_tmux send-keys -t pausedtui C-s
    sleep 0.2
    result=$(term_relay "$port" 10 200) || return 1
    term_tmux send-keys -t pausedtui C-q
    term_expect_class "$result" || return 1
    term_wait_for pausedtui '0 of [0-9]+ clients' || return 1 # everyone has left, on screen
    term_wait_for pausedtui 'b9 left' || return 1
    term_tmux send-keys -t pausedtui q
    term_tmux send-keys -t pausedtui y
    term_wait_for pausedtui 'exit status 0' || return 1
    term_tmux kill-session -t pausedtui
}

terminal_checks() {
    check "server -v, terminal paused (Ctrl-S): 10 x 200 relayed in < 2 s; Ctrl-Q: lines skipped; shell still blocking" \
        paused_terminal_verbose
    check "server --tui, terminal paused (Ctrl-S): 10 x 200 relayed in < 2 s; Ctrl-Q: redrawn" \
        paused_terminal_dashboard
}
