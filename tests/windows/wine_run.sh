#!/usr/bin/env bash
# Runs one Windows unit-test program under Wine. A program Wine did not manage to start
# ends at once with a failure and prints nothing, not even GoogleTest's first line (seen
# once in CI: a unit test "failed" in 0.06 s with an empty output, and passed in every one
# of 40 runs since). Such a launch, and only such, is retried once, and says so; a test
# that runs and fails fails as before, with its output.
# Usage: wine_run.sh WINE PROGRAM.exe [ARGS...]
set -uo pipefail
wine=$1
shift
output=$(mktemp)
trap 'rm -f "$output"' EXIT
for attempt in 1 2; do
  "$wine" "$@" >"$output" 2>&1
  status=$?
  if [ "$status" -eq 0 ] || [ -s "$output" ] || [ "$attempt" -eq 2 ]; then
    cat "$output"
    exit "$status"
  fi
  echo "wine_run.sh: $1 ended with status $status before printing anything; starting it once more" >&2
done
