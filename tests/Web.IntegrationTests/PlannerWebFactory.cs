using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Planner.Web.IntegrationTests;

/// <summary>
/// The real web host in memory, on a real SQLite file in a temp folder (PlannerData:Database, as PLANNER_DB sets it).
/// The in-memory host counts as loopback and the store starts without accounts, so it runs in local mode (every
/// request is the admin "local"); <see cref="SignInRequiredWebFactory"/> turns that off.
/// </summary>
public class PlannerWebFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planner-web-it-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_folder, "planner.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("PlannerData:Database", DatabasePath);
        Configure(builder);
    }

    /// <summary>More settings for a derived factory.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
