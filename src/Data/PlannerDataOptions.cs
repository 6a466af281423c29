namespace Planner.Data;

/// <summary>
/// Configuration section "PlannerData". <see cref="Database"/> is a SQLite file path, a SQLite connection string or a
/// PostgreSQL connection string; the <c>PLANNER_DB</c> environment variable overrides it. See docs/deployment.md.
/// </summary>
public sealed class PlannerDataOptions
{
    public const string Section = "PlannerData";

    public const string EnvironmentVariable = "PLANNER_DB";

    public string Database { get; set; } = Storage.DataLocation.DefaultPath;

    /// <summary>Folder of the seed catalogs; empty means "catalog" next to the app's assemblies.</summary>
    public string? SeedFolder { get; set; }
}
