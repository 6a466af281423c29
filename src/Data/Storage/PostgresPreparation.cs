using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Planner.CostModel;
using Planner.CostModel.Text;

namespace Planner.Data.Storage;

/// <summary>
/// What preparing a PostgreSQL store needs beyond EF Core's migrations. <see cref="LockAsync"/>: one process at a time
/// prepares a store (adopts, migrates, seeds), so replicas started together on a new store do not load the seed twice.
/// <see cref="AdoptEnsureCreatedStoreAsync"/> brings a PostgreSQL store made by <c>EnsureCreated</c> (every Planner before PostgreSQL had a migration set) under
/// migrations, by one rule (docs/data.md, "PostgreSQL migrations"; docs/decisions/050-postgresql-migrations.md): a
/// database with no migration history that holds any table of PostgreSQL's first migration is adopted only when it holds
/// every table and column that migration creates, with the same column types; the first migration is then recorded as
/// applied (nothing else is written) and the later ones run as on any store. Otherwise opening stops, naming what is
/// missing or different, and writes nothing. A database with none of those tables is new: the migrations create it.
/// </summary>
internal static class PostgresPreparation
{
    private static readonly PhraseTemplate NotAdoptedTemplate = new("store.postgresNotAdopted",
        "the PostgreSQL store has Planner tables but no migration history, and differs from the first migration ({0}): {1}; "
        + "it was not changed (docs/data.md, \"PostgreSQL migrations\")");

    private static readonly PhraseTemplate NoColumnTemplate = new("store.postgresNoColumn", "no column {0}");

    private static readonly PhraseTemplate ColumnTypeTemplate = new("store.postgresColumnType", "{0} is {1}, not {2}");

    private static readonly PhraseTemplate DifferencesTemplate = new("store.postgresDifferences", "{0}; {1}");

    /// <summary>Any fixed number, the same in every process: the session advisory lock held while a store is prepared.</summary>
    private const long PreparationLock = 0x504C_414E_4E45_52;

    /// <summary>
    /// Takes the preparation lock on the context's connection, opened here and kept open until the returned handle is
    /// disposed, which releases the lock (closing the connection would too: the pool resets a returned session).
    /// </summary>
    public static async Task<IAsyncDisposable> LockAsync(PlannerDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await ExecuteAsync(connection, null, FormattableString.Invariant($"SELECT pg_advisory_lock({PreparationLock})"), ct);
        return new Unlock(db, connection);
    }

    private sealed class Unlock(PlannerDbContext db, DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await ExecuteAsync(connection, null, FormattableString.Invariant($"SELECT pg_advisory_unlock({PreparationLock})"), CancellationToken.None);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    public static async Task AdoptEnsureCreatedStoreAsync(PlannerDbContext db, CancellationToken ct)
    {
        // (The history repository's ExistsAsync is not used: on a database made by EnsureCreated it answered true.)
        var history = db.GetService<IHistoryRepository>();
        var (firstId, expected) = FirstMigrationColumns(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var existing = await ExistingColumnsAsync(connection, transaction, ct);
            if (existing.Keys.Any(k => k.Table == HistoryRepository.DefaultTableName))
            {
                return; // under migrations already
            }
            var tables = expected.Select(c => c.Table).ToHashSet(StringComparer.Ordinal);
            if (!existing.Keys.Any(k => tables.Contains(k.Table)))
            {
                return; // a new store: the migrations create everything
            }
            var problems = Differences(expected, existing);
            if (problems.Count > 0)
            {
                var listed = problems.Skip(1).Aggregate(problems[0], (list, next) => DifferencesTemplate.With(list, next));
                throw new InputException(InputProblem.General(NotAdoptedTemplate.With(firstId, listed)));
            }
            await ExecuteAsync(connection, transaction, history.GetCreateIfNotExistsScript(), ct);
            await ExecuteAsync(connection, transaction, history.GetInsertScript(new HistoryRow(firstId, ProductInfo.GetVersion())), ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>What is missing from, or typed differently in, an existing store, one line each, in a stable order.</summary>
    private static List<Phrase> Differences(IReadOnlyList<ExpectedColumn> expected, IReadOnlyDictionary<(string Table, string Column), string> existing)
    {
        var problems = new List<Phrase>();
        foreach (var column in expected)
        {
            var name = column.Table + "." + column.Column;
            if (!existing.TryGetValue((column.Table, column.Column), out var type))
            {
                problems.Add(NoColumnTemplate.With(name));
            }
            else if (!string.Equals(type, column.Type, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(ColumnTypeTemplate.With(name, type, column.Type));
            }
        }
        return problems;
    }

    /// <summary>The id of PostgreSQL's first migration and every column its CreateTable operations make.</summary>
    private static (string Id, List<ExpectedColumn> Columns) FirstMigrationColumns(PlannerDbContext db)
    {
        var migrations = db.GetService<IMigrationsAssembly>();
        var (id, type) = migrations.Migrations.OrderBy(m => m.Key, StringComparer.Ordinal).First();
        var migration = migrations.CreateMigration(type, db.Database.ProviderName!);
        var columns = migration.UpOperations.OfType<CreateTableOperation>()
            .SelectMany(t => t.Columns.Select(c => new ExpectedColumn(t.Name, c.Name, c.ColumnType ?? "")))
            .ToList();
        return (id, columns);
    }

    /// <summary>Every column of the current schema with its type as PostgreSQL spells it (format_type, as migrations do).</summary>
    private static async Task<Dictionary<(string Table, string Column), string>> ExistingColumnsAsync(
        DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            """;
        var columns = new Dictionary<(string, string), string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            columns[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
        }
        return columns;
    }

    private sealed record ExpectedColumn(string Table, string Column, string Type);
}
