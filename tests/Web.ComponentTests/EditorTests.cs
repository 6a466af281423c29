using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Evaluation;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class EditorTests : MudTestContext
{
    private async Task<IRenderedComponent<Editor>> RenderEditorWithExampleAsync()
    {
        Render<MudPopoverProvider>();
        await Services.GetRequiredService<ScenarioWorkspace>().LoadAsync(Example(), "support-assistant");
        return Render<Editor>();
    }

    [Fact]
    public async Task Results_panel_shows_the_engine_recommendation_for_the_loaded_scenario()
    {
        var cut = await RenderEditorWithExampleAsync();
        var expected = CostEngine.Evaluate(Example());

        var recommendation = cut.Find("[data-testid=recommendation]");
        Assert.Equal(expected.Recommendation, recommendation.GetAttribute("data-option"));
        Assert.Contains(expected.GetOption(expected.Recommendation).Name, recommendation.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_demand_changes_the_results_panel()
    {
        var cut = await RenderEditorWithExampleAsync();
        var before = cut.Find("[data-testid=option-results] tr[data-option=api] [data-metric=presentValue]").TextContent;

        Type(cut, "workload.requestsPerMonth", "40000000");

        Eventually(() =>
        {
            var after = cut.Find("[data-testid=option-results] tr[data-option=api] [data-metric=presentValue]").TextContent;
            Assert.NotEqual(before, after);
        }, Patience);
        var expected = CostEngine.Evaluate(Example() with { Workload = Example().Workload with { RequestsPerMonth = 40_000_000 } });
        Assert.Equal(expected.Recommendation, cut.Find("[data-testid=recommendation]").GetAttribute("data-option"));
        Assert.Equal(Display.Money(expected.GetOption("api").PresentValue, "USD"),
            cut.Find("[data-testid=option-results] tr[data-option=api] [data-metric=presentValue]").TextContent);
    }

    [Fact]
    public async Task A_bad_value_shows_the_cli_message_under_its_field_and_marks_results_stale()
    {
        var cut = await RenderEditorWithExampleAsync();

        Type(cut, "options[1].targetUtilization", "1.5");

        Eventually(() =>
            Assert.Contains("options[1].targetUtilization must be >= 0.01 and <= 1 (got 1.5)", cut.Find("[data-field='options[1].targetUtilization']").TextContent, StringComparison.Ordinal), Patience);
        Assert.NotNull(cut.Find("[data-testid=results-stale]"));
    }

    [Fact]
    public async Task Emptying_a_required_field_shows_the_cli_required_message()
    {
        var cut = await RenderEditorWithExampleAsync();

        Type(cut, "options[1].gpuHourPrice", "");

        Eventually(() =>
            Assert.Contains("options[1].gpuHourPrice is required (must be >= 0 and <= 100000, or give cloudOffer)", cut.Find("[data-field='options[1].gpuHourPrice']").TextContent, StringComparison.Ordinal), Patience);
    }

    [Fact]
    public void Editor_without_a_scenario_offers_the_templates()
    {
        Render<MudPopoverProvider>();
        var cut = Render<Editor>();

        Assert.NotEmpty(cut.FindAll("[data-testid=template-support-assistant]"));
        cut.Find("[data-testid=template-support-assistant]").Click();

        Assert.Equal("Support assistant, 36 months", cut.Find("[data-testid=scenario-title]").TextContent);
    }
}
