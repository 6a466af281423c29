using Planner.CostModel.Serving;

namespace Planner.Web.Services;

/// <summary>
/// The numbers behind the capacity page's charts, read off a <see cref="CapacityPlan"/>: pure functions, so tests check
/// them against the plan.
/// </summary>
public static class CapacityCharts
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Text = Planner.Web.Localization.ResourceText.For(typeof(CapacityCharts));

    /// <summary>Which latency a latency-against-rate chart draws.</summary>
    public enum Latency
    {
        TimeToFirstToken,
        InterToken,
    }

    /// <summary>Series keys: the percentiles and the p95 target.</summary>
    public const string P50 = "p50", P95 = "p95", P99 = "p99", Target = "target", Front = "pareto", Other = "other";

    /// <summary>
    /// p50, p95 and p99 of the latency against the sweep's rates, the p95 target as a flat line across them, and a marker
    /// at the replica's capacity (when a rate meets the targets). No series when the plan has no sweep.
    /// </summary>
    public static ChartData LatencyByRate(CapacityPlan plan, Latency latency)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Sweep.Count == 0)
        {
            return new ChartData([], []);
        }
        var rates = plan.Sweep.Select(p => p.RatePerSecond).ToList();
        LatencyDistribution Of(RatePoint p) => latency == Latency.TimeToFirstToken ? p.TimeToFirstTokenMs : p.InterTokenLatencyMs;
        var target = latency == Latency.TimeToFirstToken ? plan.Targets.TimeToFirstTokenMs : plan.Targets.InterTokenLatencyMs;
        var series = new List<ChartSeries>
        {
            new(P50, "p50", rates, plan.Sweep.Select(p => Of(p).P50).ToList()),
            new(P95, "p95", rates, plan.Sweep.Select(p => Of(p).P95).ToList()),
            new(P99, "p99", rates, plan.Sweep.Select(p => Of(p).P99).ToList()),
            new(Target, Text["Target", Display.Number(target, target < 100 ? 1 : 0)], [rates[0], rates[^1]], [target, target]),
        };
        var markers = plan.AtMaxRate is null ? [] : new List<ChartMarker> { new(plan.MaxRatePerSecond, Text["Capacity", Display.Number(plan.MaxRatePerSecond, 2)]) };
        return new ChartData(series, markers);
    }

    /// <summary>
    /// The throughput-vs-latency curve: output tokens/s per GPU (y) against output tokens/s per user (x) of every shape at
    /// its capacity, the Pareto front (ordered by tokens/s per user, so it draws as a line) and the other points apart.
    /// </summary>
    public static ChartData ThroughputByLatency(CapacityPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Curve.Count == 0)
        {
            return new ChartData([], []);
        }
        var (front, others) = Split(plan);
        var series = new List<ChartSeries>
        {
            new(Front, Text["ParetoFront"], front.Select(p => p.OutputTokensPerSecondPerUser).ToList(), front.Select(p => p.OutputTokensPerSecondPerGpu).ToList()),
        };
        if (others.Count > 0)
        {
            series.Add(new(Other, Text["Dominated"], others.Select(p => p.OutputTokensPerSecondPerUser).ToList(), others.Select(p => p.OutputTokensPerSecondPerGpu).ToList()));
        }
        return new ChartData(series, []);
    }

    /// <summary>The curve's Pareto points by tokens/s per user, and the others, in the order <see cref="ThroughputByLatency"/> draws them.</summary>
    public static (IReadOnlyList<CurvePoint> Front, IReadOnlyList<CurvePoint> Others) Split(CapacityPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return (plan.Curve.Where(p => p.Pareto).OrderBy(p => p.OutputTokensPerSecondPerUser).ToList(), plan.Curve.Where(p => !p.Pareto).ToList());
    }

    /// <summary>A curve point's label: "4 GPUs, batch ≤ 64: 8.71 req/s".</summary>
    public static string Label(CurvePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return $"{point.GpusPerReplica} GPU{(point.GpusPerReplica == 1 ? "" : "s")}, batch ≤ {point.MaxBatch}: {Display.Number(point.MaxRatePerSecond, 2)} req/s";
    }
}
