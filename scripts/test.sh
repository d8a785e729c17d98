#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite: on Linux (unit,
# integration, GUI, packages), the fuzz targets (scripts/fuzz.sh), then the Windows programs cross-built with mingw-w64 and
# tested under Wine (scripts/build-windows.sh --test). Arguments go to the Linux ctest.
# TK_SKIP_WINDOWS=1 leaves the Windows part out (a quick local run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
status=0
# The layout first: it takes seconds, and a run that fails on it should say so at once.
bash "$root/scripts/check-format.sh" || status=$?
bash "$root/scripts/build.sh"
(cd "${BUILD_DIR:-"$root/build"}" && ctest --output-on-failure -j 2 "$@") || status=$?
# libFuzzer targets (clang, ASan+UBSan), each for a bounded time on its kept corpus.
bash "$root/scripts/fuzz.sh" || status=$?
if [ "${TK_SKIP_WINDOWS:-0}" != 1 ]; then
  bash "$root/scripts/build-windows.sh" --test || status=$?
fi
exit "$status"
