using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Planner.Data.Storage;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Where the store lives, from <c>PLANNER_DB</c> or configuration: a file path (SQLite), a SQLite connection string
/// ("Data Source=..."), or a PostgreSQL connection string ("Host=..." or a postgres:// URL). See docs/deployment.md.
/// </summary>
public sealed record DataLocation(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The default when nothing is configured: a file under the working directory.</summary>
    public const string DefaultPath = "./data/planner.db";

    /// <summary>The SQLite file's full path; null for PostgreSQL or in-memory SQLite.</summary>
    public string? FilePath => Provider == DatabaseProvider.Sqlite
        && new SqliteConnectionStringBuilder(ConnectionString).DataSource is { Length: > 0 } source
        && source != ":memory:"
            ? Path.GetFullPath(source)
            : null;

    /// <summary>
    /// A SQLite store opened with <c>Mode=ReadOnly</c>: the web server then serves it read-only (docs/security.md,
    /// "Read-only serving"); it must have been prepared by this version of Planner, since nothing can be migrated.
    /// </summary>
    public bool IsReadOnly => Provider == DatabaseProvider.Sqlite
        && new SqliteConnectionStringBuilder(ConnectionString).Mode == SqliteOpenMode.ReadOnly;

    /// <summary>Where the store is, without any password, for messages.</summary>
    public string Display => Provider == DatabaseProvider.Sqlite
        ? FilePath ?? ConnectionString
        : RedactPassword(ConnectionString);

    public static DataLocation Parse(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? DefaultPath : value.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new DataLocation(DatabaseProvider.PostgreSql, FromPostgresUrl(text));
        }
        if (text.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return new DataLocation(DatabaseProvider.PostgreSql, text);
        }
        var builder = text.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            ? new SqliteConnectionStringBuilder(text)
            : new SqliteConnectionStringBuilder { DataSource = text };
        builder.ForeignKeys = true;
        return new DataLocation(DatabaseProvider.Sqlite, builder.ToString());
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            builder.UseSqlite(ConnectionString);
        }
        else
        {
            builder.UseNpgsql(ConnectionString);
        }
    }

    /// <summary>postgres://user:password@host:port/database?key=value -> Npgsql keywords.</summary>
    private static string FromPostgresUrl(string url)
    {
        var uri = new Uri(url);
        var parts = new List<string> { "Host=" + uri.Host };
        if (uri.Port > 0)
        {
            parts.Add("Port=" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            parts.Add("Database=" + Uri.UnescapeDataString(database));
        }
        if (uri.UserInfo.Length > 0)
        {
            var user = uri.UserInfo.Split(':', 2);
            parts.Add("Username=" + Uri.UnescapeDataString(user[0]));
            if (user.Length == 2)
            {
                parts.Add("Password=" + Uri.UnescapeDataString(user[1]));
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            parts.Add(Uri.UnescapeDataString(kv[0]) + "=" + (kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : ""));
        }
        return string.Join(';', parts);
    }

    private static string RedactPassword(string connectionString) =>
        string.Join(';', connectionString.Split(';').Select(p =>
            p.TrimStart().StartsWith("Password=", StringComparison.OrdinalIgnoreCase) ? "Password=***" : p));
}
