using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data.Storage;
using Planner.Data.Entities;

namespace Planner.Data.IntegrationTests;

public sealed class MigrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Migrations_apply_to_an_empty_database_file_and_none_stay_pending()
    {
        var path = _folder.File("empty.db");
        await using var db = TempStore.Context(path);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Scenarios.CountAsync());
    }

    [Fact]
    public async Task Model_has_no_changes_missing_from_the_checked_in_migrations()
    {
        await using var db = TempStore.Context(_folder.File("model.db"));
        Assert.False(db.Database.HasPendingModelChanges(), "run: scripts/add-migration.sh <Name>");
    }

    [Fact]
    public async Task PostgreSql_model_has_no_changes_missing_from_its_migration_set()
    {
        // Building the model and reading the migrations opens no connection: no server is needed.
        await using var db = DataLocation.Parse("Host=localhost;Database=planner").CreateContext();
        Assert.IsType<PostgresPlannerDbContext>(db);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "run: scripts/add-migration.sh <Name>");
    }

    [Fact]
    public void The_two_providers_keep_separate_migration_sets_and_the_stamp_follows_sqlite_s()
    {
        using var sqlite = TempStore.Context(_folder.File("sets.db"));
        using var postgres = DataLocation.Parse("Host=localhost;Database=planner").CreateContext();
        var sqliteSet = sqlite.Database.GetMigrations().ToList();
        var postgresSet = postgres.Database.GetMigrations().ToList();

        Assert.Empty(sqliteSet.Intersect(postgresSet));
        Assert.Equal(PlannerDatabase.ComputeStamp(sqliteSet[^1], PlannerDatabase.SeedVersion), PlannerDatabase.Stamp);
    }

    [Fact]
    public async Task Opening_a_store_creates_the_folder_and_uses_wal_and_foreign_keys()
    {
        var path = _folder.File("nested", "deeper", "planner.db");
        await using (var store = await PlannerStore.OpenAsync(path))
        {
            Assert.Equal(Path.GetFullPath(path), store.Location.FilePath);
        }
        Assert.True(File.Exists(path));

        await using var connection = new SqliteConnection(DataLocation.Parse(path).ConnectionString);
        await connection.OpenAsync();
        Assert.Equal("wal", await Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal("1", await Scalar(connection, "PRAGMA foreign_keys;"));
    }

    [Fact]
    public async Task A_prepared_store_carries_the_stamp_and_opens_without_the_migration_and_seed_checks()
    {
        var path = _folder.File("stamped.db");
        await using (await PlannerStore.OpenAsync(path))
        {
        }
        await using var connection = new SqliteConnection(DataLocation.Parse(path).ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(PlannerDatabase.Stamp.ToString(System.Globalization.CultureInfo.InvariantCulture), await Scalar(connection, "PRAGMA user_version;"));

        // An emptied catalog shows which path an open took: the full path seeds it again, the stamped path does not.
        await Scalar(connection, "DELETE FROM CatalogGpus;");
        await using (var store = await PlannerStore.OpenAsync(path))
        {
            Assert.Empty(await store.Catalogs.ListAsync("gpus", CancellationToken.None));
        }
        await Scalar(connection, "PRAGMA user_version = 0;");
        await using (var store = await PlannerStore.OpenAsync(path))
        {
            Assert.NotEmpty(await store.Catalogs.ListAsync("gpus", CancellationToken.None));
        }
        Assert.Equal(PlannerDatabase.Stamp.ToString(System.Globalization.CultureInfo.InvariantCulture), await Scalar(connection, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_store_stamped_by_an_older_build_is_migrated_on_open()
    {
        var path = _folder.File("older.db");
        await using (var db = TempStore.Context(path))
        {
            var first = db.Database.GetMigrations().First();
            await db.GetInfrastructure().GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(first);
            await db.Database.ExecuteSqlRawAsync("PRAGMA user_version = 12345;");
            Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
        }
        await using (await PlannerStore.OpenAsync(path))
        {
        }
        await using var check = TempStore.Context(path);
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
    }

    /// <summary>
    /// A store seeded before ADR 049 added weightBlockSize (catalogs are seeded only when empty): built as it was, by
    /// seeding a store and taking its schema back to the migration before the column, stamped by that build. Opening it
    /// with this build adds the column and gives DeepSeek-V3 the seed's 128 unless an admin changed the row since.
    /// </summary>
    [Theory]
    [InlineData("seeded", 128, "seed")]
    [InlineData("edited by an admin", null, "alice")]
    public async Task A_store_seeded_before_a_column_existed_gets_the_seeds_value_in_rows_nobody_edited(string row, int? blockSize, string updatedBy)
    {
        var path = _folder.File("seeded-before-049.db");
        await using (await PlannerStore.OpenAsync(path))
        {
        }
        await using (var db = TempStore.Context(path))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_AddWeightBlockSize", StringComparison.Ordinal)) - 1];
            await db.GetInfrastructure().GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
            if (row == "edited by an admin")
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE CatalogModelShapes SET UpdatedBy = 'alice', Layers = 62 WHERE Name = 'deepseek-v3';");
            }
            // PRAGMA takes no parameters: the text is built from the integer stamp only.
            var olderStamp = "PRAGMA user_version = " + PlannerDatabase.ComputeStamp(before, 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";
            await db.Database.ExecuteSqlRawAsync(olderStamp);
        }

        await using (await PlannerStore.OpenAsync(path))
        {
        }

        await using var check = TempStore.Context(path);
        var deepSeek = await check.ModelShapes.AsNoTracking().SingleAsync(m => m.Name == "deepseek-v3");
        Assert.Equal((blockSize, updatedBy), (deepSeek.WeightBlockSize, deepSeek.UpdatedBy));
        Assert.Equal(row == "seeded" ? 61 : 62, deepSeek.Layers);
        // No other seeded row has a value of the new column, so none changed.
        Assert.Empty(await check.ModelShapes.AsNoTracking().Where(m => m.Name != "deepseek-v3" && m.WeightBlockSize != null).ToListAsync());
    }

    [Fact]
    public async Task A_value_a_seeded_row_already_holds_is_never_overwritten_by_the_upgrade()
    {
        var path = _folder.File("kept.db");
        await using (await PlannerStore.OpenAsync(path))
        {
        }
        await using (var db = TempStore.Context(path))
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE CatalogModelShapes SET WeightBlockSize = 64 WHERE Name = 'deepseek-v3';");
            await db.Database.ExecuteSqlRawAsync("PRAGMA user_version = 0;");
        }

        await using (await PlannerStore.OpenAsync(path))
        {
        }

        await using var check = TempStore.Context(path);
        Assert.Equal(64, (await check.ModelShapes.AsNoTracking().SingleAsync(m => m.Name == "deepseek-v3")).WeightBlockSize);
    }

    [Fact]
    public void The_stamp_changes_with_the_newest_migration_and_the_seed_version_and_is_positive()
    {
        var stamp = PlannerDatabase.ComputeStamp("20261201061032_AddProjectionFields", 1);
        Assert.True(stamp > 0);
        Assert.NotEqual(stamp, PlannerDatabase.ComputeStamp("20261201061032_AddProjectionFields", 2));
        Assert.NotEqual(stamp, PlannerDatabase.ComputeStamp("20261202000000_Next", 1));
        Assert.True(PlannerDatabase.Stamp > 0);
    }

    [Theory]
    [InlineData("./data/planner.db", DatabaseProvider.Sqlite)]
    [InlineData("Data Source=/tmp/x.db", DatabaseProvider.Sqlite)]
    [InlineData("Host=db;Database=planner;Username=p;Password=secret", DatabaseProvider.PostgreSql)]
    [InlineData("postgres://p:secret@db:5432/planner", DatabaseProvider.PostgreSql)]
    [InlineData("postgresql://p:secret@db/planner?SSL Mode=Require", DatabaseProvider.PostgreSql)]
    public void Location_picks_the_provider_from_the_text(string text, DatabaseProvider provider)
    {
        var location = DataLocation.Parse(text);
        Assert.Equal(provider, location.Provider);
        Assert.DoesNotContain("secret", location.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_url_becomes_npgsql_keywords()
    {
        var location = DataLocation.Parse("postgres://planner:pa%3Ass@db.example:5433/plans?SSL Mode=Require");
        Assert.Equal("Host=db.example;Port=5433;Database=plans;Username=planner;Password=pa:ss;SSL Mode=Require", location.ConnectionString);
    }

    private static async Task<string?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
