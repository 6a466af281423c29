using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Planner.Data.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context: the checked-in migrations are SQLite's.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PlannerDbContext>
{
    public PlannerDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PlannerDbContext>();
        DataLocation.Parse("Data Source=design-time.db").Configure(builder);
        return new PlannerDbContext(builder.Options);
    }
}
