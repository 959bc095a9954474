#!/usr/bin/env bash
# tests/replay/record-lesson.sh TRACE [SAID]: record the lesson with a real server.
#
# Starts obrol-server --record TRACE on a free port of 127.0.0.1, plays the
# lesson (tests/replay/lesson.py: budi, siti and andi), stops the server with
# SIGTERM and waits for it (bounded). The lines the clients said go to SAID.
# Used by the replay tests and to make docs/traces/lesson-server.jsonl.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${OBROL_BIN:-bin}
trace=$1 said=${2:-/dev/null}
# shellcheck source=tests/lib/server.sh
. "$here/../lib/server.sh"
log=$(mktemp)
trap 'rm -f "$log"; [ -z "${server_pid:-}" ] || kill "$server_pid" 2>/dev/null || true' EXIT

obrol_start_server "$log" "$bin/obrol-server" --bind 127.0.0.1 --port 0 --record "$trace"
python3 "$here/lesson.py" "$server_port" >"$said"
kill -TERM "$server_pid"
for _ in $(seq 100); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
done
if kill -0 "$server_pid" 2>/dev/null; then
    echo "record-lesson.sh: the server did not stop" >&2
    exit 1
fi
wait "$server_pid" || { echo "record-lesson.sh: the server failed:" >&2; cat "$log" >&2; exit 1; }
server_pid=""
