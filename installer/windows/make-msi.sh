#!/usr/bin/env bash
# Makes the Windows installers from a Windows build: tk-tray-VERSION-x64.msi (tk-tray.exe,
# tkctl.exe) and tk-kiosk-VERSION-x64.msi (tk-kiosk.exe) in OUT, with Debian's wixl. When
# given a code-signing certificate it signs the programs (before they go into the MSI) and
# the MSIs with osslsigncode:
#   TK_SIGN_CERT=cert.pem TK_SIGN_KEY=key.pem       a PEM certificate (chain) and its key
#   TK_SIGN_PKCS12=cert.p12 [TK_SIGN_PASSWORD_FILE=f]  or a PKCS#12 file and its password
#   TK_SIGN_TIMESTAMP_URL=http://...                 a timestamp server (optional; without one
#                                                    a signature is valid while the certificate is)
# Usage: make-msi.sh --version X.Y.Z --bin BIN_DIR --share SHARE_DIR --icon ICO --out OUT
# (SHARE_DIR: the build's share/, with locale/ and the kiosk's tiles in tk/icons/)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version= bin= share= icon= out=
while [ $# -gt 0 ]; do
  case $1 in
    --version) version=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --share) share=$2; shift 2 ;;
    --icon) icon=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "make-msi.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$version" ] && [ -n "$bin" ] && [ -n "$share" ] && [ -n "$icon" ] && [ -n "$out" ] ||
  { echo "usage: make-msi.sh --version X.Y.Z --bin DIR --share DIR --icon ICO --out DIR" >&2; exit 2; }
mkdir -p "$out"
stage=$(mktemp -d "$out/.msi-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

signing=()
if [ -n "${TK_SIGN_CERT:-}" ]; then
  signing=(-certs "$TK_SIGN_CERT" -key "$TK_SIGN_KEY")
elif [ -n "${TK_SIGN_PKCS12:-}" ]; then
  signing=(-pkcs12 "$TK_SIGN_PKCS12")
  [ -n "${TK_SIGN_PASSWORD_FILE:-}" ] && signing+=(-readpass "$TK_SIGN_PASSWORD_FILE")
fi
[ ${#signing[@]} -gt 0 ] && [ -n "${TK_SIGN_TIMESTAMP_URL:-}" ] && signing+=(-ts "$TK_SIGN_TIMESTAMP_URL")
sign() {  # sign FILE DESCRIPTION: signs FILE in place when a certificate was given
  [ ${#signing[@]} -gt 0 ] || return 0
  osslsigncode sign "${signing[@]}" -h sha256 -n "$2" -in "$1" -out "$1.signed" >/dev/null
  mv "$1.signed" "$1"
}

for program in tk-tray tkctl tk-kiosk; do
  cp "$bin/$program.exe" "$stage/"
  sign "$stage/$program.exe" "TK Mesa de servicios ($program)"
done

# wixl takes sources by relative path only: everything goes into the stage, and wixl runs
# there. It reads its -D values in the locale's charset, so the texts with accents are in
# the .wxs files themselves.
cp -r "$share" "$stage/share"
cp "$icon" "$stage/tk.ico"
cp "$here/tk-tray.wxs" "$here/tk-kiosk.wxs" "$stage/"
# The kiosk's tiles, one component each (wixl-heat), whatever the catalog's categories are.
(cd "$stage" && find share/tk/icons -type f -name '*.png' | sort |
  wixl-heat --prefix share/tk/icons/ --directory-ref KIOSKICONSDIR --var var.IconsDir \
    --component-group kiosk_icons --win64 >kiosk-icons.wxs)
wixl_common=(-a x64 -D "Version=$version" -D Icon=tk.ico -D StageDir=. -D LocaleDir=share/locale
  -D IconsDir=share/tk/icons -D Win64=yes)
tray_msi="$out/tk-tray-$version-x64.msi"
kiosk_msi="$out/tk-kiosk-$version-x64.msi"
# wixl warns of every attribute it does not know (GLib warnings): only errors are shown.
(cd "$stage" && wixl "${wixl_common[@]}" -o tray.msi tk-tray.wxs 2>&1 | { grep -v 'GLib-GObject-WARNING\|^$' >&2 || true; })
(cd "$stage" && wixl "${wixl_common[@]}" -o kiosk.msi tk-kiosk.wxs kiosk-icons.wxs 2>&1 | { grep -v 'GLib-GObject-WARNING\|^$' >&2 || true; })
[ -s "$stage/tray.msi" ] && [ -s "$stage/kiosk.msi" ] || { echo "make-msi.sh: wixl failed" >&2; exit 1; }

# kiosk.ini's lines (the IniFile table, which wixl cannot write), each in its own component:
# installed only when its property is given (a condition), and permanent (16), so that
# neither an upgrade given no properties nor uninstall loses the kiosk's configuration.
{
  printf 'IniFile\tFileName\tDirProperty\tSection\tKey\tValue\tAction\tComponent_\n'
  printf 's72\tl255\tS72\tl96\tl128\tl255\ti2\ts72\n'
  printf 'IniFile\tIniFile\n'
  printf 'kiosk_ini_server\tkiosk.ini\tMACHINECONFIGDIR\tkiosk\tserver\t[TK_SERVER]\t0\tkiosk_ini_server\n'
  printf 'kiosk_ini_token\tkiosk.ini\tMACHINECONFIGDIR\tkiosk\ttoken\t[TK_KIOSK_TOKEN]\t0\tkiosk_ini_token\n'
  printf 'kiosk_ini_pin\tkiosk.ini\tMACHINECONFIGDIR\tkiosk\tadmin_pin_hash\t[TK_PIN_HASH]\t0\tkiosk_ini_pin\n'
  printf 'kiosk_ini_language\tkiosk.ini\tMACHINECONFIGDIR\tkiosk\tlanguage\t[TK_LANGUAGE]\t0\tkiosk_ini_language\n'
} >"$stage/IniFile.idt"
msibuild "$stage/kiosk.msi" -i "$stage/IniFile.idt"
msibuild "$stage/kiosk.msi" \
  -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('RemoveIniValues', 3100)" \
  -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('WriteIniValues', 5100)"
for line in server:TK_SERVER token:TK_KIOSK_TOKEN pin:TK_PIN_HASH language:TK_LANGUAGE; do
  msibuild "$stage/kiosk.msi" -q "UPDATE \`Component\` SET \`Condition\` = '${line#*:}', \`Attributes\` = 272 WHERE \`Component\` = 'kiosk_ini_${line%%:*}'"
done

sign "$stage/tray.msi" "TK Mesa de servicios"
sign "$stage/kiosk.msi" "TK Quiosco de la mesa de servicios"
mv "$stage/tray.msi" "$tray_msi"
mv "$stage/kiosk.msi" "$kiosk_msi"
echo "$tray_msi"
echo "$kiosk_msi"
