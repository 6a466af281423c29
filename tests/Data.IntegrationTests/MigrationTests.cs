using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Planner.Data.Storage;

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
        Assert.False(db.Database.HasPendingModelChanges(), "run: dotnet ef migrations add <Name> --project src/Data");
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
