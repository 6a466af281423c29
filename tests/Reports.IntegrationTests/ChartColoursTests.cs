using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.Reports.Pdf;
using ScottPlot;

namespace Planner.Reports.IntegrationTests;

/// <summary>The PDF's charts take their colours from <see cref="ChartColours"/>, the table the web charts use too.</summary>
public sealed class ChartColoursTests
{
    [Fact]
    public void The_table_holds_distinct_css_hex_colours_for_options_and_cost_categories()
    {
        Assert.All(ChartColours.Options.Concat(ChartColours.CostCategories.Select(c => c.Colour)), c => Assert.Matches("^#[0-9A-F]{6}$", c));
        Assert.Equal(ChartColours.Options.Count, ChartColours.Options.Distinct().Count());
        Assert.Equal(ChartColours.CostCategories.Count, ChartColours.CostCategories.Select(c => c.Colour).Distinct().Count());
        Assert.Equal(ChartColours.Options[1], ChartColours.ForOption(1));
        Assert.Equal(ChartColours.Options[1], ChartColours.ForOption(ChartColours.Options.Count + 1));
        Assert.NotEqual(ChartColours.TornadoLow, ChartColours.TornadoHigh);
    }

    [Fact]
    public void Pdf_cumulative_cash_draws_each_option_in_its_table_colour()
    {
        var evaluation = CostEngine.Evaluate(Scenarios.Example());

        var plot = ReportCharts.CumulativeCash(evaluation, ReportText.English);

        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(evaluation.Options.Count, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal(evaluation.Options[i].Name, lines[i].LegendText);
            Assert.Equal(Color.FromHex(ChartColours.ForOption(i)), lines[i].Color);
        }
    }

    [Fact]
    public void Pdf_monthly_cost_and_tornado_use_the_table_category_and_side_colours()
    {
        var evaluation = CostEngine.Evaluate(Scenarios.SixtyMonths());
        var onPrem = evaluation.GetOption("onprem");

        var monthly = ReportCharts.MonthlyCost(onPrem, evaluation.Currency, ReportText.English);
        var legend = monthly.Legend.ManualItems.ToDictionary(i => i.LabelText, i => i.FillColor);
        Assert.NotEmpty(legend);
        foreach (var (name, colour) in legend)
        {
            Assert.Equal(Color.FromHex(ChartColours.CostCategories.Single(c => c.Name == name).Colour), colour);
        }

        var tornado = ReportCharts.Tornado(evaluation.Tornado, 0, evaluation.Currency, "axis", ReportText.English);
        var sides = tornado.Legend.ManualItems.Select(i => i.FillColor).ToList();
        Assert.Equal([Color.FromHex(ChartColours.TornadoLow), Color.FromHex(ChartColours.TornadoHigh)], sides);
    }
}
