using Bunit.TestDoubles;
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
        Services.AddPlannerWebServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        // Pages enable what the user's role allows: the tests act as an admin unless they say otherwise (SignedInAs).
        Authorization = AddAuthorization();
        SignedInAs("tester", Planner.Data.Accounts.PlannerRoles.Admin);
    }

    /// <summary>The signed-in user the rendered components see.</summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext Authorization { get; }

    /// <summary>Signs in as <paramref name="name"/> with <paramref name="role"/> (viewer, editor, admin) before rendering.</summary>
    protected void SignedInAs(string name, string role)
    {
        Authorization.SetAuthorized(name);
        Authorization.SetRoles(role);
    }

    /// <summary>The support-assistant example shipped with the app (copied into the output's examples/).</summary>
    protected static Scenario Example(string name = "support-assistant") =>
        ScenarioJson.ReadFile(Path.Combine(AppContext.BaseDirectory, "examples", name + ".json"));

    /// <summary>Fields debounce typing; a busy two-core machine can take a while to re-render.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Re-checks the live DOM until the assertion holds. A field's debounce timer re-renders from outside the
    /// renderer's wait hooks, so bunit's WaitForAssertion is not woken by it.
    /// </summary>
    protected static void Eventually(Action assertion, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            // An element can also vanish between two lookups while a debounced re-render replaces it.
            catch (Exception ex) when (ex is Xunit.Sdk.XunitException or ElementNotFoundException && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(25);
            }
        }
    }

    /// <summary>Types into the field marked data-field="<paramref name="field"/>" as a person does: input events (debounced by the field), then leaving the field.</summary>
    protected static void Type<TComponent>(IRenderedComponent<TComponent> cut, string field, string text)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        cut.Find($"[data-field='{field}'] input").Input(text);
        cut.Find($"[data-field='{field}'] input").Blur();
    }

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
