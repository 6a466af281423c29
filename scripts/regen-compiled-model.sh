#!/usr/bin/env bash
# Regenerates the EF Core compiled model of PlannerDbContext for SQLite (src/Data/Storage/CompiledModel; docs/data.md,
# "Compiled model"). scripts/add-migration.sh runs it after adding the migrations of a model change; CompiledModelTests
# fails while the checked-in model differs from the context's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=src/Data/Storage/CompiledModel
dotnet tool restore >/dev/null
# Built without the old compiled model (it may no longer compile after a model change) and without using it.
dotnet build src/Data/Data.csproj -c Release -p:PlannerCompiledModel=false --nologo -v q
rm -rf "$out"
dotnet ef dbcontext optimize --project src/Data/Data.csproj --configuration Release --no-build --context PlannerDbContext \
  --output-dir Storage/CompiledModel --namespace Planner.Data.Storage.CompiledModel
# EF Core picks a compiled model named by an assembly attribute for every provider; this one is SQLite's, so the
# attribute goes and DataLocation.Configure passes the model to SQLite contexts only (PostgreSQL builds its own).
rm -f "$out/PlannerDbContextAssemblyAttributes.cs"
echo "Regenerated $out; build again and run: dotnet test tests/Data.IntegrationTests -c Release --filter CompiledModel"
