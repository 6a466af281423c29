using Planner.CostModel.Serving;

namespace Planner.Benchmarks.Results;

/// <summary>
/// One matched result of two runs. <see cref="Ratio"/> is B's throughput over A's;
/// <see cref="BeyondNoise"/> is true when |ln ratio| &gt; 2·√(cvA² + cvB²), i.e. the change is
/// larger than about two standard errors of the per-iteration noise of both runs.
/// </summary>
public sealed record ResultComparison(
    string Key,
    string Model,
    string Preset,
    string Precision,
    string Task,
    string? Phase,
    int BatchSize,
    int? SequenceLength,
    string Provider,
    double ThroughputA,
    double ThroughputB,
    string Unit,
    double Ratio,
    double NoiseThreshold,
    bool BeyondNoise,
    bool BothValid);

/// <summary>The comparison of two runs: matched results, and the keys found in only one of them.</summary>
public sealed record RunComparison(
    string RunA,
    string RunB,
    bool SameDevice,
    IReadOnlyList<ResultComparison> Matched,
    IReadOnlyList<string> OnlyInA,
    IReadOnlyList<string> OnlyInB)
{
    /// <summary>Serving results matched by <see cref="ServingResult.Key"/> (source, model, preset, provider, load, batch limit).</summary>
    public IReadOnlyList<ServingComparison> ServingMatched { get; init; } = [];
}

/// <summary>
/// One serving result in both runs: B/A of output tokens per second and of the p95 time to first token and
/// inter-token latency (above 1 = B is slower), and both goodputs where targets were set.
/// </summary>
public sealed record ServingComparison(
    string Key,
    double OutputTokensPerSecondA,
    double OutputTokensPerSecondB,
    double OutputTokensPerSecondRatio,
    double TimeToFirstTokenP95Ratio,
    double InterTokenLatencyP95Ratio,
    double? GoodputA,
    double? GoodputB);

/// <summary>Matches results of two runs by (model, preset, precision, task, phase, batch, sequence, context, provider) and rates the differences.</summary>
public static class ResultComparer
{
    public static RunComparison Compare(BenchmarkRun a, BenchmarkRun b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byKeyA = a.Results.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());
        var byKeyB = b.Results.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());
        var matched = byKeyA.Keys.Where(byKeyB.ContainsKey).Select(key => Compare(byKeyA[key], byKeyB[key])).ToList();
        var servingA = (a.Serving ?? []).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.First());
        var servingB = (b.Serving ?? []).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.First());
        return new RunComparison(
            a.RunId,
            b.RunId,
            a.Fingerprint.FingerprintId == b.Fingerprint.FingerprintId,
            matched,
            [.. byKeyA.Keys.Where(k => !byKeyB.ContainsKey(k)), .. servingA.Keys.Where(k => !servingB.ContainsKey(k))],
            [.. byKeyB.Keys.Where(k => !byKeyA.ContainsKey(k)), .. servingB.Keys.Where(k => !servingA.ContainsKey(k))])
        {
            ServingMatched = servingA.Keys.Where(servingB.ContainsKey).Select(key => Compare(servingA[key], servingB[key])).ToList(),
        };
    }

    public static ServingComparison Compare(ServingResult a, ServingResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        static double Ratio(double x, double y) => x > 0 ? y / x : double.NaN;
        return new ServingComparison(a.Key, a.Metrics.OutputTokensPerSecond, b.Metrics.OutputTokensPerSecond,
            Ratio(a.Metrics.OutputTokensPerSecond, b.Metrics.OutputTokensPerSecond),
            Ratio(a.Metrics.TimeToFirstTokenMs.P95, b.Metrics.TimeToFirstTokenMs.P95),
            Ratio(a.Metrics.InterTokenLatencyMs.P95, b.Metrics.InterTokenLatencyMs.P95),
            a.Metrics.Goodput, b.Metrics.Goodput);
    }

    public static ResultComparison Compare(BenchmarkResult a, BenchmarkResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var ratio = a.Throughput.Value > 0 ? b.Throughput.Value / a.Throughput.Value : double.NaN;
        var threshold = NoiseThreshold(a.LatencyMs.Cv, b.LatencyMs.Cv);
        var beyond = double.IsFinite(ratio) && ratio > 0 && Math.Abs(Math.Log(ratio)) > threshold;
        return new ResultComparison(a.Key, a.Model, a.Preset, a.Precision, a.Task, a.Phase, a.BatchSize, a.SequenceLength, a.Provider,
            a.Throughput.Value, b.Throughput.Value, a.Throughput.Unit, ratio, threshold, beyond, a.Valid && b.Valid);
    }

    /// <summary>The |ln ratio| a difference must exceed to count as beyond noise: 2·√(cvA² + cvB²).</summary>
    public static double NoiseThreshold(double cvA, double cvB) => 2 * Math.Sqrt((cvA * cvA) + (cvB * cvB));
}
