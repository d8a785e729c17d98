#!/usr/bin/env bash
# Server benchmark: durable creates and status reads at concurrency 1 and 8 against a
# real tk-server on 127.0.0.1 (default settings, request log at info into a log folder).
# Prints the load driver's figures; copy them into BENCHMARKS.md with date and machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BUILD_DIR:-"$root/build"}/bin
work=$(mktemp -d)
port=${PORT:-18600}
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT

token=$("$bin/tk-server" token create --db "$work/tk.db" --role employee --employee 1002 --name Bench)
"$bin/tk-server" serve --db "$work/tk.db" --listen "127.0.0.1:$port" --log-dir "$work/log" 2>/dev/null &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.05; done

run() {
  echo "== $*"
  "$bin/tk-load" --url "http://127.0.0.1:$port" --token "$token" "$@"
  echo
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
run --mode create --concurrency 1 --requests 5000
run --mode create --concurrency 8 --requests 20000
run --mode read --tickets 1000 --concurrency 1 --requests 10000
run --mode read --tickets 1000 --concurrency 8 --requests 40000
run --mode read --tickets 20000 --concurrency 8 --requests 40000
run --mode health --concurrency 8 --requests 40000
