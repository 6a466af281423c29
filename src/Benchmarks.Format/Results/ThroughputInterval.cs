using Planner.CostModel.Uncertainty;

namespace Planner.Benchmarks.Results;

/// <summary>
/// How much one result's throughput varies: <see cref="LogStdDev"/> is the standard deviation of ln(per-iteration latency)
/// over <see cref="Count"/> iterations. <see cref="Source"/> is <c>samples</c> when computed from the stored latencies
/// (schema version 3), or <c>cv</c> when a file before version 3 gives only the summary: then the CV stands in for it (the
/// delta method: sd(ln x) ≈ sd(x) / mean(x)) and the count is the iterations.
/// </summary>
public sealed record ThroughputSpread(double LogStdDev, int Count, string Source)
{
    public const string FromSamples = "samples";
    public const string FromCv = "cv";
}

/// <summary>The 95% interval of a throughput ratio B/A, with the Welch–Satterthwaite degrees of freedom and the t used.</summary>
public sealed record RatioInterval(double Low, double High, double DegreesOfFreedom, double T, double StandardError);

/// <summary>
/// Welch's t confidence interval for the throughput ratio of two benchmark results, on the log scale
/// (docs/methodology.md, "Comparing benchmark runs"). Throughput is items over the loop's time, so ln(B/A) moves with
/// the mean of ln latency; its standard error is SE = √(s_A²/n_A + s_B²/n_B) with s the standard deviation of ln latency
/// and n the iterations, the degrees of freedom ν = (s_A²/n_A + s_B²/n_B)² / ((s_A²/n_A)²/(n_A − 1) + (s_B²/n_B)²/(n_B − 1)),
/// and the interval exp(ln(B/A) ± t₀.₉₇₅,ν · SE), centred on the measured ratio.
/// </summary>
public static class ThroughputInterval
{
    /// <summary>The interval's confidence: 95%, two-sided.</summary>
    public const double Confidence = 0.95;

    /// <summary>The spread of <paramref name="result"/>: from its stored latencies when it has at least 2 positive ones, else from its CV.</summary>
    public static ThroughputSpread Spread(BenchmarkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.LatencySamplesMs is { Count: >= 2 } samples && samples.All(s => s > 0 && double.IsFinite(s)))
        {
            var logs = samples.Select(s => Math.Log(s)).ToArray();
            var mean = logs.Average();
            var variance = logs.Sum(x => (x - mean) * (x - mean)) / (logs.Length - 1);
            return new ThroughputSpread(Math.Sqrt(variance), logs.Length, ThroughputSpread.FromSamples);
        }
        return new ThroughputSpread(result.LatencyMs.Cv, result.Iterations, ThroughputSpread.FromCv);
    }

    /// <summary>The 95% interval of <paramref name="ratio"/> (B/A, &gt; 0), or null when a side has fewer than 2 iterations.</summary>
    public static RatioInterval? Of(double ratio, ThroughputSpread a, ThroughputSpread b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!(ratio > 0) || !double.IsFinite(ratio) || a.Count < 2 || b.Count < 2)
        {
            return null;
        }
        var va = a.LogStdDev * a.LogStdDev / a.Count;
        var vb = b.LogStdDev * b.LogStdDev / b.Count;
        var se = Math.Sqrt(va + vb);
        var denominator = (va * va / (a.Count - 1)) + (vb * vb / (b.Count - 1));
        // Both spreads 0 (identical latencies): the interval is the point; ν is then the pooled a.Count + b.Count − 2.
        var df = denominator > 0 ? (va + vb) * (va + vb) / denominator : a.Count + b.Count - 2;
        var t = SpecialFunctions.StudentTQuantile(0.5 + (Confidence / 2), df);
        var center = Math.Log(ratio);
        return new RatioInterval(Math.Exp(center - (t * se)), Math.Exp(center + (t * se)), df, t, se);
    }
}
