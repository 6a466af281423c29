using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.Serving;

/// <summary>A latency distribution in milliseconds: how many samples, mean, percentiles (linear interpolation, <see cref="Descriptive.Percentile"/>) and max.</summary>
public sealed record LatencyDistribution(int Count, double Mean, double P50, double P90, double P95, double P99, double Max)
{
    public static LatencyDistribution Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public static LatencyDistribution Of(IEnumerable<double> samplesMs)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        var sorted = samplesMs.ToArray();
        Array.Sort(sorted); // in place: an hour of simulated traffic has ~10⁵ samples per distribution
        if (sorted.Length == 0)
        {
            return Empty;
        }
        return new LatencyDistribution(sorted.Length, sorted.Average(),
            Descriptive.Percentile(sorted, 0.50), Descriptive.Percentile(sorted, 0.90), Descriptive.Percentile(sorted, 0.95),
            Descriptive.Percentile(sorted, 0.99), sorted[^1]);
    }
}

/// <summary>
/// The serving metrics of a run (docs/methodology.md, "Serving"), over the requests that ended (completed or
/// failed); requests still in flight when a run was cancelled are only counted in <see cref="Incomplete"/>.
/// </summary>
public sealed record ServingMetrics(
    int Issued,
    int Completed,
    int Failed,
    int Incomplete,
    IReadOnlyDictionary<string, int> ErrorsByKind,
    double DurationSeconds,
    LatencyDistribution TimeToFirstTokenMs,
    LatencyDistribution InterTokenLatencyMs,
    LatencyDistribution EndToEndMs,
    long OutputTokens,
    double OutputTokensPerSecond,
    double RequestsPerSecond,
    double? Goodput,
    double? GoodputRequestsPerSecond,
    bool? MeetsTargets);

/// <summary>Computes <see cref="ServingMetrics"/> from request traces, whoever produced them.</summary>
public static class ServingSummary
{
    /// <summary>
    /// Per completed request: TTFT = first token − arrival; inter-token latency (ITL) = (last token − first token) /
    /// (output tokens − 1), undefined for a one-token answer; end-to-end = end − arrival. Output tokens/s and
    /// requests/s divide completed requests' tokens and count by <paramref name="wallSeconds"/>. Goodput = share of
    /// ended requests (failures count against it) whose TTFT and ITL are both within the targets; <c>MeetsTargets</c>
    /// = p95 TTFT and p95 ITL within the targets and no failures.
    /// </summary>
    public static ServingMetrics Summarize(IReadOnlyList<RequestTrace> requests, double wallSeconds, ServingTargets? targets)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var ended = requests.Where(r => r.EndSeconds is not null).ToList();
        var completed = ended.Where(r => r.Completed && r.TokenSeconds.Count > 0).ToList();
        var failed = ended.Where(r => r.Error is not null).ToList();
        var ttft = completed.Select(TimeToFirstTokenMs).ToList();
        var itl = completed.Select(InterTokenLatencyMs).OfType<double>().ToList();
        var e2e = completed.Select(r => (r.EndSeconds!.Value - r.ArrivalSeconds) * 1000).ToList();
        var outputTokens = completed.Sum(r => (long)r.OutputTokens);
        double? goodput = null;
        double? goodputRate = null;
        bool? meets = null;
        var ttftDistribution = LatencyDistribution.Of(ttft);
        var itlDistribution = LatencyDistribution.Of(itl);
        if (targets is not null && ended.Count > 0)
        {
            var good = completed.Count(r => TimeToFirstTokenMs(r) <= targets.TimeToFirstTokenMs
                && (InterTokenLatencyMs(r) ?? 0) <= targets.InterTokenLatencyMs);
            goodput = (double)good / ended.Count;
            goodputRate = wallSeconds > 0 ? good / wallSeconds : 0;
            meets = failed.Count == 0 && completed.Count > 0
                && ttftDistribution.P95 <= targets.TimeToFirstTokenMs
                && itlDistribution.P95 <= targets.InterTokenLatencyMs;
        }
        return new ServingMetrics(
            requests.Count,
            completed.Count,
            failed.Count,
            requests.Count - ended.Count,
            failed.GroupBy(r => r.Error!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            wallSeconds,
            ttftDistribution,
            itlDistribution,
            LatencyDistribution.Of(e2e),
            outputTokens,
            wallSeconds > 0 ? outputTokens / wallSeconds : 0,
            wallSeconds > 0 ? completed.Count / wallSeconds : 0,
            goodput,
            goodputRate,
            meets);
    }

    private static double TimeToFirstTokenMs(RequestTrace r) => (r.TokenSeconds[0] - r.ArrivalSeconds) * 1000;

    private static double? InterTokenLatencyMs(RequestTrace r) =>
        r.OutputTokens > 1 ? (r.TokenSeconds[^1] - r.TokenSeconds[0]) * 1000 / (r.OutputTokens - 1) : null;
}
