#!/usr/bin/env bash
# tests/docs/drift.sh - fail when the docs mention an option, command, make
# target or key that the programs no longer have.
#
#   bash tests/docs/drift.sh [FILE...]      (default: README.md docs/*.md docs/man/*.1)
#
# What is checked, in every file (man pages are read with \- and \fB undone):
#   --option   must be in the --help of obrol-server, obrol-client or obrol-check, or be
#              listed below as another program's option (then that program's
#              --help must have it, when the program is installed);
#   /command   must be in the server's /help answer, the operator console's
#              /help, or the client's --help; otherwise the real server is
#              asked and must not answer "ERR unknown" (/pong). /apa is the
#              docs' example of an unknown command: it must stay unknown;
#   make X     (in backquotes or a code block) must be a target of the Makefile;
#   keys       F1.., C-x / Ctrl-X, and the named keys, in docs/client.md and
#              the client's man page, must be bound in src/client/ui (Ctrl-C:
#              the SIGINT handler in src/client/interrupt.c);
#   check ids  in the pages that explain obrol-check's checks (grading.md,
#              penilaian.md), every heading "### `ID` — TITLE" must be an id
#              that `obrol-check --list` prints, and every id it prints must
#              have its heading there; TITLE must be the title --list prints
#              (penilaian.md: --list --lang id, for the titles it translates).
# Prints one line per problem, then "docs: N checked, M missing"; exit 1 if M > 0.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${OBROL_BIN:-bin}
[ $# -gt 0 ] || set -- README.md docs/*.md docs/man/*.1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/obrol-drift.XXXXXX")
SERVER_PID=
cleanup() {
    exec 5>&- 6>&- 2>/dev/null
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

checked=0
missing=0
problem() { echo "docs: $1"; missing=$((missing + 1)); }

# Options of other programs the docs quote: option and program. "obrol-bench"
# is checked in its source (tests/bench), "grade-class.sh" in docs/grade-class.sh,
# the others in their --help if installed.
OTHER_OPTIONS="
--add-port firewall-cmd
--leak-check valgrind
--errors-for-leak-kinds valgrind
--error-exitcode valgrind
--mode obrol-bench
--clients obrol-bench
--messages obrol-bench
--window obrol-bench
--size obrol-bench
--seconds obrol-bench
--server-pid obrol-bench
--deadline obrol-bench
--table grade-class.sh
"
# Words that look like a /command but are paths.
PATH_WORDS="/proc /dev /tmp /usr /etc /bin"
# The docs' example of a command the server does not know.
UNKNOWN_EXAMPLES="/apa"
# Named keys of docs/client.md and how src/client/ui binds them (grep -F).
declare -A NAMED_KEYS=(
    [Enter]='KEY_ENTER' [Esc]='UI_KEY_ESCAPE' [Tab]="'\t'" [Space]="' '"
    [PgUp]='KEY_PPAGE' [PgDn]='KEY_NPAGE' [Home]='KEY_HOME' [End]='KEY_END'
    [Up]='KEY_UP' [Down]='KEY_DOWN' [Left]='KEY_LEFT' [Right]='KEY_RIGHT'
    [Backspace]='KEY_BACKSPACE' [Delete]='KEY_DC'
)

# plain FILE: the text of FILE, with a man page's escapes undone and HTML
# comments (the capture markers) left out.
plain() {
    sed -e 's/\\f[BIRP]//g; s/\\-/-/g; s/\\(em/-/g; s/\\&//g' -e 's/<!--[^>]*-->//g' "$1"
}

# ---- What the programs say they have ------------------------------------------

"$BIN/obrol-server" --help >"$WORK/server-help" 2>&1 || { echo "docs: $BIN/obrol-server --help failed"; exit 1; }
"$BIN/obrol-client" --help >"$WORK/client-help" 2>&1 || { echo "docs: $BIN/obrol-client --help failed"; exit 1; }
# obrol-check: its options, and its checks' ids (the first word of each --list line).
: >"$WORK/check-help"
: >"$WORK/check-ids"
: >"$WORK/check-titles-en"
: >"$WORK/check-titles-id"
# list_titles LANG: "ID<tab>TITLE" for every check (--list: id, profiles, [--spawn], title).
list_titles() {
    LC_ALL=C.UTF-8 LANGUAGE='' "$BIN/obrol-check" --list --lang "$1" 2>&1 |
        awk '{ id = $1; $1 = ""; $2 = ""; if ($3 == "--spawn") $3 = ""; sub(/^ +/, ""); print id "\t" $0 }'
}
if [ -x "$BIN/obrol-check" ]; then
    "$BIN/obrol-check" --help >"$WORK/check-help" 2>&1 || { echo "docs: $BIN/obrol-check --help failed"; exit 1; }
    list_titles en >"$WORK/check-titles-en"
    list_titles id >"$WORK/check-titles-id"
    cut -f1 "$WORK/check-titles-en" | sort -u >"$WORK/check-ids"
fi
LC_ALL=C make -qpRr 2>/dev/null | sed -n 's/^\([a-zA-Z0-9][a-zA-Z0-9_-]*\):.*/\1/p' | sort -u >"$WORK/targets"

# The server: its clients' /help and the operator console's /help (on stdin).
mkfifo "$WORK/stdin"
LC_ALL=C LANGUAGE='' "$BIN/obrol-server" --port 0 --lang en <"$WORK/stdin" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
exec 5>"$WORK/stdin"
port=
for _ in $(seq 50); do
    port=$(sed -n 's/^Server ready to accept connections on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$WORK/server.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "docs: the server did not start"; cat "$WORK/server.log"; exit 1; }
echo "/help" >&5
exec 6<>"/dev/tcp/127.0.0.1/$port" || { echo "docs: cannot connect to the server"; exit 1; }
echo "/help" >&6
IFS= read -r -t 5 -u 6 client_help || { echo "docs: no answer to /help"; exit 1; }
for _ in $(seq 30); do grep -q '^Operator commands' "$WORK/server.log" && break; sleep 0.1; done

# ask COMMAND: the server's answer to COMMAND on our connection.
ask() {
    local answer
    echo "$1" >&6
    IFS= read -r -t 5 -u 6 answer || answer="(no answer)"
    echo "$answer"
}

{
    echo "$client_help"
    grep '^Operator commands' "$WORK/server.log"
    sed -n '/^Commands:/,/^See /p' "$WORK/client-help"
} | grep -oE '/[a-z]+' | sort -u >"$WORK/commands"

# ---- Options --------------------------------------------------------------------

check_option() { # OPTION FILE
    local option=$1 file=$2 program
    checked=$((checked + 1))
    grep -qE -- "(^|[^a-z-])$option([^a-z-]|$)" "$WORK/server-help" "$WORK/client-help" "$WORK/check-help" && return 0
    program=$(awk -v o="$option" '$1 == o { print $2; exit }' <<<"$OTHER_OPTIONS")
    if [ -z "$program" ]; then
        problem "$file: $option is not an option of obrol-server, obrol-client or obrol-check"
    elif [ "$program" = obrol-bench ]; then
        grep -qF "\"${option#--}\"" tests/bench/*.c || problem "$file: $option is not an option of obrol-bench"
    elif [ "$program" = grade-class.sh ]; then
        grep -qF -- "\"$option\"" docs/grade-class.sh || problem "$file: $option is not an option of docs/grade-class.sh"
    elif command -v "$program" >/dev/null && ! "$program" --help 2>&1 | grep -q -- "$option"; then
        problem "$file: $option is not an option of $program"
    fi
}

# ---- Commands -------------------------------------------------------------------

check_command() { # COMMAND FILE
    local command=$1 file=$2 answer
    checked=$((checked + 1))
    case " $PATH_WORDS " in *" $command "*) return 0 ;; esac
    case " $UNKNOWN_EXAMPLES " in
    *" $command "*)
        answer=$(ask "$command")
        case $answer in "ERR unknown"*) return 0 ;; esac
        problem "$file: $command is the docs' example of an unknown command, but the server answers: $answer"
        return ;;
    esac
    grep -qx -- "$command" "$WORK/commands" && return 0
    answer=$(ask "$command")
    case $answer in
    "ERR unknown"* | "(no answer)") problem "$file: $command is not a command of the server or the client ($answer)" ;;
    esac
}

# ---- make targets -----------------------------------------------------------------

# The target of each make command: in a code block, a line that starts with
# "make" (or "$ make"); elsewhere, `make ...` in backquotes.
make_targets() { # FILE
    plain "$1" | awk '
        /^[[:space:]]*```/ { code = !code; next }
        code && /^[[:space:]]*(\$ )?make( |$)/ { sub(/^[[:space:]]*(\$ )?make/, ""); print; next }
        {
            line = $0
            while (match(line, /`make[^`]*`/)) {
                print substr(line, RSTART + 5, RLENGTH - 6); line = substr(line, RSTART + RLENGTH)
            }
        }' | sed 's/#.*//' |
        awk '{ for (i = 1; i <= NF; i++) if ($i !~ /=/ && $i !~ /^-/) { print $i; break } }'
}

check_target() { # TARGET FILE
    checked=$((checked + 1))
    grep -qx -- "$1" "$WORK/targets" || problem "$2: make $1: no such target in the Makefile"
}

# ---- Keys of the client -----------------------------------------------------------

check_key() { # KEY FILE
    local key=$1 file=$2 letter
    checked=$((checked + 1))
    case $key in
    F[0-9]*) grep -rqF "KEY_F(${key#F})" src/client/ui || problem "$file: $key is not bound in src/client/ui" ;;
    Ctrl-C | C-c) grep -q 'SIGINT' src/client/interrupt.c || problem "$file: $key: no SIGINT handler in src/client/interrupt.c" ;;
    C-? | Ctrl-?)
        letter=$(tr 'A-Z' 'a-z' <<<"${key: -1}")
        grep -rqF "UI_KEY_CTRL('$letter')" src/client/ui || problem "$file: $key is not bound in src/client/ui" ;;
    *) grep -rqF -- "${NAMED_KEYS[$key]}" src/client/ui || problem "$file: the key $key is not bound in src/client/ui" ;;
    esac
}

client_keys() { # FILE
    plain "$1" | grep -oE '(^|[^A-Za-z0-9-])(F[0-9]{1,2}|C-[a-z]|Ctrl-[A-Za-z])([^A-Za-z0-9]|$)' |
        grep -oE 'F[0-9]{1,2}|C-[a-z]|Ctrl-[A-Za-z]'
    plain "$1" | grep -oE "\\b($(IFS='|'; echo "${!NAMED_KEYS[*]}"))\\b"
}

# ---- The checks of obrol-check --------------------------------------------------

# The checks a page documents, "ID<tab>TITLE": its headings "### `ID` — TITLE".
documented_checks() { # FILE
    plain "$1" | sed -n 's/^### `\([a-z0-9-]*\)`\( — \)\{0,1\}\(.*\)/\1\t\3/p'
}

# title ID FILE: the title of check ID in FILE ("ID<tab>TITLE" lines).
title() { awk -F '\t' -v id="$1" '$1 == id { print $2; exit }' "$2"; }

check_ids() { # FILE
    local file=$1 id lang=en said listed
    [ -s "$WORK/check-ids" ] || { problem "$file: $BIN/obrol-check --list printed no checks"; return; }
    case $file in *penilaian.md) lang=id ;; esac
    documented_checks "$file" >"$WORK/documented"
    for id in $(cut -f1 "$WORK/documented" | sort -u - "$WORK/check-ids"); do
        checked=$((checked + 1))
        said=$(title "$id" "$WORK/documented")
        listed=$(title "$id" "$WORK/check-titles-$lang")
        if ! grep -qx -- "$id" "$WORK/check-ids"; then
            problem "$file: check $id is not in obrol-check --list"
        elif ! cut -f1 "$WORK/documented" | grep -qx -- "$id"; then
            problem "$file: check $id (obrol-check --list) is not documented"
        elif [ "$said" != "$listed" ] && { [ $lang = en ] || [ "$listed" != "$(title "$id" "$WORK/check-titles-en")" ]; }; then
            problem "$file: the title of check $id is \"$said\"; obrol-check --list --lang $lang says \"$listed\""
        fi
    done
}

# ---- Every file -------------------------------------------------------------------

for file in "$@"; do
    [ -f "$file" ] || { problem "$file: no such file"; continue; }
    for option in $(plain "$file" | grep -oE -- '(^|[^a-zA-Z0-9-])--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
        check_option "$option" "$file"
    done
    for command in $(plain "$file" | grep -oE '(^|[[:space:]`("'"'"'])/[a-z]+([^a-z/.]|\.[^a-z]|$)' |
        grep -oE '/[a-z]+' | sort -u); do
        check_command "$command" "$file"
    done
    for target in $(make_targets "$file" | sort -u); do
        check_target "$target" "$file"
    done
    case $file in
    *grading.md | *penilaian.md) check_ids "$file" ;;
    esac
    case $file in
    *client.md | *obrol-client.1)
        for key in $(client_keys "$file" | sort -u); do check_key "$key" "$file"; done ;;
    esac
done

echo "docs: $checked checked, $missing missing"
[ "$missing" -eq 0 ]
