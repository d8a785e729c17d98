#!/usr/bin/env bash
# Client-core benchmark against a real tk-server on 127.0.0.1: 10,000 reports queued
# offline then flushed, a delta pull of 1,000 changed tickets, `tkctl mine` on the
# resulting cache of 10,000 tickets. Copy the figures into BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BUILD_DIR:-"$root/build"}/bin
work=$(mktemp -d)
port=${PORT:-18601}
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT

employee=$("$bin/tk-server" token create --db "$work/tk.db" --role employee --employee 1002 --name Bench)
agent=$("$bin/tk-server" token create --db "$work/tk.db" --role agent --name Mesa)
"$bin/tk-server" serve --db "$work/tk.db" --listen "127.0.0.1:$port" --log-dir "$work/log" 2>/dev/null &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.05; done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
${WRAP:-} "$bin/tk-client-bench" --url "http://127.0.0.1:$port" --token "$employee" --agent-token "$agent" \
  --reports "${REPORTS:-10000}" --changed 1000 --tkctl "$bin/tkctl" --runs 20
