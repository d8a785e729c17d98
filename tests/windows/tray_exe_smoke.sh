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
# The programs take Windows paths: the data folders as Wine names them (Z:\tmp\...).
windows_path() { winepath -w "$1" 2>/dev/null; }

version=$("$wine" "$bin/tk-tray.exe" --version 2>/dev/null | tr -d '\r')
[[ "$version" == "tk-tray "* ]] || fail "tk-tray.exe --version printed '$version'"
echo "ok: $version"

started=$(date +%s%N)
# In Spanish: the windows are found by their Spanish titles (Wine's own language follows
# the test machine's locale).
"$wine" "$bin/tk-tray.exe" --lang es --server "$server" --token "$TK_TEST_EMPLOYEE_TOKEN" --data-dir "$(windows_path "$data/José Núñez")" &
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

# A person fills it in: the category by its first letter, then the summary and the
# description, with the keyboard; then a click on "Enviar" (bottom right of the window).
eval "$(xdotool getwindowgeometry --shell "$report")"
summary="Impresora del piso 3 sin tóner $$"
xdotool mousemove $((X + WIDTH / 2 + 80)) $((Y + 48)) click 1 sleep 0.5 key Escape sleep 0.3 type --delay 40 "I"
sleep 0.5
xdotool key Tab sleep 0.3 type --delay 30 "$summary"
xdotool key Tab sleep 0.3 type --delay 20 "Desde la mañana saca las hojas en blanco."
sleep 1
import -window root "$shots/windows-tray-exe-report-filled.png"
xdotool mousemove $((X + WIDTH - 48)) $((Y + HEIGHT - 22)) click 1
found=
for _ in $(seq 1 100); do
  if curl -fsS -H "Authorization: Bearer $TK_TEST_AGENT_TOKEN" "$server/api/v1/tickets?limit=50" 2>/dev/null |
      grep -q "piso 3 sin t.ner $$"; then
    found=1
    break
  fi
  sleep 0.2
done
sleep 1
import -window root "$shots/windows-tray-exe-report-sent.png"
[ -n "$found" ] || fail "the report typed into tk-tray.exe's window never reached the server"
echo "ok: the report typed into tk-tray.exe reached the server"
# And the tray is still there after the work its background threads did (it once crashed as
# one of them ended).
sleep 2
kill -0 "${pids[0]}" 2>/dev/null || fail "tk-tray.exe is gone after sending the report"
echo "ok: tk-tray.exe still running after the report was sent"

"$wine" "$bin/tk-kiosk.exe" --server "$server" --token "$TK_TEST_KIOSK_TOKEN" --data-dir "$(windows_path "$data/Quiosco")" &
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

# A computer's first tray, without a token: Configuración opens by itself, the one-time code
# is typed and traded for the employee's own token, which tray.ini keeps sealed with DPAPI.
kill "${pids[@]}" 2>/dev/null || true
wait 2>/dev/null || true
pids=()
# The user's settings live in the Wine prefix, which outlives a run: none from before.
find "${WINEPREFIX:-$HOME/.wine}/drive_c/users" -path '*AppData/Roaming*' -name tray.ini -delete 2>/dev/null || true
"$wine" "$bin/tk-tray.exe" --lang es --server "$server" --data-dir "$(windows_path "$data/Rosa")" &
pids+=($!)
settings=$(wait_window "Configuración") || fail "tk-tray.exe without a token did not open Configuración"
sleep 2
import -window root "$shots/windows-tray-exe-settings.png"
echo "ok: tk-tray.exe without a token opened Configuración ($settings)"
# The code goes into its field (the row above the help text, left of "Inscribir"), and
# Enter trades it.
eval "$(xdotool getwindowgeometry --shell "$settings")"
xdotool mousemove $((X + WIDTH - 220)) $((Y + 138)) click 1 sleep 0.5 type --delay 40 "$TK_TEST_ENROL_CODE"
sleep 0.3
xdotool key Return
ini=
for _ in $(seq 1 100); do
  ini=$(find "${WINEPREFIX:-$HOME/.wine}/drive_c/users" -path '*AppData/Roaming*' -name tray.ini 2>/dev/null | head -1)
  [ -n "$ini" ] && grep -q '^token *= *dpapi:' <(tr -d '\r' <"$ini") && break
  sleep 0.2
done
sleep 1
import -window root "$shots/windows-tray-exe-enrolled.png"
[ -n "$ini" ] && grep -q '^token *= *dpapi:' <(tr -d '\r' <"$ini") ||
  fail "the code typed into Configuración left no sealed token in tray.ini: $(cat "$ini" 2>/dev/null)"
grep -q 'tk_' "$ini" && fail "tray.ini holds the token in the clear"
echo "ok: the enrolment code typed into tk-tray.exe became a token, kept sealed with DPAPI in tray.ini"
rm -f "$ini"

