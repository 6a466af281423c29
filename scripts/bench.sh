#!/usr/bin/env bash
# Runs the BenchmarkDotNet perf suite (tests/Perf). Arguments go to BenchmarkDotNet,
# e.g. ./scripts/bench.sh --filter '*Evaluate*'. Results: artifacts/perf/results/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$#" -eq 0 ]; then set -- --filter '*'; fi
dotnet run --project tests/Perf/Perf.csproj -c Release -- --artifacts "$root/artifacts/perf" "$@"
