using System.Runtime.Intrinsics;

namespace Planner.CostModel.Finance;

/// <summary>Values of a function at several rates at once, each equal to the value at that rate alone.</summary>
internal delegate void RateValues(ReadOnlySpan<double> rates, Span<double> values);

/// <summary>
/// The IRR search's present and future values at eight rates at once (ADR 047): each lane does one rate's scalar loop,
/// the same operations in the same order, so each value is the double the scalar loop computes. The chains of divisions
/// (present value) or multiplications (future value) of different rates then overlap instead of waiting on each other.
/// </summary>
internal static class RateLanes
{
    /// <summary>How many rates one call evaluates.</summary>
    public const int Width = 8;

    /// <summary>sum values[i] / (1 + r)^i at each rate, as <see cref="FinancialFunctions.PresentValue"/> computes it.</summary>
    public static void PresentValues(double[] values, ReadOnlySpan<double> rates, Span<double> results)
    {
        var onePlusLow = Vector256<double>.One + Vector256.Create(rates[..4]);
        var onePlusHigh = Vector256<double>.One + Vector256.Create(rates[4..Width]);
        var pvLow = Vector256<double>.Zero;
        var pvHigh = Vector256<double>.Zero;
        var factorLow = Vector256<double>.One;
        var factorHigh = Vector256<double>.One;
        foreach (var value in values)
        {
            var v = Vector256.Create(value);
            pvLow += v * factorLow;
            pvHigh += v * factorHigh;
            factorLow /= onePlusLow;
            factorHigh /= onePlusHigh;
        }
        pvLow.CopyTo(results);
        pvHigh.CopyTo(results[4..]);
    }

    /// <summary>sum values[i] (1 + r)^(n - i) at each rate, by Horner's rule as <see cref="FinancialFunctions.IrrByBracket"/> computes it.</summary>
    public static void FutureValues(double[] values, ReadOnlySpan<double> rates, Span<double> results)
    {
        var onePlusLow = Vector256<double>.One + Vector256.Create(rates[..4]);
        var onePlusHigh = Vector256<double>.One + Vector256.Create(rates[4..Width]);
        var fvLow = Vector256<double>.Zero;
        var fvHigh = Vector256<double>.Zero;
        foreach (var value in values)
        {
            var v = Vector256.Create(value);
            fvLow = (fvLow * onePlusLow) + v;
            fvHigh = (fvHigh * onePlusHigh) + v;
        }
        fvLow.CopyTo(results);
        fvHigh.CopyTo(results[4..]);
    }

    /// <summary>
    /// The midpoints a bisection of [lo, hi] may need in its next three steps, in heap order: node 0 is the midpoint of
    /// [lo, hi], and node m's children 2m + 1 and 2m + 2 are the midpoints of its left half (the step kept [lo, mid]) and
    /// of its right half ([mid, hi]); seven points, the eighth lane repeats the last.
    /// </summary>
    public static void Midpoints(Span<double> points, double lo, double hi)
    {
        Fill(points, 0, lo, hi);
        points[7] = points[6];
    }

    private static void Fill(Span<double> points, int node, double lo, double hi)
    {
        if (node >= 7)
        {
            return;
        }
        var mid = (lo + hi) / 2;
        points[node] = mid;
        Fill(points, (2 * node) + 1, lo, mid);
        Fill(points, (2 * node) + 2, mid, hi);
    }

    /// <summary>A one-rate function as a <see cref="RateValues"/> (called once per rate).</summary>
    public static RateValues OneAtATime(Func<double, double> f) => (rates, results) =>
    {
        for (var i = 0; i < rates.Length; i++)
        {
            results[i] = f(rates[i]);
        }
    };
}
