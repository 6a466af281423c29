using Planner.CostModel.Text;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Planner.CostModel;
using Planner.Data.Catalogs;

namespace Planner.Data.Storage;

/// <summary>
/// Opens the store: on first use in a process it creates or upgrades the database with EF Core migrations (SQLite: the
/// folder and file, its migration set, WAL journal; PostgreSQL: its own migration set, after adopting a store made by
/// EnsureCreated before there was one, <see cref="PostgresPreparation"/>; one process at a time) and loads the seed catalogs into any empty catalog. Every service gets its
/// contexts here, so whichever is used first prepares the store. A SQLite file that was prepared by this build carries
/// <see cref="Stamp"/> in <c>PRAGMA user_version</c>; opening it then costs one pragma read instead of the migration
/// step and the seed checks (docs/decisions/015-store-stamp.md).
/// </summary>
public sealed class PlannerDatabase(IDbContextFactory<PlannerDbContext> factory, DataLocation location, TimeProvider time, CatalogSeed seed)
    : IDisposable
{
    private static readonly PhraseTemplate SeedMissingTemplate = new("store.seedMissing", "the seed catalog {0} is missing; it ships with Planner.Data (data/catalog/{1})");

    /// <summary>UpdatedBy of rows loaded from the seed files.</summary>
    public const string SeedUser = "seed";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public DataLocation Location { get; } = location;

    public TimeProvider Time { get; } = time;

    public CatalogSeed Seed { get; } = seed;

    /// <summary>
    /// Raise when the seed rules change in a way that must run again on stores already prepared (the seed catalogs
    /// themselves reach an existing store only through <c>catalog reload</c>, so a new seed row does not need it).
    /// 2: rows seeded before a column existed take the seed's value of it (<see cref="ICatalogKind.FillSeedColumnsAsync"/>;
    /// DeepSeek-V3's weightBlockSize, ADR 053).
    /// </summary>
    public const int SeedVersion = 2;

    /// <summary>
    /// What a prepared SQLite file carries in <c>PRAGMA user_version</c>: a positive 31-bit FNV-1a hash of the newest
    /// migration's id and <see cref="SeedVersion"/>. A new migration changes it, so the next open migrates as before.
    /// </summary>
    public static int Stamp { get; } = ComputeStamp(LatestMigrationId(), SeedVersion);

    private static readonly string StampPragma =
        "PRAGMA user_version = " + Stamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";

    internal static int ComputeStamp(string latestMigration, int seedVersion)
    {
        var hash = 2166136261u;
        foreach (var c in $"{latestMigration}|seed {seedVersion}")
        {
            hash = (hash ^ c) * 16777619u;
        }
        var stamp = (int)(hash & 0x7FFF_FFFF);
        return stamp == 0 ? 1 : stamp;
    }

    /// <summary>The newest of SQLite's migrations (PostgreSQL's set, for <see cref="PostgresPlannerDbContext"/>, has no stamp).</summary>
    private static string LatestMigrationId() => typeof(PlannerDbContext).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute>()?.ContextType == typeof(PlannerDbContext))
        .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .Max(StringComparer.Ordinal) ?? "";

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
            if (await IsStampedAsync(ct))
            {
                _ready = true;
                return;
            }
            await using var db = await factory.CreateDbContextAsync(ct);
            // PostgreSQL: other processes may prepare the same store at the same moment (SQLite's writes are serialized).
            await using var preparing = Location.Provider == DatabaseProvider.PostgreSql ? await PostgresPreparation.LockAsync(db, ct) : null;
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
                await PostgresPreparation.AdoptEnsureCreatedStoreAsync(db, ct);
                await db.Database.MigrateAsync(ct);
            }
            foreach (var kind in CatalogKinds.All)
            {
                if (await kind.IsEmptyAsync(db, ct))
                {
                    await LoadSeedAsync(db, kind, ct);
                }
                else
                {
                    await FillSeedColumnsAsync(db, kind, ct);
                }
            }
            if (Location.Provider == DatabaseProvider.Sqlite)
            {
                // Written last: a store interrupted before this point is prepared again on the next open.
                // PRAGMA takes no parameters; the text is built from the integer stamp only.
                await db.Database.ExecuteSqlRawAsync(StampPragma, ct);
            }
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A mark that any write to a SQLite store moves, whichever process makes it: the modification time and length of
    /// the file and of its WAL (every commit appends to the WAL, a checkpoint writes the file). Read with two file
    /// system calls and no query, so a cache of reads can be checked on every use (<see cref="Catalogs.CatalogReadCache"/>).
    /// Null for a store without a file (PostgreSQL, in-memory SQLite): nothing read from it may be kept.
    /// </summary>
    internal string? ChangeMark()
    {
        if (Location.FilePath is not { } file)
        {
            return null;
        }
        return Mark(new FileInfo(file)) + "|" + Mark(new FileInfo(file + "-wal"));

        static string Mark(FileInfo info) => info.Exists
            ? info.LastWriteTimeUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":"
                + info.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "-";
    }

    /// <summary>True when the SQLite file exists and carries this build's <see cref="Stamp"/>.</summary>
    private async Task<bool> IsStampedAsync(CancellationToken ct)
    {
        if (Location.FilePath is not { } file || !File.Exists(file))
        {
            return false;
        }
        await using var connection = new SqliteConnection(Location.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == Stamp;
    }

    internal async Task<CatalogImportResult> LoadSeedAsync(PlannerDbContext db, ICatalogKind kind, CancellationToken ct)
    {
        using var reader = OpenSeed(kind);
        db.ChangeTracker.Clear();
        return await kind.ImportAsync(db, reader, SeedUser, Time.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>A store seeded before a column existed: rows still as seeded take the seed's value of the columns they lack (<see cref="ICatalogKind.FillSeedColumnsAsync"/>).</summary>
    private async Task FillSeedColumnsAsync(PlannerDbContext db, ICatalogKind kind, CancellationToken ct)
    {
        using var reader = OpenSeed(kind);
        db.ChangeTracker.Clear();
        await kind.FillSeedColumnsAsync(db, reader, SeedUser, Time.GetUtcNow().UtcDateTime, ct);
    }

    private StreamReader OpenSeed(ICatalogKind kind)
    {
        var path = Seed.PathOf(kind);
        return File.Exists(path) ? new StreamReader(path) : throw new InputException(InputProblem.General(SeedMissingTemplate.With(path, kind.SeedFile)));
    }

    public void Dispose() => _gate.Dispose();
}
