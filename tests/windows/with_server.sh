#!/usr/bin/env bash
# Runs a Windows test program under Wine against the real Linux tk-server: starts the
# server on a free loopback port with a new database, creates an employee and an agent
# token (and a kiosk's), passes them in TK_TEST_SERVER_PORT, TK_TEST_EMPLOYEE_TOKEN,
# TK_TEST_AGENT_TOKEN and TK_TEST_KIOSK_TOKEN,
# runs the program, and stops the server.
# Usage: with_server.sh LINUX_TK_SERVER WINE PROGRAM.exe [ARGS...]
set -euo pipefail
server=$1 wine=$2
shift 2
# Listing the tests (ctest's discovery) needs no server.
for arg in "$@"; do
  [ "$arg" = --gtest_list_tests ] && exec "$wine" "$@"
done

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$server" serve --listen "127.0.0.1:$port" --db "$work/tk.db" --log-dir "$work" >"$work/server.out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.out" >&2; exit 1; }
  sleep 0.1
done

TK_TEST_SERVER_PORT=$port
TK_TEST_EMPLOYEE_TOKEN=$("$server" token create --db "$work/tk.db" --role employee --employee 1002 --name "José Núñez")
TK_TEST_AGENT_TOKEN=$("$server" token create --db "$work/tk.db" --role agent --name "Mesa de servicios")
TK_TEST_KIOSK_TOKEN=$("$server" token create --db "$work/tk.db" --role kiosk --name "Quiosco del vestíbulo")
export TK_TEST_SERVER_PORT TK_TEST_EMPLOYEE_TOKEN TK_TEST_AGENT_TOKEN TK_TEST_KIOSK_TOKEN
status=0
"$wine" "$@" || status=$?
exit "$status"
