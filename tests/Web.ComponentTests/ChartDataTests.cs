using Planner.CostModel.Evaluation;
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

    [Fact]
    public void Cumulative_cash_series_are_running_sums_of_each_option_monthly_cash()
    {
        var evaluation = CostEngine.Evaluate(Example());

        var cut = Render<CumulativeCashChart>(p => p.Add(x => x.Evaluation, evaluation));

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

        var cut = Render<DemandChart>(p => p.Add(x => x.Scenario, scenario).Add(x => x.Evaluation, evaluation));

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
        Assert.Equal(CompareCharts.TornadoBase(evaluation), rows[0].BaseResult);
        var low = (Bar)Traces(cut)[0];
        var top = low.X.Count - 1;
        Assert.Equal(widest.LowResult, Convert.ToDouble(low.BaseArray[top], System.Globalization.CultureInfo.InvariantCulture) + Convert.ToDouble(low.X[top], System.Globalization.CultureInfo.InvariantCulture), 6);
    }
}
