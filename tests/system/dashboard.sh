# shellcheck shell=bash
# tests/system/dashboard.sh - obrol-server --tui on screens of every size.
# Sourced by tests/system/run.sh, which runs dashboard_checks with its check();
# uses its $BIN, $scratch and $tmux_socket.
#
# One server in the private tmux server, clients on raw sockets (bash's own
# /dev/tcp), and the window resized through the sizes a class meets: the
# demo's server pane at 150x40 (74x18), 100x30, 122x30, 150x40 and the stated
# minimum (DASHBOARD_MIN_COLUMNS x DASHBOARD_MIN_LINES, 48x14), running and
# while a step waits. At each size: every client's row is there (or, where
# there is no room, counted in "… N more"), no row spilled onto the next
# (dash_no_spill), and every text that was cut ends with "…". Below the
# minimum it says which size it needs. Then the quit question: q asks, n
# keeps the class going, q y ends it with status 0.
# Set DASHBOARD_SCREENS=FILE to keep every screen looked at.

dash_tmux() { tmux -L "$tmux_socket" -f /dev/null "$@"; }
dash_screen() { dash_tmux capture-pane -p -J -t dashsize; }

# dash_fail MESSAGE: say what is wrong, show the screen, fail.
dash_fail() {
    echo "$1"
    dash_screen
    return 1
}

# dash_wait_for PATTERN: poll the screen (20 ms apart, at most 5 s) for grep -E PATTERN.
dash_wait_for() {
    for _ in $(seq 250); do
        dash_screen | grep -Eq -- "$1" && return 0
        sleep 0.02
    done
    dash_fail "not on the screen after 5 s: $1"
}

# dash_keep W H WHAT: add the screen to $DASHBOARD_SCREENS, if set.
dash_keep() {
    [ -n "${DASHBOARD_SCREENS:-}" ] || return 0
    { echo "==== $1x$2: $3"; dash_screen; } >>"$DASHBOARD_SCREENS"
}

# dash_resize W H: resize the window and wait until the dashboard is drawn at
# that size: the title on row 1, a heading as wide as the screen on row 2, the
# key line (as wide) at the bottom. tmux shows the old screen, cut to the new
# size, until the program redraws; after a change of height that old screen
# cannot pass for a new one (its rows moved), after a change of width alone it
# could: then the window goes through a tiny size first (and tmux lets a
# program redraw at most every 250 ms, so sizes are best taken in an order
# where the height changes each time).
dash_resize() {
    local LC_ALL=C.UTF-8 screen title heading keys
    if [ "$2" = "$(dash_tmux display-message -p -t dashsize '#{window_height}')" ]; then
        dash_tmux resize-window -t dashsize -x 30 -y 8
        dash_wait_for 'Terminal too small \(30x8\)' || return 1
    fi
    dash_tmux resize-window -t dashsize -x "$1" -y "$2"
    for _ in $(seq 250); do
        screen=$(dash_screen)
        title=$(sed -n 1p <<<"$screen") heading=$(sed -n 2p <<<"$screen")
        keys=$(sed -n "${2}p" <<<"$screen")
        [[ $title == " obrol-server "* || $title == " 127.0.0.1:"* ]] &&
            [[ $heading == "── Clients"* && ${#heading} -eq $1 && ${#keys} -eq $1 ]] && return 0
        sleep 0.02
    done
    dash_fail "not redrawn at $1x$2"
}

# dash_no_spill W: no row spilled onto the next. Curses carries a text that
# passes the edge onto the next row itself (tmux sees no wrapped line), so the
# sign of a spill is a row that reaches the last column: the dashboard keeps
# every text off it; only the heading lines ("── Clients ───") reach it.
dash_no_spill() {
    local LC_ALL=C.UTF-8 line
    while IFS= read -r line; do
        line=${line%"${line##*[! ]}"} # without its trailing spaces
        [[ ${#line} -lt $1 || $line == "──"* ]] ||
            dash_fail "a row reaches the edge of $1 columns (a spill?): $line" || return 1
    done < <(dash_screen)
}

# dash_rows_of NICK...: each nick has its row in the client table ("  7   budi   ...").
dash_rows_of() {
    local nick
    for nick in "$@"; do
        dash_screen | grep -Eq "^ [0-9]+ +$nick( |\$)" || dash_fail "no row for $nick" || return 1
    done
}

# dash_ends_cut PATTERN WHOLE: the row matching PATTERN is either whole (ends
# with WHOLE) or cut with "…".
dash_ends_cut() {
    local line
    line=$(dash_screen | grep -E -- "$1" | tail -n 1 | sed 's/ *$//')
    [ -n "$line" ] || dash_fail "no row matches $1" || return 1
    case $line in
    *"$2" | *"…") return 0 ;;
    esac
    dash_fail "cut without \"…\": $line"
}

# dash_check W H NICK...: the checks at one size, while the server runs freely.
dash_check() {
    local w=$1 h=$2
    shift 2
    dash_resize "$w" "$h" && dash_no_spill "$w" && dash_rows_of "$@" || return 1
    dash_keep "$w" "$h" "running, clients $*"
}

# dash_step_rows: the waiting step's rows (from "Next:" to the key line, which is left out).
dash_step_rows() { dash_screen | sed -n '/^ Next: /,$p' | sed '$d'; }

# dash_check_step W H NICK...: while a step waits: the checks above, and the
# step's description whole or ending with "…", the newest event too.
dash_check_step() {
    local w=$1 h=$2 last
    shift 2
    dash_resize "$w" "$h" && dash_no_spill "$w" && dash_rows_of "$@" || return 1
    last=$(dash_step_rows | tail -n 1 | sed 's/ *$//')
    case $last in
    *"writable." | *"…") ;;
    *) dash_fail "the step is cut without \"…\": \"$last\"" || return 1 ;;
    esac
    dash_ends_cut '^ \[step [0-9]+\] Next: ' 'writable.' || return 1
    dash_keep "$w" "$h" "a step waits, clients $*"
}

# dash_join NICK: a client on a raw socket (fd in dash_fd_NICK) that takes NICK.
dash_join() {
    local fd
    exec {fd}<>"/dev/tcp/127.0.0.1/$dash_port" || return 1
    printf -v "dash_fd_$1" '%s' "$fd"
    printf '/nick %s\n' "$1" >&"$fd"
    dash_wait_for "^ [0-9]+ +$1 "
}

# dash_reply NICK PREFIX: read NICK's socket (at most 60 lines or 12 s) until a line starts with PREFIX.
dash_reply() {
    local fd_name="dash_fd_$1" line
    for _ in $(seq 60); do
        IFS= read -r -t 0.2 -u "${!fd_name}" line || continue
        [[ $line == "$2"* ]] && return 0
    done
    echo "$1 got no \"$2\""
    return 1
}

# The sizes, with three clients and then four.
dashboard_every_size() {
    local screen
    dash_tmux new-session -d -s dashsize -x 74 -y 18 \
        "env LANG=C.UTF-8 $BIN/obrol-server --port 0 --tui; echo \"exit status \$?\"; sleep 30"
    dash_wait_for '127\.0\.0\.1:[0-9]+' || return 1
    dash_port=$(dash_screen | grep -oE '127\.0\.0\.1:[0-9]+' | head -n 1 | cut -d: -f2)
    dash_join budi && dash_join siti && dash_join andi || return 1
    dash_check 48 14 budi siti andi || return 1
    screen=$(dash_screen)
    grep -Eq '^ fd .*… *$' <<<"$screen" || dash_fail "48 columns: no \"…\" for the columns left out" ||
        return 1
    dash_resize 74 18 && dash_join dewi || return 1
    dash_check 100 30 budi siti andi dewi && dash_check 150 40 budi siti andi dewi &&
        dash_check 122 30 budi siti andi dewi && dash_check 74 18 budi siti andi dewi || return 1
    dash_check 48 14 budi siti andi || return 1 # the fourth is counted:
    dash_screen | grep -Eq '^ … 3 more' || dash_fail "48x14, four clients: no \"… 3 more\"" || return 1
    dash_screen | grep -Eq '^  read .*… [0-9]+ more' || dash_fail "48x14: read fds not counted"
}

# A step waits (s; budi sends a long line; Enter takes select()'s step, Enter
# the recv(); the relay waits): its description wraps, or ends with "…".
dashboard_step_at_every_size() {
    local line="halo semua, ini pesan yang cukup panjang untuk dipotong di layar yang sempit sekali"
    dash_resize 150 40 && dash_tmux send-keys -t dashsize s && dash_wait_for 'stepping' || return 1
    printf '%s\n' "$line" >&"$dash_fd_budi"
    dash_wait_for '^ Next: select\(\) returned' && dash_tmux send-keys -t dashsize Enter &&
        dash_wait_for '^ Next: recv\(\) from budi' && dash_tmux send-keys -t dashsize Enter &&
        dash_wait_for '^ Next: Relay the line' || return 1
    dash_check_step 150 40 budi siti andi dewi && dash_check_step 122 30 budi siti andi dewi &&
        dash_check_step 74 18 budi siti andi dewi && dash_check_step 100 30 budi siti andi dewi &&
        dash_check_step 48 14 budi || return 1
    [ "$(dash_step_rows | tail -n 1 | sed 's/ *$//' | tail -c 4)" = "…" ] ||
        dash_fail "48x14: the step's two rows should end with \"…\"" || return 1
    dash_resize 74 18 && dash_tmux send-keys -t dashsize c && dash_wait_for 'running' &&
        dash_reply siti "MSG budi halo semua"
}

# Below the minimum: it says which size it needs, and how to get it (and does not spill).
dashboard_too_small() {
    local size
    for size in "47 14" "48 13" "30 8"; do
        set -- $size
        dash_tmux resize-window -t dashsize -x "$1" -y "$2"
        dash_wait_for "Terminal too small \\($1x$2\\)" && dash_no_spill "$1" || return 1
        dash_screen | tr -d '\n' | grep -q "48x14" || dash_fail "$1x$2: no \"48x14\"" || return 1
        dash_keep "$1" "$2" "too small"
    done
    dash_resize 74 18
}

# q asks before it ends the class: n (or any key but y) keeps it going; q y quits with 0.
dashboard_quit_asks() {
    dash_tmux send-keys -t dashsize q
    dash_wait_for 'Quit the server and end the class\? y/n' || return 1
    dash_keep 74 18 "after q"
    dash_tmux send-keys -t dashsize n
    dash_wait_for 's: pause before each step' || return 1
    printf '/ping still-here\n' >&"$dash_fd_andi"
    dash_reply andi "OK ping still-here" || return 1
    dash_screen | grep -q "exit status" && dash_fail "n ended the server" && return 1
    dash_tmux send-keys -t dashsize q
    dash_wait_for 'y/n' && dash_tmux send-keys -t dashsize y || return 1
    dash_leave # the server says BYE and waits for its clients to close
    dash_wait_for '^exit status 0'
}

# Close the clients' sockets.
dash_leave() {
    local nick fd_name
    for nick in budi siti andi dewi; do
        fd_name="dash_fd_$nick"
        [ -n "${!fd_name:-}" ] && eval "exec ${!fd_name}>&-"
        printf -v "$fd_name" '%s' ""
    done
}

dashboard_checks() {
    local status=0
    dashboard_every_size && dashboard_step_at_every_size && dashboard_too_small &&
        dashboard_quit_asks || status=1
    dash_leave
    dash_tmux kill-session -t dashsize 2>/dev/null
    return $status
}
