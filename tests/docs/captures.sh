#!/usr/bin/env bash
# tests/docs/captures.sh - produce the program output quoted in the docs from real runs.
#
#   make captures                         (builds first, then runs this script)
#   bash tests/docs/captures.sh [FILE.md...]
#
# The Markdown files hold marker comments around every capture:
#
#   <!-- capture: NAME -->
#   ```
#   (replaced by this script)
#   ```
#   <!-- /capture -->
#
# Each scenario below starts the real bin/obrol-server on a free port, real
# clients (obrol-client in a private tmux server at a fixed size, nc, the
# lesson's Python programs from tests/docs/lesson/), drives them with
# send-keys, and saves what the screen (capture-pane -p) or the log shows as
# NAME. Then every marker in the files (default: README.md, docs/README.id.md,
# docs/teaching-guide.md, docs/panduan-mengajar.md, docs/grading.md,
# docs/penilaian.md) gets the text of NAME. obrol-check is run as the
# teacher runs it (docs/grading.md), on the lesson's server and on a class
# made of the servers of tests/check/servers.
#
# Masked so that a second run changes as little as possible: the server's
# port becomes 12345 (the lesson's), client ports become 50001, 50002, ... in
# the order they first appear, the Nth capture with clock times starts at
# 09:0N:00, and this computer's network address becomes 192.168.1.10. Round
# trip times and select() time-outs stay as measured.
#
# Needs tmux, nc (netcat-openbsd), python3 and ss (iproute2). Environment:
#   OBROL_BIN            where the programs are (default bin)
#   CAPTURES_SCENARIOS   run only these scenarios (e.g. "readme_narration"); markers
#                        of captures not produced are then left as they are
#   CAPTURES_KEEP=DIR    also copy every capture to DIR (to read them)
set -u

cd "$(dirname "$0")/../.." || exit 1
BIN=${OBROL_BIN:-bin}
BIN=$(cd "$BIN" && pwd) || exit 1
LESSON=$(pwd)/tests/docs/lesson
SOCK=obrol-captures-$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/obrol-captures.XXXXXX")
CAPS=$WORK/captures
mkdir -p "$CAPS"
: >"$WORK/ports"
: >"$WORK/order"
PIDS=()

tm() { tmux -L "$SOCK" -f /dev/null "$@"; }

cleanup() {
    local pid
    tm kill-server >/dev/null 2>&1
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${GROUPS_STARTED[@]}"; do kill -- "-$pid" 2>/dev/null; done
    [ -f "$WORK/demo-socket" ] && tmux -L "$(cat "$WORK/demo-socket")" kill-server >/dev/null 2>&1
    # tmux leaves its socket files behind: remove ours.
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK" "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK-demo"
    rm -rf "$WORK"
}
trap cleanup EXIT

die() { echo "captures: $*" >&2; exit 1; }

for tool in tmux nc python3 ss; do
    command -v "$tool" >/dev/null ||
        die "$tool is missing (apt-get install tmux netcat-openbsd python3 iproute2)"
done
nc -h 2>&1 | grep -q -- '-N' || die "nc has no -N: install netcat-openbsd"

# ---- Helpers -----------------------------------------------------------------

# free_port: a port no one listens on now (the kernel's pick, released again).
free_port() {
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" >>"$WORK/ports"
    echo "$port"
}

# session NAME COLUMNSxROWS COMMAND: a tmux session of that size running COMMAND
# (in English unless COMMAND says --lang id), kept open after COMMAND ends.
session() {
    local name=$1 size=$2; shift 2
    tm new-session -d -s "$name" -x "${size%x*}" -y "${size#*x}" \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE= $*; sleep 100000" ||
        die "tmux could not start $name"
    tm set-option -t "$name" status off >/dev/null
}

screen() { tm capture-pane -p -t "$1" 2>/dev/null; }
keys() { local target=$1; shift; tm send-keys -t "$target" "$@"; }
type_line() { tm send-keys -t "$1" -l "$2"; tm send-keys -t "$1" Enter; }

# wait_screen SESSION REGEX [TENTHS]: until REGEX (grep -E) is on the screen.
wait_screen() {
    local tries=${3:-50}
    for _ in $(seq "$tries"); do
        screen "$1" | grep -Eq -- "$2" && return 0
        sleep 0.1
    done
    echo "captures: waited in vain for /$2/ on $1:" >&2
    screen "$1" >&2
    return 1
}

# wait_file FILE REGEX [TENTHS]: until REGEX (grep -E) is in FILE.
wait_file() {
    local tries=${3:-50}
    for _ in $(seq "$tries"); do
        grep -Eq -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "captures: waited in vain for /$2/ in $1, which ends:" >&2
    tail -c 2000 "$1" >&2 2>/dev/null
    return 1
}

# quiet FILE: wait until FILE has not grown for 0.6 s (a server's log at rest).
quiet() {
    local before after
    for _ in $(seq 30); do
        before=$(wc -c <"$1"); sleep 0.6; after=$(wc -c <"$1")
        [ "$before" = "$after" ] && return 0
    done
}

# server LOG OPTIONS...: obrol-server in its own wide tmux session, its output
# also in LOG (stdin is the terminal, as for a teacher); waits for the ready line.
server() {
    local log=$1; shift
    : >"$log"
    session "srv-$(basename "$log" .log)" 220x50 "$BIN/obrol-server $* | tee -i $log"
    wait_file "$log" '127\.0\.0\.1:[0-9]+$' || die "the server did not start: $*"
}

# client SESSION SIZE OPTIONS...: obrol-client in its own tmux session.
client() {
    local name=$1 size=$2; shift 2
    session "$name" "$size" "$BIN/obrol-client $*"
}

# peer NAME PORT: a raw TCP connection on fd ${PEER[NAME]}; what it receives is
# drained into $WORK/NAME.in by a background cat, so that it never stalls.
declare -A PEER PEER_CAT
peer() {
    local fd
    exec {fd}<>"/dev/tcp/127.0.0.1/$2" || die "cannot connect $1"
    PEER[$1]=$fd
    cat <&"$fd" >"$WORK/$1.in" &
    PEER_CAT[$1]=$!
    PIDS+=($!)
}
say() { printf '%s\n' "$2" >&"${PEER[$1]}"; }
hangup() {
    local fd=${PEER[$1]}
    exec {fd}>&-
    kill "${PEER_CAT[$1]}" 2>/dev/null
}

# group COMMAND: COMMAND (a pipeline) in its own process group, ended at exit.
group() {
    setsid bash -c "$1" &
    GROUPS_STARTED+=($!)
}
GROUPS_STARTED=()

# lines FILE FROM_REGEX [TO_REGEX]: the lines of FILE from the first match of
# FROM_REGEX after line $SKIP (default 0) to the next line matching TO_REGEX.
lines() {
    awk -v from="$2" -v to="${3:-}" -v skip="${SKIP:-0}" '
        NR > skip && !on && $0 ~ from { on = 1; print; next }
        on { print; if (to != "" && $0 ~ to) exit }' "$1"
}

# squeeze: drop empty lines and lines of nothing but box-drawing and blanks
# (the empty rows of a pane), and trailing blanks.
squeeze() { sed -e 's/[[:space:]]*$//' | grep -Ev '^[[:space:]│]*$'; }

# save NAME: standard input becomes the capture NAME.
# (It runs at the end of a pipeline, in a subshell: a failure is left in
# $WORK/failed for the main loop to see.)
save() {
    sed -e 's/[[:space:]]*$//' >"$CAPS/$1.txt"
    if [ -s "$CAPS/$1.txt" ]; then
        echo "$1" >>"$WORK/order"
    else
        echo "capture $1 is empty" >>"$WORK/failed"
    fi
}

# msg LANG EN ID: the word for LANG (grep patterns that depend on the language).
msg() { if [ "$1" = id ]; then echo "$3"; else echo "$2"; fi; }

reset_sessions() { tm kill-server >/dev/null 2>&1; sleep 0.2; }

# ---- Scenarios ---------------------------------------------------------------

# README "What the server says": two raw connections name themselves, then one
# line arrives in two pieces.
readme_narration() {
    local port; port=$(free_port)
    server "$WORK/narration.log" -v --port "$port" --lang en
    peer budi "$port"; say budi "/nick budi"; sleep 0.5
    peer siti "$port"; say siti "/nick siti"; sleep 0.5
    printf 'Halo sem' >&"${PEER[budi]}"; sleep 0.5
    printf 'ua!\n' >&"${PEER[budi]}"
    wait_file "$WORK/narration.log" 'Line from budi' || return 1
    quiet "$WORK/narration.log"
    save readme-narration <"$WORK/narration.log"
    hangup budi; hangup siti
}

# README "Languages" and the ready line with --bind 0.0.0.0, in both languages.
readme_ready_lines() {
    local port lang
    for lang in en id; do
        port=$(free_port)
        timeout 1 "$BIN/obrol-server" --port "$port" --lang "$lang" </dev/null >"$WORK/ready.log" 2>&1
        { echo "\$ bin/obrol-server$([ "$lang" = id ] && echo ' --lang id')"; head -n 1 "$WORK/ready.log"; } |
            save "ready-line-$lang"
        port=$(free_port)
        timeout 1 "$BIN/obrol-server" --bind 0.0.0.0 --port "$port" --lang "$lang" </dev/null >"$WORK/ready.log" 2>&1
        grep -E '0\.0\.0\.0:|--host' "$WORK/ready.log" | awk '!seen[$0]++' | save "ready-line-lan-$lang"
    done
}

# A netcat session: what a student who types into nc sees (README, guide part 2).
nc_session() {
    local lang=$1 port; port=$(free_port)
    server "$WORK/nc-$lang.log" --port "$port" --lang "$lang"
    peer budi "$port"; say budi "/nick budi"
    peer siti "$port"; say siti "/nick siti"
    peer andi "$port"; say andi "/nick andi"
    session nc 160x30 "PS1='\$ ' bash --norc --noprofile"
    wait_screen nc '^\$' || return 1
    type_line nc "nc 127.0.0.1 $port"
    wait_screen nc '^WELCOME' || return 1
    type_line nc "/nick rina"; wait_screen nc '^OK nick rina' || return 1
    type_line nc "Halo semua!"; wait_screen nc '^OK say' || return 1
    say siti "Halo rina!"; wait_screen nc '^MSG siti' || return 1
    type_line nc "/nick server"; wait_screen nc '^ERR nick' || return 1
    type_line nc "/apa"; wait_screen nc '^ERR unknown' || return 1
    type_line nc "/who"; wait_screen nc '^OK who' || return 1
    type_line nc "/ping 42"; wait_screen nc '^OK ping' || return 1
    type_line nc "/quit"; wait_screen nc '^OK quit' || return 1
    keys nc C-d; wait_screen nc '^\$ ?$' || return 1
    screen nc | sed -n '/^\$ nc /,$p' | squeeze | sed '/^\$$/d' | save "nc-session-$lang"
    hangup budi; hangup siti; hangup andi
    reset_sessions
}

# README "What a student sees": budi's obrol-client at 110x26, two raw peers.
readme_client() {
    local port; port=$(free_port)
    server "$WORK/client.log" --port "$port" --lang en
    client budi 110x26 --port "$port" --nick budi
    wait_screen budi 'OK who' || return 1
    peer siti "$port"; sleep 0.4; say siti "/nick siti"; sleep 0.6
    peer andi "$port"; sleep 0.4; say andi "/nick andi"; sleep 0.5
    say siti "Selamat pagi semua! Sudah baca materi server dan client?"
    wait_screen budi 'Selamat pagi' || return 1
    type_line budi "Pagi siti! Sudah, tapi bingung soal select()"
    wait_screen budi '"OK say' || return 1
    sleep 0.5; say andi "/me mengangkat tangan"; sleep 0.5
    type_line budi "/ping"; wait_screen budi '"OK ping' || return 1
    say andi "Pak, kenapa satu recv() bisa berisi dua pesan?"
    wait_screen budi 'MSG andi Pak' || return 1
    sleep 0.3
    screen budi | squeeze | save readme-client
    hangup siti; hangup andi
    reset_sessions
}

# README "What make demo opens": the real demo, seen through a terminal of 150x40.
readme_demo() {
    local port demo_socket pane nick
    port=$(free_port)
    demo_socket=$SOCK-demo
    echo "$demo_socket" >"$WORK/demo-socket"
    ${MAKE:-make} --no-print-directory -s demo DEMO_ATTACH=0 DEMO_PORT="$port" \
        DEMO_TMUX="tmux -L $demo_socket -f /dev/null" >"$WORK/demo.out" 2>&1 ||
        { cat "$WORK/demo.out" >&2; die "make demo failed"; }
    session term 150x40 "env -u TMUX tmux -L $demo_socket -f /dev/null attach -t obrol-demo"
    wait_screen term 'nick andi' 80 || return 1
    local -A pane_of
    for nick in budi siti andi; do
        pane=$(tmux -L "$demo_socket" list-panes -a -F '#{pane_id} #{pane_start_command}' |
            awk -v n="--nick $nick" 'index($0, n) { print $1; exit }')
        [ -n "$pane" ] || die "no pane for $nick in the demo"
        pane_of[$nick]=$pane
    done
    demo_type() { tmux -L "$demo_socket" send-keys -t "$1" -l "$2"; tmux -L "$demo_socket" send-keys -t "$1" Enter; }
    demo_type "${pane_of[budi]}" "Halo semua! Siap belajar server dan client?"; sleep 1
    demo_type "${pane_of[siti]}" "Siap! Kenapa satu server bisa melayani banyak client?"; sleep 1
    demo_type "${pane_of[andi]}" "/me mengangkat tangan"
    wait_screen term 'andi mengangkat tangan' || return 1
    sleep 1
    screen term | save readme-demo
    tmux -L "$demo_socket" kill-server >/dev/null 2>&1
    reset_sessions
}

# The guide, parts 1 and 2: the server starts, budi connects, siti joins, they
# talk; F5 step mode in budi's client; then the server again, in step mode.
guide_parts_1_2() {
    local lang=$1 port log
    port=$(free_port); log=$WORK/guide-$lang.log
    server "$log" -v --port "$port" --lang "$lang"
    sleep 0.3
    head -n 3 "$log" | save "part1-start-$lang"
    client budi 100x30 --port "$port" --lang "$lang" --nick budi
    wait_file "$log" 'who|siapa' || true
    wait_screen budi '"OK who' || return 1
    quiet "$log"
    SKIP=3 lines "$log" '^select\(\) = 1' | save "part1-connect-$lang"
    client siti 100x30 --port "$port" --lang "$lang" --nick siti
    wait_screen budi 'siti' || return 1
    wait_screen siti '"OK who' || return 1
    type_line siti "Halo semua! Selamat pagi"
    wait_screen budi '<siti> Halo semua' || return 1
    type_line budi "Pagi siti! Sudah baca materi server dan client?"
    wait_screen budi '"OK say.*ms' || return 1
    sleep 0.3
    screen budi | squeeze | save "part2-budi-$lang"
    # F5: the line waits before send(), then the response waits after recv().
    keys budi F5; sleep 0.3
    type_line budi "Apa kabar?"
    wait_screen budi '⏸ .*send\(\)' || return 1
    sleep 0.2
    screen budi | grep -E '^ obrol|⏸|ⓘ' | awk 'NR == 1 { print; print "…"; next } { print }' |
        save "part2-step-send-$lang"
    keys budi Space
    wait_screen budi '⏸ recv\(\)' || return 1
    sleep 0.2
    screen budi | grep -E '"Apa kabar\?" [0-9]+ B|⏸ recv|ⓘ' | save "part2-step-recv-$lang"
    keys budi Space; sleep 0.3; keys budi F5; sleep 0.3
    # The server restarted in step mode; budi's client reconnects (Enter: at once).
    keys "srv-guide-$lang" C-c
    wait_file "$log" "$(msg "$lang" 'Server stopped' 'Server berhenti')" || return 1
    sleep 0.3
    log=$WORK/guide-step-$lang.log
    server "$log" --step --port "$port" --lang "$lang"
    keys siti C-c
    keys budi Enter
    wait_file "$log" '^\[' || return 1
    for _ in 1 2 3 4 5; do
        grep -q '^accept' "$log" && break
        keys "srv-guide-step-$lang" Enter; sleep 0.3
    done
    lines "$log" '^select\(\) = 1' '^accept' | save "part1-step-$lang"
    reset_sessions
}

# Part 3: the topology view in budi's client, with three clients.
guide_topology() {
    local lang=$1 port
    port=$(free_port)
    server "$WORK/topo-$lang.log" --port "$port" --lang "$lang"
    client budi 100x30 --port "$port" --lang "$lang" --nick budi
    wait_screen budi '"OK who' || return 1
    client siti 100x30 --port "$port" --lang "$lang" --nick siti
    client andi 100x30 --port "$port" --lang "$lang" --nick andi
    wait_screen siti '"OK who' || return 1
    wait_screen andi '"OK who' || return 1
    keys budi F3; sleep 0.3
    type_line siti "Sudah lihat gambarnya?"
    wait_screen budi 'siti → server' || return 1
    screen budi | awk '/^  client .* server *$/ { exit } { print }' | sed -e 's/[[:space:]]*$//' |
        awk 'NF { blank = 0; print; next } !blank++ { print }' | save "part3-topology-$lang"
    reset_sessions
}

# Part 3: the server's dashboard (--tui) with two clients, after siti spoke.
guide_dashboard() {
    local lang=$1 port
    port=$(free_port)
    echo "$port" >>"$WORK/ports"
    session dash 100x30 "$BIN/obrol-server --tui --port $port --lang $lang"
    wait_screen dash "127\.0\.0\.1:$port" || return 1
    client siti 100x30 --port "$port" --lang "$lang" --nick siti
    wait_screen siti '"OK who' || return 1
    client budi 100x30 --port "$port" --lang "$lang" --nick budi
    wait_screen budi '"OK who' || return 1
    sleep 0.5
    type_line siti "Halo dari siti"
    wait_screen budi '<siti> Halo dari siti' || return 1
    sleep 0.5
    screen dash | save "part3-dashboard-$lang"
    reset_sessions
}

# Part 3 and exercise 2: two clients type while the server waits at a step.
guide_two_at_once() {
    local lang=$1 port log
    port=$(free_port); log=$WORK/two-$lang.log
    server "$log" --step --port "$port" --lang "$lang"
    keys "srv-two-$lang" c Enter; sleep 0.2          # run freely while everyone joins
    peer budi "$port"; say budi "/nick budi"
    peer siti "$port"; say siti "/nick siti"
    peer andi "$port"; say andi "/nick andi"
    wait_file "$log" 'andi$' || return 1
    quiet "$log"
    keys "srv-two-$lang" s Enter; sleep 0.3        # pause before each step again
    local before; before=$(wc -l <"$log")
    say budi "Siapa yang duluan?"
    wait_file "$log" "$(msg "$lang" '\[step' '\[langkah')" || return 1
    say siti "Aku!"; say andi "Aku juga!"; sleep 0.3
    local two='^select\(\) = [0-9]+: [a-z ]+ \{[0-9]+ [0-9]+'
    for _ in $(seq 40); do
        [ -n "$(SKIP=$before lines "$log" "$two")" ] && break
        keys "srv-two-$lang" Enter; sleep 0.15
    done
    keys "srv-two-$lang" Enter; sleep 0.3
    SKIP=$before lines "$log" "$two" '\] [^:]*: recv\(\)' | save "part3-two-at-once-$lang"
    hangup budi; hangup siti; hangup andi
    reset_sessions
}

# Part 4: the lesson's Python client against obrol, budi connected; the narration.
guide_python_client() {
    local lang=$1 port log
    port=$(free_port); log=$WORK/py-$lang.log
    server "$log" -v --port "$port" --lang "$lang"
    peer budi "$port"; say budi "/nick budi"
    wait_file "$log" 'budi$' || return 1
    quiet "$log"
    local before; before=$(wc -l <"$log")
    sed "s/12345/$port/" "$LESSON/client.py" >"$WORK/client.py"
    (cd "$WORK" && python3 client.py) >"$WORK/py-client.out" 2>&1
    wait_file "$log" '= 0: |closed its side|menutup sisi' || return 1
    quiet "$log"
    { echo "\$ python3 client.py"; cat "$WORK/py-client.out"; } | save "python-client-$lang"
    SKIP=$before lines "$log" '^select\(\) = 1' | save "python-narration-$lang"
    hangup budi
    reset_sessions
}

# Part 4: /trickle Halo semua! in budi's client, seen in its flow pane, in the
# server's narration and at siti's.
guide_trickle() {
    local lang=$1 port log
    port=$(free_port); log=$WORK/trickle-$lang.log
    server "$log" -v --port "$port" --lang "$lang"
    client budi 100x30 --port "$port" --lang "$lang" --nick budi
    client siti 100x30 --port "$port" --lang "$lang" --nick siti
    wait_screen budi '"OK who' || return 1
    wait_screen siti '"OK who' || return 1
    quiet "$log"
    local before; before=$(wc -l <"$log")
    type_line budi "/trickle Halo semua!"
    wait_screen budi '"OK say.*ms' 80 || return 1
    wait_screen siti 'MSG budi Halo semua' || return 1
    quiet "$log"
    screen budi | grep -E '"Halo semua!"|fragme|"OK say' | save "trickle-flow-$lang"
    SKIP=$before lines "$log" '^recv\(' '^send\(.*siti' | grep -v '^select()' | save "trickle-server-$lang"
    screen siti | grep -E 'MSG budi Halo semua|ⓘ' | save "trickle-siti-$lang"
    reset_sessions
}

# Exercise 3: a client that stops reading, a flood of 20,000 lines, a reader.
# On a busy computer the reader can fall 256 KiB behind and be dropped too
# (the server cannot tell slow from not reading): then the run is made again,
# at most five times, so that the capture shows the usual outcome.
exercise_flood() {
    local lang=$1 attempt
    for attempt in 1 2 3 4 5; do
        flood_once "$lang" && return 0
        echo "captures: the flood's reader was dropped too (attempt $attempt), again" >&2
    done
    return 1
}

flood_once() {
    local lang=$1 port log server_pid first_group=${#GROUPS_STARTED[@]} status=1 i
    port=$(free_port); log=$WORK/server.log
    LC_ALL=C.UTF-8 LANGUAGE='' "$BIN/obrol-server" --rate 0 --port "$port" --lang "$lang" </dev/null >"$log" 2>&1 &
    server_pid=$!
    PIDS+=("$server_pid")
    wait_file "$log" '127\.0\.0\.1:[0-9]+$' || return 1
    group "sleep 600 | nc 127.0.0.1 $port | sleep 600"      # a client that never reads
    wait_file "$log" 'guest1' || return 1
    group "sleep 600 | nc 127.0.0.1 $port > $WORK/received.txt"
    wait_file "$log" 'guest2' || return 1
    yes "$(head -c 1000 /dev/zero | tr '\0' x)" | head -n 20000 | nc -N 127.0.0.1 "$port" >/dev/null
    # guest3 (the flood) leaves last: the reader got everything, or it was dropped.
    wait_file "$log" '^guest3 ' 300 || return 1
    sleep 0.5
    if grep -q '^LEAVE guest3' "$WORK/received.txt"; then
        local line_from; line_from=$(msg "$lang" 'Line from' 'Pesan dari')
        {
            echo "\$ grep -v '^$line_from' server.log"
            grep -v "^$line_from" "$log"
            echo "\$ grep -c '^MSG guest3' received.txt"
            grep -c '^MSG guest3' "$WORK/received.txt"
            echo "\$ grep LEAVE received.txt"
            grep LEAVE "$WORK/received.txt"
        } | save "flood-$lang"
        status=0
    fi
    kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null
    for ((i = first_group; i < ${#GROUPS_STARTED[@]}; i++)); do kill -- "-${GROUPS_STARTED[i]}" 2>/dev/null; done
    return $status
}

# Exercise 5: the server waits at a step; ss shows the connections in the backlog.
exercise_backlog() {
    local lang=$1 port log
    port=$(free_port); log=$WORK/backlog-$lang.log
    server "$log" --step --port "$port" --lang "$lang"
    client budi 100x30 --port "$port" --lang "$lang" --nick budi
    wait_file "$log" '^\[' || return 1
    for _ in 1 2 3; do group "sleep 600 | nc 127.0.0.1 $port > /dev/null"; done
    sleep 0.5
    { echo "\$ ss -ltn 'sport = :$port'"; ss -ltn "sport = :$port"; } | save "ss-backlog-$lang"
    sleep 1
    screen budi | head -n 1 | save "ss-backlog-budi-waiting-$lang"
    keys "srv-backlog-$lang" c Enter                  # run freely: budi's /nick is answered at last
    wait_screen budi '"OK nick' || return 1
    sleep 0.3
    screen budi | grep -E '"/nick budi"|"OK nick budi"' | save "ss-backlog-budi-$lang"
    reset_sessions
}

# Exercise 7: the lesson's Python server, with obrol-client --batch and full-screen.
exercise_python_server() {
    local lang=$1 port
    port=$(free_port)
    sed "s/12345/$port/" "$LESSON/server.py" >"$WORK/server.py"
    session py 100x30 "sh -c 'cd $WORK && exec python3 -u server.py'"
    wait_screen py 'Server siap' || return 1
    echo "Halo server!" | LC_ALL=C.UTF-8 LANGUAGE='' "$BIN/obrol-client" --batch --port "$port" --lang "$lang" \
        >"$WORK/batch.out" 2>&1
    { echo "\$ echo \"Halo server!\" | bin/obrol-client --batch$([ "$lang" = id ] && echo ' --lang id')"
      cat "$WORK/batch.out"; } | save "python-server-batch-$lang"
    client budi 100x24 --port "$port" --lang "$lang"
    wait_screen budi "$(msg "$lang" 'Connected to' 'Terhubung ke')" || return 1
    sleep 0.5
    type_line budi "Halo server!"
    wait_screen budi 'Pesan diterima server' || return 1
    wait_screen budi '^[0-9:]+ !!! ' || return 1
    sleep 1.5
    screen budi | squeeze | save "python-server-client-$lang"
    screen py | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' | save "python-server-log-$lang"
    reset_sessions
}

# The room code, seen from nc.
room_code_nc() {
    local lang=$1 port
    port=$(free_port)
    server "$WORK/room-$lang.log" --port "$port" --lang "$lang" --room-code kelas7
    session nc 160x20 "PS1='\$ ' bash --norc --noprofile"
    wait_screen nc '^\$' || return 1
    type_line nc "nc -N 127.0.0.1 $port"
    wait_screen nc '^WELCOME' || return 1
    type_line nc "halo"; wait_screen nc '^ERR say' || return 1
    type_line nc "/join salah"; wait_screen nc '^ERR join' || return 1
    type_line nc "/join kelas7"; wait_screen nc '^OK join' || return 1
    screen nc | sed -n '/^\$ nc /,$p' | squeeze | save "room-code-$lang"
    reset_sessions
}

# docs/grading.md: obrol-check on the lesson's server, in the words of LANG.
grading_lesson() {
    local lang=$1 command
    command="bin/obrol-check --spawn \"sed s/12345/{port}/ tests/docs/lesson/server.py | python3 -\""
    command="$command --profile reply --only connect,reply,no-newline,quiet-client$([ "$lang" = id ] && echo ' --lang id')"
    LC_ALL=C.UTF-8 LANGUAGE='' bash -c "${command/#bin/$BIN}" >"$WORK/grading-$lang.out" 2>&1
    [ $? = 1 ] || { cat "$WORK/grading-$lang.out" >&2; return 1; }
    grep -o '127\.0\.0\.1:[0-9]*' "$WORK/grading-$lang.out" | cut -d: -f2 >>"$WORK/ports"
    { echo "\$ $command"; cat "$WORK/grading-$lang.out"; } | save "grading-lesson-$lang"
}

# docs/grading.md: a class of four graded by docs/grade-class.sh (the servers of
# tests/check/servers as if students had written them); in Indonesian, the
# same reports as a table again (--table).
grading_class() {
    local lang=$1 student
    if [ "$lang" = en ]; then
        rm -rf "$WORK/kelas"
        for student in budi:relay-good.py siti:one-recv.py andi:blocking-send.py rudi:no-sigpipe.c; do
            mkdir -p "$WORK/kelas/${student%%:*}"
            cp "tests/check/servers/${student#*:}" "$WORK/kelas/${student%%:*}/server.${student##*.}"
        done
        (cd "$WORK" && LC_ALL=C.UTF-8 LANGUAGE='' OBROL_CHECK=$BIN/obrol-check sh "$OLDPWD/docs/grade-class.sh" kelas) \
            >"$WORK/class-en.out" 2>/dev/null || return 1
        { echo "\$ sh docs/grade-class.sh kelas"; cat "$WORK/class-en.out"; } | save grading-class-en
    else
        (cd "$WORK" && LC_ALL=C.UTF-8 LANGUAGE=id sh "$OLDPWD/docs/grade-class.sh" kelas --table) \
            >"$WORK/class-id.out" 2>/dev/null || return 1
        { echo "\$ sh docs/grade-class.sh kelas --table"; cat "$WORK/class-id.out"; } | save grading-class-id
    fi
}

ALL_SCENARIOS="readme_narration readme_ready_lines readme_client readme_demo
    nc_session:en nc_session:id guide_parts_1_2:en guide_parts_1_2:id
    guide_topology:en guide_topology:id guide_dashboard:en guide_dashboard:id
    guide_two_at_once:en guide_two_at_once:id guide_python_client:en guide_python_client:id
    guide_trickle:en guide_trickle:id exercise_flood:en exercise_flood:id exercise_backlog:en exercise_backlog:id
    exercise_python_server:en exercise_python_server:id room_code_nc:en room_code_nc:id
    grading_lesson:en grading_lesson:id grading_class:en grading_class:id"

# ---- Masking -----------------------------------------------------------------

# Every capture, in the order they were made, through one awk: server ports ->
# 12345, client ports -> 50001..., the LAN address -> 192.168.1.10, and clock
# times: the Nth capture that shows times starts at 09:0N:00 (09:00, 09:01, ...:
# the lesson moves on), later times in it keep their distance from its first.
mask_all() {
    local files=() name
    while read -r name; do files+=("$CAPS/$name.txt"); done <"$WORK/order"
    lan=$(ip -4 -o address show scope global 2>/dev/null | awk '{ sub("/.*", "", $4); print $4 }' | head -n 5 | tr '\n' ' ')
    awk -v ports="$(sort -u "$WORK/ports" | tr '\n' ' ')" -v lan="$lan" '
        function secs(t,   p) { split(t, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
        function clock(s) { s = (s % 86400 + 86400) % 86400; return sprintf("%02d:%02d:%02d", int(s / 3600), int(s % 3600 / 60), s % 60) }
        BEGIN {
            n = split(ports, p, " "); for (i = 1; i <= n; i++) server[p[i]] = 1
            n = split(lan, a, " "); for (i = 1; i <= n; i++) address[a[i]] = 1
            next_port = 50001; timed = 0
        }
        FNR == 1 { if (out != "") close(out); out = FILENAME ".masked"; first = -1 }
        {
            line = $0; result = ""
            # ports after an address (127.0.0.1:P, ('127.0.0.1', P); obrol-check
            # clients come from 127.0.0.2) and after "port "
            while (match(line, /(127\.0\.0\.1:|127\.0\.0\.[12]'"'"', |0\.0\.0\.0:|port |:| )[0-9][0-9][0-9][0-9][0-9]/)) {
                head = substr(line, 1, RSTART - 1); token = substr(line, RSTART, RLENGTH)
                number = substr(token, length(token) - 4); prefix = substr(token, 1, length(token) - 5)
                if (number in server) number = 12345
                else if (prefix != ":" && prefix != " " && prefix != "port ") {
                    if (!(number in mapped)) mapped[number] = next_port++
                    number = mapped[number]
                }
                result = result head prefix number; line = substr(line, RSTART + RLENGTH)
            }
            line = result line; result = ""
            while (match(line, /(^|[^0-9:.])[0-2][0-9]:[0-5][0-9]:[0-5][0-9]/)) {
                lead = (RLENGTH == 9) ? substr(line, RSTART, 1) : ""
                t = substr(line, RSTART + RLENGTH - 8, 8)
                if (first < 0) { first = secs(t); minute = timed++ }
                result = result substr(line, 1, RSTART - 1) lead clock(9 * 3600 + minute * 60 + secs(t) - first)
                line = substr(line, RSTART + RLENGTH)
            }
            line = result line
            for (ip in address) gsub(ip, "192.168.1.10", line)
            print line > out
        }' "${files[@]}"
    for name in "${files[@]}"; do mv "$name.masked" "$name"; done
}

# ---- Writing the Markdown ------------------------------------------------------

# fill FILE: replace the text between every capture marker pair in FILE.
fill() {
    awk -v dir="$CAPS" -v file="$1" -v strict="$STRICT" '
        /^<!-- capture: [a-z0-9-]+ -->$/ {
            print; name = $3; path = dir "/" name ".txt"
            if ((getline line < path) <= 0) {
                if (strict) { print file ": no capture named " name > "/dev/stderr"; failed = 1 }
                keep = 1; next
            }
            print "```"; print line
            while ((getline line < path) > 0) print line
            close(path); print "```"; skip = 1; filled++; next
        }
        /^<!-- \/capture -->$/ { skip = 0; keep = 0 }
        !skip || keep { print }
        END { if (skip) { print file ": capture " name " has no <!-- /capture -->" > "/dev/stderr"; failed = 1 }
              printf "captures: %s: %d filled\n", file, filled > "/dev/stderr"; exit failed }
    ' "$1" >"$1.new" && mv "$1.new" "$1"
}

# ---- Main ---------------------------------------------------------------------

scenarios=${CAPTURES_SCENARIOS:-$ALL_SCENARIOS}
STRICT=1
[ -n "${CAPTURES_SCENARIOS:-}" ] && STRICT=0
for scenario in $scenarios; do
    echo "captures: $scenario" >&2
    fn=${scenario%%:*}; arg=
    [ "$fn" != "$scenario" ] && arg=${scenario#*:}
    # shellcheck disable=SC2086
    $fn $arg || die "scenario $scenario failed"
    [ -e "$WORK/failed" ] && die "scenario $scenario: $(cat "$WORK/failed")"
    reset_sessions
done
mask_all
[ -n "${CAPTURES_KEEP:-}" ] && mkdir -p "$CAPTURES_KEEP" && cp "$CAPS"/*.txt "$CAPTURES_KEEP"/

[ $# -gt 0 ] || set -- README.md docs/README.id.md docs/teaching-guide.md docs/panduan-mengajar.md \
    docs/grading.md docs/penilaian.md
status=0
for file in "$@"; do fill "$file" || status=1; done
exit $status
