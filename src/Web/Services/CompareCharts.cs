using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.Reports.Localization;
using Planner.Web.Localization;

namespace Planner.Web.Services;

/// <summary>
/// One line or bar series of a chart: points (X[i], Y[i]); Y is NaN where there is no value. <see cref="Group"/> is the
/// position of the scenario the series belongs to when several scenarios share a chart (0 otherwise).
/// </summary>
public sealed record ChartSeries(string Key, string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, int Group = 0);

/// <summary>A vertical mark on a chart's x axis (a break-even month or demand), with its label.</summary>
public sealed record ChartMarker(double At, string Label);

public sealed record ChartData(IReadOnlyList<ChartSeries> Series, IReadOnlyList<ChartMarker> Markers);

/// <summary>
/// A scenario on the compare page: the resolved scenario, its evaluation, and the label that prefixes its options'
/// names ("Scenario · Option") when several scenarios are compared (null when only one scenario's options are).
/// </summary>
public sealed record ComparedScenario(string Key, string? Label, Scenario Scenario, ScenarioEvaluation Evaluation)
{
    /// <summary>The option's name as charts and tables show it: "Label · Option", or the option's name alone.</summary>
    public string Name(string optionName) => Label is null ? optionName : $"{Label} · {optionName}";

    /// <summary>"Label: " before a marker's text (which names an option and its baseline), or nothing.</summary>
    internal string MarkerPrefix => Label is null ? "" : Label + ": ";
}

/// <summary>A way the compared scenarios differ (the scenario field, and a sentence saying how and what it means for the numbers).</summary>
public sealed record ScenarioDifference(string Field, string Text);

/// <summary>One tornado bar drawn from the base result to the results at the input's low and high values.</summary>
public sealed record TornadoRow(string Label, double BaseResult, double LowResult, double HighResult, string LowValue, string HighValue, bool ChangesRecommendation);

/// <summary>
/// The numbers behind the compare page's charts, taken from an evaluation (and, for the demand curve,
/// <see cref="CostEngine.DemandCurve"/>). Pure functions, so tests check them against the evaluation.
/// </summary>
public static class CompareCharts
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Text = ResourceText.For(typeof(CompareCharts));

    /// <summary>Monthly cost categories in the order they are stacked; resale is negative (cash in).</summary>
    public static IReadOnlyList<Planner.Reports.CostCategory> Categories => Planner.Reports.ChartColours.CostCategories;

    /// <summary>
    /// Cumulative cash of every option of every scenario by month (0..H), with each option's payback month against its
    /// scenario's baseline marked. The scenarios share a currency (see <see cref="Currency"/>).
    /// </summary>
    public static ChartData CumulativeCash(IReadOnlyList<ComparedScenario> scenarios)
    {
        Currency(scenarios);
        var series = new List<ChartSeries>();
        var markers = new List<ChartMarker>();
        foreach (var (compared, group) in scenarios.Select((s, i) => (s, i)))
        {
            var evaluation = compared.Evaluation;
            series.AddRange(evaluation.Options.Select(option =>
            {
                var total = 0.0;
                var cumulative = option.Months.Select(m => total += m.Cash).ToArray();
                return new ChartSeries(SeriesKey(compared, option.Id), compared.Name(option.Name), option.Months.Select(m => (double)m.Month).ToArray(), cumulative, group);
            }));
            var baseline = evaluation.GetOption(evaluation.Baseline).Name;
            markers.AddRange(evaluation.Comparisons
                .Where(c => c.PaybackMonth is > 0)
                .Select(c => new ChartMarker(c.PaybackMonth!.Value, Text["PaysBack", compared.MarkerPrefix, evaluation.GetOption(c.Option).Name, baseline, c.PaybackMonth!.Value])));
        }
        return new ChartData(series, markers);
    }

    /// <summary>One option's monthly cash by category (months 1..H plus month 0's up-front costs); categories that are always zero are left out.</summary>
    public static ChartData CostByCategory(OptionResult option)
    {
        var months = option.Months.Select(m => (double)m.Month).ToArray();
        var series = Categories
            .Where(c => option.Months.Any(m => c.Value(m) != 0))
            .Select(c => new ChartSeries(c.Name.ToLowerInvariant(), Text["Category_" + c.Name], months, option.Months.Select(c.Value).ToArray()))
            .ToList();
        return new ChartData(series, []);
    }

    /// <summary>
    /// Levelized cost per million tokens of every option of every scenario over first-month demands from a tenth to ten
    /// times the scenario's own, spaced evenly on a log scale, with the break-even demands against each scenario's
    /// baseline marked. The scenarios share a currency (see <see cref="Currency"/>).
    /// </summary>
    public static ChartData LevelizedCostVsDemand(IReadOnlyList<ComparedScenario> scenarios, int points = 41)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        Currency(scenarios);
        var series = new List<ChartSeries>();
        var markers = new List<ChartMarker>();
        foreach (var (compared, group) in scenarios.Select((s, i) => (s, i)))
        {
            var (scenario, evaluation) = (compared.Scenario, compared.Evaluation);
            var center = scenario.Workload.RequestsPerMonth > 0 ? scenario.Workload.RequestsPerMonth : 1_000_000;
            var demands = Enumerable.Range(0, points).Select(i => center * Math.Pow(10, -1 + 2.0 * i / (points - 1))).ToArray();
            var curve = CostEngine.DemandCurve(scenario, demands);
            series.AddRange(scenario.Options.Select((option, index) => new ChartSeries(
                SeriesKey(compared, option.Id),
                compared.Name(option.DisplayName),
                curve.Select(p => p.RequestsPerMonth).ToArray(),
                curve.Select(p => p.LevelizedCostPerMillionTokens[index] ?? double.NaN).ToArray(),
                group)));
            var baseline = evaluation.GetOption(evaluation.Baseline).Name;
            markers.AddRange(evaluation.Comparisons
                .Where(c => c.BreakEvenRequestsPerMonth is not null)
                .Select(c => new ChartMarker(c.BreakEvenRequestsPerMonth!.Value,
                    Text["BreakEven", compared.MarkerPrefix, evaluation.GetOption(c.Option).Name, baseline, Display.Number(c.BreakEvenRequestsPerMonth.Value)])));
        }
        return new ChartData(series, markers);
    }

    /// <summary>
    /// The currency every scenario is in. Amounts in different currencies are never drawn on one axis (nor added):
    /// the compare page draws one chart per currency.
    /// </summary>
    /// <exception cref="ArgumentException">No scenarios, or scenarios in different currencies.</exception>
    public static string Currency(IReadOnlyList<ComparedScenario> scenarios)
    {
        var currencies = scenarios.Select(s => s.Evaluation.Currency).Distinct(StringComparer.Ordinal).ToList();
        return currencies.Count == 1
            ? currencies[0]
            : throw new ArgumentException(currencies.Count == 0
                ? "no scenarios to chart"
                : $"the scenarios are in different currencies ({string.Join(", ", currencies)}); chart each currency on its own", nameof(scenarios));
    }

    /// <summary>
    /// What differs between the compared scenarios in a way that changes how their numbers compare: currency (amounts
    /// are never converted), horizon and discount rate (present values cover different periods or discount differently).
    /// One per difference (<see cref="ScenarioDifference.Field"/> "currency", "horizonMonths" or "discountRate"); empty when they agree.
    /// </summary>
    public static IReadOnlyList<ScenarioDifference> Differences(IReadOnlyList<ComparedScenario> scenarios)
    {
        var differences = new List<ScenarioDifference>();
        string Each<T>(Func<ScenarioEvaluation, T> value, Func<T, string> text) =>
            string.Join("; ", scenarios.Select(s => $"{s.Label ?? s.Evaluation.Scenario}: {text(value(s.Evaluation))}"));
        bool Differ<T>(Func<ScenarioEvaluation, T> value) => scenarios.Select(s => value(s.Evaluation)).Distinct().Count() > 1;

        if (Differ(e => e.Currency))
        {
            differences.Add(new("currency", Text["DifferentCurrencies", Each(e => e.Currency, c => c)]));
        }
        if (Differ(e => e.HorizonMonths))
        {
            differences.Add(new("horizonMonths", Text["DifferentHorizons", Each(e => e.HorizonMonths, h => Text["Months", h])]));
        }
        if (Differ(e => e.DiscountRateAnnual))
        {
            differences.Add(new("discountRate", Text["DifferentRates", Each(e => e.DiscountRateAnnual, r => Display.Percent(r))]));
        }
        return differences;
    }

    private static string SeriesKey(ComparedScenario compared, string optionId) =>
        compared.Label is null ? optionId : $"{compared.Key}/{optionId}";

    /// <summary>The tornado metric's value with every input at its base value; for the value tornado, the recommendation's NPV.</summary>
    public static double TornadoBase(ScenarioEvaluation evaluation, bool value = false) =>
        value ? evaluation.ValueTornadoBase() : evaluation.TornadoBase();

    /// <summary>The tornado's bars (the value tornado's when <paramref name="value"/>; none without benefits), widest swing first.</summary>
    public static IReadOnlyList<TornadoRow> Tornado(ScenarioEvaluation evaluation, bool value = false)
    {
        var baseResult = TornadoBase(evaluation, value);
        return (value ? evaluation.ValueTornado ?? [] : evaluation.Tornado)
            .OrderByDescending(b => b.Swing)
            .Select(b => new TornadoRow(TornadoLabel(evaluation, b), baseResult, b.LowResult, b.HighResult,
                Display.Input(b.LowValue, b.Unit, evaluation.Currency), Display.Input(b.HighValue, b.Unit, evaluation.Currency), b.ChangesRecommendation))
            .ToList();
    }

    /// <summary>"NPV savings of X against Y", "present value of Y" or, for the value tornado, "NPV of X": what the tornado's axis measures.</summary>
    public static string TornadoMetricLabel(ScenarioEvaluation evaluation, bool value = false) =>
        value
            ? Text["ValueTornadoMetric", evaluation.GetOption(evaluation.Recommendation).Name]
            : evaluation.TornadoMetric == ResultMetrics.NpvSavings.Name
                ? Text["SavingsTornadoMetric", evaluation.GetOption(evaluation.Recommendation).Name, evaluation.GetOption(evaluation.Baseline).Name]
                : Text["CostTornadoMetric", evaluation.GetOption(evaluation.Baseline).Name];

    /// <summary>A tornado bar's input in the interface language: "Option: Field" for an option's field, as the cost model writes it in English.</summary>
    private static string TornadoLabel(ScenarioEvaluation evaluation, TornadoBar bar)
    {
        var dot = bar.Input.IndexOf('.', StringComparison.Ordinal);
        var option = dot < 0 ? null : evaluation.Options.FirstOrDefault(o => string.Equals(o.Id, bar.Input[..dot], StringComparison.Ordinal));
        if (option is null)
        {
            return CostModelText.Label(bar.Input, bar.Label, null);
        }
        var english = bar.Label[(bar.Label.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
        var label = CostModelText.Label(bar.Input, english, option.Kind);
        return ReferenceEquals(label, english) ? bar.Label : $"{option.Name}: {label}";
    }
}
