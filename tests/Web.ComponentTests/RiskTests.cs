using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Uncertainty;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class RiskTests : MudTestContext
{
    [Theory]
    [InlineData("50")]
    [InlineData("2000000")]
    public async Task Trials_out_of_range_are_an_error_under_the_field_not_clamped(string trials)
    {
        Render<MudPopoverProvider>();
        await Services.GetRequiredService<ScenarioWorkspace>().LoadAsync(Example("risk-support-assistant"), "risk-support-assistant");
        var cut = Render<Risk>();

        cut.Find("[data-field=trials] input").Change(trials);
        Eventually(() => Assert.Equal(trials, cut.Find("[data-field=trials] input").GetAttribute("value")), Patience);
        cut.Find("[data-testid=run-simulation]").Click();

        Eventually(() =>
        {
            var field = cut.Find("[data-field=trials]");
            Assert.Equal("true", field.GetAttribute("data-invalid"));
            Assert.Contains($"must be >= {SimulationSettings.MinTrials} and <= {SimulationSettings.MaxTrials:N0} (got {trials})", field.TextContent, StringComparison.Ordinal);
        }, Patience);
        Assert.Empty(cut.FindAll("[data-testid=simulation]"));
    }
}
