#!/bin/bash
# Issue 19, item 3: `bench run` end to end, alternating the CLI before the model cache (OLD), the CLI with an empty
# cache (cache miss) and with the cache filled (cache hit), two rounds, with wall time and peak memory.
# Usage: OLD=path/to/old/planner NEW=path/to/new/planner docs/measurements/model-cache/alternate.sh [PROFILE]
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${OLD:?the CLI built before the model cache}" "${NEW:?the CLI with the model cache}"
profile=${1:-$here/gpt-small-quick.profile.json}
work=$(mktemp -d)
export PLANNER_MODEL_CACHE=$work/cache
for round in 1 2; do
  echo "round $round $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "before: %e s wall, %M KB max RSS" "$OLD" bench run --profile "$profile" --out "$work/old" > /dev/null
  "$NEW" bench cache clear > /dev/null
  /usr/bin/time -f "after, cache miss: %e s wall, %M KB max RSS" "$NEW" bench run --profile "$profile" --out "$work/miss" > /dev/null
  /usr/bin/time -f "after, cache hit: %e s wall, %M KB max RSS" "$NEW" bench run --profile "$profile" --out "$work/hit" > /dev/null
done 2>&1 | grep -E '^(round|before|after)'
echo "results in $work"
