using Microsoft.EntityFrameworkCore;

namespace Planner.Data.Storage;

/// <summary>What a failed write means, for the answers that depend on it (a lost race is 409; a read-only store is not).</summary>
internal static class StoreErrors
{
    /// <summary>Whether the write broke a primary key or unique index (SQLite SQLITE_CONSTRAINT, PostgreSQL 23505).</summary>
    public static bool IsDuplicateKey(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
