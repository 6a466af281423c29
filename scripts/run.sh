#!/usr/bin/env bash
# The main job: starts the Planner web app on http://127.0.0.1:5000 (PORT overrides) with the store created,
# migrated and seeded (PLANNER_DB names it; default ./data/planner.db). Ctrl+C stops it.
# It listens on loopback only: with no accounts in the store that is single-user local mode (you act as the admin
# "local"). HOST=0.0.0.0 serves the network; then sign-in is required and the app refuses to start until an admin
# exists (./scripts/planner user add --role admin --name NAME). See docs/security.md.
# The app is published to artifacts/web first: a published app serves its static assets in any environment.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

port="${PORT:-5000}"
host="${HOST:-127.0.0.1}"
export PLANNER_DB="${PLANNER_DB:-$root/data/planner.db}"

echo "== building the web app (artifacts/web)"
dotnet publish src/Web/Web.csproj -c Release -o artifacts/web --nologo -v q -clp:ErrorsOnly

shown="$host"; [[ "$host" == "0.0.0.0" || "$host" == "*" ]] && shown="$(hostname)"
echo "Planner: http://$shown:$port  (store: $PLANNER_DB; Ctrl+C stops)"
# exec: the signal from Ctrl+C reaches the app itself, which shuts down cleanly.
exec dotnet artifacts/web/Planner.Web.dll --urls "http://$host:$port" --contentRoot "$root/artifacts/web"
