#!/usr/bin/env bash
# src/demo/obrol-demo.sh - the classroom demo (`make demo`): obrol-server and
# three clients, budi, siti and andi, in a tmux session of their own, laid out
# for the size of the terminal.
#
# Settings, from the environment (`make demo VAR=...` passes them on):
#   DEMO_LANG=en|id       language of the programs and of these messages
#                         (default: id when LANG or LANGUAGE starts with id)
#   DEMO_STEP=1           the server in step mode; its pane takes the keys
#   DEMO_TUI=1            the server's dashboard (--tui) instead of narration (-v)
#   DEMO_PORT=N           the server's port (default 12345)
#   DEMO_LAYOUT=L         auto (default: the first that fits), grid, pair or windows
#   DEMO_SIZE=WxH         lay out for this terminal size (default: this terminal's)
#   DEMO_ATTACH=0         leave the session detached (tests; attach later)
#   DEMO_TMUX="tmux ..."  the tmux command (tests give a private server: tmux -L NAME)
#   DEMO_SESSION=NAME     the session's name (default obrol-demo)
#   DEMO_BUG=NAME         the server makes this classic mistake on purpose (--bug NAME,
#                         the bug museum: docs/bug-museum.md); several: DEMO_BUG="a b"
#   OBROL_BIN=DIR         where obrol-server and obrol-client are (default bin)
#
# The layouts, each used when every pane gets at least the size its program
# needs (see the minimum sizes below):
#   grid     one window, four panes: server top left, budi top right,
#            siti bottom left, andi bottom right;
#   pair     the server above budi in one window, siti and andi in windows
#            of their own (a plain 80x24 terminal);
#   windows  one window for each program.
#
# Run it again and it replaces the earlier demo (it says so). A port held by
# another program stops it before anything starts. The demo always gets a
# session of its own, also when started inside tmux (the tmux client is then
# switched to it), so `tmux kill-session -t obrol-demo` stops it wherever it
# was started. A program that fails keeps its pane open with its message.

# wait_for calls functions by name, which shellcheck takes for unreachable code.
# shellcheck disable=SC2317
set -u

# ---- Settings -----------------------------------------------------------------

lang=${DEMO_LANG:-}
if [ -z "$lang" ]; then
    case "${LANGUAGE:-}:${LANG:-}" in
    id* | *:id*) lang=id ;;
    *) lang=en ;;
    esac
fi
step=${DEMO_STEP:-0}
tui=${DEMO_TUI:-0}
port=${DEMO_PORT:-12345}
layout=${DEMO_LAYOUT:-auto}
size=${DEMO_SIZE:-}
attach=${DEMO_ATTACH:-1}
session=${DEMO_SESSION:-obrol-demo}
read -r -a bugs <<<"${DEMO_BUG:-}"
read -r -a tmux <<<"${DEMO_TMUX:-tmux}"
bin_dir=${OBROL_BIN:-bin}

# The smallest pane each program works in. The client's is UI_COLUMNS_MIN x
# UI_ROWS_MIN (src/client), the dashboard's DASHBOARD_MIN_COLUMNS x
# DASHBOARD_MIN_LINES (src/server/dashboard.h); tests/system/demo.sh checks
# that these agree. The narrating server (-v) wraps its lines, so any width
# works; below 8 rows it shows too little of what it says.
client_min_columns=40 client_min_rows=12
if [ "$tui" = 1 ]; then
    server_min_columns=48 server_min_rows=14
else
    server_min_columns=40 server_min_rows=8
fi

# ---- Messages ------------------------------------------------------------------

# say KEY ARGS...: print one message in the demo's language (a printf format).
say() {
    local key=$1 format
    shift
    if [ "$lang" = id ]; then format=${text_id[$key]}; else format=${text_en[$key]}; fi
    # The formats are the fixed texts below.
    # shellcheck disable=SC2059
    printf "demo: $format\n" "$@"
}

declare -A text_en=(
    [bad_setting]='%s=%s is not valid (%s)'
    [no_programs]='%s is missing: run make first'
    [no_tmux]='"%s" is not installed (on Debian: apt-get install tmux)'
    [own_session]='this shell runs inside the demo (session %s): run make demo from another tmux session or terminal'
    [replacing]='an earlier demo is running (tmux session %s): stopping it first'
    [port_busy]='port %s is in use by another program (ss -ltnp '"'"'sport = :%s'"'"' shows which).\n      Stop that program, or choose another port: make demo DEMO_PORT=%s'
    [too_small]='this terminal is %sx%s: the demo needs at least %sx%s (one program per window).\n      Make the window larger (or the font smaller), then run make demo again.'
    [layout_too_small]='DEMO_LAYOUT=%s needs a terminal of at least %sx%s; this one is %sx%s.\n      Make the window larger, or run: make demo DEMO_LAYOUT=windows'
    [server_failed]='the server did not start; it said:'
    [nothing_left]='nothing was left running.'
    [started]='tmux session %s, laid out for %sx%s: %s.\n      Server on port %s; clients budi, siti and andi.'
    [clients_late]='only %s of the 3 clients have connected: look at their panes.'
    [grid]='four panes (server top left)'
    [pair]='the server above budi in window 0, siti and andi in windows 1 and 2'
    [windows]='one window each: 0 server, 1 budi, 2 siti, 3 andi'
    [keys_step]='step mode: the server'"'"'s pane has the keys (Enter: one step, c: run freely).'
    [keys_budi]='budi'"'"'s pane has the keys: type a line and press Enter.'
    [stop]='stop it with:   %s kill-session -t %s'
    [open]='open it with:   %s %s -t %s'
    [hide_outside]='Ctrl-b d hides the demo; it keeps running until it is stopped.'
    [hide_inside]='Ctrl-b L takes you back to your own session; the demo keeps running until it is stopped.'
    [hint_panes]='Ctrl-b arrow: move to a pane'
    [hint_windows]='Ctrl-b n: next window'
    [hint_hide]='Ctrl-b d: hide (keeps running)'
    [hint_back]='Ctrl-b L: back to your session'
    [hint_step]='server pane: Enter = step'
    [hint_panes_short]='Ctrl-b arrow: move to a pane'
    [hint_windows_short]='Ctrl-b n: next window'
    [hint_hide_short]='Ctrl-b d: hide'
    [hint_back_short]='Ctrl-b L: go back'
)

declare -A text_id=(
    [bad_setting]='%s=%s tidak valid (%s)'
    [no_programs]='%s tidak ada: jalankan make dulu'
    [no_tmux]='"%s" belum terpasang (di Debian: apt-get install tmux)'
    [own_session]='shell ini berjalan di dalam demo (sesi %s): jalankan make demo dari sesi tmux atau terminal lain'
    [replacing]='demo sebelumnya masih berjalan (sesi tmux %s): demo itu dihentikan dulu'
    [port_busy]='port %s sedang dipakai program lain (ss -ltnp '"'"'sport = :%s'"'"' menunjukkan program mana).\n      Hentikan program itu, atau pilih port lain: make demo DEMO_PORT=%s'
    [too_small]='terminal ini berukuran %sx%s: demo butuh minimal %sx%s (satu program per jendela).\n      Perbesar jendelanya (atau perkecil hurufnya), lalu jalankan make demo lagi.'
    [layout_too_small]='DEMO_LAYOUT=%s butuh terminal minimal %sx%s; terminal ini %sx%s.\n      Perbesar jendelanya, atau jalankan: make demo DEMO_LAYOUT=windows'
    [server_failed]='server gagal berjalan; pesannya:'
    [nothing_left]='tidak ada yang dibiarkan berjalan.'
    [started]='sesi tmux %s, ditata untuk %sx%s: %s.\n      Server di port %s; client budi, siti, dan andi.'
    [clients_late]='baru %s dari 3 client yang terhubung: periksa panel mereka.'
    [grid]='empat panel (server di kiri atas)'
    [pair]='server di atas budi di jendela 0, siti dan andi di jendela 1 dan 2'
    [windows]='satu jendela per program: 0 server, 1 budi, 2 siti, 3 andi'
    [keys_step]='mode langkah: tombol masuk ke panel server (Enter: satu langkah, c: jalan terus).'
    [keys_budi]='tombol masuk ke panel budi: ketik satu baris lalu tekan Enter.'
    [stop]='hentikan dengan:   %s kill-session -t %s'
    [open]='buka dengan:       %s %s -t %s'
    [hide_outside]='Ctrl-b d menyembunyikan demo; demo tetap berjalan sampai dihentikan.'
    [hide_inside]='Ctrl-b L kembali ke sesi Anda sendiri; demo tetap berjalan sampai dihentikan.'
    [hint_panes]='Ctrl-b panah: pindah panel'
    [hint_windows]='Ctrl-b n: jendela berikutnya'
    [hint_hide]='Ctrl-b d: sembunyikan (tetap berjalan)'
    [hint_back]='Ctrl-b L: kembali ke sesi Anda'
    [hint_step]='panel server: Enter = satu langkah'
    [hint_panes_short]='Ctrl-b panah: pindah panel'
    [hint_windows_short]='Ctrl-b n: jendela lain'
    [hint_hide_short]='Ctrl-b d: sembunyikan'
    [hint_back_short]='Ctrl-b L: kembali'
)

# text KEY: one of the texts above, without "demo: " and a newline.
text() {
    if [ "$lang" = id ]; then printf '%s' "${text_id[$1]}"; else printf '%s' "${text_en[$1]}"; fi
}

# ---- Checking the settings -------------------------------------------------------

# check_settings: stop with a message on a setting that cannot work.
check_settings() {
    case "$lang" in en | id) ;; *) lang=en; say bad_setting DEMO_LANG "$DEMO_LANG" "en, id"; exit 2 ;; esac
    case "$layout" in auto | grid | pair | windows) ;;
    *) say bad_setting DEMO_LAYOUT "$layout" "auto, grid, pair, windows"; exit 2 ;;
    esac
    if ! [[ "$port" =~ ^[0-9]{1,5}$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
        say bad_setting DEMO_PORT "$port" "1-65535"
        exit 2
    fi
    [ -z "$size" ] || [[ "$size" =~ ^[0-9]+x[0-9]+$ ]] ||
        { say bad_setting DEMO_SIZE "$size" "WxH, e.g. 80x24"; exit 2; }
    command -v "${tmux[0]}" >/dev/null || { say no_tmux "${tmux[0]}"; exit 1; }
    local program
    for program in obrol-server obrol-client; do
        [ -x "$bin_dir/$program" ] || { say no_programs "$bin_dir/$program"; exit 1; }
    done
    bin_dir=$(cd "$bin_dir" && pwd)
    local bug names=""
    [ ${#bugs[@]} -eq 0 ] || names=$("$bin_dir/obrol-server" --bug list 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ')
    for bug in ${bugs[@]+"${bugs[@]}"}; do
        [[ " $names" == *" $bug "* ]] || { say bad_setting DEMO_BUG "$bug" "${names% }"; exit 2; }
    done
}

# ---- Where it runs: inside tmux or not, and the terminal's size ---------------------

# inside_our_tmux: true when this shell runs in a pane of the tmux server the
# demo uses ($TMUX is set and DEMO_TMUX names no other socket).
inside_our_tmux() {
    [ -n "${TMUX:-}" ] || return 1
    local ours
    ours=$("${tmux[@]}" display-message -p '#{socket_path}' 2>/dev/null) || return 1
    [ "$ours" = "${TMUX%%,*}" ]
}

# terminal_size: "COLUMNS ROWS" of the terminal the demo will be seen in:
# DEMO_SIZE, else the tmux client this shell runs in, else this terminal,
# else 160x48 (no terminal at all: a detached start).
terminal_size() {
    local found=""
    if [ -n "$size" ]; then
        found="${size%x*} ${size#*x}"
    elif [ "$inside" = 1 ]; then
        found=$("${tmux[@]}" display-message -p '#{client_width} #{client_height}' 2>/dev/null)
    fi
    if ! [[ "$found" =~ ^[0-9]+\ [0-9]+$ ]]; then
        local rows columns
        read -r rows columns < <(stty size </dev/tty 2>/dev/null)
        found="$columns $rows"
    fi
    [[ "$found" =~ ^[0-9]+\ [0-9]+$ ]] || found="160 48"
    echo "$found"
}

# ---- Layouts -----------------------------------------------------------------------

# The panes of the grid in a window of W x H: the right column and the bottom
# row get half (the server's pane keeps its minimum if half is less).
grid_sizes() { # grid_sizes W H -> sets right_columns bottom_rows
    right_columns=$((($1 - 1) / 2)) bottom_rows=$((($2 - 1) / 2))
    [ $(($1 - 1 - right_columns)) -ge "$server_min_columns" ] || right_columns=$(($1 - 1 - server_min_columns))
    [ $(($2 - 1 - bottom_rows)) -ge "$server_min_rows" ] || bottom_rows=$(($2 - 1 - server_min_rows))
}

# budi's pane below the server's in the pair layout: half, less if the server
# needs more, never less than the client's minimum.
pair_budi_rows() { # pair_budi_rows H
    local rows=$((($1 - 1) / 2))
    [ $(($1 - 1 - rows)) -ge "$server_min_rows" ] || rows=$(($1 - 1 - server_min_rows))
    [ "$rows" -ge "$client_min_rows" ] || rows=$client_min_rows
    echo "$rows"
}

# layout_minimum LAYOUT: "COLUMNS ROWS", the smallest terminal it fits (one
# row more than the window: tmux's status line).
layout_minimum() {
    local widest=$((server_min_columns > client_min_columns ? server_min_columns : client_min_columns))
    local tallest=$((server_min_rows > client_min_rows ? server_min_rows : client_min_rows))
    case "$1" in
    grid)
        local columns=$((2 * client_min_columns + 1)) rows=$((2 * client_min_rows + 1))
        [ $((server_min_columns + 1 + client_min_columns)) -le "$columns" ] ||
            columns=$((server_min_columns + 1 + client_min_columns))
        [ $((server_min_rows + 1 + client_min_rows)) -le "$rows" ] ||
            rows=$((server_min_rows + 1 + client_min_rows))
        echo "$columns $((rows + 1))"
        ;;
    pair) echo "$widest $((server_min_rows + 1 + client_min_rows + 1))" ;;
    windows) echo "$widest $((tallest + 1))" ;;
    esac
}

# layout_fits LAYOUT COLUMNS ROWS
layout_fits() {
    local need_columns need_rows
    read -r need_columns need_rows < <(layout_minimum "$1")
    [ "$2" -ge "$need_columns" ] && [ "$3" -ge "$need_rows" ]
}

# choose_layout COLUMNS ROWS: sets layout (DEMO_LAYOUT, or the first that
# fits), or stops saying what size is needed.
choose_layout() {
    local columns=$1 rows=$2 candidate need_columns need_rows
    if [ "$layout" != auto ]; then
        layout_fits "$layout" "$columns" "$rows" && return 0
        read -r need_columns need_rows < <(layout_minimum "$layout")
        say layout_too_small "$layout" "$need_columns" "$need_rows" "$columns" "$rows"
        exit 1
    fi
    for candidate in grid pair windows; do
        if layout_fits "$candidate" "$columns" "$rows"; then layout=$candidate; return 0; fi
    done
    read -r need_columns need_rows < <(layout_minimum windows)
    say too_small "$columns" "$rows" "$need_columns" "$need_rows"
    exit 1
}

# ---- The port -------------------------------------------------------------------------

# port_sockets STATE: how many TCP sockets on this machine have the demo's port
# as their local port, in STATE (0A: listening; 01: established). Read from
# /proc/net/tcp and tcp6, so no tool is needed.
port_sockets() {
    awk -v port="$(printf ':%04X' "$port")" -v state="$1" \
        '$4 == state && substr($2, length($2) - 4) == port { n++ } END { print n + 0 }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

port_listening() { [ "$(port_sockets 0A)" -gt 0 ]; }
port_free() { [ "$(port_sockets 0A)" -eq 0 ]; }
# clients_connected N: the server has N connections (accepted, or waiting in
# the kernel to be accepted).
clients_connected() { [ "$(port_sockets 01)" -ge "$1" ]; }

# wait_for SECONDS COMMAND...: run COMMAND every 0.1 s until it succeeds;
# false if it still fails after SECONDS.
wait_for() {
    local tries=$(($1 * 10))
    shift
    until "$@"; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.1
    done
}

# ---- Starting the programs ------------------------------------------------------------

# The command of one pane in "command" (tmux runs it as given, no shell in
# between). UTF-8 whatever the teacher's locale, for the client's box drawing.
server_command() {
    command=(env LC_ALL=C.UTF-8 "$bin_dir/obrol-server" --port "$port" --lang "$lang")
    if [ "$tui" = 1 ]; then command+=(--tui); else command+=(-v); fi
    if [ "$step" = 1 ]; then command+=(--step); fi
    local bug
    for bug in ${bugs[@]+"${bugs[@]}"}; do command+=(--bug "$bug"); done
}
client_command() { # client_command NICK
    command=(env LC_ALL=C.UTF-8 "$bin_dir/obrol-client" --port "$port" --lang "$lang" --nick "$1")
}

# A program that fails keeps its pane open, its message readable. From tmux
# 3.3 on only then ("failed": a client that quits closes its pane); older tmux
# keeps every pane whose program has exited ("on").
keep_panes=failed
case "$("${tmux[@]}" -V 2>/dev/null)" in "tmux "[0-2].* | "tmux 3."[0-2] | "tmux 3."[0-2][!0-9]*) keep_panes=on ;; esac
keep_failed_panes() { # keep_failed_panes WINDOW
    "${tmux[@]}" set-option -w -t "$1" remain-on-exit "$keep_panes" >/dev/null
}

# start_server COLUMNS ROWS: the session, with the server in its first window.
# The other panes come only once it listens, so clients never meet another
# server, and a failing server's message is not squeezed by new panes. Its
# pane is kept when it fails, even at once: the option is set in the same
# tmux command, before tmux can see the program exit.
start_server() {
    local first_window=obrol
    [ "$layout" = pair ] && first_window=server+budi
    [ "$layout" = windows ] && first_window=server
    server_command
    # The pane starts idle and gets the server only once remain-on-exit is set:
    # a server that fails at once must leave its message on the screen.
    server_pane=$("${tmux[@]}" new-session -d -P -F '#{pane_id}' -s "$session" -n "$first_window" \
        -x "$1" -y "$(($2 - 1))" -c "$PWD" "sleep 60") || exit 1
    server_pane=${server_pane%%$'\n'*}
    "${tmux[@]}" set-option -w -t "$server_pane" remain-on-exit "$keep_panes" &&
        "${tmux[@]}" respawn-pane -k -t "$server_pane" -c "$PWD" "${command[@]}" || exit 1
}

# server_dead: true once the server has exited (its pane is dead, or gone).
server_dead() {
    [ "$("${tmux[@]}" display-message -p -t "$server_pane" '#{pane_dead}' 2>/dev/null)" != 0 ]
}
server_settled() { port_listening || server_dead; }

# wait_for_server: until the port listens; if the server exits instead, show
# what it said, remove the session and stop.
wait_for_server() {
    if wait_for 10 server_settled && ! server_dead; then
        return 0
    fi
    local said
    said=$("${tmux[@]}" capture-pane -p -J -S - -t "$server_pane" 2>/dev/null)
    say server_failed
    sed -e '/^$/d' -e '/^Pane is dead/d' -e 's/^/      /' <<<"$said"
    "${tmux[@]}" kill-session -t "=$session" 2>/dev/null
    say nothing_left
    exit 1
}

# start_client NICK TMUX-COMMAND...: start NICK's client in the pane or window
# that the tmux command (split-window or new-window, with its options) makes;
# sets new_pane. Waits (at most 5 s) until it has connected, so that budi,
# siti and andi join in this order, as the docs show them.
start_client() {
    local nick=$1 command
    shift
    client_command "$nick"
    new_pane=$("${tmux[@]}" "$@" -d -P -F '#{pane_id}' -c "$PWD" "${command[@]}") || return 1
    joined=$((joined + 1))
    wait_for 5 clients_connected "$joined" || true
}

# start_clients COLUMNS ROWS: budi, siti and andi, laid out; sets budi_pane.
start_clients() {
    local window_rows=$(($2 - 1)) nick
    joined=0
    case "$layout" in
    grid)
        grid_sizes "$1" "$window_rows"
        start_client budi split-window -h -t "$server_pane" -l "$right_columns" || return 1
        budi_pane=$new_pane
        start_client siti split-window -v -t "$server_pane" -l "$bottom_rows" || return 1
        start_client andi split-window -v -t "$budi_pane" -l "$bottom_rows" || return 1
        ;;
    pair)
        start_client budi split-window -v -t "$server_pane" -l "$(pair_budi_rows "$window_rows")" || return 1
        budi_pane=$new_pane
        for nick in siti andi; do
            start_client "$nick" new-window -t "=$session:" -n "$nick" || return 1
            keep_failed_panes "$new_pane"
        done
        ;;
    windows)
        for nick in budi siti andi; do
            start_client "$nick" new-window -t "=$session:" -n "$nick" || return 1
            keep_failed_panes "$new_pane"
            if [ "$nick" = budi ]; then budi_pane=$new_pane; fi
        done
        ;;
    esac
}

# ---- The session's look: status line and focus --------------------------------------------

# decorate COLUMNS: the status line says how to move between the programs and
# how to leave the demo running, in the longest form that fits beside the
# session's name and the window list (tmux would cut it); the keys go to the
# server's pane in step mode, else to budi's. Inside tmux, stopping the demo
# sends the client back to another session instead of out of tmux.
decorate() {
    local move=hint_windows away=hint_hide focus=$budi_pane
    local name=" [$session] " windows=" 0:server+budi* 1:siti  2:andi " long short
    [ "$layout" = grid ] && move=hint_panes windows=" 0:obrol* "
    [ "$layout" = windows ] && windows=" 0:server 1:budi* 2:siti  3:andi "
    [ "$inside" = 1 ] && away=hint_back
    long="$(text $move) │ $(text $away)"
    short="$(text ${move}_short) │ $(text ${away}_short)"
    if [ "$step" = 1 ]; then
        focus=$server_pane
        long="$(text hint_step) │ $long"
    fi
    if [ $((${#name} + ${#windows} + ${#long} + 2)) -le "$1" ]; then
        tmux_set status-left "$name"
        tmux_set status-right " $long "
    elif [ $((${#name} + ${#windows} + ${#short} + 2)) -le "$1" ]; then
        tmux_set status-left "$name"
        tmux_set status-right " $short "
    else
        tmux_set status-left ""
        tmux_set status-right " $short "
    fi
    tmux_set status-left-length 40
    tmux_set status-right-length 120
    [ "$inside" = 0 ] || tmux_set detach-on-destroy off
    "${tmux[@]}" select-window -t "$focus" && "${tmux[@]}" select-pane -t "$focus"
}

# tmux_set OPTION VALUE: an option of the demo's session.
tmux_set() { "${tmux[@]}" set-option -t "$server_pane" "$1" "$2" >/dev/null; }

# ---- Main ---------------------------------------------------------------------------

check_settings
inside=0
inside_our_tmux && inside=1
if [ "$inside" = 1 ] && [ "$("${tmux[@]}" display-message -p '#{session_name}')" = "$session" ]; then
    say own_session "$session"
    exit 1
fi
read -r columns rows < <(terminal_size)
choose_layout "$columns" "$rows"

# An earlier demo is replaced: its server must let go of the port first.
if "${tmux[@]}" has-session -t "=$session" 2>/dev/null; then
    say replacing "$session"
    "${tmux[@]}" kill-session -t "=$session"
    wait_for 5 port_free
fi
if port_listening; then
    say port_busy "$port" "$port" "$((port + 1))"
    exit 1
fi

start_server "$columns" "$rows"
wait_for_server
start_clients "$columns" "$rows" || { "${tmux[@]}" kill-session -t "=$session"; exit 1; }
decorate "$columns"

say started "$session" "$columns" "$rows" "$(text "$layout")" "$port"
connected=$(port_sockets 01)
[ "$connected" -ge 3 ] || say clients_late "$connected"
if [ "$step" = 1 ]; then say keys_step; else say keys_budi; fi
say stop "${tmux[*]}" "$session"
if [ "$inside" = 1 ]; then
    [ "$attach" = 1 ] || say open "${tmux[*]}" switch-client "$session"
    say hide_inside
    [ "$attach" = 1 ] && exec "${tmux[@]}" switch-client -t "=$session"
else
    if [ "$attach" != 1 ] || [ ! -t 0 ] || [ ! -t 1 ]; then say open "${tmux[*]}" attach "$session"; fi
    say hide_outside
    [ "$attach" = 1 ] && [ -t 0 ] && [ -t 1 ] && exec "${tmux[@]}" attach -t "=$session"
fi
exit 0
