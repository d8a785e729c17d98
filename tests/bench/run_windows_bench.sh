#!/usr/bin/env bash
# Windows figures (BENCHMARKS.md): the size of each program, and under Wine on an Xvfb
# display with a notification area, the time from starting tk-tray.exe to its first window,
# beside the same time for a bare Win32 program (Wine's own start-up cost, measured in the
# same run). Informative only: Wine is not Windows.
# Run after `bash scripts/build-windows.sh` (and scripts/build.sh for the Linux server).
set -euo pipefail
# Wine's desktop belongs to the prefix: the whole run, wineboot included, on one display.
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" "$@"; fi
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BUILD_WINDOWS_DIR:-"$root/build-windows"}/bin
server=${TK_LINUX_SERVER:-"$root/build/bin/tk-server"}
wine=/usr/lib/wine/wine64
export WINEPREFIX=${WINEPREFIX:-"$(dirname "$bin")/wine-prefix"} WINEDEBUG=-all

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
for exe in tk-tray.exe tk-kiosk.exe tkctl.exe; do
  echo "$exe: $(($(stat -c %s "$bin/$exe") / 1024)) KiB (static, stripped)"
done

wineserver -k 2>/dev/null || true  # a wineserver of another display's run
"$wine" wineboot --init >/dev/null 2>&1 || true
wineserver -p 2>/dev/null || true
trayer --edge top --height 24 >/dev/null 2>&1 &
trayer_pid=$!

# A bare Win32 window as the yardstick: Wine's process start and first window.
work=$(mktemp -d)
trap 'wineserver -k 2>/dev/null || true; kill "$trayer_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cat >"$work/bare.c" <<'C'
#include <windows.h>
static LRESULT CALLBACK proc(HWND w, UINT m, WPARAM a, LPARAM b) { return DefWindowProcW(w, m, a, b); }
int WINAPI WinMain(HINSTANCE i, HINSTANCE p, LPSTR c, int s) {
  WNDCLASSW wc = {0}; wc.lpfnWndProc = proc; wc.hInstance = i; wc.lpszClassName = L"bare";
  RegisterClassW(&wc);
  HWND w = CreateWindowW(L"bare", L"bare", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100, 0, 0, i, 0);
  ShowWindow(w, s);
  MSG m; while (GetMessageW(&m, 0, 0, 0)) DispatchMessageW(&m);
  return 0;
}
C
x86_64-w64-mingw32-gcc -O2 -mwindows -o "$work/bare.exe" "$work/bare.c"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$server" serve --listen "127.0.0.1:$port" --db "$work/tk.db" --log-dir "$work" >/dev/null 2>&1 &
server_pid=$!
sleep 0.5
token=$("$server" token create --db "$work/tk.db" --role employee --employee 1002 --name Bench)

time_to_window() {  # time_to_window CLASSNAME COMMAND...: ms from start to a window of that class
  local class=$1
  shift
  local start=$(date +%s%N)
  "$@" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do
    xdotool search --classname "$class" >/dev/null 2>&1 && break
    sleep 0.02
  done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 1
}

bench() {
  local bare tray
  for run in 1 2 3; do
    bare=$(time_to_window bare.exe "$wine" "$work/bare.exe")
    tray=$(time_to_window tk-tray.exe "$wine" "$bin/tk-tray.exe" --server "http://127.0.0.1:$port" --token "$token" \
      --data-dir "$work/data-$run")
    echo "run $run: bare Win32 window ${bare} ms, tk-tray.exe first window ${tray} ms"
  done
}
sleep 1
bench
kill "$server_pid" 2>/dev/null || true
