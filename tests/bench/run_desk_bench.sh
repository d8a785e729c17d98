#!/usr/bin/env bash
# The desk's queues with a year's worth of tickets: 200,000 reports (10 % security
# incidents) filed through the API at 8 connections, 95 % of them then closed in the
# database (as a year of work would leave them), and the SOC's open queue
# (/tickets?group=soc&open=1) and an agent's own queue (queue=me) read at 1 and 8
# connections, beside GET /health in the same run as the reference. Prints the load
# driver's figures; copy them into BENCHMARKS.md with date and machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BUILD_DIR:-"$root/build"}/bin
work=$(mktemp -d)
port=${PORT:-18610}
total=${TICKETS:-200000}
server=
stop_server() {
  [ -n "$server" ] || return 0
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
}
trap 'stop_server; rm -rf "$work"' EXIT
start_server() {
  "$bin/tk-server" serve --db "$work/tk.db" --listen "127.0.0.1:$port" --log-dir "$work/log" 2>/dev/null &
  server=$!
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && return; sleep 0.05; done
  echo "tk-server did not start" >&2
  exit 1
}

employee=$("$bin/tk-server" token create --db "$work/tk.db" --role employee --employee 1002 --name Bench)
soc=$("$bin/tk-server" token create --db "$work/tk.db" --role agent --name "SOC Bench" --login socbench --group soc)
load() { "$bin/tk-load" --url "http://127.0.0.1:$port" "$@"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
start_server
echo "== filling: $((total - 20000)) creates at 8 connections"
load --token "$employee" --mode create --concurrency 8 --requests $((total - 20000)) --seconds 600 \
  --security-percent 10 | grep -E 'throughput|requests'
echo "== creates with $((total - 20000)) tickets already stored (8 connections)"
load --token "$employee" --mode create --concurrency 8 --requests 20000 --seconds 600 --security-percent 10
stop_server

# A year later: all but one in twenty closed, with their stage ended on time.
python3 - "$work/tk.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE tickets SET status='closed', resolution='resolved', resolved_at=created_at+600 WHERE id % 20 <> 0")
db.execute("UPDATE stages SET ended_at=started_at+600 WHERE ticket_id % 20 <> 0")
db.commit()
for label, sql in [("tickets", "SELECT COUNT(*) FROM tickets"),
                   ("open", "SELECT COUNT(*) FROM tickets WHERE status <> 'closed'"),
                   ("open in soc", "SELECT COUNT(*) FROM tickets WHERE status <> 'closed' AND group_id = 'soc'")]:
    print(f"{label}: {db.execute(sql).fetchone()[0]}")
PY
start_server
for c in 1 8; do
  echo "== GET /api/v1/tickets?group=soc&open=1 (concurrency $c)"
  load --token "$soc" --mode get --path "/api/v1/tickets?group=soc&open=1" --concurrency $c --requests 2000
  echo "== GET /api/v1/tickets?group=soc&open=1&limit=50 (concurrency $c)"
  load --token "$soc" --mode get --path "/api/v1/tickets?group=soc&open=1&limit=50" --concurrency $c --requests 2000
  echo "== GET /api/v1/tickets?queue=me&open=1&breached=1 (concurrency $c)"
  load --token "$soc" --mode get --path "/api/v1/tickets?queue=me&open=1&breached=1&limit=50" --concurrency $c \
    --requests 2000
  echo "== GET /api/v1/health, the reference (concurrency $c)"
  load --mode health --concurrency $c --requests 20000
done
