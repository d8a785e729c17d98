#!/usr/bin/env bash
# The tree's layout (.clang-format, Debian 12's clang-format 14): every C++ file of the
# repository as clang-format would write it. Prints each file that differs and the command
# that fixes them all; exit 1 when any does.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files '*.cpp' '*.h')
differ=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || differ+=("$f")
done
if [ ${#differ[@]} -gt 0 ]; then
  printf 'not in the tree'"'"'s layout: %s\n' "${differ[@]}"
  echo "FAIL: ${#differ[@]} files differ from .clang-format; fix with: clang-format -i ${differ[*]}"
  exit 1
fi
echo "format: ${#files[@]} files as .clang-format says"
