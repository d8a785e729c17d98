#!/usr/bin/env bash
# Configures and builds the tree in ./build (the "linux" preset of CMakePresets.json:
# Release with debug info, ccache). BUILD_DIR moves it; arguments go to cmake.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-"$root/build"}
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
cd "$root"
cmake --preset linux -B "$build_dir" "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
