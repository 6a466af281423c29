#!/usr/bin/env bash
# The main job: evaluates every scenario in examples/ and prints the comparison tables.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for scenario in examples/*.json; do
  echo "== $scenario"
  ./scripts/planner evaluate "$scenario" --format table
done
