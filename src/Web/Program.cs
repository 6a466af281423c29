using Planner.Web;
using Planner.Web.Access;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlannerWeb();
var app = builder.Build();
app.UsePlannerWeb();
await app.EnsureStoreReadyAsync(CancellationToken.None);
if (await app.EnsureAccessReadyAsync(CancellationToken.None) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 1;
}
await app.RunAsync();
return 0;

/// <summary>The web host's entry point; public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
