using Planner.Benchmarks.Results;
using Planner.CostModel;

namespace Planner.Benchmarks.Running;

/// <summary>Summary statistics of latency samples and the validity gate.</summary>
public static class LatencyStatistics
{
    /// <summary>Mean, sample standard deviation, CV (stdDev / mean) and linearly interpolated percentiles.</summary>
    public static LatencyStats Summarize(IReadOnlyList<double> samplesMs)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        if (samplesMs.Count == 0)
        {
            return new LatencyStats(0, 0, 0, 0, 0, 0, 0);
        }
        var sorted = samplesMs.Order().ToArray();
        var mean = sorted.Average();
        var variance = sorted.Length > 1 ? sorted.Sum(x => (x - mean) * (x - mean)) / (sorted.Length - 1) : 0;
        var stdDev = Math.Sqrt(variance);
        return new LatencyStats(
            mean,
            stdDev,
            mean > 0 ? stdDev / mean : 0,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.90),
            Percentile(sorted, 0.95),
            Percentile(sorted, 0.99));
    }

    /// <summary>
    /// The latencies a result stores: every one when there are at most <see cref="Limits.LatencySamplesPerResult"/> (L),
    /// else the ones at indices ⌊i·n/L⌋ for i = 0 … L − 1 (evenly spaced over the loop, so a drift stays visible); each
    /// rounded to 4 significant digits (a 0.01% step, far below any loop's noise).
    /// </summary>
    public static double[] StoredSamples(IReadOnlyList<double> samplesMs)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        var n = samplesMs.Count;
        var kept = Math.Min(n, Limits.LatencySamplesPerResult);
        var stored = new double[kept];
        for (var i = 0; i < kept; i++)
        {
            stored[i] = FourSignificantDigits(samplesMs[(int)((long)i * n / kept)]);
        }
        return stored;
    }

    private static double FourSignificantDigits(double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            return value;
        }
        var decimals = 3 - (int)Math.Floor(Math.Log10(value));
        return decimals <= 0 ? Math.Round(value) : Math.Round(value, Math.Min(decimals, 15));
    }

    /// <summary>Percentile of sorted samples by linear interpolation between closest ranks.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }
        var position = fraction * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }

    /// <summary>Why a measurement is invalid (cancelled, too few iterations, too noisy), or null when it passes.</summary>
    public static string? InvalidReason(Measurement measurement, LatencyStats stats, MeasurementSettings settings)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(settings);
        if (measurement.Cancelled)
        {
            return $"cancelled after {measurement.Iterations} iterations";
        }
        if (measurement.Iterations < settings.MinIterations)
        {
            return $"too few iterations: {measurement.Iterations} < minIterations {settings.MinIterations} (maxDurationSeconds {settings.MaxDurationSeconds} ran out)";
        }
        if (stats.Cv > settings.MaxCv)
        {
            return $"too noisy: CV {stats.Cv:0.###} above maxCv {settings.MaxCv:0.###}";
        }
        return null;
    }
}
