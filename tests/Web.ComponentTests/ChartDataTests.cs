using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.Web.Components.Charts;
using Planner.Web.Services;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace Planner.Web.ComponentTests;

public sealed class ChartDataTests : MudTestContext
{
    private static IList<ITrace> Traces(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut) =>
        cut.FindComponent<PlotlyChart>().Instance.Data;

    private static double[] Numbers(IList<object> values) => values.Select(v => v is null ? double.NaN : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>An example scenario (no references, so it is its own resolved form) and its evaluation, labelled for a multi-scenario chart.</summary>
    private static ComparedScenario Compared(string example, string? label = null, Func<Scenario, Scenario>? change = null)
    {
        var scenario = change is null ? Example(example) : change(Example(example));
        return new ComparedScenario(example, label, scenario, CostEngine.Evaluate(scenario));
    }

    private static ComparedScenario[] TwoScenarios() =>
        [Compared("support-assistant", "Support"), Compared("document-summarization", "Summaries")];

    [Fact]
    public void Cumulative_cash_series_are_running_sums_of_each_option_monthly_cash()
    {
        var evaluation = CostEngine.Evaluate(Example());

        var cut = Render<CumulativeCashChart>(p => p.Add(x => x.Scenarios, [new ComparedScenario("", null, Example(), evaluation)]));

        var traces = Traces(cut).Cast<Scatter>().ToList();
        Assert.Equal(evaluation.Options.Count, traces.Count);
        for (var i = 0; i < traces.Count; i++)
        {
            var option = evaluation.Options[i];
            var y = Numbers(traces[i].Y);
            Assert.Equal(option.Months.Count, y.Length);
            Assert.Equal(option.Months[0].Cash, y[0], 6);
            Assert.Equal(option.TotalCost, y[^1], 6);
        }
        var markers = cut.Instance.Chart.Markers;
        Assert.Equal(evaluation.Comparisons.Count(c => c.PaybackMonth > 0), markers.Count);
        Assert.All(markers, m => Assert.Contains(evaluation.Comparisons, c => c.PaybackMonth == (int)m.At));
    }

    [Fact]
    public void Charts_take_option_category_and_tornado_colours_from_the_table_the_pdf_uses()
    {
        var evaluation = CostEngine.Evaluate(Example());

        var cash = Render<CumulativeCashChart>(p => p.Add(x => x.Scenarios, [new ComparedScenario("", null, Example(), evaluation)]));
        var lines = Traces(cash).Cast<Scatter>().ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal(Planner.Reports.ChartColours.ForOption(i), lines[i].Line.Color);
        }

        var categories = Render<CostByCategoryChart>(p => p.Add(x => x.Option, evaluation.GetOption("onprem")).Add(x => x.Currency, "USD"));
        var bars = Traces(categories).Cast<Bar>().ToList();
        Assert.NotEmpty(bars);
        Assert.All(bars, b => Assert.Equal(Planner.Reports.ChartColours.CostCategories.Single(c => c.Name == b.Name).Colour, b.Marker.Color));

        var tornado = Render<TornadoChart>(p => p.Add(x => x.Evaluation, evaluation));
        var sides = Traces(tornado).Cast<Bar>().Select(b => b.Marker.Color).ToList();
        Assert.Equal([Planner.Reports.ChartColours.TornadoLow, Planner.Reports.ChartColours.TornadoHigh], sides);
    }

    [Fact]
    public void Stacked_categories_add_up_to_each_month_cash()
    {
        var evaluation = CostEngine.Evaluate(Example());
        var onPrem = evaluation.GetOption("onprem");

        var cut = Render<CostByCategoryChart>(p => p.Add(x => x.Option, onPrem).Add(x => x.Currency, "USD"));

        var bars = Traces(cut).Cast<Bar>().Select(b => Numbers(b.Y)).ToList();
        Assert.NotEmpty(bars);
        for (var m = 0; m < onPrem.Months.Count; m++)
        {
            Assert.Equal(onPrem.Months[m].Cash, bars.Sum(b => b[m]), 6);
        }
    }

    [Fact]
    public void Demand_curve_passes_through_the_evaluated_levelized_cost_and_marks_break_even_demand()
    {
        var scenario = Example();
        var evaluation = CostEngine.Evaluate(scenario);

        var cut = Render<DemandChart>(p => p.Add(x => x.Scenarios, [new ComparedScenario("", null, scenario, evaluation)]));

        var traces = Traces(cut).Cast<Scatter>().Take(evaluation.Options.Count).ToList();
        var x = Numbers(traces[0].X);
        var middle = Array.FindIndex(x, d => Math.Abs(d - scenario.Workload.RequestsPerMonth) < 1e-6 * scenario.Workload.RequestsPerMonth);
        Assert.True(middle >= 0, "the curve includes the scenario's own demand");
        for (var i = 0; i < traces.Count; i++)
        {
            Assert.Equal(evaluation.Options[i].LevelizedCostPerMillionTokens!.Value, Numbers(traces[i].Y)[middle], 6);
        }
        var breakEvens = evaluation.Comparisons.Where(c => c.BreakEvenRequestsPerMonth is not null).Select(c => c.BreakEvenRequestsPerMonth!.Value);
        Assert.Equal(breakEvens, cut.Instance.Chart.Markers.Select(m => m.At));
    }

    [Fact]
    public void Tornado_bars_span_from_the_base_result_to_the_low_and_high_results()
    {
        var evaluation = CostEngine.Evaluate(Example());

        var cut = Render<TornadoChart>(p => p.Add(x => x.Evaluation, evaluation));

        var rows = cut.Instance.Rows;
        Assert.Equal(evaluation.Tornado.Count, rows.Count);
        var widest = evaluation.Tornado.MaxBy(b => b.Swing)!;
        Assert.Equal(widest.LowResult, rows[0].LowResult);
        Assert.Equal(widest.HighResult, rows[0].HighResult);
        Assert.Equal(evaluation.TornadoBase(), rows[0].BaseResult);
        var low = (Bar)Traces(cut)[0];
        var top = low.X.Count - 1;
        Assert.Equal(widest.LowResult, Convert.ToDouble(low.BaseArray[top], System.Globalization.CultureInfo.InvariantCulture) + Convert.ToDouble(low.X[top], System.Globalization.CultureInfo.InvariantCulture), 6);
    }

    [Fact]
    public void The_value_tornado_draws_the_npv_bars_around_the_recommendations_npv()
    {
        var evaluation = CostEngine.Evaluate(Example("line-optimization"));

        var cut = Render<TornadoChart>(p => p.Add(x => x.Evaluation, evaluation).Add(x => x.Value, true));

        var rows = cut.Instance.Rows;
        Assert.Equal(evaluation.ValueTornado!.Count, rows.Count);
        Assert.Contains(evaluation.ValueTornado, b => b.Input.StartsWith("benefits.lineOptimization.", StringComparison.Ordinal));
        var widest = evaluation.ValueTornado!.MaxBy(b => b.Swing)!;
        Assert.Equal(widest.HighResult, rows[0].HighResult);
        Assert.Equal(evaluation.GetOption(evaluation.Recommendation).Npv!.Value, rows[0].BaseResult);
        Assert.Single(cut.FindAll("[data-chart=value-tornado]"));
    }

    [Fact]
    public void Cumulative_cash_of_several_scenarios_draws_every_option_as_scenario_and_option_with_each_payback_marked()
    {
        var scenarios = TwoScenarios();

        var cut = Render<CumulativeCashChart>(p => p.Add(x => x.Scenarios, scenarios));

        var traces = Traces(cut).Cast<Scatter>().ToList();
        var expected = scenarios.SelectMany(s => s.Evaluation.Options.Select(o => (Scenario: s, Option: o))).ToList();
        Assert.Equal(expected.Count, traces.Count);
        for (var i = 0; i < traces.Count; i++)
        {
            var (scenario, option) = expected[i];
            Assert.Equal($"{scenario.Label} · {option.Name}", traces[i].Name);
            var y = Numbers(traces[i].Y);
            Assert.Equal(scenario.Evaluation.HorizonMonths + 1, y.Length);
            Assert.Equal(option.TotalCost, y[^1], 6);
        }
        // The second scenario's lines are dotted, so two options in the same position (same colour) stay apart.
        Assert.Equal("solid", traces[0].Line.Dash);
        Assert.Equal("dot", traces[^1].Line.Dash);
        var paybacks = scenarios.SelectMany(s => s.Evaluation.Comparisons.Where(c => c.PaybackMonth > 0).Select(c => (s.Label, c.PaybackMonth))).ToList();
        Assert.Equal(paybacks.Select(p => (double)p.PaybackMonth!.Value), cut.Instance.Chart.Markers.Select(m => m.At));
        Assert.All(cut.Instance.Chart.Markers.Zip(paybacks), pair => Assert.StartsWith(pair.Second.Label + ": ", pair.First.Label, StringComparison.Ordinal));
    }

    [Fact]
    public void Demand_curves_of_several_scenarios_pass_through_each_scenario_levelized_cost_at_its_own_demand()
    {
        var scenarios = TwoScenarios();

        var cut = Render<DemandChart>(p => p.Add(x => x.Scenarios, scenarios));

        var traces = Traces(cut).Cast<Scatter>().ToList();
        var position = 0;
        foreach (var compared in scenarios)
        {
            var demand = compared.Scenario.Workload.RequestsPerMonth;
            foreach (var option in compared.Evaluation.Options)
            {
                var trace = traces[position++];
                Assert.Equal($"{compared.Label} · {compared.Scenario.Options.Single(o => o.Id == option.Id).DisplayName}", trace.Name);
                var x = Numbers(trace.X);
                var middle = Array.FindIndex(x, d => Math.Abs(d - demand) < 1e-6 * demand);
                Assert.True(middle >= 0, "each scenario's curve includes its own demand");
                Assert.Equal(option.LevelizedCostPerMillionTokens!.Value, Numbers(trace.Y)[middle], 6);
            }
        }
        var breakEvens = scenarios.SelectMany(s => s.Evaluation.Comparisons.Where(c => c.BreakEvenRequestsPerMonth is not null).Select(c => c.BreakEvenRequestsPerMonth!.Value));
        Assert.Equal(breakEvens, cut.Instance.Chart.Markers.Select(m => m.At));
    }

    [Fact]
    public void Scenarios_in_different_currencies_are_never_drawn_on_one_axis_and_the_difference_is_stated()
    {
        ComparedScenario[] scenarios = [Compared("support-assistant", "Support"), Compared("document-summarization", "Summaries", s => s with { Currency = "EUR" })];

        var cash = Assert.Throws<ArgumentException>(() => CompareCharts.CumulativeCash(scenarios));
        Assert.Contains("different currencies (USD, EUR)", cash.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CompareCharts.LevelizedCostVsDemand(scenarios));

        var differences = CompareCharts.Differences(scenarios);
        Assert.Equal(["currency", "horizonMonths", "discountRate"], differences.Select(d => d.Field));
        Assert.Contains("Support: USD; Summaries: EUR", differences[0].Text, StringComparison.Ordinal);
        Assert.Contains("Support: 36 months; Summaries: 24 months", differences[1].Text, StringComparison.Ordinal);
        Assert.Contains("Support: 10.0%; Summaries: 8.0%", differences[2].Text, StringComparison.Ordinal);
        Assert.Empty(CompareCharts.Differences([Compared("support-assistant", "A"), Compared("risk-support-assistant", "B")]));
    }
}
