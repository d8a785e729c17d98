#!/usr/bin/env bash
# Builds the third-party libraries of the Windows programs with mingw-w64, from Debian 12's
# own source packages, into a prefix kept outside the tree:
#   libpng, wxWidgets (msw, static, trimmed to what tk-tray and tk-kiosk use), Boost.Log,
#   SQLiteCpp with the SQLite it bundles, qrencode, GoogleTest, Snowball's libstemmer and
#   libsodium (the kiosk's PIN hash, argon2id).
# zlib is Debian's own mingw build (libz-mingw-w64-dev); nlohmann-json is header-only and
# comes from nlohmann-json3-dev through a folder of its own (never -I/usr/include, which
# would bring glibc's headers).
#
# Usage: thirdparty.sh            prints the prefix, building it first if needed
# The prefix is keyed by this script and the source packages' versions, so a second run on
# the same machine only checks the key. TK_WINDOWS_CACHE moves the cache (default
# /var/cache/tk-windows).
set -euo pipefail
shopt -s inherit_errexit

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${TK_WINDOWS_CACHE:-/var/cache/tk-windows}
jobs=$(nproc)
triplet=x86_64-w64-mingw32
source_packages=(libpng1.6 libsodium wxwidgets3.2 boost1.74 sqlitecpp qrencode googletest snowball)

mkdir -p "$cache"
log() { echo "thirdparty: $*" >&2; }

# apt with a private sources list holding the deb-src twins of the machine's own deb lines:
# the machine's apt set-up is left as it is.
apt_dir="$cache/apt"
apt_options() {
  echo -o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts="$apt_dir/sources.list.d" \
    -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root
}
private_apt() {
  apt-get -o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts="$apt_dir/sources.list.d" \
    -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}
prepare_private_apt() {
  mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  : >"$apt_dir/sources.list"
  if [ -f /etc/apt/sources.list ]; then
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list >>"$apt_dir/sources.list"
  fi
  rm -f "$apt_dir/sources.list.d/"*
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    sed 's/^Types:.*/Types: deb-src/' "$f" >"$apt_dir/sources.list.d/$(basename "$f")"
  done
  for f in /etc/apt/sources.list.d/*.list; do
    [ -e "$f" ] || continue
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >"$apt_dir/sources.list.d/$(basename "$f")"
  done
  local try
  for try in 1 2 3; do
    private_apt update -qq >&2 && return 0
    log "apt-get update failed (try $try of 3)"
    sleep 5
  done
  return 1
}

source_version() {
  # shellcheck disable=SC2046
  apt-cache $(apt_options) showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1
}

prepare_private_apt
key_text=$(sha256sum "$0" | cut -d' ' -f1)
key_text+=" $($triplet-g++-posix -dumpversion)"
for package in "${source_packages[@]}"; do
  version=$(source_version "$package")
  [ -n "$version" ] || { log "no source package $package in the private apt lists"; exit 1; }
  key_text+=" $package=$version"
done
key=$(echo "$key_text" | sha256sum | cut -c1-16)
prefix="$cache/prefix-$key"
if [ -f "$prefix/.complete" ]; then
  echo "$prefix"
  exit 0
fi

log "building into $prefix ($key_text)"
work="$cache/work-$key"
rm -rf "$work" "$prefix"
mkdir -p "$work" "$prefix/include" "$prefix/lib"

fetch() {  # fetch PACKAGE: downloads its upstream tarball and prints the unpacked folder
  local package=$1
  local dir="$work/src-$package"
  mkdir -p "$dir/unpacked"
  # Only the upstream tarball is used: a Debian-side file that the mirror no longer holds
  # (seen for security updates' .dsc) must not stop the build.
  (cd "$dir" && private_apt source --download-only -qq "$package" >&2) || true
  local orig
  orig=$(ls "$dir"/*.orig.tar.* 2>/dev/null | head -1)
  [ -n "$orig" ] || { log "could not download the sources of $package"; return 1; }
  tar -xf "$orig" -C "$dir/unpacked"
  find "$dir/unpacked" -mindepth 1 -maxdepth 1 -type d | head -1
}

cmake_cross() {  # cmake_cross SOURCE BUILD [cmake args]: a static release build into the prefix
  local src=$1 build=$2
  shift 2
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$root/cmake/mingw-w64-x86_64.cmake" \
    -DTK_WINDOWS_PREFIX="$prefix" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DBUILD_SHARED_LIBS=OFF "$@" >&2
  cmake --build "$build" -j "$jobs" >&2
  cmake --install "$build" >&2
}

started=$(date +%s)
step() { log "$1 ($(($(date +%s) - started)) s so far)"; }

# nlohmann-json: header-only, the Debian headers through a folder of their own.
ln -sfn /usr/include/nlohmann "$prefix/include/nlohmann"

step "libpng"
src=$(fetch libpng1.6)
# Debian's upstream tarball is the repository's tree: configure is made here (autotools).
(cd "$src" && autoreconf -if >&2 && ./configure --host=$triplet --prefix="$prefix" --disable-shared --enable-static \
  CFLAGS="-O2" >&2 && make -j "$jobs" >&2 && make install >&2)

step "libsodium"
src=$(fetch libsodium)
# No stack protector: with it, mingw's libsodium needs libssp beside every program.
# Debian's upstream tarball is the repository's tree: configure is made here (autotools).
(cd "$src" && autoreconf -if >&2 && ./configure --host=$triplet --prefix="$prefix" --disable-shared --enable-static --disable-ssp \
  CC=$triplet-gcc-posix CFLAGS="-O2" >&2 && make -j "$jobs" >&2 && make install >&2)

step "qrencode"
src=$(fetch qrencode)
cmake_cross "$src" "$work/build-qrencode" -DWITH_TOOLS=NO -DWITH_TESTS=NO -DWITHOUT_PNG=YES

step "googletest"
src=$(fetch googletest)
cmake_cross "$src" "$work/build-googletest" -Dgtest_disable_pthreads=OFF

step "sqlitecpp"
src=$(fetch sqlitecpp)
# FTS5 for the knowledge base's search, as Debian's own SQLite has it.
cmake_cross "$src" "$work/build-sqlitecpp" -DSQLITECPP_INTERNAL_SQLITE=ON -DSQLITECPP_RUN_CPPLINT=OFF \
  -DSQLITECPP_RUN_CPPCHECK=OFF -DSQLITECPP_USE_STACK_PROTECTION=OFF -DSQLITECPP_BUILD_TESTS=OFF \
  -DSQLITECPP_BUILD_EXAMPLES=OFF -DSQLITE_ENABLE_COLUMN_METADATA=ON \
  -DCMAKE_C_FLAGS="-DSQLITE_ENABLE_FTS5 -DSQLITE_THREADSAFE=1"

step "snowball"
src=$(fetch snowball)
(
  cd "$src"
  # The Snowball compiler runs here and writes the stemmers' C: built for this machine
  # first, then only the library's objects again with the cross compiler.
  make -j "$jobs" libstemmer.a >&2
  find . -path ./compiler -prune -o -name '*.o' -print0 | xargs -0 rm -f
  rm -f libstemmer.a
  make -j "$jobs" libstemmer.a CC=$triplet-gcc-posix AR=$triplet-ar >&2
  install -m 644 include/libstemmer.h "$prefix/include/"
  install -m 644 libstemmer.a "$prefix/lib/"
)

step "boost"
src=$(fetch boost1.74)
(
  cd "$src"
  echo "using gcc : mingw : $triplet-g++-posix ;" >user-config.jam
  # Debian's repacked tarball leaves out the build engine's generated parser (Debian's own
  # build makes it with bison, as here).
  if [ ! -f tools/build/src/engine/jamgram.cpp ]; then
    (cd tools/build/src/engine && bison -y -d -o jamgram.cpp jamgram.y >&2)
  fi
  ./bootstrap.sh --with-libraries=log,program_options >&2
  ./b2 --user-config=user-config.jam toolset=gcc-mingw target-os=windows threadapi=win32 \
    address-model=64 link=static runtime-link=static variant=release --layout=system --with-log --with-program_options \
    --prefix="$prefix" -j "$jobs" -d0 install >&2
)

step "wxWidgets"
src=$(fetch wxwidgets3.2)
wx_disabled=(xrc html htmlhelp help mshtmlhelp aui propgrid ribbon stc richtext webview mediactrl
  sound grid dataviewctrl treelist debugreport printarch postscript svg webrequest secretstore
  fswatcher fs_inet dialupman metafile tests)
mkdir -p "$work/build-wx"
(
  cd "$work/build-wx"
  "$src/configure" --host=$triplet --prefix="$prefix" --with-msw --disable-shared \
    --with-libpng=sys --with-zlib=sys \
    --without-libjpeg --without-libtiff --without-liblzma --without-expat --without-regex --without-opengl \
    "${wx_disabled[@]/#/--disable-}" \
    CC=$triplet-gcc-posix CXX=$triplet-g++-posix CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib" >&2
  make -j "$jobs" >&2
  make install >&2
)

step "done"
rm -rf "$work"
touch "$prefix/.complete"
# Older prefixes of this cache are stale once a new one is complete.
find "$cache" -mindepth 1 -maxdepth 1 -name 'prefix-*' ! -name "prefix-$key" -exec rm -rf {} +
echo "$prefix"
