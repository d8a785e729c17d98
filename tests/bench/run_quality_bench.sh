#!/usr/bin/env bash
# The quality report over a million tickets: a year (2026) of the desk's work. 2,000
# reports are filed through the API (so the rows are the server's own), then copied in the
# database into 1,000,000 tickets spread over the year with a life each: 95 % resolved
# within 0.5 to 72 hours and closed a day later, a fifth escalated to level 2, 30 % rated,
# 3 % reopened, the rest still open. GET /api/v1/reports/quality is then timed for a month
# and for the whole year at 1 connection, beside GET /health in the same run as the
# reference. Prints the load driver's figures; copy them into BENCHMARKS.md with the date
# and the machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BUILD_DIR:-"$root/build"}/bin
# KEEP_DIR=DIR keeps the database there afterwards (for EXPLAIN QUERY PLAN and the like).
work=${KEEP_DIR:-$(mktemp -d)}
mkdir -p "$work"
port=${PORT:-18620}
total=${TICKETS:-1000000}
server=
stop_server() {
  [ -n "$server" ] || return 0
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
}
trap 'stop_server; [ -n "${KEEP_DIR:-}" ] || rm -rf "$work"' EXIT
start_server() {
  "$bin/tk-server" serve --db "$work/tk.db" --listen "127.0.0.1:$port" --log-dir "$work/log" 2>/dev/null &
  server=$!
  for _ in $(seq 400); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && return; sleep 0.05; done
  echo "tk-server did not start" >&2
  exit 1
}

employee=$("$bin/tk-server" token create --db "$work/tk.db" --role employee --employee 1002 --name Bench)
admin=$("$bin/tk-server" token create --db "$work/tk.db" --role admin --name "Dirección")
load() { "$bin/tk-load" --url "http://127.0.0.1:$port" "$@"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
start_server
load --token "$employee" --mode create --concurrency 8 --requests 2000 --seconds 600 --security-percent 10 |
  grep -E 'requests/s|errors:'
stop_server

echo "== copying into $total tickets over 2026"
python3 - "$work/tk.db" "$total" <<'PY'
import random, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
total = int(sys.argv[2])
random.seed(2026)
columns = [r[1] for r in db.execute("PRAGMA table_info(tickets)")]
templates = [dict(zip(columns, row)) for row in db.execute("SELECT * FROM tickets")]
db.execute("DELETE FROM stages")
db.execute("DELETE FROM events")
db.execute("DELETE FROM attachments")
db.execute("DELETE FROM idempotency")
db.execute("DELETE FROM tickets")
year_start = 1767247200  # 2026-01-01 00:00 at UTC-6
year = 365 * 86400
categories = ["printer", "hardware", "software", "email", "network", "access", "phishing"]
channels = ["tray"] * 6 + ["kiosk"] * 2 + ["phone", "email", "in_person", "api"]
now = int(time.time())
place = ",".join("?" * len(columns))
tickets, stages, events = [], [], []
started = time.time()
for i in range(1, total + 1):
    t = dict(templates[i % len(templates)])
    created = year_start + (i * year) // total
    security = t["type"] == "security_incident"
    t.update(id=i, tk=f"TK-2026-{i:07d}", created_at=created, change_seq=i,
             category="phishing" if security else random.choice(categories[:-1]),
             channel=random.choice(channels))
    level = "soc" if security else "1"
    target = 2 * 3600 if security else random.choice([4, 8, 24, 72]) * 3600
    roll = random.random()
    if roll < 0.95 and created + 72 * 3600 < now:
        resolve_after = int(random.uniform(0.5, 72) * 3600)
        resolved = created + resolve_after
        escalated = random.random() < 0.2
        first_end = created + resolve_after // 3 if escalated else resolved
        stages.append((i, 0, level, "soc" if security else "mesa", created, created + target, first_end, 0, 0,
                       int(first_end > created + target)))
        if escalated:
            stages.append((i, 1, "2", "sitio", first_end, first_end + target, resolved, 0, 0,
                           int(resolved > first_end + target)))
        t.update(status="closed", resolution="resolved", resolved_at=resolved, closed_at=resolved + 86400,
                 updated_at=resolved + 86400, level="", stage_count=2 if escalated else 1, first_stage_level=level)
        if random.random() < 0.3:
            t.update(satisfaction_rating=random.choices([1, 2, 3, 4, 5], [3, 4, 10, 33, 50])[0],
                     satisfaction_at=resolved + 86400)
        if random.random() < 0.03:
            events.append((i, resolved - 3600, "employee:Bench", "reopen", "resolved", "", "in_progress", level))
    else:
        stages.append((i, 0, level, "soc" if security else "mesa", created, created + target, 0, 0, 0, 0))
        t.update(status="in_progress", resolved_at=0, closed_at=0, level=level, sla_due_at=created + target,
                 stage_count=1, first_stage_level=level)
    tickets.append(tuple(t[c] for c in columns))
    if len(tickets) == 50000:
        db.executemany(f"INSERT INTO tickets ({','.join(columns)}) VALUES ({place})", tickets)
        db.executemany("INSERT INTO stages VALUES (?,?,?,?,?,?,?,?,?,?)", stages)
        db.executemany("INSERT INTO events (ticket_id, at, by, action, from_status, from_level, to_status, to_level) "
                       "VALUES (?,?,?,?,?,?,?,?)", events)
        tickets, stages, events = [], [], []
if tickets:
    db.executemany(f"INSERT INTO tickets ({','.join(columns)}) VALUES ({place})", tickets)
    db.executemany("INSERT INTO stages VALUES (?,?,?,?,?,?,?,?,?,?)", stages)
    db.executemany("INSERT INTO events (ticket_id, at, by, action, from_status, from_level, to_status, to_level) "
                   "VALUES (?,?,?,?,?,?,?,?)", events)
db.commit()
db.execute("ANALYZE")
db.commit()
for label, sql in [("tickets", "SELECT COUNT(*) FROM tickets"), ("stages", "SELECT COUNT(*) FROM stages"),
                   ("open", "SELECT COUNT(*) FROM tickets WHERE status <> 'closed'"),
                   ("rated", "SELECT COUNT(*) FROM tickets WHERE satisfaction_at > 0"),
                   ("November", "SELECT COUNT(*) FROM tickets WHERE created_at >= 1793512800 AND created_at < 1796104800")]:
    print(f"{label}: {db.execute(sql).fetchone()[0]}")
print(f"copied in {time.time() - started:.0f} s")
PY
ls -l "$work/tk.db" | awk '{print "database: " $5 / 1048576 " MiB"}'
start_server
month="/api/v1/reports/quality?from=2026-11-01&to=2026-11-30"
whole_year="/api/v1/reports/quality?from=2026-01-01&to=2026-12-31"
curl -s -H "Authorization: Bearer $admin" "http://127.0.0.1:$port$month" |
  python3 -c 'import json,sys; r=json.load(sys.stdin); print("November:", r["tickets"]["opened"], "opened,", r["resolved"], "resolved,", r["satisfaction"]["responses"], "ratings, stage 1", r["stages"][0])'
echo "== GET $month (1 connection)"
load --token "$admin" --mode get --path "$month" --concurrency 1 --requests 50 --warmup 3 --seconds 600
echo "== GET $whole_year (1 connection)"
load --token "$admin" --mode get --path "$whole_year" --concurrency 1 --requests 10 --warmup 1 --seconds 600
echo "== GET /api/v1/health, the reference (1 connection)"
load --mode health --concurrency 1 --requests 5000
echo "== the dashboard's first paint on loopback (headless Chromium, this month's report)"
/usr/bin/python3 "$root/tests/bench/dashboard_paint.py" "http://127.0.0.1:$port" "$admin" 10
