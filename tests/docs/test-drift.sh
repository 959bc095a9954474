#!/usr/bin/env bash
# test-drift.sh - the docs check (tests/docs/drift.sh) fails as its header says.
#
# A fixture page mentions one thing of each kind that does not exist (an option,
# a command, a make target, two keys of the client): each is reported and the
# check fails. A page of things that do exist passes. The same for a page of
# obrol-check's checks (grading.md): ids missing on either side fail, and so
# does a hint that is not the program's (tests/docs/check-texts.py).
set -u
cd "$(dirname "$0")/../.." || exit 1
check=tests/docs/drift.sh
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
. tests/lib/expect.sh

# The file is named client.md: keys are checked in the client's page only.
mkdir -p "$scratch/bad" "$scratch/good"
bad=$scratch/bad/client.md
cat >"$bad" <<'EOF'
Start it with `bin/obrol-server --no-such-option`, then type `/nosuchcommand`.

```sh
make no-such-target
```

F9 shows the moon; C-q quits.
EOF

expect "each missing option, command, target and key is reported" 1 \
"docs: $bad: --no-such-option is not an option of obrol-server, obrol-client or obrol-check
docs: $bad: /nosuchcommand is not a command of the server or the client (ERR unknown Unknown command /nosuchcommand; /help lists the commands)
docs: $bad: make no-such-target: no such target in the Makefile
docs: $bad: C-q is not bound in src/client/ui
docs: $bad: F9 is not bound in src/client/ui
docs: 5 checked, 5 missing" -- bash "$check" "$bad"

good=$scratch/good/client.md
cat >"$good" <<'EOF'
`obrol-client --nick budi --step`, then `/trickle halo`, `/pong 1` or `/kick siti`;
`/apa` is unknown. `make test`. F5 and C-l; Esc.
EOF

expect "what exists passes" 0 "docs: 10 checked, 0 missing" -- bash "$check" "$good"

# The page of obrol-check's checks: one heading per id that `obrol-check --list`
# prints, with its title. A page that forgets one (connect), documents one that
# does not exist and changes a title (relay's) fails three times; the page with
# every id and its title passes.
BIN=${OBROL_BIN:-bin}
mkdir -p "$scratch/grading-bad" "$scratch/grading-good"
LC_ALL=C.UTF-8 LANGUAGE='' "$BIN/obrol-check" --list --lang en |
    awk '{ id = $1; $1 = ""; $2 = ""; if ($3 == "--spawn") $3 = ""; sub(/^ +/, ""); print "### `" id "` — " $0 }' \
    >"$scratch/grading-good/grading.md"
# One check per heading, and one per /command in the titles (/nick).
count=$(($(wc -l <"$scratch/grading-good/grading.md") + $(grep -oE ' /[a-z]+' "$scratch/grading-good/grading.md" | sort -u | wc -l)))
relay_title=$(sed -n 's/^### `relay` — //p' "$scratch/grading-good/grading.md")
{ grep -v '^### `connect`' "$scratch/grading-good/grading.md" | sed 's/^\(### `relay` — \).*/\1a line goes round/'
  echo '### `no-such-check` — a check that is not there'; } >"$scratch/grading-bad/grading.md"

bad=$scratch/grading-bad/grading.md
expect "a check documented but not listed, and one listed but not documented, are reported" 1 \
"docs: $bad: check connect (obrol-check --list) is not documented
docs: $bad: check no-such-check is not in obrol-check --list
docs: $bad: the title of check relay is \"a line goes round\"; obrol-check --list --lang en says \"$relay_title\"
docs: $((count + 1)) checked, 3 missing" -- bash "$check" "$bad"

expect "every check of obrol-check --list documented passes" 0 "docs: $count checked, 0 missing" -- \
    bash "$check" "$scratch/grading-good/grading.md"

# The texts of each check in the guides are the program's (tests/docs/check-texts.py):
# the guide as it is passes; with one word added to the first hint (connect's), fails.
expect "the guides quote every check's title, why and hint as obrol-check says them" 0 \
    "$(python3 tests/docs/check-texts.py | tail -n 1 | grep ' 0 differ$')" -- python3 tests/docs/check-texts.py
sed '0,/^\*Hint:\* "/s//*Hint:* "Think. /' docs/grading.md >"$scratch/grading.md"
output=$(python3 tests/docs/check-texts.py "$scratch/grading.md")
if [ $? = 1 ] && grep -q "^docs: $scratch/grading.md: the hint of connect differs" <<<"$output" &&
    [ "$(grep -c '^docs: ' <<<"$output")" = 1 ]; then
    echo "ok    a hint changed in the guide is reported"; passed=$((passed + 1))
else
    echo "FAIL  a hint changed in the guide is reported:"; sed 's/^/      /' <<<"$output"; failed=$((failed + 1))
fi

expect_summary "docs check self-test"
