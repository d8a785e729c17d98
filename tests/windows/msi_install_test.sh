#!/usr/bin/env bash
# The installers as an IT administrator deploys them, under Wine in a Windows prefix of
# their own: both MSIs made and signed with a test certificate (and an older version of
# each, for the upgrade), the signatures verified; a silent install with TK_SERVER puts the
# files, shortcuts, start-at-login and machine policy where they belong; the installed
# tkctl.exe uses the policy's server; a report queued before an upgrade (given no
# properties) is sent exactly once after it; the installed tray starts from the machine's
# Run value with its icon (a screenshot), and does not for a user who opted out; uninstall
# leaves no program files or machine keys and every user's cache. The kiosk's MSI writes
# kiosk.ini from its properties and an upgrade keeps it.
# Usage: msi_install_test.sh BUILD_DIR VERSION LINUX_TK_SERVER SHOTS WINE
set -euo pipefail
build=$1 version=$2 server=$3 shots=$4 wine=$5
here=$(cd "$(dirname "$0")" && pwd)
make_msi="$here/../../installer/windows/make-msi.sh"
mkdir -p "$shots"
work=$(mktemp -d)
server_pid=
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
cleanup() {
  wineserver -k 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# A failure says what the last Windows program wrote on its error output.
fail() {
  echo "FAIL: $*" >&2
  [ -s "$work/stderr" ] && sed 's/^/  stderr: /' "$work/stderr" >&2
  exit 1
}
ok() { echo "ok: $*"; }
win() { "$wine" "$@" 2>"$work/stderr" | tr -d '\r'; }
# reg_value KEY NAME: the data of a registry value, empty when there is none.
reg_value() { win reg query "$1" /v "$2" | awk -v name="$2" '$1 == name { $1 = ""; $2 = ""; sub(/^  */, ""); print }'; }
reg_has_key() { "$wine" reg query "$1" >/dev/null 2>&1; }

# --- A test code-signing certificate, from a test authority, and the installers signed with it.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Autoridad de prueba de TK" \
  -keyout "$work/ca.key" -out "$work/ca.pem" >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -subj "/CN=Mesa de servicios (prueba)" \
  -keyout "$work/sign.key" -out "$work/sign.csr" >/dev/null 2>&1
printf 'extendedKeyUsage=codeSigning\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n' >"$work/sign.ext"
openssl x509 -req -in "$work/sign.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile "$work/sign.ext" -out "$work/sign.pem" >/dev/null 2>&1
previous=0.0.1
for v in "$previous" "$version"; do
  TK_SIGN_CERT="$work/sign.pem" TK_SIGN_KEY="$work/sign.key" bash "$make_msi" --version "$v" --bin "$build/bin" \
    --share "$build/share" --icon "$build/windows/tk.ico" --out "$work/msi" >/dev/null
done
for msi in "$work"/msi/*.msi; do
  osslsigncode verify -CAfile "$work/ca.pem" -in "$msi" >"$work/verify.out" 2>&1 ||
    { cat "$work/verify.out" >&2; fail "the signature of $(basename "$msi") does not verify"; }
done
ok "the four MSIs are signed and their signatures verify ($(ls "$work/msi" | tr '\n' ' '))"
unsigned_ok=$(osslsigncode verify -CAfile "$work/ca.pem" -in "$build/bin/tkctl.exe" >/dev/null 2>&1 && echo yes || echo no)
[ "$unsigned_ok" = no ] || fail "osslsigncode verified an unsigned program: the check proves nothing"
msi() { winepath -w "$work/msi/$1" 2>/dev/null; }

# --- A new Windows prefix: nothing installed yet.
"$wine" wineboot --init >/dev/null 2>&1 || true
"$wine" reg add 'HKCU\Software\Wine' /v Version /t REG_SZ /d win10 /f >/dev/null 2>&1 || true
# A crash ends the program (and fails the test) instead of waiting in Wine's debugger.
"$wine" reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Debugger /t REG_SZ /d false /f \
  >/dev/null 2>&1 || true
c="$WINEPREFIX/drive_c"
program_dir="$c/Program Files/TK"

# --- The server's database and tokens exist; the server itself is down for now.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
employee=$("$server" token create --db "$work/tk.db" --role employee --employee 1002 --name "José Núñez")
agent=$("$server" token create --db "$work/tk.db" --role agent --name "Mesa de servicios")
kiosk_token=$("$server" token create --db "$work/tk.db" --role kiosk --name "Quiosco del vestíbulo")

# --- The previous version, installed silently as software distribution does.
"$wine" msiexec /i "$(msi "tk-tray-$previous-x64.msi")" /qn TK_SERVER="$url" TK_POLL_MINUTES=5 >/dev/null 2>&1 ||
  fail "msiexec /i tk-tray-$previous-x64.msi /qn TK_SERVER=$url failed"
for file in bin/tk-tray.exe bin/tkctl.exe share/locale/es_MX/LC_MESSAGES/tk-tray.mo; do
  [ -f "$program_dir/$file" ] || fail "Program Files\\TK\\$file is missing"
done
[ "$(reg_value 'HKLM\Software\Policies\TK' Server)" = "$url" ] || fail "the policy's Server is not $url"
[ "$(reg_value 'HKLM\Software\Policies\TK' PollMinutes)" = 5 ] || fail "the policy's PollMinutes is not 5"
run=$(reg_value 'HKLM\Software\Microsoft\Windows\CurrentVersion\Run' tk-tray)
[ "$run" = '"C:\Program Files\TK\bin\tk-tray.exe" --autostart' ] || fail "the machine's Run value is '$run'"
# Windows puts a per-machine install's shortcuts in the all-users Start menu; Wine's msi in
# the installing user's: either is where this user finds them.
shortcuts=$(find "$c/ProgramData/Microsoft/Windows/Start Menu" "$c/users" -path '*Start Menu/Programs/Mesa de servicios/*.lnk' 2>/dev/null)
for name in "Reportar una falla" "Mis tickets"; do
  lnk=$(echo "$shortcuts" | grep "/$name.lnk$") || fail "no Start menu shortcut \"$name\""
  arguments=$([ "$name" = "Mis tickets" ] && echo "--show tickets" || echo "--show report")
  python3 - "$lnk" "$arguments" <<'EOF' || fail "the shortcut \"$name\" does not start tk-tray.exe $arguments"
import sys
data = open(sys.argv[1], "rb").read()
wanted_target = b"tk-tray.exe"
wanted_arguments = sys.argv[2].encode("utf-16-le")
sys.exit(0 if (wanted_target in data or wanted_target.decode().encode("utf-16-le") in data) and wanted_arguments in data else 1)
EOF
done
ok "installed: Program Files\\TK, the policy (Server=$url, PollMinutes=5), start at login for every user, two Start menu shortcuts"

# --- Offline: the installed tkctl.exe, given no server, queues a report for the policy's.
tkctl="C:\\Program Files\\TK\\bin\\tkctl.exe"
summary="Reporte en cola antes de actualizar $$"
queued=$(TK_TOKEN=$employee win "$tkctl" report --type incident --category printer --summary "$summary" \
  --description "Se guardó sin conexión y debe enviarse una sola vez.") || true
[[ "$queued" == "queued L-"* ]] || fail "tkctl.exe report with the server down printed '$queued'"
cache=$(find "$c/users" -path '*AppData/Local/TK/*' -name 'cache*.db' | head -1)
[ -n "$cache" ] || fail "no cache under %LOCALAPPDATA%\\TK"
ok "with the server down, the installed tkctl.exe queued the report ($queued) in $(basename "$cache")"

# --- The upgrade, given no properties: one product, the policy and the queued report kept.
"$wine" msiexec /i "$(msi "tk-tray-$version-x64.msi")" /qn >/dev/null 2>&1 || fail "the upgrade to $version failed"
products=$(win reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s | grep -a -c 'DisplayName.*TK Mesa de servicios' || true)
[ "$products" = 1 ] || fail "$products entries of TK Mesa de servicios in Programs and Features after the upgrade"
installed_version=$(win reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s |
  grep -a -A20 'TK Mesa de servicios' | awk '$1 == "DisplayVersion" { print $3; exit }')
[ "$installed_version" = "$version" ] || fail "Programs and Features says $installed_version, not $version"
[ "$(reg_value 'HKLM\Software\Policies\TK' Server)" = "$url" ] || fail "the upgrade lost the policy's server"
[ "$(reg_value 'HKLM\Software\Policies\TK' PollMinutes)" = 5 ] || fail "the upgrade lost the policy's poll interval"
[ -f "$cache" ] || fail "the upgrade removed the user's cache"
ok "upgraded $previous -> $version: one entry in Programs and Features, the policy kept, the cache kept"

# --- The server comes up: the queued report goes once, and a new one gets its TK at once.
"$server" serve --listen "127.0.0.1:$port" --db "$work/tk.db" --log-dir "$work" >"$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$url/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
sync=$(TK_TOKEN=$employee win "$tkctl" --lang es sync) || fail "tkctl.exe sync failed"
[[ "$sync" == "Enviados: 1,"* ]] || fail "the first sync after the upgrade said: $sync"
again=$(TK_TOKEN=$employee win "$tkctl" --lang en sync) || fail "the second tkctl.exe sync failed"
[[ "$again" == "Sent: 0,"* ]] || fail "the second sync (in English) said: $again"
count=$(curl -fsS -H "Authorization: Bearer $agent" "$url/api/v1/tickets?limit=100" | grep -o "$summary" | wc -l)
[ "$count" = 1 ] || fail "the server has the queued report $count times"
filed=$(TK_TOKEN=$employee win "$tkctl" report --type service_request --category software --summary "Instalar el lector de PDF" \
  --description "Desde el tkctl.exe instalado, con el servidor de la política.") || true
[[ "$filed" == TK-* ]] || fail "tkctl.exe report with the server up printed '$filed'"
ok "the queued report reached the server exactly once; a new one got $filed from the policy's server"

# --- The installed tray, started as the machine's Run value starts it at login.
TK_TOKEN=$employee "$wine" "C:\\Program Files\\TK\\bin\\tk-tray.exe" --autostart >/dev/null 2>&1 &
tray_pid=$!
for _ in $(seq 1 300); do
  xdotool search --classname "tk-tray.exe" >/dev/null 2>&1 && break
  sleep 0.1
done
xdotool search --classname "tk-tray.exe" >/dev/null 2>&1 || fail "the installed tk-tray.exe showed no icon"
sleep 2
import -window root "$shots/windows-installed-tray.png"
kill "$tray_pid" 2>/dev/null || true
"$wine" taskkill /f /im tk-tray.exe >/dev/null 2>&1 || true
wait "$tray_pid" 2>/dev/null || true
ok "the installed tk-tray.exe --autostart runs with its icon (windows-installed-tray.png)"

# A user who switched "start at login" off: the same start ends at once.
"$wine" reg add 'HKCU\Software\TK\StartAtLogin' /v tk-tray /t REG_DWORD /d 0 /f >/dev/null 2>&1
if ! timeout 60 "$wine" "C:\\Program Files\\TK\\bin\\tk-tray.exe" --autostart >/dev/null 2>&1; then
  fail "tk-tray.exe --autostart did not end for a user who opted out"
fi
"$wine" reg delete 'HKCU\Software\TK' /f >/dev/null 2>&1 || true
ok "for a user who opted out, tk-tray.exe --autostart ends at once"

# --- Signed programs: what the MSI installed carries the signature.
for exe in tk-tray.exe tkctl.exe; do
  osslsigncode verify -CAfile "$work/ca.pem" -in "$program_dir/bin/$exe" >/dev/null 2>&1 ||
    fail "the installed $exe is not signed"
done
ok "the installed programs are signed"

# --- Uninstall: no program files, no machine keys; every user's cache stays.
"$wine" msiexec /x "$(msi "tk-tray-$version-x64.msi")" /qn >/dev/null 2>&1 || fail "msiexec /x failed"
[ ! -e "$program_dir" ] || fail "Program Files\\TK is still there: $(find "$program_dir" | head -5)"
! reg_has_key 'HKLM\Software\Policies\TK' || fail "HKLM\\Software\\Policies\\TK is still there"
! reg_has_key 'HKLM\Software\TK' || fail "HKLM\\Software\\TK is still there"
[ -z "$(reg_value 'HKLM\Software\Microsoft\Windows\CurrentVersion\Run' tk-tray)" ] || fail "the Run value is still there"
[ -z "$(find "$c" -path '*Start Menu/Programs/Mesa de servicios*' 2>/dev/null)" ] || fail "the Start menu folder is still there"
[ -f "$cache" ] || fail "uninstall removed the user's cache"
ok "uninstalled: no program files, policy, Run value or shortcuts; the user's cache stays"

# --- The kiosk: kiosk.ini from the properties, kept by an upgrade given none.
salt_hash=$("$wine" "$build/bin/tk-kiosk.exe" --pin-hash 2468 2>/dev/null | tr -d '\r' | sed -n 's/.*TK_PIN_HASH=//p')
[ -n "$salt_hash" ] || fail "tk-kiosk.exe --pin-hash printed no TK_PIN_HASH"
case $salt_hash in '$argon2id$'*) ;; *) fail "tk-kiosk.exe --pin-hash printed no argon2id hash: $salt_hash" ;; esac
"$wine" msiexec /i "$(msi "tk-kiosk-$previous-x64.msi")" /qn TK_SERVER="$url" TK_KIOSK_TOKEN="$kiosk_token" \
  TK_PIN_HASH="$salt_hash" TK_LANGUAGE=en >/dev/null 2>&1 || fail "msiexec /i tk-kiosk-$previous-x64.msi failed"
for file in bin/tk-kiosk.exe share/locale/es_MX/LC_MESSAGES/tk-kiosk.mo share/tk/icons/phishing.png; do
  [ -f "$c/Program Files/TK Quiosco/$file" ] || fail "Program Files\\TK Quiosco\\$file was not installed"
done
ini="$c/ProgramData/TK/kiosk.ini"
expect_ini() {
  grep -qx "server=$url" <(tr -d '\r' <"$ini") && grep -qx "token=$kiosk_token" <(tr -d '\r' <"$ini") &&
    grep -qxF "admin_pin_hash=$salt_hash" <(tr -d '\r' <"$ini") && grep -qx "language=en" <(tr -d '\r' <"$ini")
}
expect_ini || fail "kiosk.ini is not what the properties said: $(cat "$ini" 2>/dev/null)"
"$wine" msiexec /i "$(msi "tk-kiosk-$version-x64.msi")" /qn >/dev/null 2>&1 || fail "the kiosk's upgrade failed"
expect_ini || fail "the kiosk's upgrade lost kiosk.ini: $(cat "$ini" 2>/dev/null)"
kiosk_version=$(win "C:\\Program Files\\TK Quiosco\\bin\\tk-kiosk.exe" --version) || true
[ "$kiosk_version" = "tk-kiosk $version" ] || fail "the upgraded kiosk says '$kiosk_version'"
"$wine" msiexec /x "$(msi "tk-kiosk-$version-x64.msi")" /qn >/dev/null 2>&1 || fail "the kiosk's uninstall failed"
[ ! -e "$c/Program Files/TK Quiosco" ] || fail "Program Files\\TK Quiosco is still there: $(find "$c/Program Files/TK Quiosco")"
! reg_has_key 'HKLM\Software\TK' || fail "the kiosk's uninstall left HKLM\\Software\\TK"
[ -f "$ini" ] || fail "the kiosk's uninstall removed kiosk.ini (its configuration stays, as the users' caches do)"
ok "kiosk: kiosk.ini from TK_SERVER, TK_KIOSK_TOKEN and TK_PIN_HASH, kept by the upgrade; uninstalled"
