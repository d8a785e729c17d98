#!/usr/bin/env bash
# Tray benchmark under Xvfb with a tray host (trayer): time from starting tk-tray to its
# icon being in the tray, time to open the report window, idle memory against a bare
# wxWidgets tray program, and how often the idle process wakes up. Figures for BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BUILD_DIR:-"$root/build"}/bin
work=$(mktemp -d)
port=${PORT:-18602}
display=${BENCH_DISPLAY:-:93}
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export DBUS_SESSION_BUS_ADDRESS=disabled: NO_AT_BRIDGE=1 HOME="$work/home" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 & pids+=($!)
export DISPLAY=$display
sleep 1
trayer --edge top --align right --widthtype request --height 24 >/dev/null 2>&1 & pids+=($!)
token=$("$bin/tk-server" token create --db "$work/tk.db" --role employee --employee 1002 --name Bench)
"$bin/tk-server" serve --db "$work/tk.db" --listen "127.0.0.1:$port" 2>/dev/null & pids+=($!)
sleep 1

# Starts a program and returns once it printed "ready": sets started_pid and ready_ms.
start_until_ready() {
  local out=$1; shift
  local fifo="$work/fifo.$RANDOM"
  mkfifo "$fifo"
  local start end line
  started_pid=""
  start=$(date +%s%N)
  "$@" >"$fifo" 2>/dev/null &
  started_pid=$!
  exec 7<"$fifo"
  while read -r line <&7; do
    echo "$line" >> "$out"
    [ "$line" = ready ] && break
  done
  end=$(date +%s%N)
  # keep reading the rest in the background so the program never blocks on its stdout
  cat <&7 >> "$out" &
  exec 7<&-
  ready_ms=$(( (end - start) / 1000000 ))
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
wakeups() {  # voluntary + involuntary context switches of every thread
  local total=0 t
  for t in /proc/"$1"/task/*/status; do
    total=$(( total + $(awk '/ctxt_switches/ {s += $2} END {print s}' "$t") ))
  done
  echo "$total"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
for run in 1 2 3 4 5; do
  start_until_ready "$work/bare.out" "$bin/tk-bare-tray"; bare_pid=$started_pid
  echo "bare wx tray: icon in the tray after ${ready_ms} ms"
  if [ "$run" = 5 ]; then sleep 5; bare_rss=$(rss_kb "$bare_pid"); fi
  kill -TERM "$bare_pid"; wait "$bare_pid" 2>/dev/null || true
done
for run in 1 2 3 4 5; do
  rm -f "$XDG_RUNTIME_DIR"/tk-tray-*.sock
  start_until_ready "$work/tray.out" "$bin/tk-tray-bench" --server "http://127.0.0.1:$port" --token "$token" \
        --data-dir "$work/data" --benchmark; tray_pid=$started_pid
  echo "tk-tray: icon in the tray after ${ready_ms} ms"
  if [ "$run" = 5 ]; then
    sleep 5
    tray_rss=$(rss_kb "$tray_pid")   # idle, before any window was opened
    sleep 6
    grep report_window_open_ms "$work/tray.out" | tail -1
    echo "tk-tray after opening the report window 10 times: $(rss_kb "$tray_pid") KiB"
    before=$(wakeups "$tray_pid"); sleep 60; after=$(wakeups "$tray_pid")
    echo "tk-tray idle: $((after - before)) thread wake-ups in 60 s (poll interval 60 s)"
  fi
  kill -TERM "$tray_pid"; wait "$tray_pid" 2>/dev/null || true
done
echo "idle RSS: bare wx tray ${bare_rss} KiB, tk-tray ${tray_rss} KiB, ratio $(awk -v a="$tray_rss" -v b="$bare_rss" 'BEGIN {printf "%.2f", a / b}')"

# The same on an https address: stunnel in front of the server with a certificate made
# here, which the tray trusts through SSL_CERT_FILE. The https module and OpenSSL load.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/tls.key" -out "$work/tls.pem" 2>/dev/null
tls_port=$((port + 1))
printf 'foreground = yes\npid =\n[tk]\naccept = 127.0.0.1:%s\nconnect = 127.0.0.1:%s\ncert = %s\nkey = %s\n' \
  "$tls_port" "$port" "$work/tls.pem" "$work/tls.key" >"$work/stunnel.conf"
stunnel "$work/stunnel.conf" 2>/dev/null & pids+=($!)
sleep 1
rm -f "$XDG_RUNTIME_DIR"/tk-tray-*.sock
export SSL_CERT_FILE="$work/tls.pem"
start_until_ready "$work/tray-https.out" "$bin/tk-tray-bench" \
  --server "https://127.0.0.1:$tls_port" --token "$token" --data-dir "$work/data-https" --benchmark
tray_pid=$started_pid
sleep 5
https_rss=$(rss_kb "$tray_pid")
grep -q libssl "/proc/$tray_pid/maps" || echo "warning: the https tray has not loaded OpenSSL"
kill -TERM "$tray_pid"; wait "$tray_pid" 2>/dev/null || true
echo "idle RSS on https: tk-tray ${https_rss} KiB, ratio $(awk -v a="$https_rss" -v b="$bare_rss" 'BEGIN {printf "%.2f", a / b}')"
