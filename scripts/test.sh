#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (unit, integration, GUI).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
cd "${BUILD_DIR:-"$root/build"}"
ctest --output-on-failure -j 2 "$@"
