using Microsoft.EntityFrameworkCore;
using Npgsql;
using Planner.CostModel;
using Planner.Data.Accounts;
using Planner.Data.Entities;
using Planner.Data.Storage;

namespace Planner.Data.IntegrationTests;

/// <summary>
/// PostgreSQL's migration set on a real server (docs/data.md, "PostgreSQL migrations"; ADR 050): it makes exactly the
/// schema EnsureCreated makes from the model, a store opened through <see cref="PlannerStore.OpenAsync"/> is migrated, and a
/// store made by EnsureCreated before there were migrations is adopted by the documented rule or refused unchanged.
/// </summary>
public sealed class PostgresMigrationTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private readonly FixedTime _time = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    [PostgresFact]
    public async Task The_migrations_make_exactly_the_tables_columns_types_keys_and_indexes_that_EnsureCreated_makes()
    {
        var (created, _) = await CreateWithEnsureCreatedAsync();
        var migrated = await server.CreateDatabaseAsync();
        await using (var store = await PlannerStore.OpenAsync(server.ConnectionString(migrated), _time))
        {
            await using var db = await store.Database.CreateContextAsync(default);
            Assert.IsType<PostgresPlannerDbContext>(db);
            Assert.NotEmpty(db.Database.GetMigrations());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }

        var expected = await DescribeSchemaAsync(created);
        var actual = await DescribeSchemaAsync(migrated);

        Assert.Contains(expected, line => line.StartsWith("column Scenarios.Tags: text[]", StringComparison.Ordinal));
        Assert.Contains(expected, line => line.StartsWith("index ", StringComparison.Ordinal));
        Assert.Contains(expected, line => line.StartsWith("constraint ", StringComparison.Ordinal) && line.Contains("FOREIGN KEY", StringComparison.Ordinal));
        Assert.True(expected.SequenceEqual(actual),
            $"only from EnsureCreated: {string.Join(" | ", expected.Except(actual))}; only from the migrations: {string.Join(" | ", actual.Except(expected))}");
    }

    [PostgresFact]
    public async Task Four_processes_opening_a_new_store_together_all_open_and_the_seed_is_loaded_once()
    {
        var connectionString = server.ConnectionString(await server.CreateDatabaseAsync());

        await OpenTogetherAsync(connectionString, 4);

        await using var check = await PlannerStore.OpenAsync(connectionString, _time);
        Assert.Equal(Catalogs.CatalogKinds.All.Count, (await check.Audit.ListAsync(AuditLog.MaxTake, PlannerDatabase.SeedUser, default)).Count);
    }

    [PostgresFact]
    public async Task A_store_made_by_EnsureCreated_is_adopted_keeps_its_rows_and_is_migrated_and_seeded_like_a_new_one()
    {
        var (_, location) = await CreateAsBeforeMigrationsAsync();
        await using (var db = location.CreateContext())
        {
            db.AuditLog.Add(new AuditEntry { At = _time.Now.UtcDateTime, User = "ann", Action = "scenario.save", Target = "kept" });
            await db.SaveChangesAsync();
        }

        // Two processes open the old store at once: it is adopted once and both open.
        await OpenTogetherAsync(location.ConnectionString, 2);

        await using var again = await PlannerStore.OpenAsync(location.ConnectionString, _time);
        await using var check = await again.Database.CreateContextAsync(default);
        Assert.Equal(check.Database.GetMigrations(), await check.Database.GetAppliedMigrationsAsync());
        Assert.Equal("kept", (await again.Audit.ListAsync(AuditLog.MaxTake, "ann", default)).Single().Target);
        Assert.NotEmpty(await again.Catalogs.ListAsync("gpus", default));
    }

    [PostgresFact]
    public async Task A_store_without_history_that_differs_from_the_first_migration_is_refused_naming_the_difference_and_left_unchanged()
    {
        var (database, location) = await CreateAsBeforeMigrationsAsync();
        await server.ExecuteAsync(database, """
            ALTER TABLE "AuditLog" DROP COLUMN "Detail";
            ALTER TABLE "ApiTokens" ALTER COLUMN "Label" TYPE character varying(10);
            """);
        var before = await DescribeSchemaAsync(database);

        var refused = await Assert.ThrowsAsync<InputException>(() => PlannerStore.OpenAsync(location.ConnectionString, _time));

        Assert.Contains("no migration history", refused.Message, StringComparison.Ordinal);
        Assert.Contains("no column AuditLog.Detail", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ApiTokens.Label is character varying(10), not character varying(100)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DescribeSchemaAsync(database));
        Assert.DoesNotContain(await DescribeSchemaAsync(database, includeHistory: true), line => line.Contains("__EFMigrationsHistory", StringComparison.Ordinal));
    }

    /// <summary>
    /// A database as every Planner before the PostgreSQL migration set left its store: EnsureCreated of that version's
    /// model, which is the first migration's schema (the first migration was made from it), with no migration history.
    /// (EnsureCreated of today's model would also hold the columns later migrations add.)
    /// </summary>
    private async Task<(string Database, DataLocation Location)> CreateAsBeforeMigrationsAsync()
    {
        var database = await server.CreateDatabaseAsync();
        var location = DataLocation.Parse(server.ConnectionString(database));
        await using var db = location.CreateContext();
        var migrator = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db);
        await migrator.MigrateAsync(db.Database.GetMigrations().First());
        await server.ExecuteAsync(database, "DROP TABLE \"__EFMigrationsHistory\";");
        return (database, location);
    }

    /// <summary>A new database made by EnsureCreated of today's model.</summary>
    private async Task<(string Database, DataLocation Location)> CreateWithEnsureCreatedAsync()
    {
        var database = await server.CreateDatabaseAsync();
        var location = DataLocation.Parse(server.ConnectionString(database));
        await using var db = location.CreateContext();
        Assert.True(await db.Database.EnsureCreatedAsync());
        return (database, location);
    }

    /// <summary>Opens the store from <paramref name="processes"/> stores at once, as replicas starting together, and closes them.</summary>
    private async Task OpenTogetherAsync(string connectionString, int processes)
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, processes).Select(_ => PlannerStore.OpenAsync(connectionString, _time)));
        foreach (var store in opened)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>
    /// The schema as the server reports it, one line per fact in a stable order: every column of every table with its
    /// type, nullability, default and identity; every constraint (keys, foreign keys, unique) with its definition; every
    /// index with its definition; every sequence. The migration history table is left out (only migrations make it)
    /// unless <paramref name="includeHistory"/>.
    /// </summary>
    private async Task<List<string>> DescribeSchemaAsync(string database, bool includeHistory = false)
    {
        var history = includeHistory ? "" : "__EFMigrationsHistory";
        var lines = new List<string>();
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await ReadAsync("""
            SELECT 'column ' || c.relname || '.' || a.attname || ': ' || format_type(a.atttypid, a.atttypmod)
                || ', not null ' || a.attnotnull || ', identity ' || a.attidentity::text || ', default ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                AND c.relname <> @history
            """);
        await ReadAsync("""
            SELECT 'constraint ' || c.relname || ' ' || con.conname || ': ' || pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relname <> @history
            """);
        await ReadAsync("SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> @history");
        await ReadAsync("""
            SELECT 'sequence ' || sequencename || ': ' || data_type || ' from ' || start_value || ' by ' || increment_by
            FROM pg_sequences WHERE schemaname = current_schema()
            """);
        await ReadAsync("SELECT 'table ' || tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> @history");
        lines.Sort(StringComparer.Ordinal);
        return lines;

        async Task ReadAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("history", history);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
    }
}
