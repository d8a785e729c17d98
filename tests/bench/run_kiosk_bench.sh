#!/usr/bin/env bash
# Kiosk benchmark under Xvfb (1280x800): cold start to the home screen, five runs, and the
# time of a screen change (median of 50, each shown and painted). Figures for BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BUILD_DIR:-"$root/build"}/bin
work=$(mktemp -d)
port=${PORT:-18603}
display=${BENCH_DISPLAY:-:94}
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export DBUS_SESSION_BUS_ADDRESS=disabled: NO_AT_BRIDGE=1 HOME="$work/home"
mkdir -p "$HOME"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 & pids+=($!)
export DISPLAY=$display
token=$("$bin/tk-server" token create --db "$work/tk.db" --role kiosk --name Bench)
"$bin/tk-server" serve --db "$work/tk.db" --listen "127.0.0.1:$port" 2>/dev/null & pids+=($!)
sleep 1
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
for run in 1 2 3 4 5; do
  fifo="$work/fifo.$run"; mkfifo "$fifo"
  start=$(date +%s%N)
  "$bin/tk-kiosk-bench" --server "http://127.0.0.1:$port" --token "$token" --data-dir "$work/data" --benchmark \
    >"$fifo" 2>/dev/null &
  kiosk=$!
  exec 7<"$fifo"
  while read -r line <&7; do [ "$line" = ready ] && break; done
  end=$(date +%s%N)
  echo "cold start to home screen: $(( (end - start) / 1000000 )) ms"
  read -r line <&7; [ "$run" = 5 ] && echo "$line"
  exec 7<&-
  kill -KILL "$kiosk"; wait "$kiosk" 2>/dev/null || true
done
