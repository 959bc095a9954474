#!/usr/bin/env bash
# tests/docs/museum-captures.sh - the real output quoted in the bug museum
# (docs/bug-museum.md and docs/museum-bug.md), made again from real runs.
#
#   make museum-captures                  (builds first, then runs this script)
#   bash tests/docs/museum-captures.sh [NAME...]
#
# For each mistake NAME (default: all) and each language (en, id):
#   museum-NAME-server[-id]   the server's own words: obrol-server --bug NAME
#                             --rate 0 (its log, from start to stop)
#   museum-NAME-clients[-id]  what the clients did and saw (tests/docs/museum-drive.py)
#   museum-NAME-check[-id]    obrol-check --quick --only CHECKS against it
# and museum-dashboard[-id]: the --tui dashboard's top rows with a mistake on.
# Then every marker pair in the two files, as in tests/docs/captures.sh:
#   <!-- capture: NAME -->
#   ```
#   (replaced)
#   ```
#   <!-- /capture -->
# gets its capture; markers of captures not made are left as they are.
# Masked: the server's port becomes 12345, clients' ports 50001, 50002, ...
# Needs python3 and tmux (the dashboard). Environment: OBROL_BIN (default bin).
set -u

cd "$(dirname "$0")/../.." || exit 1
BIN=$(cd "${OBROL_BIN:-bin}" && pwd) || exit 1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/obrol-museum-captures.XXXXXX")
SOCK=obrol-museum-captures-$$
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill -KILL "$SERVER_PID" 2>/dev/null
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT
die() { echo "museum-captures: $*" >&2; exit 1; }

# The checks each mistake must fail (tests/museum/run.sh says which and why),
# and obrol-check's options for it.
# shellcheck disable=SC2054 # the commas are obrol-check's, in one word
declare -A CHECKS=(
    [one-recv-one-message]=split-line,utf8-split [blocking-send]=slow-reader
    [no-sigpipe]=peer-reset [forget-closed]=idle-cpu [one-at-a-time]=quiet-client
    [shared-buffer]=half-line-blocks-none [no-fd-limit]=fd-limit
)
declare -A CHECK_OPTIONS=([one-at-a-time]="--profile reply")
# no-sigpipe: bob's queue must not reach --max-queue (he would be dropped, correctly, first).
declare -A SERVER_OPTIONS=([no-sigpipe]="--max-queue 67108864")
ALL="one-recv-one-message blocking-send no-sigpipe forget-closed one-at-a-time shared-buffer no-fd-limit"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for FILE REGEX: until REGEX is in FILE (at most 5 s).
wait_for() {
    for _ in $(seq 50); do
        grep -Eq -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# mask PORT: the server's port -> 12345, other 5-digit ports after an address -> 50001, ...
mask() {
    awk -v port="$1" '{
        line = $0; out = ""
        while (match(line, /(127\.0\.0\.1:|port )[0-9][0-9][0-9][0-9][0-9]/)) {
            token = substr(line, RSTART, RLENGTH); number = substr(token, length(token) - 4)
            prefix = substr(token, 1, length(token) - 5)
            if (number == port) number = 12345
            else { if (!(number in seen)) seen[number] = 50000 + (++n); number = seen[number] }
            out = out substr(line, 1, RSTART - 1) prefix number; line = substr(line, RSTART + RLENGTH)
        }
        print out line
    }' | sed -e 's/[[:space:]]*$//'
}

# ending STATUS LANG: how a server that ended by a signal ended, in words.
ending() {
    [ "$1" -gt 128 ] || return 0
    case $2 in
    id) echo "(server berakhir: dimatikan oleh sinyal $(($1 - 128)), SIG$(kill -l "$1"))" ;;
    *) echo "(the server ended: killed by signal $(($1 - 128)), SIG$(kill -l "$1"))" ;;
    esac
}

# exhibit NAME LANG: the server's log and the clients' view of one run.
exhibit() {
    local name=$1 lang=$2 suffix="" port status
    [ "$lang" = id ] && suffix=-id
    port=$(free_port)
    (
        ulimit -n 4096 2>/dev/null # no-fd-limit: more clients than select() can watch
        # shellcheck disable=SC2086 # the options are words
        exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE= "$BIN/obrol-server" --port "$port" \
            --rate 0 ${SERVER_OPTIONS[$name]:-} --lang "$lang" --bug "$name" \
            </dev/null >"$WORK/server.log" 2>&1
    ) &
    SERVER_PID=$!
    wait_for "$WORK/server.log" "127\.0\.0\.1:$port\$" || die "$name: the server did not start"
    (ulimit -n 4096 2>/dev/null; MUSEUM_LANG=$lang python3 tests/docs/museum-drive.py "$name" "$port" "$SERVER_PID") \
        >"$WORK/clients.txt" 2>&1
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 20); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID"
    status=$?
    SERVER_PID=
    [ "$name" = no-sigpipe ] || [ "$name" = no-fd-limit ] || status=0 # the others: stopped by us
    mask "$port" <"$WORK/server.log" | awk 'length($0) > 300 { $0 = substr($0, 1, 100) "…" } 1' |
        collapse >"$WORK/museum-$name-server$suffix.txt"
    { cat "$WORK/clients.txt"; ending "$status" "$lang"; } | mask "$port" >"$WORK/museum-$name-clients$suffix.txt"
}

# collapse: a run of lines alike in their first 40 characters (a flood) becomes
# its first line and "… N more like it".
collapse() {
    awk 'function flush() { if (run > 1) printf "… %d more like it\n", run - 1 }
        { key = substr($0, 1, 40) }
        key == last { run++; next }
        { flush(); print; last = key; run = 1 }
        END { flush() }'
}

# shorten: a long report keeps its first 18 lines and its last 8 ("…" between).
shorten() {
    awk '{ line[NR] = $0 } END {
        for (i = 1; i <= NR; i++)
            if (NR <= 30 || i <= 18 || i > NR - 8) print line[i]
            else if (i == 19) print "             …"
    }'
}

# grade NAME LANG: obrol-check's human report on the checks that name the mistake.
grade() {
    local name=$1 lang=$2 suffix=""
    [ "$lang" = id ] && suffix=-id
    [ -x "$BIN/obrol-check" ] || return 0
    # shellcheck disable=SC2086 # the options are words
    env LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE= "$BIN/obrol-check" --lang "$lang" --quick \
        --spawn "bin/obrol-server --port {port} --rate 0 --bug $name ${SERVER_OPTIONS[$name]:-}" \
        --only "${CHECKS[$name]}" \
        ${CHECK_OPTIONS[$name]:-} 2>&1 | cut -c1-160 | shorten | mask 0 >"$WORK/museum-$name-check$suffix.txt"
}

# dashboard LANG: the --tui dashboard's title and clients with one-recv-one-message on.
dashboard() {
    local lang=$1 suffix="" port
    [ "$lang" = id ] && suffix=-id
    command -v tmux >/dev/null || return 0
    port=$(free_port)
    tmux -L "$SOCK" -f /dev/null new-session -d -s dash -x 100 -y 30 \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE= $BIN/obrol-server --tui --port $port --rate 0 --lang $lang --bug one-recv-one-message; sleep 100000" ||
        die "tmux could not start the dashboard"
    for _ in $(seq 50); do
        tmux -L "$SOCK" capture-pane -p -t dash | grep -q "obrol" && break
        sleep 0.1
    done
    MUSEUM_LINGER=3 python3 tests/docs/museum-drive.py one-recv-one-message "$port" 0 >/dev/null 2>&1 &
    local driver=$!
    sleep 2
    tmux -L "$SOCK" capture-pane -p -t dash | mask "$port" | sed -e 's/[[:space:]]*$//' >"$WORK/museum-dashboard$suffix.txt"
    wait "$driver"
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
}

# fill FILE: replace the text between every capture marker pair in FILE whose capture was made.
fill() {
    awk -v dir="$WORK" '
        /^<!-- capture: [a-z0-9-]+ -->$/ {
            print; name = $3; path = dir "/" name ".txt"
            if ((getline line < path) <= 0) { keep = 1; next }
            print "```"; print line
            while ((getline line < path) > 0) print line
            close(path); print "```"; skip = 1; filled++; next
        }
        /^<!-- \/capture -->$/ { skip = 0; keep = 0 }
        !skip || keep { print }
        END { printf "museum-captures: %s: %d filled\n", FILENAME, filled > "/dev/stderr" }
    ' "$1" >"$1.new" && mv "$1.new" "$1"
}

# shellcheck disable=SC2086 # the names are words
[ $# -gt 0 ] || set -- $ALL
for name in "$@"; do
    [ -n "${CHECKS[$name]:-}" ] || die "no mistake called $name"
    for lang in en id; do
        echo "museum-captures: $name ($lang)" >&2
        exhibit "$name" "$lang"
        grade "$name" "$lang"
    done
done
[ $# -lt 7 ] || { dashboard en; dashboard id; }
# A busy machine may run out of local ports (TIME_WAIT): no such capture goes into the docs.
if grep -l "Cannot assign requested address" "$WORK"/*.txt 2>/dev/null; then
    die "out of local ports (the captures above): nothing filled; run again in a minute"
fi
for doc in docs/bug-museum.md docs/museum-bug.md; do [ -e "$doc" ] && fill "$doc"; done
