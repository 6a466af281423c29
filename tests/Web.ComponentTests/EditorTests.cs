using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
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

        Type(cut, "workload.requestsPerMonth", "-5");

        Eventually(() =>
            Assert.Contains("workload.requestsPerMonth must be >= 0 and <= 1,000,000,000,000 (got -5)", cut.Find("[data-field='workload.requestsPerMonth']").TextContent, StringComparison.Ordinal), Patience);
        Assert.NotNull(cut.Find("[data-testid=results-stale]"));
    }

    [Fact]
    public async Task Rates_are_typed_as_percentages_with_the_unit_shown_and_stored_as_fractions()
    {
        var cut = await RenderEditorWithExampleAsync();
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        var field = cut.Find("[data-field='discountRateAnnual']");
        Assert.Equal((Example().DiscountRateAnnual * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), field.QuerySelector("input")!.GetAttribute("value"));
        Assert.Contains("% per year", field.TextContent, StringComparison.Ordinal);

        Type(cut, "discountRateAnnual", "7");

        Eventually(() => Assert.Equal(0.07, workspace.Scenario!.DiscountRateAnnual), Patience);
        Eventually(() => Assert.Equal("7", cut.Find("[data-field='discountRateAnnual'] input").GetAttribute("value")), Patience);
    }

    [Fact]
    public async Task A_rate_out_of_range_is_explained_in_percent_under_its_field()
    {
        var cut = await RenderEditorWithExampleAsync();

        Type(cut, "options[1].targetUtilization", "150");

        Eventually(() =>
            Assert.Contains("Target utilization must be >= 1 % and <= 100 % (got 150 %)", cut.Find("[data-field='options[1].targetUtilization']").TextContent, StringComparison.Ordinal), Patience);
        Assert.Equal(1.5, Services.GetRequiredService<ScenarioWorkspace>().Scenario!.Options[1] is CloudOption cloud ? cloud.TargetUtilization : double.NaN);
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
