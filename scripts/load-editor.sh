#!/usr/bin/env bash
# Load check of the scenario editor page (docs/performance.md, "Editor page under 64 users"): starts the published web
# app on a free loopback port with a fresh SQLite store, saves every examples/*.json through the API, warms every address
# up until the server's CPU per page settles, then has USERS concurrent users (default 64) open the editor's prerendered
# page (the GET a browser makes first) REQUESTS times (default 320) for each editor address in turn, ROUNDS times
# (default 2): a saved scenario (/scenarios/ID), a template (/editor?template=KEY) and the template list (/editor).
# Prints p50/p95/max latency, the server's CPU time per page and its memory (RSS from /proc) idle, at the peak of the
# load and 10 s after, with the load average. Nothing is asserted: it prints figures.
#
#   ./scripts/load-editor.sh                       # 64 users, 2 rounds of 320 pages per address
#   USERS=16 REQUESTS=160 ROUNDS=1 ./scripts/load-editor.sh
#   CIRCUITS=16 ./scripts/load-editor.sh          # also 16 real Blazor circuits (Chromium pages) on the saved scenario
#   CIRCUITS=8 REQUESTS=0 ./scripts/load-editor.sh   # only the circuits
#   WARM_ROUNDS=1 ./scripts/load-editor.sh         # a single warm-up round (the JIT may still be recompiling)
#   NO_BUILD=1 ./scripts/load-editor.sh            # reuse artifacts/web (published by run.sh or an earlier check)
#   WEB_DIR=/tmp/web-before ./scripts/load-editor.sh   # another build of the app (e.g. main's, for before/after)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

users="${USERS:-64}"
requests="${REQUESTS:-320}"
circuits="${CIRCUITS:-0}"
web="${WEB_DIR:-$root/artifacts/web}"
if [[ -z "${WEB_DIR:-}" && -z "${NO_BUILD:-}" ]]; then
    echo "== building the web app (artifacts/web)"
    dotnet publish src/Web/Web.csproj -c Release -o artifacts/web --nologo -v q -clp:ErrorsOnly
fi

work="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
        kill "$server" && wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

port=""
for candidate in $(shuf -i 20000-40000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
done
[[ -n "$port" ]] || { echo "no free loopback port found" >&2; exit 1; }
base="http://127.0.0.1:$port"

PLANNER_DB="$work/planner.db" \
    dotnet "$web/Planner.Web.dll" --urls "$base" --contentRoot "$web" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { echo "the server did not become healthy" >&2; exit 1; }

first_id=""
for example in examples/*.json; do
    id="$(curl -fs -X POST -H 'Content-Type: application/json' --data-binary "@$example" "$base/api/scenarios" | jq -r .id)"
    first_id="${first_id:-$id}"
done
template="$(basename "$(ls examples/*.json | head -1)" .json)"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$server/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
ticks_per_s="$(getconf CLK_TCK)"

echo "server pid $server on $base; $(ls examples/*.json | wc -l) examples saved; $users users, ${ROUNDS:-2} rounds of $requests pages per address"
echo "server RSS before any page: $(( $(rss_kb) / 1024 )) MB (rss_idle below: after the warm-up rounds, before the address)"
echo "$(uptime)"

addresses=("/scenarios/$first_id" "/editor?template=$template" "/editor")

# Warm up every address before measuring any, in rounds of USERS pages per address, until a round's CPU per page is
# within 10% of the round before (at most WARM_ROUNDS, default 8): the first renders compile the pages, and the JIT
# recompiles in the background, for a while, what runs often (tiered compilation). Warmed one address at a time with one
# round, the first address measured paid for recompiling the rendering code every address shares, so the saved scenario
# (measured first) looked 1.6-1.8 times as costly as the template (docs/performance.md, "Editor page under 64 users").
warm_up() {
    : >"$work/warm"
    for path in "${addresses[@]}"; do
        for _ in $(seq 1 "$users"); do printf 'url = "%s%s"\noutput = "/dev/null"\n' "$base" "$path" >>"$work/warm"; done
    done
    local pages=$(( users * ${#addresses[@]} )) previous="" round cpu0 cpu
    for round in $(seq 1 "${WARM_ROUNDS:-8}"); do
        cpu0="$(cpu_ticks)"
        curl -s --no-progress-meter --parallel --parallel-max "$users" -H 'Accept: text/html' --config "$work/warm"
        cpu=$(( ($(cpu_ticks) - cpu0) * 1000 / ticks_per_s / pages ))
        echo "warm-up round $round: $pages pages, $cpu ms of CPU per page (load average $(cut -d' ' -f1-3 /proc/loadavg))"
        if [[ -n "$previous" && $(( cpu * 10 )) -ge $(( previous * 9 )) ]]; then break; fi
        previous="$cpu"
    done
}

measure() {
    local path="$1" url="$base$1"
    sleep 2
    local idle; idle="$(rss_kb)"
    : >"$work/rss"
    ( while kill -0 "$server" 2>/dev/null; do rss_kb >>"$work/rss"; sleep 0.2; done ) &
    local sampler=$!
    : >"$work/urls"
    for _ in $(seq 1 "$requests"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >>"$work/urls"; done
    local cpu0 start end cpu1
    cpu0="$(cpu_ticks)"; start="$(date +%s.%N)"
    curl -s --no-progress-meter --parallel --parallel-immediate --parallel-max "$users" -H 'Accept: text/html' \
        -w '%{http_code} %{time_total}\n' --config "$work/urls" >"$work/times"
    end="$(date +%s.%N)"; cpu1="$(cpu_ticks)"
    local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
    sleep 10
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
    local after; after="$(rss_kb)"
    local peak; peak="$(sort -n "$work/rss" | tail -1)"
    local bad; bad="$(awk '$1 != 200' "$work/times" | wc -l)"
    [[ "$bad" == 0 ]] || echo "warning: $bad of $requests answers were not 200 ($(awk '$1 != 200 { print $1 }' "$work/times" | sort | uniq -c | tr '\n' ' '))" >&2
    awk '{ print $2 * 1000 }' "$work/times" | sort -n | awk -v path="$2 $path" -v n="$requests" -v start="$start" -v end="$end" \
        -v cpu="$((cpu1 - cpu0))" -v hz="$ticks_per_s" -v idle="$idle" -v peak="$peak" -v after="$after" -v load="$load" '
        { t[NR] = $1 }
        END {
            p50 = t[int(NR * 0.50 + 0.5)]; p95 = t[int(NR * 0.95 + 0.5)]
            printf "%-36s %8.0f %8.0f %8.0f %8.1f %11.1f %10.0f %10.0f %10.0f  %s\n", path, p50, p95, t[NR], n / (end - start),
                cpu * 1000 / hz / n, idle / 1024, peak / 1024, after / 1024, load
        }'
}

if [[ "$requests" -gt 0 ]]; then
    warm_up
    printf '%-36s %8s %8s %8s %8s %11s %10s %10s %10s  %s\n' "round address" p50_ms p95_ms max_ms pages/s cpu_ms/page rss_idle_MB rss_peak_MB rss_after_MB load_average
    # The addresses take turns, ROUNDS times (default 2), REQUESTS pages each time: the server keeps settling after the
    # warm-up (tiered compilation recompiles the rendering code for hundreds of pages more) and the machine's load
    # moves, so a fixed order would favour the addresses measured last. Compare the rows of one round, and an address
    # across rounds.
    for round in $(seq 1 "${ROUNDS:-2}"); do
        for path in "${addresses[@]}"; do measure "$path" "$round"; done
    done
fi
if [[ "$circuits" -gt 0 ]]; then
    # Real Blazor circuits: time until each page is interactive (p50/p95/max), server RSS idle, with every circuit open
    # (3 s after the last became interactive) and 10 s after they were closed.
    dotnet run scripts/load/editor-circuits.cs -- "$base/scenarios/$first_id" "$circuits" "$server"
fi
echo "$(uptime)"
