using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.Data;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>A bunit context with MudBlazor's services and the app's own services, disposed asynchronously as MudBlazor needs.</summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planner-web-ct-" + Guid.NewGuid().ToString("N"));

    protected MudTestContext()
    {
        // The real store on a SQLite file in a temp folder: the editor resolves references and saves through it.
        Services.AddPlannerData(Path.Combine(_folder, "planner.db"));
        Services.AddMudServices();
        Services.AddOptions<PlannerWebOptions>();
        Services.AddSingleton<ScenarioTemplates>();
        Services.AddSingleton<SavedScenarios>();
        Services.AddScoped<ScenarioWorkspace>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>The support-assistant example shipped with the app (copied into the output's examples/).</summary>
    protected static Scenario Example(string name = "support-assistant") =>
        ScenarioJson.ReadFile(Path.Combine(AppContext.BaseDirectory, "examples", name + ".json"));

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
