using Planner.CostModel.Evaluation;
using Planner.Web.Components.Shared;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class ResultsPanelTests : MudTestContext
{
    [Fact]
    public void Shows_present_value_and_levelized_cost_of_every_option_formatted_in_the_scenario_currency()
    {
        var evaluation = CostEngine.Evaluate(Example());

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, evaluation));

        foreach (var option in evaluation.Options)
        {
            var row = cut.Find($"[data-testid=option-results] tr[data-option={option.Id}]");
            Assert.Equal(Display.Money(option.PresentValue, "USD"), row.QuerySelector("[data-metric=presentValue]")!.TextContent);
            Assert.Equal(Display.PerMillionTokens(option.LevelizedCostPerMillionTokens, "USD"), row.QuerySelector("[data-metric=levelizedCost]")!.TextContent);
            Assert.StartsWith("$", row.QuerySelector("[data-metric=presentValue]")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(",", row.QuerySelector("[data-metric=presentValue]")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Shows_npv_savings_irr_and_payback_against_the_baseline()
    {
        var evaluation = CostEngine.Evaluate(Example());

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, evaluation));

        foreach (var comparison in evaluation.Comparisons)
        {
            var row = cut.Find($"[data-testid=comparisons] tr[data-option={comparison.Option}]");
            Assert.Equal(Display.Money(comparison.NpvSavings, "USD"), row.QuerySelector("[data-metric=npvSavings]")!.TextContent);
            Assert.Equal(comparison.IrrAnnual is null ? "—" : Display.Percent(comparison.IrrAnnual), row.QuerySelector("[data-metric=irr]")!.TextContent);
            Assert.Equal(Display.Month(comparison.PaybackMonth), row.QuerySelector("[data-metric=payback]")!.TextContent);
        }
    }

    [Fact]
    public void Without_an_evaluation_explains_when_results_appear()
    {
        var cut = Render<ResultsPanel>();

        Assert.Contains("once the scenario has no problems", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=recommendation]"));
    }

    [Fact]
    public void Money_is_written_with_currency_symbol_and_thousands_separators()
    {
        Assert.Equal("$1,234,568", Display.Money(1_234_567.8, "USD"));
        Assert.Equal("-€12,345.68", Display.Money(-12_345.678, "EUR", 2));
        Assert.Equal("SEK 1,000", Display.Money(1000, "SEK"));
    }
}
