#!/usr/bin/env bash
# The packages as an administrator meets them on a real machine: installed with apt (which
# brings their dependencies), the first token made with the very command postinst prints,
# the server started as postinst says, a report filed with the installed tkctl, then all
# purged: nothing the packages put on the machine, nor the state and logs the server wrote,
# is left. (The system user stays, as Debian packages leave theirs.)
#
# It changes the machine, so it runs only as root, and never where the product is already
# installed (exit 77: skipped). Usage: install_purge.sh BUILD_DIR (after the packages test).
set -euo pipefail
build=$1
packages=(tk-server tk-client-common tk-tray tk-kiosk)
if [ "$(id -u)" != 0 ]; then
  echo "SKIP: installing packages needs root"
  exit 77
fi
for p in "${packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qE ' (installed|config-files|half-installed|unpacked|half-configured)$'; then
    echo "SKIP: $p is installed on this machine; not touching it"
    exit 77
  fi
done
debs=()
for p in "${packages[@]}"; do
  deb=$(ls "$build/${p}_"*_amd64.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || { echo "FAIL: no $p package in $build (the packages test makes them)"; exit 1; }
  debs+=("$(readlink -f "$deb")")
done

work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  # Whatever happened above, the machine is left without the packages.
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${packages[@]}" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  exit 1
}

echo "== install"
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${debs[@]}" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log"; fail "apt-get install"; }
# apt ends the maintainer scripts' lines with a carriage return.
tr -d '\r' <"$work/apt.log" >"$work/install.log"
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" | grep -q "install ok installed" || fail "$p is not installed"
  dpkg-query -L "$p" >>"$work/files"
done
getent passwd tk >/dev/null || fail "no tk user after install"
[ "$(stat -c %U /var/lib/tk)" = tk ] && [ "$(stat -c %U /var/log/tk)" = tk ] ||
  fail "/var/lib/tk and /var/log/tk are not the tk user's before the service ever ran"
[ -L /etc/systemd/system/multi-user.target.wants/tk-server.service ] ||
  fail "the service is not enabled (no running systemd is needed for that)"

echo "== the first token, with the command the package printed"
printed=$(sed -n 's/^  \(.*token create .*--role employee.*\)$/\1/p' "$work/install.log" | head -1)
[ -n "$printed" ] || { cat "$work/install.log"; fail "postinst printed no token command"; }
echo "  $printed"
token=$(sh -c "$printed" 2>"$work/token.err" | tail -1) || { cat "$work/token.err"; fail "the printed command failed"; }
[ -n "$token" ] || fail "the printed command printed no token"

echo "== the server, as the package says to start it by hand"
# A port of its own, as an administrator would edit the configuration (and purge must
# still take the edited file away).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -i "s/^listen = .*/listen = 127.0.0.1:$port/" /etc/tk/server.conf
if [ -d /run/systemd/system ]; then
  systemctl restart tk-server.service
else
  start=$(sed -n 's/^  \(.*tk-server serve .*\)$/\1/p' "$work/install.log" | head -1)
  [ -n "$start" ] || fail "postinst said neither that the service runs nor how to start it"
  sh -c "exec $start" >"$work/serve.log" 2>&1 &
  server=$!
fi
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/api/v1/health" >/dev/null && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/api/v1/health" >/dev/null || { cat "$work/serve.log" 2>/dev/null; fail "no answer"; }

echo "== a report with the installed tkctl"
printf '%s\n' "$token" >"$work/token"
chmod 600 "$work/token"
tkctl=(/usr/bin/tkctl --server "http://127.0.0.1:$port" --token-file "$work/token" --data-dir "$work/client")
tk=$("${tkctl[@]}" report --type incident --category printer --summary "No imprime" \
  --description "La impresora del piso 2 no imprime." | head -1)
[[ "$tk" == TK-* ]] || fail "tkctl report printed '$tk'"
"${tkctl[@]}" show "$tk" | grep -q "No imprime" || fail "tkctl show $tk"
[ -s /var/lib/tk/tk.db ] || fail "the report is not in /var/lib/tk/tk.db"
echo "  $tk"
if [ -n "$server" ]; then
  kill -TERM "$server"
  wait "$server" || true
  server=""
else
  systemctl stop tk-server.service
fi

echo "== purge"
DEBIAN_FRONTEND=noninteractive apt-get purge -y "${packages[@]}" >"$work/purge.log" 2>&1 ||
  { cat "$work/purge.log"; fail "apt-get purge"; }
left=0
while read -r f; do
  # Folders shared with the system (/usr, /etc/xdg...) stay; the packages' own files go.
  if [ -e "$f" ] && [ ! -d "$f" ]; then
    echo "  left: $f"
    left=1
  fi
done <"$work/files"
for d in /etc/tk /var/lib/tk /var/log/tk /usr/lib/tk /usr/share/doc/tk-server \
  /etc/systemd/system/multi-user.target.wants/tk-server.service \
  /var/lib/systemd/deb-systemd-helper-enabled/tk-server.service.dsh-also \
  /var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/tk-server.service \
  /var/lib/systemd/deb-systemd-helper-masked/tk-server.service; do
  if [ -e "$d" ] || [ -L "$d" ]; then
    echo "  left: $d"
    left=1
  fi
done
[ "$left" = 0 ] || fail "the purge left files behind"
echo "OK: installed, token made with the printed command, report $tk filed, purged clean"
