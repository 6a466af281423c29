using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.Data.Storage;

namespace Planner.Data.IntegrationTests;

public sealed class RegistrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Options_bound_registration_opens_the_configured_database_on_first_use()
    {
        var path = _folder.File("configured", "planner.db");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PlannerData:Database"] = path })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddPlannerData();
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(path, provider.GetRequiredService<IOptions<PlannerDataOptions>>().Value.Database);
        Assert.Equal(Path.GetFullPath(path), provider.GetRequiredService<DataLocation>().FilePath);
        Assert.False(File.Exists(path));

        var gpus = await provider.GetRequiredService<CatalogService>().ListAsync<CatalogGpu>(default);

        Assert.NotEmpty(gpus);
        Assert.True(File.Exists(path));
    }
}
