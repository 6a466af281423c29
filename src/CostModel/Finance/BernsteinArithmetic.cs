using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Planner.CostModel.Finance;

/// <summary>
/// The arithmetic of <see cref="FinancialFunctions.IrrRates"/>: a polynomial's Bernstein coefficients on [0, 1], de
/// Casteljau's subdivision, and bisection of a one-root interval (docs/methodology.md, "IRR rates, proved").
/// </summary>
/// <remarks>
/// Each lane of a vector does, in the same order, the operations the scalar loop does for one coefficient or one point:
/// IEEE 754 rounds a multiplication, a division or an addition the same in a lane as in a scalar register, and .NET never
/// fuses a multiplication and an addition on its own, so every value is the one the scalar loop computed (ADR 047). The
/// lanes only let independent chains run side by side: the conversion's divisions, the subdivision's averages and the
/// bisection's polynomial values.
/// </remarks>
internal static class BernsteinArithmetic
{
    /// <summary>
    /// Writes the Bernstein coefficients on [0, 1] of sum power[i] t^i, b_k = sum_{i &lt;= k} C(k, i) / C(n, i) power[i],
    /// into <paramref name="b"/>, and beside each the same sum of the terms' absolute values into <paramref name="abs"/>.
    /// </summary>
    public static void Coefficients(double[] power, double[] b, double[] abs)
    {
        var n = power.Length - 1;
        var k = 0;
        // Eight coefficients k..k+7 at a time, one a lane: the terms i <= k are common to all eight; each lane's last
        // j terms (i = k + 1 .. k + j) follow in scalar code, from the lane's sums and weight.
        Span<double> sums = stackalloc double[8];
        Span<double> sumsAbs = stackalloc double[8];
        Span<double> weights = stackalloc double[8];
        for (; k + 7 <= n; k += 8)
        {
            var kLow = Vector256.Create((double)k, k + 1, k + 2, k + 3);
            var kHigh = Vector256.Create((double)k + 4, k + 5, k + 6, k + 7);
            var sumLow = Vector256<double>.Zero;
            var sumHigh = Vector256<double>.Zero;
            var absLow = Vector256<double>.Zero;
            var absHigh = Vector256<double>.Zero;
            var weightLow = Vector256<double>.One;
            var weightHigh = Vector256<double>.One;
            for (var i = 0; i <= k; i++)
            {
                var value = Vector256.Create(power[i]);
                var absValue = Vector256.Create(Math.Abs(power[i]));
                sumLow += weightLow * value;
                sumHigh += weightHigh * value;
                absLow += weightLow * absValue;
                absHigh += weightHigh * absValue;
                var index = Vector256.Create((double)i);
                var remaining = Vector256.Create((double)(n - i));
                weightLow = weightLow * (kLow - index) / remaining;
                weightHigh = weightHigh * (kHigh - index) / remaining;
            }
            sumLow.CopyTo(sums);
            sumHigh.CopyTo(sums[4..]);
            absLow.CopyTo(sumsAbs);
            absHigh.CopyTo(sumsAbs[4..]);
            weightLow.CopyTo(weights);
            weightHigh.CopyTo(weights[4..]);
            for (var j = 0; j < 8; j++)
            {
                double sum = sums[j], sumAbs = sumsAbs[j], weight = weights[j];
                AddTerms(power, k + j, k + 1, ref sum, ref sumAbs, ref weight);
                b[k + j] = sum;
                abs[k + j] = sumAbs;
            }
        }
        for (; k <= n; k++)
        {
            double sum = 0, sumAbs = 0, weight = 1;
            AddTerms(power, k, 0, ref sum, ref sumAbs, ref weight);
            b[k] = sum;
            abs[k] = sumAbs;
        }
    }

    /// <summary>Adds the terms i = <paramref name="from"/>..<paramref name="k"/> of the k-th Bernstein coefficient, in order.</summary>
    private static void AddTerms(double[] power, int k, int from, ref double sum, ref double sumAbs, ref double weight)
    {
        var n = power.Length - 1;
        for (var i = from; i <= k; i++)
        {
            sum += weight * power[i];
            sumAbs += weight * Math.Abs(power[i]);
            weight = weight * (k - i) / (n - i);
        }
    }

    /// <summary>
    /// de Casteljau's subdivision at <paramref name="lambda"/> of the coefficients <paramref name="b"/> (and their sums of
    /// absolute values <paramref name="abs"/>, averaged alike) into the left and right parts' coefficients;
    /// <paramref name="work"/> and <paramref name="workAbs"/> are scratch of the same length.
    /// </summary>
    public static void Subdivide(double[] b, double[] abs, double lambda, double[] left, double[] leftAbs, double[] right, double[] rightAbs,
        double[] work, double[] workAbs)
    {
        var n = b.Length - 1;
        b.CopyTo(work, 0);
        abs.CopyTo(workAbs, 0);
        left[0] = work[0];
        leftAbs[0] = workAbs[0];
        right[n] = work[n];
        rightAbs[n] = workAbs[n];
        var keep = 1 - lambda;
        var keepVector = Vector256.Create(keep);
        var lambdaVector = Vector256.Create(lambda);
        ref var w = ref MemoryMarshal.GetArrayDataReference(work);
        ref var wa = ref MemoryMarshal.GetArrayDataReference(workAbs);
        for (var level = 1; level <= n; level++)
        {
            // work[i] becomes the average of work[i] and work[i + 1] for i = 0..n - level; ascending, each block of four
            // reads work[i + 4] before the next block writes it, as the scalar loop reads work[i + 1] before writing it.
            var count = n - level + 1;
            var i = 0;
            for (; i + 4 <= count; i += 4)
            {
                var here = Vector256.LoadUnsafe(ref w, (nuint)i);
                var next = Vector256.LoadUnsafe(ref w, (nuint)(i + 1));
                ((keepVector * here) + (lambdaVector * next)).StoreUnsafe(ref w, (nuint)i);
                var hereAbs = Vector256.LoadUnsafe(ref wa, (nuint)i);
                var nextAbs = Vector256.LoadUnsafe(ref wa, (nuint)(i + 1));
                ((keepVector * hereAbs) + (lambdaVector * nextAbs)).StoreUnsafe(ref wa, (nuint)i);
            }
            for (; i < count; i++)
            {
                work[i] = (keep * work[i]) + (lambda * work[i + 1]);
                workAbs[i] = (keep * workAbs[i]) + (lambda * workAbs[i + 1]);
            }
            left[level] = work[0];
            leftAbs[level] = workAbs[0];
            right[n - level] = work[n - level];
            rightAbs[n - level] = workAbs[n - level];
        }
    }

    /// <summary>How many bisection steps one pass settles: 2^3 - 1 = 7 points, in two vectors of four (one lane spare).</summary>
    private const int StepsPerPass = 3;

    /// <summary>
    /// The root of sum power[i] t^i in [lo, hi], whose sign at lo is <paramref name="signAtLo"/>, by bisection to the last
    /// bit (at most <paramref name="maxSteps"/> halvings): each step halves [lo, hi] at its midpoint and keeps the half
    /// whose ends differ in sign, until the midpoint equals an end. A pass evaluates, side by side, the midpoints of the
    /// next three steps whichever halves they keep (7 points), then takes the three steps.
    /// </summary>
    public static double Bisect(double[] power, double lo, double hi, int signAtLo, int maxSteps)
    {
        Span<double> points = stackalloc double[8];
        Span<double> values = stackalloc double[8];
        var steps = 0;
        while (steps < maxSteps)
        {
            // Heap order: node 0 is the midpoint of [lo, hi]; node m's children, 2m + 1 and 2m + 2, are the midpoints of
            // its left half (the step kept [lo, mid]) and right half ([mid, hi]).
            RateLanes.Midpoints(points, lo, hi);
            Evaluate(power, points, values);
            var node = 0;
            for (var depth = 0; depth < StepsPerPass; depth++)
            {
                var mid = points[node];
                if (mid <= lo || mid >= hi)
                {
                    return (lo + hi) / 2;
                }
                if (Math.Sign(values[node]) == signAtLo)
                {
                    lo = mid;
                    node = (2 * node) + 2;
                }
                else
                {
                    hi = mid;
                    node = (2 * node) + 1;
                }
                if (++steps == maxSteps)
                {
                    break;
                }
            }
        }
        return (lo + hi) / 2;
    }

    /// <summary>sum power[i] t^i at each of the eight points, by Horner's rule (the same operations as one point alone).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Evaluate(double[] power, Span<double> points, Span<double> values)
    {
        var tLow = Vector256.Create((ReadOnlySpan<double>)points[..4]);
        var tHigh = Vector256.Create((ReadOnlySpan<double>)points[4..]);
        var low = Vector256<double>.Zero;
        var high = Vector256<double>.Zero;
        for (var i = power.Length - 1; i >= 0; i--)
        {
            var coefficient = Vector256.Create(power[i]);
            low = (low * tLow) + coefficient;
            high = (high * tHigh) + coefficient;
        }
        low.CopyTo(values);
        high.CopyTo(values[4..]);
    }
}
