#!/usr/bin/env bash
# Runs a command on a new Xvfb display with a notification area (trayer), as a Windows
# desktop under Wine would have: the GUI tests of the Windows programs run through it.
# When DISPLAY is already set (scripts/build-windows.sh --test makes one display for the
# whole run: Wine's desktop belongs to the prefix, not to one program), it is used as it is.
# Usage: with_display.sh WIDTHxHEIGHT COMMAND [ARGS...]
set -euo pipefail
screen=$1
shift
for arg in "$@"; do
  [ "$arg" = --gtest_list_tests ] && exec "$@"
done
[ -n "${DISPLAY:-}" ] && exec "$@"
xvfb_pid= trayer_pid=
cleanup() {
  [ -n "$trayer_pid" ] && kill "$trayer_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
# -displayfd: Xvfb picks a free display number and says which.
read_fd=$(mktemp)
Xvfb -displayfd 3 -screen 0 "${screen}x24" -nolisten tcp 3>"$read_fd" >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 100); do
  [ -s "$read_fd" ] && break
  sleep 0.05
done
display=$(head -1 "$read_fd")
rm -f "$read_fd"
[ -n "$display" ] || { echo "with_display: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$display"
trayer --edge top --align right --widthtype request --height 24 >/dev/null 2>&1 &
trayer_pid=$!
sleep 0.5
status=0
"$@" || status=$?
exit "$status"
