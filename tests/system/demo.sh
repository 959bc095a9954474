# shellcheck shell=bash
# tests/system/demo.sh - the tests of `make demo` (src/demo/obrol-demo.sh),
# sourced by tests/system/run.sh, which provides check, free_port, $scratch,
# $MAKE, $BIN and obrol_start_server (tests/lib/server.sh).
# shellcheck disable=SC2154 # scratch, server_port: set by run.sh and server.sh
#
# Every tmux here is a private server (tmux -L NAME -f /dev/null), so the
# tests never see or touch the tmux of the person running them. Every wait is
# bounded and ends as soon as what it waits for has happened.

demo_socket="obrol-demo-test-$$"
demo_tmux="tmux -L $demo_socket -f /dev/null"
demo_outer="tmux -L $demo_socket-outer -f /dev/null" # holds a terminal for the inside-tmux test

demo_cleanup() {
    $demo_tmux kill-server 2>/dev/null
    $demo_outer kill-server 2>/dev/null
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$demo_socket" "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$demo_socket-outer"
}

# demo_make ARGS...: make demo, detached, outside tmux, on the private server.
demo_make() {
    env -u TMUX "$MAKE" --no-print-directory -s demo DEMO_ATTACH=0 DEMO_TMUX="$demo_tmux" \
        SANITIZE="${SANITIZE:-0}" "$@"
}

# demo_says TEXT PATTERN...: every PATTERN (a grep pattern) is in TEXT; if
# one is not, say which and show TEXT.
demo_says() {
    local text=$1 pattern
    shift
    for pattern; do
        grep -q -- "$pattern" <<<"$text" || { echo "missing \"$pattern\" in:"; echo "$text"; return 1; }
    done
}

# demo_poll SECONDS COMMAND...: run COMMAND every 0.1 s until it succeeds.
demo_poll() {
    local tries=$(($1 * 10))
    shift
    until "$@"; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.1
    done
}

# demo_screens: every pane of the demo, each after a header line
# "== WINDOW.PANE WxH COMMAND".
demo_screens() {
    local pane
    for pane in $($demo_tmux list-panes -s -t =obrol-demo -F '#{pane_id}'); do
        $demo_tmux display-message -p -t "$pane" \
            '== #{window_index}.#{pane_index} #{pane_width}x#{pane_height} #{pane_current_command}'
        $demo_tmux capture-pane -p -t "$pane"
    done
}

# demo_server_log: what the narrating server has printed (with its scrollback).
demo_server_log() {
    local pane
    pane=$($demo_tmux list-panes -s -t =obrol-demo -F '#{pane_id} #{pane_current_command}' |
        awk '$2 == "obrol-server" { print $1 }')
    [ -n "$pane" ] && $demo_tmux capture-pane -p -J -S - -t "$pane"
}

# demo_ready: each client shows its own nick at its prompt, and the server
# (when it narrates) has seen the three nicks.
demo_ready() {
    local screens log nick
    screens=$(demo_screens)
    log=$(demo_server_log)
    for nick in budi siti andi; do
        grep -qF "[$nick]" <<<"$screens" || return 1
        [ "${DEMO_TUI:-0}" = 1 ] || grep -q "is now known as $nick" <<<"$log" || return 1
    done
}

# demo_usable: no pane says it is too small, and the programs are ready.
demo_usable() {
    demo_poll 5 demo_ready
    local screens
    screens=$(demo_screens)
    if grep -qi "too small" <<<"$screens" || ! demo_ready; then
        echo "$screens"
        return 1
    fi
}

# ---- Layouts: usable at every size ------------------------------------------------

demo_usable_at() { # demo_usable_at SIZE LAYOUT [SETTINGS...]
    local size=$1 layout=$2 port output panes
    shift 2
    port=$(free_port) || return 1
    output=$(demo_make DEMO_SIZE="$size" DEMO_PORT="$port" "$@") || { echo "$output"; return 1; }
    grep -q "laid out for $size" <<<"$output" || { echo "$output"; return 1; }
    demo_usable || return 1
    panes=$($demo_tmux list-panes -s -t =obrol-demo -F '#{window_index}' | tr '\n' ' ')
    case "$layout" in
    grid) [ "$panes" = "0 0 0 0 " ] ;;
    pair) [ "$panes" = "0 0 1 2 " ] ;;
    windows) [ "$panes" = "0 1 2 3 " ] ;;
    esac || { echo "$layout expected; windows of the panes: $panes"; demo_screens; return 1; }
    $demo_tmux kill-session -t =obrol-demo
}
demo_at_80x24() { demo_usable_at 80x24 pair; }
demo_at_100x30() { demo_usable_at 100x30 grid; }
demo_at_150x40() { demo_usable_at 150x40 grid; }
demo_tui_at_80x24() { DEMO_TUI=1 demo_usable_at 80x24 windows DEMO_TUI=1; }
demo_tui_at_100x30() { DEMO_TUI=1 demo_usable_at 100x30 grid DEMO_TUI=1; }

# Too small, or a layout that does not fit: nothing starts, and it says what
# size is needed and how to get it.
demo_too_small_says_what_it_needs() {
    local output
    if output=$(demo_make DEMO_SIZE=30x10 DEMO_PORT=1); then echo "started at 30x10"; return 1; fi
    demo_says "$output" "this terminal is 30x10: the demo needs at least 40x13" \
        "Make the window larger" || return 1
    if output=$(demo_make DEMO_SIZE=80x24 DEMO_LAYOUT=grid DEMO_PORT=1); then echo "grid at 80x24"; return 1; fi
    demo_says "$output" "DEMO_LAYOUT=grid needs a terminal of at least 81x26; this one is 80x24" \
        "make demo DEMO_LAYOUT=windows" || return 1
    ! $demo_tmux has-session -t =obrol-demo 2>/dev/null || { echo "a session was started"; return 1; }
}

# The sizes the script lays out for are the programs' own minimums.
demo_knows_the_minimum_sizes() {
    local name want got
    for name in UI_COLUMNS_MIN:client_min_columns UI_ROWS_MIN:client_min_rows \
                DASHBOARD_MIN_COLUMNS:server_min_columns DASHBOARD_MIN_LINES:server_min_rows; do
        want=$(grep -rhE "#define ${name%%:*} [0-9]+" src | awk '{ print $3 }')
        got=$(grep -oE "${name#*:}=[0-9]+" src/demo/obrol-demo.sh | head -n 1 | cut -d= -f2)
        if [ -z "$want" ] || [ "$want" != "$got" ]; then
            echo "${name%%:*} is '$want', the demo uses '$got'"
            return 1
        fi
    done
}

# ---- Twice, and inside tmux ------------------------------------------------------------

# Run twice outside tmux: the second replaces the first and says so; one
# server, and its clients are budi, siti and andi (never "-", the nick of a
# client whose nick was taken by the first demo's).
demo_twice_replaces() {
    local port first second listening
    port=$(free_port) || return 1
    $demo_tmux kill-session -t =obrol-demo 2>/dev/null # left by a failed test
    first=$(demo_make DEMO_SIZE=150x40 DEMO_PORT="$port") || { echo "$first"; return 1; }
    demo_poll 5 demo_ready || { echo "first demo not ready"; demo_screens; return 1; }
    second=$(demo_make DEMO_SIZE=150x40 DEMO_PORT="$port") || { echo "$second"; return 1; }
    grep -q "an earlier demo is running (tmux session obrol-demo): stopping it first" <<<"$second" ||
        { echo "no message:"; echo "$second"; return 1; }
    grep -q "earlier" <<<"$first" && { echo "the first run replaced something:"; echo "$first"; return 1; }
    demo_usable || return 1
    [ "$($demo_tmux list-sessions | wc -l)" -eq 1 ] || { $demo_tmux list-sessions; return 1; }
    listening=$(ss -Htln "sport = :$port" | wc -l)
    [ "$listening" -eq 1 ] || { echo "$listening listening sockets on $port"; return 1; }
    [ "$(ss -Htn state established "( sport = :$port )" | wc -l)" -eq 3 ] ||
        { echo "not 3 clients:"; ss -tn "( sport = :$port )"; return 1; }
    ! demo_server_log | grep -q "already taken" || { demo_server_log; return 1; }
    $demo_tmux kill-session -t =obrol-demo
}

# Inside tmux: a teacher's session "teacher" seen through a real client (an
# 80x24 terminal held by a second private server), where make demo runs twice.
# The demo gets a session of its own each time, the client is switched to it,
# and the stop command printed, run where make demo ran, stops it and sends
# the client back to the teacher's session.
demo_inside_tmux() {
    local port marks="$scratch/demo-inside" session
    port=$(free_port) || return 1
    mkdir -p "$marks"
    # The teacher's pane: make demo twice, then (on Enter) the stop command printed.
    # shellcheck disable=SC2016 # the script's $1... are its own arguments
    $demo_tmux new-session -d -s teacher -x 80 -y 24 bash -c '
        cd "$1" && export -n MAKEFLAGS MAKELEVEL MFLAGS
        $2 --no-print-directory -s demo DEMO_PORT=$3 SANITIZE=$4 >"$5/out1" 2>&1; echo "first $?" >>"$5/status"
        $2 --no-print-directory -s demo DEMO_PORT=$3 SANITIZE=$4 >"$5/out2" 2>&1; echo "second $?" >>"$5/status"
        read -r _
        stop=$(sed -n "s/^demo: stop it with: *//p" "$5/out2")
        eval "$stop"; echo "stop $? ($stop)" >>"$5/status"
        exec sleep 60' _ "$PWD" "$MAKE" "$port" "${SANITIZE:-0}" "$marks" || return 1
    # ... seen through a tmux client in an 80x24 terminal.
    $demo_outer new-session -d -s terminal -x 80 -y 24 \
        "env -u TMUX tmux -L $demo_socket attach -t =teacher" || return 1
    demo_poll 15 grep -q second "$marks/status" 2>/dev/null
    demo_says "$(cat "$marks/status")" "first 0" "second 0" || { cat "$marks"/out*; return 1; }
    demo_says "$(cat "$marks/out2")" "earlier demo is running" "laid out for 80x24" \
        "^demo: stop it with:   tmux kill-session -t obrol-demo$" || return 1
    session=$($demo_tmux list-clients -F '#{client_session}')
    [ "$session" = obrol-demo ] || { echo "the client is in session '$session'"; return 1; }
    demo_usable || return 1
    $demo_tmux send-keys -t =teacher: Enter
    demo_poll 5 grep -q "^stop" "$marks/status"
    grep -q "stop 0" "$marks/status" || { echo "the stop command failed:"; cat "$marks/status"; return 1; }
    ! $demo_tmux has-session -t =obrol-demo 2>/dev/null || { echo "still running"; return 1; }
    session=$($demo_tmux list-clients -F '#{client_session}')
    [ "$session" = teacher ] || { echo "after stopping, the client is in '$session'"; return 1; }
    $demo_tmux kill-session -t =teacher
    $demo_outer kill-server 2>/dev/null
    return 0
}

# ---- The port, a failing server, step mode -------------------------------------------

# Another program holds the port: the demo refuses before starting anything.
demo_refuses_busy_port() {
    local output
    obrol_start_server "$scratch/holder.log" "$BIN/obrol-server" --port 0 -q || return 1
    if output=$(demo_make DEMO_SIZE=150x40 DEMO_PORT="$server_port"); then
        echo "started on a busy port:"; echo "$output"; kill "$server_pid"; return 1
    fi
    kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
    demo_says "$output" "port $server_port is in use by another program" \
        "DEMO_PORT=$((server_port + 1))" || return 1
    ! $demo_tmux has-session -t =obrol-demo 2>/dev/null || { echo "a session was started"; return 1; }
}

# A server that fails to start: its message is shown whole, make demo fails,
# and nothing is left running (no client ever started).
demo_shows_server_failure() {
    local fake="$scratch/fake-bin" output
    mkdir -p "$fake"
    printf '#!/bin/sh\necho "obrol-server: cannot listen on 127.0.0.1 port 1: bind(): Address already in use (a test)" >&2\nexit 1\n' \
        >"$fake/obrol-server"
    chmod +x "$fake/obrol-server"
    ln -sf "$PWD/$BIN/obrol-client" "$fake/obrol-client"
    if output=$(env -u TMUX OBROL_BIN="$fake" DEMO_ATTACH=0 DEMO_SIZE=150x40 DEMO_PORT="$(free_port)" \
        DEMO_TMUX="$demo_tmux" bash src/demo/obrol-demo.sh 2>&1); then
        echo "make demo succeeded:"; echo "$output"; return 1
    fi
    demo_says "$output" "the server did not start; it said:" \
        "^      obrol-server: cannot listen .* Address already in use (a test)$" \
        "nothing was left running" || return 1
    ! grep -q "Server on port" <<<"$output" || { echo "$output"; return 1; }
    ! $demo_tmux has-session -t =obrol-demo 2>/dev/null || { echo "a session is left"; return 1; }
}

# DEMO_STEP=1: the server's pane is the active one, it says so, and Enter
# there takes a step.
demo_step_focuses_server() {
    local port output active log
    port=$(free_port) || return 1
    output=$(demo_make DEMO_SIZE=100x30 DEMO_PORT="$port" DEMO_STEP=1) || { echo "$output"; return 1; }
    grep -q "step mode: the server's pane has the keys" <<<"$output" || { echo "$output"; return 1; }
    active=$($demo_tmux list-panes -s -t =obrol-demo \
        -F '#{window_active}#{pane_active} #{pane_current_command}' | awk '$1 == "11" { print $2 }')
    [ "$active" = obrol-server ] || { echo "the active pane runs '$active'"; return 1; }
    demo_poll 5 eval 'demo_server_log | grep -q "\[step 1\]"' || { demo_server_log; return 1; }
    $demo_tmux send-keys -t =obrol-demo: Enter
    demo_poll 5 eval 'demo_server_log | grep -q "\[step 2\]"' || { echo "Enter took no step:"; demo_server_log; return 1; }
    $demo_tmux kill-session -t =obrol-demo
}

# ---- Packages --------------------------------------------------------------------------

# demo_packages GOAL...: the packages `make GOAL...` would install if missing.
demo_packages() {
    "$MAKE" --no-print-directory -n "$@" SANITIZE="${SANITIZE:-0}" 2>/dev/null |
        sed -n 's/.*for p in \([^;]*\);.*/\1/p' | head -n 1
}

# Each goal installs what it needs, and the proof tools only come with the proofs.
demo_packages_per_goal() {
    local list
    list=" $(demo_packages demo) "
    for want in build-essential pkg-config libncurses-dev gettext tmux; do
        [[ "$list" == *" $want "* ]] || { echo "make demo lacks $want: $list"; return 1; }
    done
    for unwanted in valgrind cppcheck clang check libclang-rt; do
        [[ "$list" != *" $unwanted"* ]] || { echo "make demo installs $unwanted: $list"; return 1; }
    done
    list=" $(demo_packages all) "
    [[ "$list" != *" tmux "* && "$list" != *" valgrind "* ]] || { echo "make installs: $list"; return 1; }
    list=" $(demo_packages test) "
    for want in check cppcheck tmux groff-base iproute2; do
        [[ "$list" == *" $want "* ]] || { echo "make test lacks $want: $list"; return 1; }
    done
    [[ "$list" != *" valgrind "* && "$list" != *" clang "* ]] || { echo "make test installs: $list"; return 1; }
    [[ " $(demo_packages test VALGRIND=1) " == *" valgrind "* ]] || { echo "VALGRIND=1 lacks valgrind"; return 1; }
    [ "$(demo_packages fuzz)" = clang ] || { echo "make fuzz installs: $(demo_packages fuzz)"; return 1; }
}

demo_script_shellcheck_clean() {
    command -v shellcheck >/dev/null || { echo "shellcheck is not installed (make test installs it)"; return 1; }
    shellcheck src/demo/obrol-demo.sh tests/system/demo.sh
}

demo_tests() {
    check "make demo at 80x24: server above budi, siti and andi in windows, all usable" demo_at_80x24
    check "make demo at 100x30: four panes, all usable" demo_at_100x30
    check "make demo at 150x40: four panes, all usable" demo_at_150x40
    check "make demo DEMO_TUI=1 at 80x24: a window each, dashboard usable" demo_tui_at_80x24
    check "make demo DEMO_TUI=1 at 100x30: four panes, dashboard usable" demo_tui_at_100x30
    check "make demo too small: says the size it needs and how to get it" demo_too_small_says_what_it_needs
    check "make demo knows the client's and the dashboard's minimum sizes" demo_knows_the_minimum_sizes
    check "make demo twice: replaced with a message, one server, clients budi, siti, andi" demo_twice_replaces
    check "make demo inside tmux, twice: own session, client switched, stop command works" demo_inside_tmux
    check "make demo on a busy port: refuses before starting anything" demo_refuses_busy_port
    check "make demo with a failing server: its message shown whole, nothing left" demo_shows_server_failure
    check "make demo DEMO_STEP=1: the server's pane has the keys, Enter steps" demo_step_focuses_server
    check "packages per goal: demo and make need no proof tools; test, VALGRIND=1, fuzz" demo_packages_per_goal
    check "src/demo/obrol-demo.sh is shellcheck-clean" demo_script_shellcheck_clean
    demo_cleanup
}
