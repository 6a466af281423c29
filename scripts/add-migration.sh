#!/usr/bin/env bash
# Adds a migration named NAME to both of the store's migration sets after a change to an entity or to
# PlannerDbContext.OnModelCreating, then regenerates SQLite's compiled model (docs/data.md, "Migrations"):
#   src/Data/Migrations             SQLite's set      (PlannerDbContext)
#   src/Data/Migrations/PostgreSql  PostgreSQL's set  (PostgresPlannerDbContext, the same model)
# MigrationTests fails while either set misses a model change; CompiledModelTests while the compiled model is stale.
set -euo pipefail
if [[ $# -ne 1 || ! "$1" =~ ^[A-Z][A-Za-z0-9]*$ ]]; then
  echo "usage: scripts/add-migration.sh NAME   (NAME in PascalCase, e.g. AddScenarioOwner)" >&2
  exit 2
fi
name="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
# Built without the compiled model: it may no longer compile after a model change, and migrations use the context's.
dotnet build src/Data/Data.csproj -c Release -p:PlannerCompiledModel=false --nologo -v q
ef=(dotnet ef migrations add "$name" --project src/Data/Data.csproj --configuration Release --no-build)
"${ef[@]}" --context PlannerDbContext --output-dir Migrations
"${ef[@]}" --context PostgresPlannerDbContext --output-dir Migrations/PostgreSql
"$root/scripts/regen-compiled-model.sh"
