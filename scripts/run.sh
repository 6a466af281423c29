#!/usr/bin/env bash
# The main job: starts the Planner web app on http://localhost:5000 (PORT overrides) with the store created,
# migrated and seeded (PLANNER_DB names it; default ./data/planner.db). Ctrl+C stops it.
# The app is published to artifacts/web first: a published app serves its static assets in any environment.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

port="${PORT:-5000}"
export PLANNER_DB="${PLANNER_DB:-$root/data/planner.db}"

echo "== building the web app (artifacts/web)"
dotnet publish src/Web/Web.csproj -c Release -o artifacts/web --nologo -v q -clp:ErrorsOnly

echo "Planner: http://localhost:$port  (store: $PLANNER_DB; Ctrl+C stops)"
# exec: the signal from Ctrl+C reaches the app itself, which shuts down cleanly.
exec dotnet artifacts/web/Planner.Web.dll --urls "http://0.0.0.0:$port" --contentRoot "$root/artifacts/web"
