#!/usr/bin/env bash
# Runs the BenchmarkDotNet perf suite (tests/Perf). Arguments go to BenchmarkDotNet,
# e.g. ./scripts/bench.sh --filter '*Evaluate*' --job short. Results: artifacts/perf/results/.
# Benchmarks run inside the suite's process (nothing to build, so no build timeout on a loaded
# machine); PLANNER_PERF_OUT_OF_PROCESS=1 gives each its own process (tests/Perf/PerfConfig.cs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$#" -eq 0 ]; then set -- --filter '*'; fi
dotnet run --project tests/Perf/Perf.csproj -c Release -- --artifacts "$root/artifacts/perf" "$@"
