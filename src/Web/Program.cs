using Planner.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlannerWeb();
var app = builder.Build();
app.UsePlannerWeb();
await app.EnsureStoreReadyAsync(CancellationToken.None);
await app.RunAsync();

/// <summary>The web host's entry point; public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
