using System.Globalization;
using Planner.CostModel.Evaluation;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>The readable console form of an evaluation.</summary>
public static class EvaluationTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(ScenarioEvaluation e) => PlainConsole.Render(console => Write(console, e));

    public static void Write(IAnsiConsole console, ScenarioEvaluation e)
    {
        var recommended = e.GetOption(e.Recommendation);
        console.WriteLine($"{e.Scenario} ({e.HorizonMonths} months, discount rate {e.DiscountRateAnnual.ToString("P1", Invariant)} a year, {e.Currency})");
        console.WriteLine(e.RunnerUp is null
            ? $"Recommendation: {recommended.Name}"
            : $"Recommendation: {recommended.Name}, {Money(e.RecommendationMargin, e.Currency)} cheaper in present value than {e.GetOption(e.RunnerUp).Name}");

        var options = PlainConsole.RightAlignedTable("Options", ["option", "kind", "total cost", "present value", "per 1M tokens", "peak GPUs", "servers", "capex", "NPV", "ROI"]);
        foreach (var o in e.Options)
        {
            options.AddRow(PlainConsole.Cells(
                o.Id == e.Recommendation ? $"* {o.Id}" : o.Id,
                o.Kind,
                Money(o.TotalCost, e.Currency),
                Money(o.PresentValue, e.Currency),
                o.LevelizedCostPerMillionTokens is { } l ? l.ToString("N3", Invariant) : "-",
                o.PeakGpus.ToString(Invariant),
                o.Servers.ToString(Invariant),
                Money(o.Capex, e.Currency),
                o.Npv is { } npv ? Money(npv, e.Currency) : "-",
                o.Roi is { } roi ? roi.ToString("P1", Invariant) : "-"));
        }
        console.Write(options);
        foreach (var o in e.Options.Where(o => o.Hybrid is not null))
        {
            var split = o.Hybrid!;
            var fleet = split.BasePercentile is { } p
                ? $"servers bought for the {Number(p)}th percentile hour ({Number(split.PercentileHourFactor ?? 0)} x average"
                    + (split.BaseServers is { } least ? $", never fewer than {least})" : ")")
                : $"{split.BaseServers} owned servers";
            console.WriteLine($"Hybrid {o.Id}: {fleet} served {split.OwnedShare.ToString("P1", Invariant)} of the requests; "
                + $"{split.OverflowRequests.ToString("N0", Invariant)} overflowed to {split.OverflowTo} ({split.OverflowKind}) for {Money(split.OverflowCost, e.Currency)} before tax, undiscounted.");
        }
        WriteSizedAtTargets(console, e);
        if (e.Benefits?.DescribeModels(item => $"{e.Currency} {Number(item)}", month => Money(month, e.Currency)) is { Count: > 0 } models)
        {
            console.WriteLine($"Value models: {string.Join("; ", models)}.");
        }

        if (e.Comparisons.Count > 0)
        {
            var comparisons = PlainConsole.RightAlignedTable($"Against the baseline ({e.Baseline})", ["option", "NPV savings", "IRR (annual)", "payback month", "discounted payback", "break-even requests/month"]);
            foreach (var c in e.Comparisons)
            {
                comparisons.AddRow(PlainConsole.Cells(
                    c.Option,
                    Money(c.NpvSavings, e.Currency),
                    IrrNotes.Shown(c) + (c.IrrNote is null ? "" : " *"),
                    c.PaybackMonth?.ToString(Invariant) ?? "never",
                    c.DiscountedPaybackMonth?.ToString(Invariant) ?? "never",
                    c.BreakEvenRequestsPerMonth is { } b ? b.ToString("N0", Invariant) : "-"));
            }
            console.Write(comparisons);
            foreach (var c in e.Comparisons.Where(c => c.IrrNote is not null))
            {
                console.WriteLine($"* {c.Option}: {c.IrrNote}.");
            }
        }

        if (e.Tornado.Count > 0)
        {
            console.Write(TornadoTable($"What moves the answer ({e.TornadoMetric}, top 8)", e.Tornado, e.Currency));
        }
        if (e.ValueTornado is { Count: > 0 } valueTornado)
        {
            console.Write(TornadoTable($"What moves the value (npv of {e.Recommendation}, top 8)", valueTornado, e.Currency));
        }
    }

    /// <summary>
    /// The options sized at the latency targets and each hybrid's cloud overflow sized at them
    /// (<see cref="HybridSplit.OverflowAtTargets"/>, named "hybrid: overflow to cloud"), one line each with the cost model's
    /// sizing words, as the web results and the PDF show them.
    /// </summary>
    private static void WriteSizedAtTargets(IAnsiConsole console, ScenarioEvaluation e)
    {
        var sized = e.Options.Where(o => o.AtTargets is not null).Select(o => (Name: o.Id, AtTargets: o.AtTargets!))
            .Concat(e.Options.Where(o => o.Hybrid?.OverflowAtTargets is not null)
                .Select(o => (Name: $"{o.Id}: overflow to {o.Hybrid!.OverflowTo}", AtTargets: o.Hybrid!.OverflowAtTargets!)))
            .ToList();
        if (sized.Count == 0)
        {
            return;
        }
        var first = sized[0].AtTargets;
        console.WriteLine($"At the latency targets (p95 TTFT <= {Number(first.TtftP95Seconds)} s, ITL <= {Number(first.ItlP95Seconds)} s):");
        foreach (var (name, a) in sized)
        {
            console.WriteLine($"- {name}: {a.Sizing}, {Number(a.ReplicaRequestsPerSecond)} req/s per replica of {a.GpusPerReplica} GPU" + (a.GpusPerReplica == 1 ? "" : "s")
                + $"; busiest hour {Number(a.PeakRequestsPerSecond)} req/s on {a.PeakReplicas} replicas; utilization {a.AchievedUtilization.ToString("P1", Invariant)}"
                + $"; per 1M tokens {PerMillion(a.CostPerMillionTokensAtTargets, e.Currency)} at the targets, {PerMillion(a.CostPerMillionTokensWithoutTargets, e.Currency)} without them.");
        }
    }

    private static string PerMillion(double? value, string currency) => value is { } v ? $"{currency} {v.ToString("N3", Invariant)}" : "-";

    private static Table TornadoTable(string title, IReadOnlyList<TornadoBar> bars, string currency)
    {
        var tornado = PlainConsole.RightAlignedTable(title, ["input", "low", "high", "result at low", "result at high", "swing", "flips?"]);
        foreach (var bar in bars.Take(8))
        {
            tornado.AddRow(PlainConsole.Cells(
                bar.Label,
                Number(bar.LowValue),
                Number(bar.HighValue),
                Money(bar.LowResult, currency),
                Money(bar.HighResult, currency),
                Money(bar.Swing, currency),
                bar.ChangesRecommendation ? "yes" : ""));
        }
        return tornado;
    }

    public static string Money(double value, string currency) => $"{currency} {value.ToString("N0", Invariant)}";

    public static string Number(double value) => Math.Abs(value) >= 1000 ? value.ToString("N0", Invariant) : value.ToString("G4", Invariant);
}
