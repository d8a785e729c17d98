#!/usr/bin/env bash
# The installed programs as a user meets them, under Wine on the display with_display.sh
# made and against the server with_server.sh started: tk-tray.exe answers --version on the
# console it was started from, starts with its icon, a second start with --show report
# opens the report window in the running instance (one instance per user), and tk-kiosk.exe
# comes up full screen. Screenshots go to SHOTS for a person to look at.
# Usage: tray_exe_smoke.sh BIN_DIR SHOTS WINE
set -euo pipefail
bin=$1 shots=$2 wine=$3
mkdir -p "$shots"
data=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
wait_window() {  # wait_window NAME: the id of a window whose title contains NAME
  local id
  for _ in $(seq 1 200); do
    id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1) && [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.1
  done
  return 1
}
server="http://127.0.0.1:$TK_TEST_SERVER_PORT"

version=$("$wine" "$bin/tk-tray.exe" --version 2>/dev/null | tr -d '\r')
[[ "$version" == "tk-tray "* ]] || fail "tk-tray.exe --version printed '$version'"
echo "ok: $version"

started=$(date +%s%N)
"$wine" "$bin/tk-tray.exe" --server "$server" --token "$TK_TEST_EMPLOYEE_TOKEN" --data-dir "$data/José Núñez" &
pids+=($!)
# The icon docks in the notification area (trayer) as a window of its own.
for _ in $(seq 1 300); do
  xdotool search --classname "tk-tray.exe" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "ok: tk-tray.exe running, $(( ($(date +%s%N) - started) / 1000000 )) ms to its first window (Wine, informative)"
sleep 2
import -window root "$shots/windows-tray-exe-icon.png"

"$wine" "$bin/tk-tray.exe" --show report >/dev/null 2>&1 || fail "the second tk-tray.exe did not hand over --show"
report=$(wait_window "Reportar") || fail "no report window after tk-tray.exe --show report"
echo "ok: the running instance opened the report window ($report)"
sleep 1
import -window root "$shots/windows-tray-exe-report.png"

"$wine" "$bin/tk-kiosk.exe" --server "$server" --token "$TK_TEST_KIOSK_TOKEN" --data-dir "$data/Quiosco" &
pids+=($!)
for _ in $(seq 1 300); do
  xdotool search --onlyvisible --classname "tk-kiosk.exe" >/dev/null 2>&1 && break
  sleep 0.1
done
sleep 2
geometry=$(xdotool search --onlyvisible --classname "tk-kiosk.exe" getwindowgeometry --shell 2>/dev/null || true)
import -window root "$shots/windows-kiosk-exe.png"
screen=$(xdotool getdisplaygeometry | tr ' ' x)
width=$(echo "$geometry" | sed -n 's/^WIDTH=//p' | sort -n | tail -1)
height=$(echo "$geometry" | sed -n 's/^HEIGHT=//p' | sort -n | tail -1)
[ "${width}x${height}" = "$screen" ] || fail "tk-kiosk.exe is ${width}x${height}, the screen $screen"
echo "ok: tk-kiosk.exe covers the screen ($screen)"
