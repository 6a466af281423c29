using Microsoft.Data.Sqlite;

namespace Planner.Data.IntegrationTests;

/// <summary>A temporary folder for a test's database files; pooled SQLite connections are closed before it is deleted.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("planner-data-").FullName;

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
