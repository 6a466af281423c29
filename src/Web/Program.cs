using Planner.Web;
using Planner.Web.Access;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlannerWeb();
var app = builder.Build();
app.UsePlannerWeb();
if (await app.TryEnsureStoreReadyAsync(CancellationToken.None) is { } storeRefusal)
{
    // One plain line instead of a stack trace: a read-only, full or unopenable store (docs/security.md, "Faults").
    await Console.Error.WriteLineAsync(storeRefusal);
    return 3;
}
if (await app.EnsureAccessReadyAsync(CancellationToken.None) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 1;
}
await app.RunAsync();
return 0;

/// <summary>The web host's entry point; public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
