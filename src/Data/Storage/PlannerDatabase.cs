using Microsoft.EntityFrameworkCore;
using Planner.CostModel;
using Planner.Data.Catalogs;

namespace Planner.Data.Storage;

/// <summary>
/// Opens the store: on first use in a process it creates the database (SQLite: the folder and file, migrated,
/// WAL journal; PostgreSQL: the schema) and loads the seed catalogs into any empty catalog. Every service gets its
/// contexts here, so whichever is used first prepares the store.
/// </summary>
public sealed class PlannerDatabase(IDbContextFactory<PlannerDbContext> factory, DataLocation location, TimeProvider time, CatalogSeed seed)
    : IDisposable
{
    /// <summary>UpdatedBy of rows loaded from the seed files.</summary>
    public const string SeedUser = "seed";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public DataLocation Location { get; } = location;

    public TimeProvider Time { get; } = time;

    public CatalogSeed Seed { get; } = seed;

    public async Task<PlannerDbContext> CreateContextAsync(CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        return await factory.CreateDbContextAsync(ct);
    }

    public async Task EnsureReadyAsync(CancellationToken ct)
    {
        if (_ready)
        {
            return;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (_ready)
            {
                return;
            }
            await using var db = await factory.CreateDbContextAsync(ct);
            if (Location.Provider == DatabaseProvider.Sqlite)
            {
                if (Location.FilePath is { } file)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                }
                await db.Database.MigrateAsync(ct);
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
            else
            {
                await db.Database.EnsureCreatedAsync(ct);
            }
            foreach (var kind in CatalogKinds.All)
            {
                if (await kind.IsEmptyAsync(db, ct))
                {
                    await LoadSeedAsync(db, kind, ct);
                }
            }
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    internal async Task<CatalogImportResult> LoadSeedAsync(PlannerDbContext db, ICatalogKind kind, CancellationToken ct)
    {
        var path = Seed.PathOf(kind);
        if (!File.Exists(path))
        {
            throw new InputException($"the seed catalog {path} is missing; it ships with Planner.Data (data/catalog/{kind.SeedFile})");
        }
        using var reader = new StreamReader(path);
        db.ChangeTracker.Clear();
        return await kind.ImportAsync(db, reader, SeedUser, Time.GetUtcNow().UtcDateTime, ct);
    }

    public void Dispose() => _gate.Dispose();
}
