using Microsoft.EntityFrameworkCore.Design;

namespace Planner.Data.Storage;

/// <summary>
/// Lets <c>dotnet ef migrations add --context PlannerDbContext</c> build the context: its migrations (src/Data/Migrations)
/// are SQLite's. scripts/add-migration.sh adds a migration to both providers' sets.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PlannerDbContext>
{
    public PlannerDbContext CreateDbContext(string[] args) => DataLocation.Parse("Data Source=design-time.db").CreateContext();
}

/// <summary>
/// Lets <c>dotnet ef migrations add --context PostgresPlannerDbContext</c> build the context for PostgreSQL's migration
/// set (src/Data/Migrations/PostgreSql). Adding a migration opens no connection, so the server named here need not exist.
/// </summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresPlannerDbContext>
{
    public PostgresPlannerDbContext CreateDbContext(string[] args) =>
        (PostgresPlannerDbContext)DataLocation.Parse("Host=design-time;Database=planner").CreateContext();
}
