#!/usr/bin/env bash
# Builds the Windows programs (tk-tray.exe, tk-kiosk.exe, tkctl.exe, x86-64) on Debian with
# mingw-w64 into ./build-windows, their installers (tk-tray-VERSION-x64.msi and
# tk-kiosk-VERSION-x64.msi, signed when TK_SIGN_CERT and TK_SIGN_KEY name a certificate:
# installer/windows/make-msi.sh) and their tests, which run under Wine.
#   bash scripts/build-windows.sh          installs what is missing, builds the third-party
#                                          libraries once (cached), then the project
#   bash scripts/build-windows.sh --test   the same, then runs the Windows tests (ctest)
# The Windows integration tests talk to the Linux tk-server: they are built when
# ./build/bin/tk-server exists (scripts/build.sh), or TK_LINUX_SERVER names one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_WINDOWS_DIR:-"$root/build-windows"}
run_tests=false
[ "${1:-}" = "--test" ] && run_tests=true

packages=(
  # the cross compiler (posix threads: std::thread and std::mutex), windres, Debian's
  # mingw zlib, and what the third-party build needs (apt-get source, autotools, cmake)
  g++-mingw-w64-x86-64-posix mingw-w64-tools libz-mingw-w64-dev dpkg-dev cmake ninja-build
  ccache make xz-utils bison autoconf automake libtool nlohmann-json3-dev curl python3
  # running and testing the programs: Wine (64-bit only), its TLS library and fonts (both
  # only recommended by Debian's Wine: without fonts no text is drawn), a display
  wine wine64 libgnutls30 fonts-wine fonts-liberation2 xvfb xauth xdotool trayer imagemagick fonts-dejavu-core
  # the Linux server behind a TLS proxy for the https tests, with certificates made on the spot
  stunnel4 openssl
  # the installers (MSI) and their signatures
  wixl msitools osslsigncode
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
fi

prefix=$(bash "$root/scripts/windows/thirdparty.sh")

linux_server=${TK_LINUX_SERVER:-"$root/build/bin/tk-server"}
server_args=()
[ -x "$linux_server" ] && server_args=(-DTK_LINUX_SERVER="$linux_server")

export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1 TK_WINDOWS_PREFIX="$prefix"
cd "$root"
# A new prefix (new sources or script) leaves every path CMake found in the old one stale,
# and the old one is gone: the cache starts again (ccache keeps the compiling cheap).
if [ -f "$build_dir/CMakeCache.txt" ] && ! grep -qF "=$prefix/bin/wx-config" "$build_dir/CMakeCache.txt"; then
  rm -rf "$build_dir/CMakeCache.txt" "$build_dir/CMakeFiles"
fi
cmake --preset windows -B "$build_dir" "${server_args[@]}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"

if $run_tests; then
  export WINEPREFIX="$build_dir/wine-prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  # One display for the whole run, with a notification area: Wine's desktop (its size, the
  # tray) belongs to the prefix, so every program of the run must share it.
  display_file=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$display_file" >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 1 100); do [ -s "$display_file" ] && break; sleep 0.05; done
  export DISPLAY=":$(head -1 "$display_file")"
  rm -f "$display_file"
  trayer --edge top --align right --widthtype request --height 24 >/dev/null 2>&1 &
  trayer_pid=$!
  # The prefix is made before the tests start (about ten seconds, and two tests must not make
  # it at once), and kept warm by a persistent wineserver so that each test program starts
  # in a fraction of a second.
  /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1 || true
  # The prefix says it is Windows 10, the oldest system the programs support.
  /usr/lib/wine/wine64 reg add 'HKCU\Software\Wine' /v Version /t REG_SZ /d win10 /f >/dev/null 2>&1 || true
  # A program that crashes ends there, as on Windows without a debugger, and its test fails:
  # Wine's own debugger would wait for ever and hold the test's output open.
  /usr/lib/wine/wine64 reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Debugger /t REG_SZ \
    /d false /f >/dev/null 2>&1 || true
  wineserver -p 2>/dev/null || true  # already running for this prefix: fine
  trap 'wineserver -k 2>/dev/null || true; kill "$trayer_pid" "$xvfb_pid" 2>/dev/null || true' EXIT
  cd "$build_dir"
  ctest --output-on-failure -j 2
fi
