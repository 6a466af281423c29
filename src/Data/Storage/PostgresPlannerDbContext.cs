using Microsoft.EntityFrameworkCore;

namespace Planner.Data.Storage;

/// <summary>
/// The store's context on PostgreSQL: the same model as <see cref="PlannerDbContext"/>, a type of its own only so that
/// EF Core keeps a second migration set for it (src/Data/Migrations/PostgreSql; EF Core's "one context type per provider"
/// for migrations with multiple providers). <see cref="DataLocation.CreateContext"/> makes it for a PostgreSQL location,
/// so every service still asks for a <see cref="PlannerDbContext"/> (docs/decisions/050-postgresql-migrations.md).
/// </summary>
public sealed class PostgresPlannerDbContext(DbContextOptions<PlannerDbContext> options) : PlannerDbContext(options);
