using Microsoft.EntityFrameworkCore;

namespace Planner.Data.Storage;

/// <summary>
/// Hands out the store's contexts: the type follows the provider (<see cref="DataLocation.CreateContext(DbContextOptions{PlannerDbContext})"/>),
/// so a PostgreSQL store is migrated with PostgreSQL's migration set while every service asks for a <see cref="PlannerDbContext"/>.
/// </summary>
internal sealed class PlannerDbContextFactory(DbContextOptions<PlannerDbContext> options, DataLocation location) : IDbContextFactory<PlannerDbContext>
{
    public PlannerDbContext CreateDbContext() => location.CreateContext(options);
}
