#!/usr/bin/env bash
# Installs the Debian 12 packages the project builds, runs and tests with.
# Safe to run again: apt-get only installs what is missing.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config
  # core library and server (HTTP on both sides is Boost.Beast, headers in libboost-dev)
  libboost-dev libssl-dev libboost-log-dev
  libsqlite3-dev sqlite3 libsqlitecpp-dev nlohmann-json3-dev libjemalloc-dev
  # the knowledge base's Spanish search: Snowball's stemmer
  libstemmer-dev
  # the kiosk's administrator PIN, hashed with argon2id
  libsodium-dev
  # directory sign-in (LDAP / Active Directory) in tk-server, and a real slapd for its tests
  libldap-dev slapd ldap-utils
  # desktop clients
  libwxgtk3.2-dev wx3.2-i18n libqrencode-dev
  # the tray's icon as a StatusNotifierItem (GNOME, KDE, Wayland sessions)
  libayatana-appindicator3-dev
  # the dashboard's charts (Chart.js, served by tk-server from Debian's copy)
  libjs-chart.js
  # tests and benchmarks
  libgtest-dev libgmock-dev googletest libbenchmark-dev curl
  gettext xvfb xauth trayer xdotool imagemagick fonts-dejavu-core
  lintian desktop-file-utils librsvg2-bin systemd fakeroot python3 man-db groff-base
  # the dashboard driven in a real browser
  chromium chromium-driver python3-selenium
  # the StatusNotifierItem test: a session bus and a desktop watcher written in Python
  dbus-daemon python3-gi gir1.2-glib-2.0 x11-utils
  # docs/openapi.yaml checked against the server's answers by a JSON Schema validator
  python3-jsonschema python3-yaml
  # the fuzz targets: Debian's clang with libFuzzer and the sanitizers' runtimes
  clang libclang-rt-14-dev
  # the tree's layout, checked by the test command (.clang-format)
  clang-format
  # tkctl's completion, tried as bash runs it
  bash-completion
  # https tests: certificates made on the spot, stunnel and nginx (the package's TLS front)
  # as the TLS proxy in front of tk-server
  openssl stunnel4 nginx
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root, or install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
fi
