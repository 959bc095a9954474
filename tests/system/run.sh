#!/usr/bin/env bash
# System tests: the product as a teacher meets it. Languages, man pages,
# `make demo` (tests/system/demo.sh), `make install`, and the LAN join hints. Closes with
# "system: N passed, M failed". Every wait is bounded.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${OBROL_BIN:-bin}
MAKE=${MAKE:-make}
. tests/lib/server.sh
. tests/system/demo.sh
. tests/system/dashboard.sh # dashboard_checks: --tui at every size, the quit question
. tests/system/terminal.sh  # terminal_checks: the server's terminal paused with Ctrl-S
passed=0; failed=0
scratch=$(mktemp -d)
tmux_socket="obrol-system-$$"
cleanup() {
    tmux -L "$tmux_socket" kill-server 2>/dev/null
    demo_cleanup
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null
    rm -rf "$scratch"
}
trap cleanup EXIT

check() { # check "description" command...
    local what=$1; shift
    if "$@" >"$scratch/out" 2>&1; then
        echo "ok    $what"; passed=$((passed + 1))
    else
        echo "FAIL  $what"; sed 's/^/      /' "$scratch/out" | head -20; failed=$((failed + 1))
    fi
}

# first_line COMMAND...: start a server, print the first line it prints as soon
# as it is there (at most 2 s), and stop the server.
first_line() {
    local out="$scratch/first-line" pid
    : >"$out"
    "$@" </dev/null >"$out" 2>&1 &
    pid=$!
    for _ in $(seq 200); do
        grep -q . "$out" && break
        sleep 0.01
    done
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    head -n 1 "$out"
}

# The first line the server prints, with its environment and arguments.
ready_line() { # ready_line ENV... -- ARGS...
    local env=() ; while [ "$1" != "--" ]; do env+=("$1"); shift; done; shift
    first_line env -i PATH="$PATH" "${env[@]}" "$BIN/obrol-server" --port 0 -q "$@"
}

english_by_default() {
    ready_line -- | grep -q '^Server ready to accept connections on 127.0.0.1:'
}
indonesian_with_lang_option() {
    ready_line -- --lang id | grep -q '^Server siap menerima koneksi di 127.0.0.1:'
}
indonesian_with_language_variable() { # C.UTF-8 plus LANGUAGE=id, no id_ID locale needed
    ready_line LANG=C.UTF-8 LANGUAGE=id -- | grep -q '^Server siap menerima koneksi di '
}
indonesian_with_missing_locale() { # LANG names a locale this machine may not have
    ready_line LANG=id_ID.UTF-8 -- | grep -q '^Server siap menerima koneksi di '
}

# src/po/id.po translates every string of the sources: 0 untranslated, 0 fuzzy.
catalog_complete() {
    local stats
    stats=$(msgfmt --check --statistics -o /dev/null src/po/id.po 2>&1) || { echo "$stats"; return 1; }
    echo "$stats"
    if grep -qE "untranslated|fuzzy" <<<"$stats"; then return 1; fi
    $MAKE --no-print-directory -s build/po/obrol.pot >/dev/null 2>&1 || return 1
    msgcmp src/po/id.po build/po/obrol.pot # every msgid of the sources is in the catalog
}

# The client's screen in Indonesian (--lang id, and LANGUAGE=id), in a real terminal.
client_speaks_indonesian() {
    local port screen how
    obrol_start_server "$scratch/server-id.log" "$BIN/obrol-server" --port 0 -q || return 1
    port=$server_port
    for how in "--lang id" "LANGUAGE=id"; do
        local command="env LANG=C.UTF-8 $BIN/obrol-client --port $port --nick budi --lang id"
        [ "$how" = "LANGUAGE=id" ] && command="env LANG=C.UTF-8 LANGUAGE=id $BIN/obrol-client --port $port --nick budi"
        tmux -L "$tmux_socket" -f /dev/null new-session -d -s id -x 100 -y 30 "$command"
        for _ in $(seq 1 50); do
            screen=$(tmux -L "$tmux_socket" capture-pane -p -t id 2>/dev/null)
            grep -q "terhubung" <<<"$screen" && grep -q "Sekarang nick kamu budi" <<<"$screen" && break
            sleep 0.1
        done
        tmux -L "$tmux_socket" kill-session -t id
        grep -q "terhubung" <<<"$screen" || { echo "$how: no Indonesian status bar:"; echo "$screen"; return 1; }
        grep -q "Sekarang nick kamu budi" <<<"$screen" || { echo "$how: no Indonesian message:"; echo "$screen"; return 1; }
        ! grep -q "connected" <<<"$screen" || { echo "$how: English left:"; echo "$screen"; return 1; }
    done
    kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
}

# The server's --tui dashboard in a real terminal: the client table, the fd rows,
# the events; resizes; an operator command typed after "/"; q exits with 0.
server_dashboard_in_tmux() {
    local t="tmux -L $tmux_socket -f /dev/null" screen port
    $t new-session -d -s dash -x 100 -y 30 \
        "env LANG=C.UTF-8 $BIN/obrol-server --port 0 --tui; echo \"exit status \$?\"; sleep 30"
    for _ in $(seq 1 50); do
        screen=$($t capture-pane -p -t dash)
        port=$(grep -o '127.0.0.1:[0-9]*' <<<"$screen" | head -n 1 | cut -d: -f2)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "no dashboard:"; echo "$screen"; return 1; }
    exec 5<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf '/nick budi\n' >&5
    for _ in $(seq 1 50); do
        screen=$($t capture-pane -p -t dash)
        grep -q ' budi ' <<<"$screen" && break
        sleep 0.1
    done
    for want in "Clients" " budi " "(listening)" "handed to select():" "came back ready:" \
                "Events" "budi is now known as\|guest1 is now known as budi"; do
        grep -q -- "$want" <<<"$screen" || { echo "missing \"$want\":"; echo "$screen"; return 1; }
    done
    # TCP keepalive is on for the client's connection (ss shows its timer).
    ss -tno state established "( sport = :$port )" | grep -q 'keepalive' ||
        { echo "no keepalive timer:"; ss -tno state established "( sport = :$port )"; return 1; }
    $t resize-window -t dash -x 60 -y 18; sleep 0.3
    $t capture-pane -p -t dash | grep -q "obrol-server" || { echo "60x18 lost the title"; return 1; }
    $t resize-window -t dash -x 40 -y 10; sleep 0.3
    $t capture-pane -p -t dash | grep -q "Terminal too small" || { echo "no too-small message"; return 1; }
    $t resize-window -t dash -x 100 -y 30; sleep 0.3
    $t capture-pane -p -t dash | grep -q " budi " || { echo "table lost after resizes"; return 1; }
    # An operator command in the dashboard: "/" then the command, Enter.
    $t send-keys -t dash "/"; $t send-keys -t dash -l "say Waktu habis"; $t send-keys -t dash Enter
    local line=""
    for _ in $(seq 1 20); do
        read -r -t 0.2 line <&5 && [[ "$line" == NOTICE* ]] && break
    done
    [ "$line" = "NOTICE Waktu habis" ] || { echo "no NOTICE from /say (last line: $line)"; return 1; }
    $t send-keys -t dash q # asks first: "Quit the server and end the class? y/n"
    $t send-keys -t dash y
    for _ in $(seq 1 40); do
        $t capture-pane -p -t dash | grep -q "exit status 0" && break
        sleep 0.1
    done
    exec 5<&-
    $t capture-pane -p -t dash | grep -q "exit status 0" || { echo "q did not exit with 0:"; $t capture-pane -p -t dash; return 1; }
    $t kill-session -t dash
}

man_pages_lint_clean() {
    local page out
    for page in docs/man/*.1; do
        out=$(groff -ww -man -Tutf8 -z "$page" 2>&1)
        [ -z "$out" ] || { echo "$page: $out"; return 1; }
    done
    ls docs/man/obrol-server.1 docs/man/obrol-client.1 >/dev/null
}

# A TCP port no socket uses (checked with ss), below the kernel's range of
# ephemeral ports: a port in that range may be taken, between this check and
# the demo's bind(), by any client's connect() - and the other test runners
# (make check-test above all) connect thousands of clients at the same time.
free_port() {
    local port low=32768
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null
    [ "$low" -gt 12000 ] || low=32768
    for _ in $(seq 1 20); do
        port=$((10000 + RANDOM % (low - 10000)))
        ss -Htan "sport = :$port" 2>/dev/null | grep -q . || { echo "$port"; return 0; }
    done
    return 1
}

install_and_uninstall() {
    local root="$scratch/root" prefix=/usr/local
    $MAKE --no-print-directory -s install DESTDIR="$root" PREFIX="$prefix" SANITIZE="${SANITIZE:-0}" >/dev/null || return 1
    for file in bin/obrol-server bin/obrol-client share/man/man1/obrol-server.1 \
                share/man/man1/obrol-client.1 share/locale/id/LC_MESSAGES/obrol.mo; do
        [ -f "$root$prefix/$file" ] || { echo "missing $file"; return 1; }
    done
    # The installed server finds its installed catalog (beside it, ../share/locale).
    first_line env -i PATH="$PATH" "$root$prefix/bin/obrol-server" --port 0 -q --lang id |
        grep -q '^Server siap menerima koneksi di ' || { echo "installed server not Indonesian"; return 1; }
    $MAKE --no-print-directory -s uninstall DESTDIR="$root" PREFIX="$prefix" SANITIZE="${SANITIZE:-0}" >/dev/null || return 1
    [ -z "$(find "$root" -type f)" ] || { echo "left behind:"; find "$root" -type f; return 1; }
}

# The server's output with --bind $1, in a private network namespace with its own
# test addresses (192.0.2.10 and 2001:db8::10, documentation addresses), so nothing
# outside this sandbox is touched. Status 3: no namespace or veth pair here.
lan_server_output() {
    unshare -n true 2>/dev/null || return 3
    # shellcheck disable=SC2016 # $1, $2 and $3 belong to the inner shell
    unshare -n bash -c '
        ip link set lo up && ip link add v0 type veth peer name v1 &&
        ip addr add 192.0.2.10/24 dev v0 && ip -6 addr add 2001:db8::10/64 dev v0 nodad &&
        ip link set v0 up && ip link set v1 up || exit 3
        "$1" --bind "$3" --port 0 -q </dev/null >"$2" 2>&1 &
        pid=$!
        for _ in $(seq 200); do # the hints follow the ready line at once
            grep -q "join with\|no network address" "$2" && break
            sleep 0.01
        done
        kill $pid; wait $pid
        cat "$2"' _ "$BIN/obrol-server" "$scratch/lan" "$1"
}

# --bind 0.0.0.0 prints the command students type, for each reachable IPv4 address.
lan_join_hints() {
    local out status
    out=$(lan_server_output 0.0.0.0); status=$?
    [ $status -eq 3 ] && { echo "skipped: no network namespace or veth pair here"; return 0; }
    echo "$out"
    grep -q "^Students join with: obrol-client --host 192.0.2.10 --port [0-9]" <<<"$out" &&
        ! grep "join with" <<<"$out" | grep -q "127.0.0.1\|2001:db8::10"
}

# --bind :: listens for IPv4 and IPv6 (dual-stack): a hint for each family, IPv4
# first, and none for loopback or link-local addresses.
lan_join_hints_dual_stack() {
    local out status hints
    out=$(lan_server_output ::); status=$?
    [ $status -eq 3 ] && { echo "skipped: no network namespace or veth pair here"; return 0; }
    echo "$out"
    hints=$(grep "join with" <<<"$out")
    [ "$(head -n 1 <<<"$hints")" = "$(grep -- "--host 192.0.2.10 " <<<"$hints")" ] &&
        grep -q "^Students join with: obrol-client --host 192.0.2.10 --port [0-9]" <<<"$hints" &&
        grep -q "^Students join with: obrol-client --host 2001:db8::10 --port [0-9]" <<<"$hints" &&
        ! grep -q "127.0.0.1\|::1 \|fe80" <<<"$hints"
}

no_join_hints_on_loopback() {
    ! ready_line -- | grep -q 'join with'
}

check "English by default" english_by_default
check "Indonesian start-up line with --lang id" indonesian_with_lang_option
check "Indonesian with LANGUAGE=id and C.UTF-8" indonesian_with_language_variable
check "Indonesian with LANG=id_ID.UTF-8 even without that locale" indonesian_with_missing_locale
check "Indonesian catalog complete: 0 untranslated, 0 fuzzy, nothing missing" catalog_complete
check "client screen in Indonesian (--lang id and LANGUAGE=id)" client_speaks_indonesian
check "server --tui: table, fd rows, events, resize, operator /say, q y exits 0" server_dashboard_in_tmux
check "server --tui at 48x14 to 150x40: every client, no spill, cut with …; q asks" dashboard_checks
terminal_checks
check "man pages lint clean (groff -ww)" man_pages_lint_clean
demo_tests
check "make install DESTDIR=... and make uninstall" install_and_uninstall
check "--bind 0.0.0.0 prints how students join" lan_join_hints
check "--bind :: takes IPv4 and IPv6 and prints how students join with each" lan_join_hints_dual_stack
check "no join hints when bound to loopback" no_join_hints_on_loopback

echo "system: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
