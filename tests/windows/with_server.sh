#!/usr/bin/env bash
# Runs a Windows test program under Wine against the real Linux tk-server: starts the
# server on a free loopback port with a new database, creates an employee and an agent
# token (and a kiosk's), passes them in TK_TEST_SERVER_PORT, TK_TEST_EMPLOYEE_TOKEN,
# TK_TEST_AGENT_TOKEN and TK_TEST_KIOSK_TOKEN,
# and, where stunnel is installed, puts two TLS proxies in front of it (TK_TEST_TLS_PORT
# with a certificate in TK_TEST_TLS_CA for the test to trust, TK_TEST_TLS_UNTRUSTED_PORT
# with one nobody trusts); runs the program, and stops them all.
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
proxies=()
cleanup() {
  for proxy in "${proxies[@]}"; do kill "$proxy" 2>/dev/null || true; done
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
# A one-time enrolment code, for the tray that starts without a token.
TK_TEST_ENROL_CODE=$("$server" enrol create --db "$work/tk.db" --employee 1007 --name "Rosa Díaz")
export TK_TEST_SERVER_PORT TK_TEST_EMPLOYEE_TOKEN TK_TEST_AGENT_TOKEN TK_TEST_KIOSK_TOKEN TK_TEST_ENROL_CODE

# https: stunnel in front of the server with a certificate for "localhost" (Wine's TLS
# refuses certificates for an IP address) issued by a test authority that the test trusts by
# adding it to the Windows machine's Root store, as an organisation's own CA is; and a
# second proxy whose certificate nobody issued.
tls_proxy() {  # tls_proxy NAME [CA]: a certificate for localhost (from CA, or self-signed), stunnel with it, on $tls_port
  local name=$1 ca=${2:-}
  if [ -n "$ca" ]; then
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$work/$name.key" -out "$work/$name.csr" >/dev/null 2>&1
    printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' >"$work/$name.ext"
    openssl x509 -req -in "$work/$name.csr" -CA "$work/$ca.pem" -CAkey "$work/$ca.key" -CAcreateserial -days 2 \
      -extfile "$work/$name.ext" -out "$work/$name.pem" >/dev/null 2>&1
  else
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
      -keyout "$work/$name.key" -out "$work/$name.pem" >/dev/null 2>&1
  fi
  tls_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  printf 'foreground = yes\npid =\n[tk]\naccept = 127.0.0.1:%s\nconnect = 127.0.0.1:%s\ncert = %s\nkey = %s\n' \
    "$tls_port" "$port" "$work/$name.pem" "$work/$name.key" >"$work/$name.conf"
  stunnel "$work/$name.conf" >"$work/$name.out" 2>&1 &
  proxies+=($!)
}
if command -v stunnel >/dev/null && command -v openssl >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Autoridad de prueba de TK" \
    -keyout "$work/ca.key" -out "$work/ca.pem" >/dev/null 2>&1
  tls_proxy trusted ca
  TK_TEST_TLS_PORT=$tls_port
  tls_proxy untrusted
  TK_TEST_TLS_UNTRUSTED_PORT=$tls_port
  TK_TEST_TLS_CA=$(winepath -w "$work/ca.pem" 2>/dev/null)
  export TK_TEST_TLS_PORT TK_TEST_TLS_UNTRUSTED_PORT TK_TEST_TLS_CA
  for _ in $(seq 1 100); do
    curl -fsS --cacert "$work/ca.pem" "https://localhost:$TK_TEST_TLS_PORT/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.05
  done
fi

status=0
"$wine" "$@" || status=$?
exit "$status"
