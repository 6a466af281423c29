using Microsoft.Extensions.DependencyInjection;
using Planner.Data.Benchmarks;
using Planner.Data.Catalogs;
using Planner.Data.Scenarios;
using Planner.Data.Storage;

namespace Planner.Data;

/// <summary>
/// A ready store without a host (the CLI, tests): <see cref="OpenAsync"/> creates the folder, migrates and seeds on
/// first use, then hands out the same services <see cref="PlannerDataServiceCollectionExtensions.AddPlannerData(IServiceCollection, string?, string?)"/> registers.
/// </summary>
public sealed class PlannerStore : IAsyncDisposable, IDisposable
{
    private readonly ServiceProvider _services;

    private PlannerStore(ServiceProvider services)
    {
        _services = services;
    }

    public DataLocation Location => _services.GetRequiredService<DataLocation>();

    public CatalogService Catalogs => _services.GetRequiredService<CatalogService>();

    public ScenarioStore Scenarios => _services.GetRequiredService<ScenarioStore>();

    public BenchmarkStore Benchmarks => _services.GetRequiredService<BenchmarkStore>();

    public ScenarioResolver Resolver => _services.GetRequiredService<ScenarioResolver>();

    public Projections.ProjectionService Projections => _services.GetRequiredService<Projections.ProjectionService>();

    public Projections.CapacityService Capacity => _services.GetRequiredService<Projections.CapacityService>();

    public Accounts.AccountService Accounts => _services.GetRequiredService<Accounts.AccountService>();

    public Accounts.AuditLog Audit => _services.GetRequiredService<Accounts.AuditLog>();

    public ScenarioService Evaluation => _services.GetRequiredService<ScenarioService>();

    internal PlannerDatabase Database => _services.GetRequiredService<PlannerDatabase>();

    /// <param name="location">A path or connection string; null or empty means <see cref="DataLocation.DefaultPath"/>.
    /// The CLI passes the <c>PLANNER_DB</c> environment variable.</param>
    /// <param name="time">Clock for timestamps; the system clock when null.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<PlannerStore> OpenAsync(string? location, TimeProvider? time = null, CancellationToken ct = default)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        services.AddPlannerData(location);
        var store = new PlannerStore(services.BuildServiceProvider());
        try
        {
            await store.Database.EnsureReadyAsync(ct);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }

    /// <summary>Opens the store named by <c>PLANNER_DB</c> (default ./data/planner.db).</summary>
    public static Task<PlannerStore> OpenFromEnvironmentAsync(CancellationToken ct) =>
        OpenAsync(Environment.GetEnvironmentVariable(PlannerDataOptions.EnvironmentVariable), ct: ct);

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    public void Dispose() => _services.Dispose();
}
