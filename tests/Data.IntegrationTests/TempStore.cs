using Microsoft.EntityFrameworkCore;
using Planner.Data.Storage;

namespace Planner.Data.IntegrationTests;

/// <summary>A real SQLite file in its own temporary folder; deleted with the folder when the test ends.</summary>
public sealed class TempStore : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public string Folder => _folder.Path;

    public string DatabasePath => _folder.File("db", "planner.db");

    public FixedTime Time { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    public PlannerStore Store { get; private set; } = null!;

    public Task<PlannerStore> OpenAnotherAsync() => PlannerStore.OpenAsync(DatabasePath, Time);

    /// <summary>A context on the same file for checks made beside the services.</summary>
    public PlannerDbContext CreateContext() => Context(DatabasePath);

    /// <summary>A plain context on a database file, without the store's migration and seeding.</summary>
    public static PlannerDbContext Context(string path)
    {
        var builder = new DbContextOptionsBuilder<PlannerDbContext>();
        DataLocation.Parse(path).Configure(builder);
        return new PlannerDbContext(builder.Options);
    }

    public async Task InitializeAsync() => Store = await PlannerStore.OpenAsync(DatabasePath, Time);

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>A clock that stays where the test puts it.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
