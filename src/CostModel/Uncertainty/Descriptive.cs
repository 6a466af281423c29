using System.Buffers;

namespace Planner.CostModel.Uncertainty;

/// <summary>Descriptive statistics of a sample, as the Monte Carlo report uses them (docs/methodology.md, "Monte Carlo").</summary>
public static class Descriptive
{
    /// <summary>Summarizes <paramref name="values"/> (not modified) with an equal-width histogram of <paramref name="bins"/> bins.</summary>
    public static SampleStatistics Summarize(IReadOnlyList<double> values, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        return SummarizeSample(values as double[] ?? values.ToArray(), bins);
    }

    /// <summary>
    /// <see cref="Summarize(IReadOnlyList{double}, int)"/> of a span: the sorted copy it needs is rented from
    /// <see cref="ArrayPool{T}"/> and given back, so a simulation's summaries allocate nothing per trial.
    /// </summary>
    internal static SampleStatistics SummarizeSample(ReadOnlySpan<double> values, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Length, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var n = values.Length;
        var buffer = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var sorted = buffer.AsSpan(0, n);
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += values[i];
            }
            var mean = sum / n;
            var squares = 0.0;
            for (var i = 0; i < n; i++)
            {
                var d = values[i] - mean;
                squares += d * d;
            }
            var sd = Math.Sqrt(squares / (n - 1));
            values.CopyTo(sorted);
            RadixSort.Sort(sorted);
            return new SampleStatistics
            {
                Mean = mean,
                StdDev = sd,
                StandardError = sd / Math.Sqrt(n),
                P5 = PercentileOfSorted(sorted, 0.05),
                P10 = PercentileOfSorted(sorted, 0.10),
                P50 = PercentileOfSorted(sorted, 0.50),
                P90 = PercentileOfSorted(sorted, 0.90),
                P95 = PercentileOfSorted(sorted, 0.95),
                Min = sorted[0],
                Max = sorted[^1],
                Histogram = Histogram(sorted, bins),
            };
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The p-quantile of an ascending sample by linear interpolation between order statistics (Hyndman and Fan
    /// type 7, Excel PERCENTILE.INC, NumPy's default): h = (n - 1) p, x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋ + 1] - x[⌊h⌋]).
    /// </summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return PercentileOfSorted(sorted as double[] ?? sorted.ToArray(), p);
    }

    /// <inheritdoc cref="Percentile(IReadOnlyList{double}, double)"/>
    internal static double PercentileOfSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0)
        {
            throw new ArgumentException("the sample is empty", nameof(sorted));
        }
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be >= 0 and <= 1");
        }
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1)
        {
            return sorted[^1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /// <summary>
    /// Spearman's rank correlation: the Pearson correlation of the ranks, ties given their average rank. Zero when
    /// either sample is constant (no ranking to correlate).
    /// </summary>
    public static double Spearman(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"the samples differ in length ({first.Count} and {second.Count})", nameof(second));
        }
        return Pearson(Ranks(first), Ranks(second));
    }

    /// <summary>Spearman's ρ of a sample with ranks <paramref name="ranks"/> against one whose <see cref="Ranks(IReadOnlyList{double})"/> are <paramref name="otherRanks"/>.</summary>
    internal static double SpearmanOfRanks(ReadOnlySpan<double> ranks, ReadOnlySpan<double> otherRanks) => Pearson(ranks, otherRanks);

    /// <summary>Ranks 1..n in sample order; tied values share their average rank.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var ranks = new double[values.Count];
        Rank((values as double[] ?? values.ToArray()).AsSpan(), ranks, new double[values.Count]);
        return ranks;
    }

    /// <summary>
    /// Writes the ranks 1..n of <paramref name="values"/> in sample order into <paramref name="ranks"/> (ties share their
    /// average rank) and the sample sorted ascending into <paramref name="sorted"/>: the same sort gives both. The sort's
    /// index array is rented from <see cref="ArrayPool{T}"/>.
    /// </summary>
    internal static void Rank(ReadOnlySpan<double> values, Span<double> ranks, Span<double> sorted)
    {
        var n = values.Length;
        var rented = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var order = rented.AsSpan(0, n);
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }
            values.CopyTo(sorted);
            RadixSort.Sort(sorted[..n], order);
            var start = 0;
            while (start < n)
            {
                var end = start;
                while (end + 1 < n && sorted[end + 1] == sorted[start])
                {
                    end++;
                }
                var rank = (start + end) / 2.0 + 1;
                for (var k = start; k <= end; k++)
                {
                    ranks[order[k]] = rank;
                }
                start = end + 1;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    private static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        double meanA = 0, meanB = 0;
        for (var i = 0; i < n; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= n;
        meanB /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < n; i++)
        {
            var da = a[i] - meanA;
            var db = b[i] - meanB;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 0;
    }

    private static HistogramBin[] Histogram(ReadOnlySpan<double> sorted, int bins)
    {
        var min = sorted[0];
        var max = sorted[^1];
        if (!(max > min))
        {
            return [new HistogramBin(min, max, sorted.Length)];
        }
        var width = (max - min) / bins;
        var counts = new int[bins];
        foreach (var value in sorted)
        {
            var bin = (int)((value - min) / width);
            counts[Math.Clamp(bin, 0, bins - 1)]++;
        }
        var result = new HistogramBin[bins];
        for (var b = 0; b < bins; b++)
        {
            result[b] = new HistogramBin(min + b * width, b == bins - 1 ? max : min + (b + 1) * width, counts[b]);
        }
        return result;
    }
}
