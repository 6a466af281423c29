using Planner.CostModel.Serving;

namespace Planner.Benchmarks.Results;

/// <summary>
/// One matched result of two runs. <see cref="Ratio"/> is B's throughput over A's; <see cref="RatioLow"/> and
/// <see cref="RatioHigh"/> bound it with 95% confidence (Welch's t interval on the log scale,
/// <see cref="ThroughputInterval"/>), and <see cref="Verdict"/> says what that means: <c>faster</c> or <c>slower</c> when the
/// interval excludes 1, <c>no significant difference</c> when it spans 1.
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
    double? RatioLow,
    double? RatioHigh,
    ThroughputSpread SpreadA,
    ThroughputSpread SpreadB,
    string Verdict,
    bool BothValid)
{
    /// <summary>True when the change is significant at 95%: <see cref="Verdict"/> is faster or slower.</summary>
    public bool Significant => Verdict is ResultComparer.Faster or ResultComparer.Slower;
}

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

    /// <summary>B is faster: the whole 95% interval of B/A lies above 1.</summary>
    public const string Faster = "faster";

    /// <summary>B is slower: the whole 95% interval of B/A lies below 1.</summary>
    public const string Slower = "slower";

    /// <summary>The 95% interval of B/A spans 1.</summary>
    public const string NoSignificantDifference = "no significant difference";

    /// <summary>A side has fewer than 2 latencies (or no throughput), so no interval can be formed.</summary>
    public const string TooFewIterations = "too few iterations to test";

    /// <summary>A side failed the validity gate (too noisy, too few iterations, cancelled).</summary>
    public const string Invalid = "a result is invalid";

    public static ResultComparison Compare(BenchmarkResult a, BenchmarkResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var ratio = a.Throughput.Value > 0 ? b.Throughput.Value / a.Throughput.Value : double.NaN;
        var spreadA = ThroughputInterval.Spread(a);
        var spreadB = ThroughputInterval.Spread(b);
        var interval = double.IsFinite(ratio) && ratio > 0 ? ThroughputInterval.Of(ratio, spreadA, spreadB) : null;
        var bothValid = a.Valid && b.Valid;
        var verdict = !bothValid ? Invalid
            : interval is not { } i ? TooFewIterations
            : i.Low > 1 ? Faster
            : i.High < 1 ? Slower
            : NoSignificantDifference;
        return new ResultComparison(a.Key, a.Model, a.Preset, a.Precision, a.Task, a.Phase, a.BatchSize, a.SequenceLength, a.Provider,
            a.Throughput.Value, b.Throughput.Value, a.Throughput.Unit, ratio, interval?.Low, interval?.High, spreadA, spreadB, verdict, bothValid);
    }
}
