#!/bin/sh
# grade-class.sh - grade every student's server in a class folder with obrol-check.
#
#   sh docs/grade-class.sh CLASS [OBROL-CHECK OPTION...]   grade, then print the table
#   sh docs/grade-class.sh CLASS --table                   the table again, from the results
#
# CLASS holds one folder per student, named after the student, with the
# student's server in it: server.py (run as `python3 server.py PORT`) or
# server.c (compiled here with cc, then run as `./server PORT`). Each result
# is kept as CLASS/NAME.json (obrol-check --json); the table has one row per
# student: the profile graded, how many checks passed (✓), failed (✗) or were
# skipped (–), and the ids of the failed ones. The options after CLASS go to
# obrol-check (--profile reply, --quick, ...). OBROL_CHECK names the program
# (default: bin/obrol-check if it is there, else obrol-check from the PATH).
# The table speaks Indonesian when LANGUAGE or LANG starts with "id".
#
# The students' servers run on this computer, as you: grade in an account or a
# container that has nothing to lose.
set -u
class=${1:?usage: sh docs/grade-class.sh CLASS [OBROL-CHECK OPTION...]}
shift
check=${OBROL_CHECK:-obrol-check}
[ -z "${OBROL_CHECK:-}" ] && [ -x bin/obrol-check ] && check=bin/obrol-check

if [ "${1:-}" != "--table" ]; then
    for dir in "$class"/*/; do
        name=$(basename "$dir")
        if [ -f "$dir/server.c" ]; then
            cc -O2 -o "$dir/server" "$dir/server.c" || { echo "$name: server.c does not compile" >&2; continue; }
            command="'$dir/server' {port}"
        elif [ -f "$dir/server.py" ]; then
            command="python3 '$dir/server.py' {port}"
        else
            echo "$name: no server.py or server.c" >&2
            continue
        fi
        echo "grading $name ..." >&2
        "$check" --spawn "$command" --json "$@" >"$class/$name.json"
    done
fi

# The table, from every CLASS/NAME.json (an empty or broken one: "could not run").
python3 - "$class"/*.json <<'EOF'
import json, os, sys

indonesian = (os.environ.get("LANGUAGE") or os.environ.get("LANG") or "").startswith("id")
words = ("nama", "profil", "gagal di", "tidak bisa dijalankan") if indonesian else \
        ("name", "profile", "failed checks", "could not run")
rows = []
for path in sys.argv[1:]:
    name = os.path.basename(path)[:-len(".json")]
    try:
        with open(path) as f:
            report = json.load(f)
    except (OSError, ValueError):
        rows.append((name, "-", "", "", "", words[3]))
        continue
    count = report["summary"]
    failed = [c["id"] for c in report["checks"] if c["result"] == "fail"]
    rows.append((name, report["profile"], count["passed"], count["failed"], count["skipped"],
                 " ".join(failed)))
width = max([len(words[0])] + [len(row[0]) for row in rows])
print("%-*s  %-7s  %3s  %3s  %3s  %s" % (width, words[0], words[1], "✓", "✗", "–", words[2]))
for row in rows:
    print("%-*s  %-7s  %3s  %3s  %3s  %s" % ((width,) + row))
EOF
