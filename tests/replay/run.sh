#!/usr/bin/env bash
# tests/replay/run.sh - record, replay, report: the round trip (make replay-test).
#
# A real server records the lesson (record-lesson.sh); obrol-replay then tells
# it in English and in Indonesian, exports the Markdown report (its Mermaid
# block must hold every line of the session) and the SVG (parsed as XML, every
# line in its text), keeps to --from/--to, and refuses damaged traces with the
# line number and exit status 2. The sample trace in docs/ must still replay.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${OBROL_BIN:-bin}
replay="$bin/obrol-replay"
work=$(mktemp -d)
socket=obrol-replay-test-$$ # a tmux server of our own
server_pid=""
trap 'tmux -L "$socket" kill-server 2>/dev/null; [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0

ok()   { echo "ok    $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; failed=$((failed + 1)); }
# check "what" COMMAND...: the command's success is the check's.
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

export LANGUAGE="" LC_ALL=C.UTF-8
if ! bash "$here/record-lesson.sh" "$work/lesson.jsonl" "$work/said.txt"; then
    fail "the lesson is recorded"
    echo "replay tests: $passed passed, $failed failed"; exit 1
fi
ok "the lesson is recorded ($(wc -l <"$work/lesson.jsonl") lines)"
check "the trace begins with its versioned header" \
    grep -q '^{"obrol_trace":1,"program":"server"' "$work/lesson.jsonl"

# ---- --print, in both languages -------------------------------------------------
"$replay" --print "$work/lesson.jsonl" >"$work/print.en" 2>&1
check "--print exits 0" test $? -eq 0
check "--print tells every message as the live server does" \
    grep -q 'Line from budi: Halo semua!$' "$work/print.en"
check "--print tells andi's action" grep -q 'Line from andi: melambai dari belakang kelas$' "$work/print.en"
check "--print tells recv() with the bytes" \
    grep -q 'recv(fd [0-9]*) = [0-9]* bytes from siti: "Halo budi, apa kabar?\\n"' "$work/print.en"
check "--print tells the fd sets of select()" grep -q 'select(): waiting for read {' "$work/print.en"
check "--print tells the leaves" grep -q 'close(fd [0-9]*): andi left (sampai jumpa)' "$work/print.en"
"$replay" --print --lang id "$work/lesson.jsonl" >"$work/print.id" 2>&1
check "--print --lang id speaks Indonesian" grep -q 'Pesan dari budi: Halo semua!$' "$work/print.id"
check "--print --lang id: select() too" grep -q 'select(): menunggu baca {' "$work/print.id"
check "both languages tell the same steps" \
    test "$(cut -c1-6 "$work/print.en" | tr -d ' ' | tr '\n' ,)" = \
         "$(cut -c1-6 "$work/print.id" | tr -d ' ' | tr '\n' ,)"

# ---- --from / --to ----------------------------------------------------------------
"$replay" --print --from 20 --to 40 "$work/lesson.jsonl" >"$work/range" 2>&1
first=$(head -n 1 "$work/range" | awk '{print $1}') last=$(tail -n 1 "$work/range" | awk '{print $1}')
check "--from 20 --to 40 keeps steps 20 to 40 ($first..$last)" \
    test "$first" -ge 20 -a "$last" -le 40 -a "$(wc -l <"$work/range")" -gt 5
# A time bound: step 5's time, in milliseconds (t is in microseconds).
t5=$(sed -n 's/^{"n":5,"t":\([0-9]*\),.*/\1/p' "$work/lesson.jsonl")
ms5=$(awk -v t="$t5" 'BEGIN { printf "%.3f", t / 1000 }')
"$replay" --print --to "${ms5}ms" "$work/lesson.jsonl" >"$work/range.t" 2>&1
check "--to ${ms5}ms (step 5's time) keeps the start" grep -q 'listens on' "$work/range.t"
check "--to ${ms5}ms leaves the chat out" test "$(grep -c 'Line from' "$work/range.t")" -eq 0

# ---- --export md: the Mermaid block has every line of the session ---------------------
"$replay" --export md -o "$work/report.md" "$work/lesson.jsonl"
check "--export md -o OUT exits 0" test $? -eq 0
sed -n '/^```mermaid$/,/^```$/p' "$work/report.md" >"$work/mermaid"
check "the report has a Mermaid sequenceDiagram" grep -q '^sequenceDiagram$' "$work/mermaid"
missing=0
while IFS= read -r typed; do
    grep -qF -- "->>S: $typed" "$work/mermaid" || { echo "      not in the diagram: $typed"; missing=1; }
done <"$work/said.txt"
for relayed in "MSG budi Halo semua!" "MSG siti Halo budi, apa kabar?" \
               "ME andi melambai dari belakang kelas" "MSG budi Kabar baik, terima kasih!" \
               "MSG siti Satu recv() bukan satu pesan"; do
    [ "$(grep -F -- "$relayed" "$work/mermaid" | grep -c '^    S->>c')" -eq 2 ] ||
        { echo "      not relayed twice in the diagram: $relayed"; missing=1; }
done
check "the Mermaid block has every line sent, and every relay to both others" test $missing -eq 0
check "the report counts the three clients" grep -q '^| clients accepted (accept()) | 3 |$' "$work/report.md"
check "the report numbers the steps" grep -q '^| [0-9]* | [0-9.]* | Line from siti: ' "$work/report.md"
check "the report has the fd-set table" grep -q '^| turn | step | read set |' "$work/report.md"
"$replay" --export md --lang id "$work/lesson.jsonl" >"$work/report.id.md"
check "--export md --lang id writes Indonesian" grep -q '^## Langkah demi langkah' "$work/report.id.md"

# ---- --export svg: XML with every line ---------------------------------------------
"$replay" --export svg "$work/lesson.jsonl" >"$work/lesson.svg"
check "--export svg exits 0" test $? -eq 0
check "the SVG is XML and holds every line of the session" python3 - "$work/lesson.svg" "$work/said.txt" <<'PY'
import sys, xml.etree.ElementTree as tree
root = tree.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
text = "\n".join("".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text"))
said = [line.rstrip("\n") for line in open(sys.argv[2], encoding="utf-8")]
relayed = ["MSG budi Halo semua!", "ME andi melambai dari belakang kelas"]
missing = [line for line in said + relayed if line not in text]
if missing:
    sys.exit("not in the SVG: %r" % missing)
PY

# ---- Damaged traces: refused with the line number, exit status 2 -------------------------
head -n 10 "$work/lesson.jsonl" >"$work/cut.jsonl"
sed -n 11p "$work/lesson.jsonl" | head -c 20 >>"$work/cut.jsonl"
"$replay" --print "$work/cut.jsonl" >"$work/out" 2>"$work/err"
status=$?
check "a truncated trace exits 2 (got $status)" test $status -eq 2
check "a truncated trace names line 11" grep -q 'cut.jsonl: line 11: cut short' "$work/err"
sed '5s/.*/{"n":4,"t":/' "$work/lesson.jsonl" >"$work/bad.jsonl"
"$replay" --export md "$work/bad.jsonl" >"$work/out" 2>"$work/err"
status=$?
check "a corrupted line exits 2 (got $status)" test $status -eq 2
check "a corrupted line is named: line 5" grep -q 'bad.jsonl: line 5: not JSON' "$work/err"
check "nothing is written for a bad trace" test ! -s "$work/out"
printf 'not a trace\n' >"$work/other"
"$replay" --print "$work/other" >/dev/null 2>"$work/err"
check "another file is not a trace (exit 2, line 1)" \
    test $? -eq 2 -a "$(grep -c 'line 1: not an obrol trace' "$work/err")" -eq 1
"$replay" --export pdf "$work/lesson.jsonl" >/dev/null 2>&1
check "--export pdf is a usage error (exit 2)" test $? -eq 2

# ---- The server's side: a file it cannot write -----------------------------------------
"$bin/obrol-server" --port 0 --record /nonexistent/dir/trace.jsonl </dev/null >"$work/out" 2>&1
status=$?
check "--record into a missing folder fails at start (exit $status)" test $status -eq 1
check "... and says why" grep -q 'cannot record into /nonexistent/dir/trace.jsonl' "$work/out"

# ---- The sample shipped with the docs -------------------------------------------------
sample="$root/docs/traces/lesson-server.jsonl"
"$replay" --print "$sample" >"$work/sample" 2>&1
check "docs/traces/lesson-server.jsonl replays" grep -q 'Line from budi: Halo semua!$' "$work/sample"

# ---- The interactive replay, in tmux: forward, jump, and one step back -------------------
# screen_wait TEXT: wait (at most 5 s) until the pane shows TEXT.
screen_wait() {
    for _ in $(seq 50); do
        tmux -L "$socket" capture-pane -p -t replay >"$work/screen" 2>/dev/null
        grep -qF -- "$1" "$work/screen" && return 0
        sleep 0.1
    done
    echo "      the screen never showed: $1"; sed 's/^/      | /' "$work/screen"
    return 1
}
if command -v tmux >/dev/null; then
    tmux -L "$socket" new-session -d -s replay -x 100 -y 30 \
        "LANGUAGE= LC_ALL=C.UTF-8 $bin/obrol-replay $sample; echo replay-exit=\$?; sleep 5"
    check "the replay starts at step 0, the first step waiting" screen_wait "step 0 of"
    tmux -L "$socket" send-keys -t replay Enter Enter Enter
    check "Enter takes steps (3)" screen_wait "step 3 of"
    tmux -L "$socket" send-keys -t replay "/next recv budi" Enter
    check "/next recv budi jumps to budi's recv()" screen_wait 'bytes from budi: "Halo semua!\n"'
    step=$(sed -n 's/.*step \([0-9]*\) of.*/\1/p' "$work/screen" | head -n 1)
    check "... its step is the newest ($step)" test -n "$step"
    check "... the dashboard shows the clients" grep -q ' siti .* open' "$work/screen"
    tmux -L "$socket" send-keys -t replay b
    check "b takes one step back (to $((step - 1)))" screen_wait "step $((step - 1)) of"
    check "... and that recv() is the next step again, explained as live step mode does" \
        grep -q 'Next: recv() from budi (fd [0-9]*): select() said bytes are waiting' "$work/screen"
    tmux -L "$socket" send-keys -t replay q
    check "q quits with status 0" screen_wait "replay-exit=0"
    tmux -L "$socket" kill-server 2>/dev/null
else
    fail "tmux is needed for the interactive replay's test"
fi

# ---- obrol-client --record (batch and full screen) and /save ---------------------------------
# shellcheck source=tests/lib/server.sh
. "$here/../lib/server.sh"
if obrol_start_server "$work/server.log" "$bin/obrol-server" --bind 127.0.0.1 --port 0 -q; then
    printf '/nick budi\nHalo dari batch\n/ping 42\n' |
        timeout 10 "$bin/obrol-client" --batch --port "$server_port" --record "$work/batch.jsonl" \
        >"$work/batch.out" 2>&1
    check "obrol-client --batch --record exits 0" test $? -eq 0
    check "the client's trace says it is a client's" \
        grep -q '^{"obrol_trace":1,"program":"client"' "$work/batch.jsonl"
    "$replay" --print "$work/batch.jsonl" >"$work/batch.print" 2>&1
    check "--print tells the client's requests" \
        grep -q -- '-> request 2, 16 bytes: "Halo dari batch\\n"' "$work/batch.print"
    check "--print tells each response with its round trip" \
        grep -q -- '<- response to request 3, round trip [0-9.]* ms: "OK ping 42\\n"' "$work/batch.print"
    "$replay" --export md "$work/batch.jsonl" >"$work/batch.md" 2>&1
    check "the client's report has its round trips" grep -q '^| round trips (a request to its response' "$work/batch.md"
    check "the client's Mermaid block has its lines" \
        grep -q -- '^    c0->>S: Halo dari batch$' "$work/batch.md"
    "$replay" --export svg "$work/batch.jsonl" | python3 -c 'import sys, xml.etree.ElementTree as t; t.parse(sys.stdin)'
    check "the client's SVG is XML" test $? -eq 0
    if command -v tmux >/dev/null; then
        tmux -L "$socket" new-session -d -s client -x 100 -y 30 \
            "LANGUAGE= LC_ALL=C.UTF-8 $bin/obrol-client --port $server_port --nick siti --record $work/screen.jsonl; echo client-exit=\$?; sleep 5"
        screen_wait_in() { # PANE TEXT
            for _ in $(seq 50); do
                tmux -L "$socket" capture-pane -p -t "$1" >"$work/screen" 2>/dev/null
                grep -qF -- "$2" "$work/screen" && return 0
                sleep 0.1
            done
            echo "      the screen never showed: $2"; sed 's/^/      | /' "$work/screen"; return 1
        }
        check "the full-screen client starts with --record" screen_wait_in client "OK nick siti"
        tmux -L "$socket" send-keys -t client "Halo dari layar" Enter
        check "... it sends a line" screen_wait_in client "relayed to"
        tmux -L "$socket" send-keys -t client "/save $work/saved.jsonl" Enter
        check "/save says how many rows it saved" screen_wait_in client "rows of the flow pane into"
        tmux -L "$socket" send-keys -t client "/quit" Enter
        check "... and the client quits with 0" screen_wait_in client "client-exit=0"
        tmux -L "$socket" kill-server 2>/dev/null
        for file in screen saved; do
            "$replay" --export md "$work/$file.jsonl" >"$work/$file.md" 2>&1
            check "$file.jsonl (--record / /save) has the line sent" \
                grep -q -- '^    c0->>S: Halo dari layar$' "$work/$file.md"
        done
        check "--record kept the connect() too" grep -q 'Note over S,c0: connect() ' "$work/screen.md"
        # The client's trace, step by step, in the client's own screen.
        tmux -L "$socket" new-session -d -s client2 -x 120 -y 30 \
            "LANGUAGE= LC_ALL=C.UTF-8 $bin/obrol-replay $work/screen.jsonl; echo replay-exit=\$?; sleep 5"
        check "a client's trace replays in the client's screen" screen_wait_in client2 "REPLAY"
        tmux -L "$socket" send-keys -t client2 "/find Halo dari layar" Enter
        check "/find shows the request in the flow pane" screen_wait_in client2 '"Halo dari layar"'
        step=$(sed -n 's/.*REPLAY .* step \([0-9]*\)\/.*/\1/p' "$work/screen" | head -n 1)
        tmux -L "$socket" send-keys -t client2 Enter
        check "Enter on the empty line takes a step (to $((step + 1)))" screen_wait_in client2 "step $((step + 1))/"
        tmux -L "$socket" send-keys -t client2 b Enter
        check "b goes one step back (to $step)" screen_wait_in client2 "step $step/"
        tmux -L "$socket" send-keys -t client2 q Enter
        check "q quits with status 0" screen_wait_in client2 "replay-exit=0"
    fi
    kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=""
else
    fail "a server for the client's tests"
fi

echo "replay tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
