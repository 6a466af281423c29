using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;

namespace Planner.Web.Services;

/// <summary>One line or bar series of a chart: points (X[i], Y[i]); Y is NaN where there is no value.</summary>
public sealed record ChartSeries(string Key, string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>A vertical mark on a chart's x axis (a break-even month or demand), with its label.</summary>
public sealed record ChartMarker(double At, string Label);

public sealed record ChartData(IReadOnlyList<ChartSeries> Series, IReadOnlyList<ChartMarker> Markers);

/// <summary>One tornado bar drawn from the base result to the results at the input's low and high values.</summary>
public sealed record TornadoRow(string Label, double BaseResult, double LowResult, double HighResult, string LowValue, string HighValue, bool ChangesRecommendation);

/// <summary>
/// The numbers behind the compare page's charts, taken from an evaluation (and, for the demand curve,
/// <see cref="CostEngine.DemandCurve"/>). Pure functions, so tests check them against the evaluation.
/// </summary>
public static class CompareCharts
{
    /// <summary>Monthly cost categories in the order they are stacked; resale is negative (cash in).</summary>
    public static readonly IReadOnlyList<(string Name, Func<MonthlyCash, double> Value)> Categories =
    [
        ("Usage", m => m.Usage), ("Compute", m => m.Compute), ("Energy", m => m.Energy), ("Colocation", m => m.Colocation),
        ("Maintenance", m => m.Maintenance), ("Staff", m => m.Staff), ("Capex", m => m.Capex), ("Setup", m => m.Setup),
        ("Fixed", m => m.Fixed), ("Resale", m => m.Resale),
    ];

    /// <summary>Cumulative cash of every option by month (0..H), with each option's payback month against the baseline marked.</summary>
    public static ChartData CumulativeCash(ScenarioEvaluation evaluation)
    {
        var series = evaluation.Options.Select(option =>
        {
            var total = 0.0;
            var cumulative = option.Months.Select(m => total += m.Cash).ToArray();
            return new ChartSeries(option.Id, option.Name, option.Months.Select(m => (double)m.Month).ToArray(), cumulative);
        }).ToList();
        var baseline = evaluation.GetOption(evaluation.Baseline).Name;
        var markers = evaluation.Comparisons
            .Where(c => c.PaybackMonth is > 0)
            .Select(c => new ChartMarker(c.PaybackMonth!.Value, $"{evaluation.GetOption(c.Option).Name} pays back against {baseline}: month {c.PaybackMonth}"))
            .ToList();
        return new ChartData(series, markers);
    }

    /// <summary>One option's monthly cash by category (months 1..H plus month 0's up-front costs); categories that are always zero are left out.</summary>
    public static ChartData CostByCategory(OptionResult option)
    {
        var months = option.Months.Select(m => (double)m.Month).ToArray();
        var series = Categories
            .Where(c => option.Months.Any(m => c.Value(m) != 0))
            .Select(c => new ChartSeries(c.Name.ToLowerInvariant(), c.Name, months, option.Months.Select(c.Value).ToArray()))
            .ToList();
        return new ChartData(series, []);
    }

    /// <summary>
    /// Levelized cost per million tokens of every option over first-month demands from a tenth to ten times the scenario's,
    /// spaced evenly on a log scale, with the break-even demands against the baseline marked.
    /// </summary>
    public static ChartData LevelizedCostVsDemand(Scenario scenario, ScenarioEvaluation evaluation, int points = 41)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var center = scenario.Workload.RequestsPerMonth > 0 ? scenario.Workload.RequestsPerMonth : 1_000_000;
        var demands = Enumerable.Range(0, points).Select(i => center * Math.Pow(10, -1 + 2.0 * i / (points - 1))).ToArray();
        var curve = CostEngine.DemandCurve(scenario, demands);
        var series = scenario.Options.Select((option, index) => new ChartSeries(
            option.Id,
            option.DisplayName,
            curve.Select(p => p.RequestsPerMonth).ToArray(),
            curve.Select(p => p.LevelizedCostPerMillionTokens[index] ?? double.NaN).ToArray())).ToList();
        var baseline = evaluation.GetOption(evaluation.Baseline).Name;
        var markers = evaluation.Comparisons
            .Where(c => c.BreakEvenRequestsPerMonth is not null)
            .Select(c => new ChartMarker(c.BreakEvenRequestsPerMonth!.Value,
                $"{evaluation.GetOption(c.Option).Name} = {baseline} at {Display.Number(c.BreakEvenRequestsPerMonth.Value)} requests/month"))
            .ToList();
        return new ChartData(series, markers);
    }

    /// <summary>The tornado metric's value with every input at its base value.</summary>
    public static double TornadoBase(ScenarioEvaluation evaluation) =>
        evaluation.TornadoMetric == "npvSavings"
            ? evaluation.Comparisons.First(c => c.Option == evaluation.Recommendation).NpvSavings
            : evaluation.GetOption(evaluation.Baseline).PresentValue;

    /// <summary>The tornado's bars, widest swing first.</summary>
    public static IReadOnlyList<TornadoRow> Tornado(ScenarioEvaluation evaluation)
    {
        var baseResult = TornadoBase(evaluation);
        return evaluation.Tornado
            .OrderByDescending(b => b.Swing)
            .Select(b => new TornadoRow(b.Label, baseResult, b.LowResult, b.HighResult,
                Display.Input(b.LowValue, b.Unit, evaluation.Currency), Display.Input(b.HighValue, b.Unit, evaluation.Currency), b.ChangesRecommendation))
            .ToList();
    }

    /// <summary>"NPV savings of X against Y" or "present value of Y": what the tornado's axis measures.</summary>
    public static string TornadoMetricLabel(ScenarioEvaluation evaluation) =>
        evaluation.TornadoMetric == "npvSavings"
            ? $"NPV savings of {evaluation.GetOption(evaluation.Recommendation).Name} against {evaluation.GetOption(evaluation.Baseline).Name}"
            : $"Present value of cost of {evaluation.GetOption(evaluation.Baseline).Name}";
}
