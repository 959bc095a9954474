#!/usr/bin/env bash
# function-length.sh - no function in src/ is longer than 60 lines, unless the
# allow-list says why.
#
#   tests/lint/function-length.sh [--allow LIST] [FILE.c...]
#
# With no FILE, every src/**/*.c is read. LIST (tests/lint/long-functions.txt
# by default) holds one `path:function  reason` a line; `#` starts a comment.
#
# How lines are counted. obrol's .clang-format (BreakBeforeBraces: Linux) puts
# a function's opening brace `{` alone in column 0, and its closing `}` in
# column 0. A function's length is the number of lines from that `{` to the
# next `}` in column 0, both included, counting every line: code, blank lines
# and comments alike. The signature above the `{` is not counted, however many
# lines it takes. (A definition written `int f(void) {` is counted from its
# signature line, so it cannot escape the check.) A `{` in column 0 that does
# not follow a signature - a name followed by `(` - is not a function and is
# skipped. The name reported is the first `name(` of the signature, `static`
# or not; the line reported is where the signature starts.
#
# Output: one line per function over the limit,
#   path:line: function is N lines (limit 60)
#   path:line: function is N lines (limit 60), allowed: REASON
# then one summary line, e.g. "function length: 0 functions over 60 lines".
# An allow-list entry for a file that was read, whose function is not over the
# limit (any more), is reported as stale: the list must stay true.
#
# Exit status: 0 when every function over the limit is allowed and no entry is
# stale, 1 otherwise, 2 on a usage error.
set -u
LIMIT=60
allow_list=tests/lint/long-functions.txt

if [ "${1:-}" = "--allow" ]; then
    [ $# -ge 2 ] || { echo "usage: $0 [--allow LIST] [FILE.c...]" >&2; exit 2; }
    allow_list=$2
    shift 2
fi
if [ $# -eq 0 ]; then
    mapfile -t files < <(find src -name '*.c' | LC_ALL=C sort)
    set -- "${files[@]}"
fi
[ -r "$allow_list" ] || { echo "$0: cannot read the allow-list $allow_list" >&2; exit 2; }

awk -v limit="$LIMIT" -v allow_list="$allow_list" '
function trim(text) {
    sub(/^[ \t]+/, "", text)
    sub(/[ \t]+$/, "", text)
    return text
}

# The allow-list: allowed["path:function"] = reason.
function read_allow_list(   line, key, reason) {
    while ((getline line < allow_list) > 0) {
        sub(/#.*/, "", line)
        line = trim(line)
        if (line == "")
            continue
        key = line
        sub(/[ \t].*/, "", key)
        reason = trim(substr(line, length(key) + 1))
        allowed[key] = reason == "" ? "(no reason given)" : reason
    }
    close(allow_list)
}

# The first "name(" of a signature: the function (attributes set aside).
function function_name(signature,   name) {
    gsub(/__attribute__[ \t]*\(\([^)]*\)\)/, "", signature)
    if (!match(signature, /[A-Za-z_][A-Za-z0-9_]*\(/))
        return ""
    name = substr(signature, RSTART, RLENGTH)
    return substr(name, 1, length(name) - 1)
}

function begin_body(line_number) {
    in_body = 1
    body_start = line_number
    name = function_name(signature)
    name_line = signature_line
}

function end_body(line_number,   lines, key) {
    in_body = 0
    lines = line_number - body_start + 1
    signature = ""
    if (name == "" || lines <= limit)
        return
    key = FILENAME ":" name
    over++
    reported[key] = 1
    if (key in allowed) {
        printf "%s:%d: %s is %d lines (limit %d), allowed: %s\n", \
            FILENAME, name_line, name, lines, limit, allowed[key]
        excused++
    } else {
        printf "%s:%d: %s is %d lines (limit %d)\n", FILENAME, name_line, name, lines, limit
    }
}

BEGIN { read_allow_list() }

FNR == 1 { in_body = 0; signature = ""; files_read[FILENAME] = 1 }

in_body {
    if ($0 ~ /^}/)
        end_body(FNR)
    next
}

# A body opens: "{" alone in column 0 after a signature with a "(" and no "=".
/^\{/ {
    if (signature ~ /\(/ && signature !~ /=/)
        begin_body(FNR)
    else {
        in_body = 1; name = ""; body_start = FNR
    }
    next
}

# A signature starts in column 0 with a name; "int f(void) {" opens a body too.
/^[A-Za-z_]/ {
    signature = $0
    signature_line = FNR
    if ($0 ~ /\)[ \t]*\{[ \t]*$/ && $0 !~ /=/)
        begin_body(FNR)
    next
}

# Indented lines continue a signature; anything else ends it.
/^[ \t]+[^ \t]/ {
    if (signature != "")
        signature = signature " " $0
    next
}
{ signature = "" }

END {
    for (key in allowed) {
        path = key
        sub(/:[^:]*$/, "", path)
        if ((path in files_read) && !(key in reported)) {
            printf "%s: %s is in %s but is not over %d lines: stale entry\n", \
                path, substr(key, length(path) + 2), allow_list, limit
            stale++
        }
    }
    printf "function length: %d functions over %d lines", over, limit
    if (excused > 0)
        printf " (%d allowed by %s)", excused, allow_list
    if (stale > 0)
        printf ", %d stale allow-list entries", stale
    printf "\n"
    exit (over > excused || stale > 0) ? 1 : 0
}
' "$@"
