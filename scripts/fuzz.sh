#!/usr/bin/env bash
# Builds the libFuzzer targets with Debian's clang, the code under test instrumented for
# AddressSanitizer and UndefinedBehaviorSanitizer (./build-fuzz), then runs each for a
# bounded time on its kept corpus (tests/fuzz/corpus/NAME: seeds written by hand; what a
# run finds new goes to a temporary folder, not into the tree). A crash, a leak or a
# sanitizer report fails the run and leaves the input in build-fuzz/findings/.
# The same tree then builds the unit and integration tests, tk-server and tkctl, and runs
# them (ctest labels unit and integration, without the memory bounds of hostile_traffic and
# the package's nginx check): a use-after-free or an overflow the ordinary tests walk past
# without a crash is reported there. TK_SANITIZED_TESTS=0 leaves them out.
#   bash scripts/fuzz.sh             each target for TK_FUZZ_SECONDS (default 20) seconds
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_FUZZ_DIR:-"$root/build-fuzz"}
seconds=${TK_FUZZ_SECONDS:-20}
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DTK_BUILD_TESTS=ON -DTK_FUZZ=ON >/dev/null
targets=(json router client)
sanitized_tests=${TK_SANITIZED_TESTS:-1}
test_targets=()
[ "$sanitized_tests" = 1 ] && test_targets=(tk_core_tests tk_client_tests tk_server_tests tk_tray_tests tk_kiosk_tests tk_integration_tests tk-server tkctl)
cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]/#/tk-fuzz-}" "${test_targets[@]}"
mkdir -p "$build_dir/findings"
status=0
for target in "${targets[@]}"; do
  fresh=$(mktemp -d)
  echo "== tk-fuzz-$target for ${seconds}s"
  # New inputs go to the first folder (temporary); the kept corpus is only read.
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build_dir/bin/tk-fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build_dir/findings/$target-" -print_final_stats=1 \
    "$fresh" "$root/tests/fuzz/corpus/$target" >"$build_dir/fuzz-$target.log" 2>&1; then
    tail -40 "$build_dir/fuzz-$target.log"
    echo "FAIL: tk-fuzz-$target found a problem (input in $build_dir/findings/)"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$build_dir/fuzz-$target.log" | tail -2
  fi
  rm -rf "$fresh"
done

if [ "$sanitized_tests" = 1 ]; then
  echo "== unit and integration tests under ASan+UBSan"
  # Leaks are reported too (detect_leaks); UBSan stops at its first report.
  if ! (cd "$build_dir" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j 2 -L "unit|integration" -E "^(hostile_traffic|nginx_front)$"); then
    echo "FAIL: a test failed, or a sanitizer reported, in the ASan+UBSan build ($build_dir)"
    status=1
  fi
fi
exit "$status"
