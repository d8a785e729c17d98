#!/usr/bin/env bash
# Makes the Debian packages (cpack) and checks them as an administrator would meet them:
# lintian finds no error; the unpacked programs run (--version) and the unpacked server
# answers /api/v1/health; the systemd unit passes systemd-analyze verify; the desktop
# entries pass desktop-file-validate; the unpacked tkctl reaches the unpacked server over
# https (stunnel in front), which proves the https module is where the clients look; each
# package carries its manual pages in English and Spanish, which render without a warning,
# draw no manual-page tag from lintian, and name every option their program's --help shows.
set -euo pipefail
build=$1
work=$(mktemp -d)
server=""
proxy=""
trap '[ -n "$server" ] && kill -TERM "$server" 2>/dev/null; [ -n "$proxy" ] && kill -TERM "$proxy" 2>/dev/null; rm -rf "$work"' EXIT
cd "$build"
rm -f ./*.deb
cpack -G DEB >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
for p in tk-server tk-tray tk-kiosk tk-client-common; do
  [ -f "${p}_"*"_amd64.deb" ] || { echo "FAIL: no $p package"; exit 1; }
done

echo "== lintian"
lintian --fail-on error ./*.deb 2>&1 | grep -v "root privileges" || true
# Every tag lintian has about manual pages, under its current names and the older ones
# (binary-without-manpage, manpage-has-errors-from-man...), pedantic and informational too,
# and any other tag that points at a file under usr/share/man.
manual_tags='no-manual-page|no-english-manual-page|spare-manual-page|groff-message|bad-whatis-entry'
manual_tags+='|useless-whatis-entry|manual-page-from-template|wrong-manual-section|wrong-name-for-manual-page'
manual_tags+='|uncompressed-manual-page|poor-compression-in-manual-page|wrong-compression-in-manual-page'
manual_tags+='|typo-in-manual-page|acute-accent-in-manual-page|country-in-manual|build-path-in-manual'
manual_tags+='|empty-manual-page|executable-manual-page|odd-place-for-manual-page|manual-page-for-system-command'
manual_tags+='|manual-page-with-generic-name|bad-so-link-within-manual-page|stray-folder-in-manual'
manual_tags+='|binary-without-manpage|binary-without-english-manpage|manpage-[a-z-]+|spelling-error-in-manpage'
lintian --display-info --pedantic ./*.deb >"$work/lintian-manual.txt" 2>/dev/null || true
if grep -E ": ($manual_tags)( |$)|usr/share/man/" "$work/lintian-manual.txt"; then
  echo "FAIL: lintian has something to say about the manual pages"; exit 1
fi
# Debian's hardening: bound at start (BIND_NOW) and with checked string functions.
if lintian -I ./tk-server_*.deb ./tk-tray_*.deb ./tk-kiosk_*.deb 2>/dev/null | grep -E 'hardening-no-(bindnow|fortify-functions|relro|pie)'; then
  echo "FAIL: a program is built without Debian's hardening"; exit 1
fi
lintian --fail-on error ./*.deb >/dev/null 2>&1 || { echo "FAIL: lintian reports errors"; exit 1; }

echo "== unpacked programs"
for deb in ./*.deb; do dpkg-deb -x "$deb" "$work/root"; done
root="$work/root"
for program in tk-server tkctl tk-tray tk-kiosk; do
  out=$("$root/usr/bin/$program" --version)
  echo "$out"
  [[ "$out" == "$program "* ]] || { echo "FAIL: $program --version printed '$out'"; exit 1; }
done
completion="$root/usr/share/bash-completion/completions/tkctl"
[ -f "$completion" ] || { echo "FAIL: no bash completion for tkctl"; exit 1; }
complete_line() {  # complete_line WORDS...: what bash offers for the last word
  bash -c 'source /usr/share/bash-completion/bash_completion; source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _tkctl; echo "${COMPREPLY[*]}"' _ "$completion" "$@"
}
[ "$(complete_line tkctl rep)" = "report" ] || { echo "FAIL: completion of 'tkctl rep': $(complete_line tkctl rep)"; exit 1; }
[ "$(complete_line tkctl report --ty)" = "--type" ] || { echo "FAIL: completion of 'tkctl report --ty'"; exit 1; }
[ "$(complete_line tkctl report --type sec)" = "security_incident" ] || { echo "FAIL: completion of --type"; exit 1; }
[ -z "$(complete_line tkctl sync --no)" ] || { echo "FAIL: completion offers sync an option it does not take"; exit 1; }
echo "bash completion: tkctl rep -> report, report --type sec -> security_incident"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$root/usr/bin/tk-server" serve --listen "127.0.0.1:$port" --db "$work/tk.db" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >"$work/health" && break; sleep 0.05; done
grep -q '"status":"ok"' "$work/health" || { echo "FAIL: the unpacked server did not answer"; cat "$work/server.log"; exit 1; }
echo "health: $(cat "$work/health")"

echo "== https through the installed module"
[ -f "$root/usr/lib/tk/tk-https.so" ] || { echo "FAIL: no https module"; exit 1; }
for p in tk-tray tk-kiosk; do
  dpkg-deb -f ${p}_*_amd64.deb Depends | grep -q 'tk-client-common (= ' || { echo "FAIL: $p does not depend on tk-client-common"; exit 1; }
  dpkg-deb -f ${p}_*_amd64.deb Depends | grep -q 'wx3.2-i18n' || { echo "FAIL: $p does not bring wxWidgets' translations"; exit 1; }
done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/tls.key" -out "$work/tls.pem" 2>/dev/null
tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'foreground = yes\npid =\n[tk]\naccept = 127.0.0.1:%s\nconnect = 127.0.0.1:%s\ncert = %s\nkey = %s\n' \
  "$tls_port" "$port" "$work/tls.pem" "$work/tls.key" >"$work/stunnel.conf"
stunnel "$work/stunnel.conf" 2>"$work/stunnel.log" &
proxy=$!
token=$("$root/usr/bin/tk-server" token create --db "$work/tk.db" --role employee --employee 1002 --name Paquete)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$tls_port") 2>/dev/null && break; sleep 0.05; done
SSL_CERT_FILE="$work/tls.pem" "$root/usr/bin/tkctl" --server "https://127.0.0.1:$tls_port" --token "$token" \
  --data-dir "$work/tkctl" report --type incident --category printer --summary "Paquete por https" \
  --description "Prueba del paquete" >"$work/tkctl.out" 2>&1 || { cat "$work/tkctl.out"; echo "FAIL: tkctl over https"; exit 1; }
grep -q '^TK-' "$work/tkctl.out" || { cat "$work/tkctl.out"; echo "FAIL: tkctl over https gave no TK"; exit 1; }
echo "tkctl over https: $(cat "$work/tkctl.out")"
kill -TERM "$proxy"; wait "$proxy" || true; proxy=""
kill -TERM "$server"; wait "$server"; server=""

echo "== systemd unit"
unit=$(find "$root" -name tk-server.service)
sed "s|/usr/bin/tk-server|$root/usr/bin/tk-server|" "$unit" >"$work/tk-server.service"
systemd-analyze verify --man=no "$work/tk-server.service"
grep -q '^User=tk' "$unit" && grep -q '^ProtectSystem=strict' "$unit" && grep -q '^StateDirectory=tk' "$unit"
# systemd's own measure of what the service could do if taken over: under 1.5 of 10.
exposure=$(systemd-analyze security --offline=true "$work/tk-server.service" 2>/dev/null | sed -n 's/.*Overall exposure level for tk-server.service: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security: exposure $exposure"
systemd-analyze security --offline=true --threshold=15 "$work/tk-server.service" >/dev/null 2>&1 ||
  { echo "FAIL: tk-server.service's exposure ($exposure) is above 1.5"; exit 1; }
[ -f "$root/etc/tk/server.conf" ] || { echo "FAIL: no configuration file"; exit 1; }

echo "== the service's user and folders before it ever runs (sysusers.d, tmpfiles.d)"
# Applied to a root of their own, as postinst applies them to the machine: the user exists
# and owns /var/lib/tk and /var/log/tk, so the token commands postinst prints work at once.
system="$work/system"
mkdir -p "$system/etc" "$system/var/lib" "$system/var/log"
systemd-sysusers --root="$system" "$root/usr/lib/sysusers.d/tk-server.conf"
grep -q '^tk:' "$system/etc/passwd" || { echo "FAIL: sysusers.d made no user tk"; exit 1; }
systemd-tmpfiles --root="$system" --create "$root/usr/lib/tmpfiles.d/tk-server.conf"
tk_uid=$(awk -F: '$1 == "tk" { print $3 }' "$system/etc/passwd")
for dir in var/lib/tk var/log/tk; do
  [ "$(stat -c '%u %a' "$system/$dir")" = "$tk_uid 750" ] ||
    { echo "FAIL: /$dir is $(stat -c '%u %a' "$system/$dir"), not tk's with 750"; exit 1; }
done
dpkg-deb -e ./tk-server_*_amd64.deb "$work/control"
for script in postinst prerm postrm; do
  sh -n "$work/control/$script" || { echo "FAIL: tk-server's $script is not valid sh"; exit 1; }
done
echo "user tk ($tk_uid) owns /var/lib/tk and /var/log/tk (750)"

echo "== desktop entries"
for entry in "$root/usr/share/applications/tk-tray.desktop" "$root/usr/share/applications/tk-report.desktop" \
             "$root/etc/xdg/autostart/tk-tray.desktop" "$root/usr/share/xsessions/tk-kiosk.desktop"; do
  desktop-file-validate "$entry"
  echo "ok: ${entry#"$root"}"
done
grep -q '^Exec=tk-tray --show report' "$root/usr/share/applications/tk-report.desktop"
# Each client package carries its own Spanish catalog (installed alone, it is still Spanish).
dpkg-deb -c tk-tray_*_amd64.deb >"$work/tray.list"
dpkg-deb -c tk-kiosk_*_amd64.deb >"$work/kiosk.list"
grep -q 'locale/es_MX/LC_MESSAGES/tk-tray.mo' "$work/tray.list" || { echo "FAIL: tk-tray has no catalog"; exit 1; }
grep -q 'locale/es_MX/LC_MESSAGES/tk-kiosk.mo' "$work/kiosk.list" || { echo "FAIL: tk-kiosk has no catalog"; exit 1; }
grep -q 'share/tk/icons/printer.png' "$work/kiosk.list" || { echo "FAIL: tk-kiosk has no tile icons"; exit 1; }
for size in 16 22 24 32 48 64 128 256; do
  [ -f "$root/usr/share/icons/hicolor/${size}x${size}/apps/tk-tray.png" ] || { echo "FAIL: no ${size}px icon"; exit 1; }
done
echo "== manual pages"
# Each package carries its programs' pages (and tk-server's its configuration file's) in
# English and Spanish, compressed as Debian wants them.
for entry in tk-tray:man1/tkctl.1 tk-tray:man1/tk-tray.1 tk-kiosk:man1/tk-kiosk.1 \
             tk-server:man8/tk-server.8 tk-server:man5/tk-server.conf.5; do
  package=${entry%%:*}
  for page in "usr/share/man/${entry#*:}.gz" "usr/share/man/es/${entry#*:}.gz"; do
    dpkg-deb -c ${package}_*_amd64.deb | awk '{ print $6 }' | grep -qx "./$page" ||
      { echo "FAIL: $package has no $page"; exit 1; }
    gzip -t "$root/$page" || { echo "FAIL: $page is not gzip"; exit 1; }
  done
done
# Each renders without a warning, as man (what lintian runs) and groff with every warning
# on see it, and has a NAME line apropos can read.
for page in "$root"/usr/share/man/man?/*.gz "$root"/usr/share/man/es/man?/*.gz; do
  warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
  warnings+=$(gzip -dc "$page" | groff -man -ww -z -K utf8 2>&1)
  [ -z "$warnings" ] || { echo "FAIL: ${page#"$root"}: $warnings"; exit 1; }
  LC_ALL=C.UTF-8 lexgrog "$page" >/dev/null || { echo "FAIL: ${page#"$root"} has no NAME line apropos reads"; exit 1; }
done
# The pages are written by hand: each must name every option (and, for tkctl, every
# command) that its program's --help shows, in both languages.
for program in tkctl tk-tray tk-kiosk tk-server; do
  section=1
  [ "$program" = tk-server ] && section=8
  help=$(LC_ALL=C "$root/usr/bin/$program" --help)
  for page in "$root/usr/share/man/man$section/$program.$section.gz" "$root/usr/share/man/es/man$section/$program.$section.gz"; do
    text=$(gzip -dc "$page")
    for option in $(grep -oE -- '--[a-z][a-z-]*' <<<"$help" | sort -u); do
      # In roff "--token" is \-\-token, and must not be only the start of \-\-token\-file.
      grep -qE -- "${option//-/\\\\-}(\$|[^a-z0-9\\]|\\\\[^-])" <<<"$text" ||
        { echo "FAIL: ${page#"$root"} does not document $option"; exit 1; }
    done
    if [ "$program" = tkctl ]; then
      entries=$(grep -A1 -x '\.TP' <<<"$text")  # each command heads an entry of its own
      for command in $(sed -nE 's/^  ([a-z]+)( .*)?$/\1/p' <<<"$help" | sort -u); do
        grep -qE "^\.BI? \"?$command( |\"|$)" <<<"$entries" || { echo "FAIL: ${page#"$root"} does not document $command"; exit 1; }
      done
    fi
  done
done
echo "manual pages: English and Spanish in each package, no warnings, every option of --help documented"
echo "packages: all checks passed"
