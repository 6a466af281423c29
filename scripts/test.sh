#!/usr/bin/env bash
# Builds the solution and runs every test project; ends with one summary line:
#   "Tests: N passed, N failed, N skipped"
# Installs what the tests need on a fresh machine (see scripts/lib/prereqs.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# shellcheck source=lib/prereqs.sh
source "$root/scripts/lib/prereqs.sh"
planner_prereqs_for_tests

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "== build"
dotnet build Planner.sln -c Release --nologo -v q -clp:ErrorsOnly

echo "== test"
# One test project at a time: on two cores parallel projects gain little, and the end-to-end tests
# (a real browser driving a real server) must not starve behind CPU-heavy benchmark tests.
status=0
for project in $(find tests -name '*.csproj' -not -path 'tests/Perf/*' | sort); do
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=$?
done

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get total); x=$(get executed)
  passed=$((passed + p)); failed=$((failed + f + e)); skipped=$((skipped + t - x))
done
if [ "$files" -eq 0 ]; then
  echo "no test results were written" >&2
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
