#!/usr/bin/env bash
# Under systemd, tk-server's standard error is the journal's stream (JOURNAL_STREAM names it):
# each line then carries its syslog priority as "<N>" for the journal to file it under (so
# that `journalctl -p err` finds errors) and no time or program name, which the journal
# adds. Anywhere else the lines keep their time and program. Checked on the real server,
# with a file standing in for the journal's stream.
# Usage: check_journal_log.sh TK_SERVER
set -euo pipefail
server=$1
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
run_server() {  # run_server LOG [JOURNAL]: starts the server logging to LOG, one request, stops it
  local log=$1 journal=${2:-} port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  : >"$log"
  if [ -n "$journal" ]; then
    JOURNAL_STREAM=$(stat -c '%d:%i' "$log") "$server" serve --listen "127.0.0.1:$port" --db "$work/tk.db" 2>>"$log" &
  else
    env -u JOURNAL_STREAM "$server" serve --listen "127.0.0.1:$port" --db "$work/tk.db" 2>>"$log" &
  fi
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.05; done
  curl -s "http://127.0.0.1:$port/api/v1/nowhere" >/dev/null || true
  curl -sI "http://127.0.0.1:$port/api/v1/health" >/dev/null || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=
}
run_server "$work/journal.log" journal
grep -q '^<6>\[http\] GET /api/v1/health 200 ' "$work/journal.log" ||
  { cat "$work/journal.log"; echo "FAIL: no '<6>[http] GET /api/v1/health 200' line for the journal"; exit 1; }
grep -q '^<6>\[http\] HEAD /api/v1/health 200 ' "$work/journal.log" ||
  { cat "$work/journal.log"; echo "FAIL: a HEAD request is not logged as HEAD"; exit 1; }
if grep -v '^<[0-7]>\[' "$work/journal.log" | grep -q .; then
  cat "$work/journal.log"; echo "FAIL: a line for the journal without its priority"; exit 1
fi
run_server "$work/plain.log"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+ tk-server \[http\] info: GET /api/v1/health 200 ' "$work/plain.log" ||
  { cat "$work/plain.log"; echo "FAIL: the plain log lost its time and program"; exit 1; }
echo "journal: $(head -1 "$work/journal.log")"
echo "plain:   $(head -1 "$work/plain.log")"
