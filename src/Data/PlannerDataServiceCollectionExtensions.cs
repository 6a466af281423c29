using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Planner.Data.Benchmarks;
using Planner.Data.Catalogs;
using Planner.Data.Scenarios;
using Planner.Data.Storage;

namespace Planner.Data;

public static class PlannerDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the store at <paramref name="connectionStringOrPath"/> (see <see cref="DataLocation.Parse"/>): the
    /// catalogs, scenarios, benchmark runs, reference resolution and evaluation services. The database is created,
    /// migrated and seeded on first use.
    /// </summary>
    public static IServiceCollection AddPlannerData(this IServiceCollection services, string? connectionStringOrPath, string? seedFolder = null)
    {
        var location = DataLocation.Parse(connectionStringOrPath);
        var seed = seedFolder is null ? CatalogSeed.Default : new CatalogSeed(seedFolder);
        return services.AddPlannerDataCore(_ => location, _ => seed);
    }

    /// <summary>
    /// Registers the store from configuration section "PlannerData" (<see cref="PlannerDataOptions"/>), with the
    /// <c>PLANNER_DB</c> environment variable overriding it; validated when the host starts.
    /// </summary>
    public static IServiceCollection AddPlannerData(this IServiceCollection services)
    {
        services.AddOptions<PlannerDataOptions>()
            .BindConfiguration(PlannerDataOptions.Section)
            .PostConfigure(o =>
            {
                var fromEnvironment = Environment.GetEnvironmentVariable(PlannerDataOptions.EnvironmentVariable);
                if (!string.IsNullOrWhiteSpace(fromEnvironment))
                {
                    o.Database = fromEnvironment;
                }
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.Database), $"{PlannerDataOptions.Section}:Database (or {PlannerDataOptions.EnvironmentVariable}) must name the database")
            .ValidateOnStart();
        return services.AddPlannerDataCore(
            sp => DataLocation.Parse(sp.GetRequiredService<IOptions<PlannerDataOptions>>().Value.Database),
            sp => sp.GetRequiredService<IOptions<PlannerDataOptions>>().Value.SeedFolder is { Length: > 0 } folder
                ? new CatalogSeed(folder)
                : CatalogSeed.Default);
    }

    private static IServiceCollection AddPlannerDataCore(this IServiceCollection services,
        Func<IServiceProvider, DataLocation> location, Func<IServiceProvider, CatalogSeed> seed)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(location);
        services.AddSingleton(seed);
        services.AddDbContextFactory<PlannerDbContext, PlannerDbContextFactory>((sp, builder) => sp.GetRequiredService<DataLocation>().Configure(builder));
        services.AddSingleton<PlannerDatabase>();
        services.AddSingleton<CatalogService>();
        services.AddSingleton<ScenarioStore>();
        services.AddSingleton<BenchmarkStore>();
        services.AddSingleton<IThroughputResolver, BenchmarkThroughputResolver>();
        services.AddSingleton<BenchmarkTrainingResolver>();
        services.AddSingleton<Projections.ProjectionService>();
        services.AddSingleton<IThroughputResolver>(provider => provider.GetRequiredService<Projections.ProjectionService>());
        services.AddSingleton<Projections.CapacityService>();
        services.AddSingleton<ServingRunResolver>();
        services.AddSingleton<ScenarioResolver>();
        services.AddSingleton<Accounts.AccountService>();
        services.AddSingleton<Accounts.AuditLog>();
        services.AddLogging();
        services.AddIdentityCore<Entities.PlannerUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = Accounts.AccountService.MinPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<Microsoft.AspNetCore.Identity.IdentityRole>()
            .AddEntityFrameworkStores<PlannerDbContext>();
        services.AddSingleton(sp => new ScenarioService(sp.GetRequiredService<ScenarioStore>(), sp.GetRequiredService<ScenarioResolver>()));
        return services;
    }
}
