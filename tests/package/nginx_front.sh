#!/usr/bin/env bash
# The nginx site the tk-server package ships (installer/linux/nginx-tk-server.conf), run by
# a real nginx in front of a real tk-server with a certificate made here: only its ports,
# certificate paths and log folder are changed, as an administrator would. Checks: nginx
# accepts it (nginx -t); tkctl files a report over https through it; plain http is sent to
# https; TRACE (with a token) and other methods end at nginx, the token never echoed; the
# server believes nginx's X-Forwarded-For entry, not the one a client wrote (the package's
# trusted_proxies); a body over 10 MiB is refused by nginx before tk-server sees it.
# Usage: nginx_front.sh BUILD_DIR SITE_FILE
set -euo pipefail
build=$1
site=$2
command -v nginx >/dev/null || { echo "FAIL: nginx is not installed (scripts/setup.sh installs it)"; exit 1; }
work=$(mktemp -d)
chmod 755 "$work"
nginx_pid=""
server_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  [ -f "$work/error.log" ] && tail -20 "$work/error.log"
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=$(free_port)
https_port=$(free_port)
server_port=$(free_port)

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
mkdir -m 777 "$work/tmp"
sed -e "s|listen 80;|listen 127.0.0.1:$http_port;|" -e "s|listen 443 ssl;|listen 127.0.0.1:$https_port ssl;|" \
  -e '/listen \[::\]/d' \
  -e "s|/etc/ssl/certs/tk-server.pem|$work/cert.pem|" -e "s|/etc/ssl/private/tk-server.key|$work/key.pem|" \
  -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$server_port;|" -e "s|/var/log/nginx/|$work/|" \
  -e "s|/etc/nginx/tk-server-proxy-key.conf|$work/proxy-key.conf|" "$site" >"$work/site.conf"
# The key the package's postinst makes, made the same way here.
sed -n '/proxy.key ]; then/,/^  fi/p' "$(dirname "$site")/../debian/server/postinst" |
  sed -e "s|/etc/tk/proxy.key|$work/proxy.key|g" -e "s|/etc/nginx/tk-server-proxy-key.conf|$work/proxy-key.conf|" \
    -e '/chgrp/d' -e 's|mkdir -p /etc/nginx|:|' -e '1s/.*/if true; then/' >"$work/make-key.sh"
sh -e "$work/make-key.sh"
[ -s "$work/proxy.key" ] && grep -q "X-TK-Proxy-Key" "$work/proxy-key.conf" || fail "no key made as the postinst does"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  include $work/site.conf;
}
EOF
nginx -t -q -c "$work/nginx.conf" -e "$work/error.log" 2>"$work/check.log" || { cat "$work/check.log"; fail "nginx -t refuses the site"; }

token=$("$build/bin/tk-server" token create --db "$work/tk.db" --role employee --employee 1002 --name "Ana López")
# The package's own server.conf says which proxy the server believes (this nginx, on loopback).
grep -E '^(trusted_proxies|proxy_key_file)' "$(dirname "$site")/server.conf" |
  sed "s|/etc/tk/proxy.key|$work/proxy.key|" >"$work/server.conf"
grep -q '^proxy_key_file' "$work/server.conf" && grep -q '^trusted_proxies' "$work/server.conf" ||
  fail "the package's server.conf names no trusted proxy with its key"
"$build/bin/tk-server" serve --listen "127.0.0.1:$server_port" --db "$work/tk.db" --config "$work/server.conf" \
  2>"$work/server.log" &
server_pid=$!
nginx -c "$work/nginx.conf" -e "$work/error.log" &
nginx_pid=$!
for _ in $(seq 100); do
  curl -fs --cacert "$work/cert.pem" "https://localhost:$https_port/api/v1/health" >/dev/null && break
  sleep 0.1
done
curl -fs --cacert "$work/cert.pem" "https://localhost:$https_port/api/v1/health" | grep -q '"status":"ok"' ||
  fail "no health through nginx"

echo "== a report over https through nginx"
tk=$(SSL_CERT_FILE="$work/cert.pem" TK_TOKEN="$token" "$build/bin/tkctl" --server "https://localhost:$https_port" \
  --data-dir "$work/client" report --type incident --category printer --summary "No imprime" \
  --description "Por https a través de nginx." | head -1)
[[ "$tk" == TK-* ]] || fail "tkctl through nginx printed '$tk'"

echo "== plain http goes to https"
location=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$http_port/api/v1/health")
[ "$location" = "301 https://localhost/api/v1/health" ] || fail "plain http answered '$location'"

echo "== methods the API does not take end at nginx"
for method in TRACE DELETE PATCH; do
  answer=$(curl -s --cacert "$work/cert.pem" -X "$method" -H "Authorization: Bearer $token" \
    -w '\n%{http_code}' "https://localhost:$https_port/api/v1/health")
  code=${answer##*$'\n'}
  [ "$code" = 403 ] || [ "$code" = 405 ] || fail "$method answered $code"
  [[ "$answer" != *"$token"* ]] || fail "$method echoed the token"
done

echo "== the server believes nginx's word for the client, and no one else's"
# The client connects to nginx from 127.0.0.2 and writes an X-Forwarded-For of its own.
code=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.2 --cacert "$work/cert.pem" -X POST \
  -H "Content-Type: application/json" -H "X-Forwarded-For: 203.0.113.77" \
  --data '{"code":"AAAA-BBBB-CCCC","device":"PC"}' "https://localhost:$https_port/api/v1/enrol")
[ "$code" = 404 ] || fail "a wrong enrolment code answered $code"
grep -q "enrolment code refused from 127.0.0.2" "$work/server.log" || fail "the refusal was not logged with nginx's client"
# A local user straight to the server, from nginx's own address, without the key.
curl -s -o /dev/null -X POST -H "Content-Type: application/json" -H "X-Forwarded-For: 198.51.100.88" \
  --data '{"code":"AAAA-BBBB-CCCC","device":"PC"}' "http://127.0.0.1:$server_port/api/v1/enrol"
grep -q "enrolment code refused from 127.0.0.1" "$work/server.log" || fail "the local user was not counted as 127.0.0.1"
grep -qE "203.0.113.77|198.51.100.88" "$work/server.log" && fail "an X-Forwarded-For written by a client was believed"
grep -q "$(cat "$work/proxy.key")" "$work/server.log" "$work/tk-server.access.log" 2>/dev/null && fail "the key reached a log"

echo "== a body over 10 MiB ends at nginx"
head -c $((11 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$work/big"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/cert.pem" -X POST -H "Authorization: Bearer $token" \
  -H "Content-Type: application/json" --data-binary "@$work/big" "https://localhost:$https_port/api/v1/tickets")
[ "$code" = 413 ] || fail "11 MiB answered $code"
grep -q "POST /api/v1/tickets 413" "$work/server.log" && fail "tk-server saw the 11 MiB request"
echo "OK: the shipped nginx site serves tk-server over https with its limits"
