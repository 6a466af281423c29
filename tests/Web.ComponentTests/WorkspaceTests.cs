using Microsoft.Extensions.DependencyInjection;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class WorkspaceTests : MudTestContext
{
    [Fact]
    public async Task Picking_a_cloud_offer_takes_the_gpu_hour_price_from_the_catalog_with_its_source()
    {
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        var offer = (await Services.GetRequiredService<CatalogService>().ListAsync<CloudOffer>(default)).First();
        var scenario = Example();
        var index = scenario.Options.ToList().FindIndex(o => o.Kind == OptionKind.Cloud);

        await workspace.LoadAsync(scenario, "support-assistant");
        await workspace.UpdateAsync(ScenarioEdits.ReplaceOption(scenario, index, ScenarioEdits.UseCatalogRow(scenario.Options[index], offer.Id)));

        Assert.Empty(workspace.Problems);
        var input = workspace.Evaluation!.Inputs.Single(i => i.Key == "cloud.gpuHourPrice");
        Assert.Equal((double)offer.PricePerGpuHourUsd, input.Value);
        Assert.Equal(OriginKind.Catalog, input.Origin.Kind);
        Assert.Equal(offer.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), input.Origin.AsOf);
    }

    [Fact]
    public async Task A_reference_to_a_missing_catalog_row_is_a_problem_and_keeps_the_last_results()
    {
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        var scenario = Example();
        await workspace.LoadAsync(scenario, "support-assistant");
        var before = workspace.Evaluation;

        await workspace.UpdateAsync(ScenarioEdits.ReplaceOption(scenario, 0, ScenarioEdits.UseCatalogRow(scenario.Options[0], "nobody/no-such-model")));

        Assert.Contains(workspace.Problems.Select(p => p.Message), p => p.StartsWith("options[0]", StringComparison.Ordinal) && p.Contains("nobody/no-such-model", StringComparison.Ordinal));
        Assert.Same(before, workspace.Evaluation);
        Assert.False(workspace.IsCurrent);
    }
}
