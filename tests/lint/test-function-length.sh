#!/usr/bin/env bash
# test-function-length.sh - the function-length check counts as its header says.
#
# A fixture file holds a 61-line function (static, with a two-line signature), a
# 60-line one, and a 70-line table that is not a function: exactly the first is
# reported. Then the allow-list excuses it, and a stale entry fails.
set -u
cd "$(dirname "$0")/../.." || exit 1
check=tests/lint/function-length.sh
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
. tests/lib/expect.sh

# N lines of a body: statements, blank lines and comments (all of them count).
body() {
    for ((i = 1; i <= $1; i++)); do
        case $((i % 3)) in
        0) echo "" ;;
        1) echo "    /* line $i */" ;;
        2) echo "    total += $i;" ;;
        esac
    done
}

fixture=$scratch/fixture.c
{
    echo "/* a fixture for tests/lint/function-length.sh */"
    echo "static int total;"
    echo ""
    echo "static int sixty_one(int first,"       # line 4: the signature starts here
    echo "                     int second)"
    echo "{"                                     # 1
    body 59                                      # 2..60
    echo "}"                                     # 61
    echo ""
    echo "int sixty(void)"
    echo "{"                                     # 1
    body 58                                      # 2..59
    echo "}"                                     # 60
    echo ""
    echo "static const int table[] ="
    echo "{"
    for ((i = 0; i < 68; i++)); do echo "    $i,"; done
    echo "};"
} >"$fixture"


empty=$scratch/empty.txt
echo "# nothing allowed" >"$empty"
expect "61 lines reported, 60 lines and a table not" 1 \
"$fixture:4: sixty_one is 61 lines (limit 60)
function length: 1 functions over 60 lines" -- bash "$check" --allow "$empty" "$fixture"

allowed=$scratch/allowed.txt
echo "$fixture:sixty_one  a fixture that must be long" >"$allowed"
expect "an allowed function passes, and says why" 0 \
"$fixture:4: sixty_one is 61 lines (limit 60), allowed: a fixture that must be long
function length: 1 functions over 60 lines (1 allowed by $allowed)" -- bash "$check" --allow "$allowed" "$fixture"

stale=$scratch/stale.txt
{ cat "$allowed"; echo "$fixture:sixty  no longer long"; echo "src/elsewhere.c:other  a file not read"; } >"$stale"
expect "a stale allow-list entry fails" 1 \
"$fixture:4: sixty_one is 61 lines (limit 60), allowed: a fixture that must be long
$fixture: sixty is in $stale but is not over 60 lines: stale entry
function length: 1 functions over 60 lines (1 allowed by $stale), 1 stale allow-list entries" -- bash "$check" --allow "$stale" "$fixture"

short=$scratch/short.c
printf 'int one(void)\n{\n    return 1;\n}\n' >"$short"
expect "a clean file prints the summary only" 0 \
"function length: 0 functions over 60 lines" -- bash "$check" --allow "$empty" "$short"

same_line=$scratch/same-line.c
{ echo "int brace_on_signature_line(void) {"; body 59; echo "}"; } >"$same_line"
expect "a brace on the signature line is counted from that line" 1 \
"$same_line:1: brace_on_signature_line is 61 lines (limit 60)
function length: 1 functions over 60 lines" -- bash "$check" --allow "$empty" "$same_line"

expect_summary "function length check"
