namespace Planner.CostModel.Uncertainty;

/// <summary>
/// Normal and beta distribution functions (the cost model has no package dependencies). The inverse normal CDF,
/// log-gamma and the regularized incomplete beta function and its inverse serve the Monte Carlo sampler
/// (docs/methodology.md, "Monte Carlo").
/// </summary>
public static class SpecialFunctions
{
    private const double InvSqrt2Pi = 0.39894228040143267794;

    public static double NormalPdf(double z) => double.IsInfinity(z) ? 0 : InvSqrt2Pi * Math.Exp(-0.5 * z * z);

    public static double NormalCdf(double z)
    {
        if (double.IsNegativeInfinity(z))
        {
            return 0;
        }
        if (double.IsPositiveInfinity(z))
        {
            return 1;
        }
        return 0.5 * Erfc(-z / Math.Sqrt(2));
    }

    /// <summary>Complementary error function: the Chebyshev fit of Numerical Recipes (3rd ed., 6.2.2), relative error about 1.2e-16.</summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }
        const int ncof = 28;
        ReadOnlySpan<double> cof =
        [
            -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
            -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
            -1.624290004647e-6, 1.303655835580e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
            5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12,
            8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
        ];
        double d = 0, dd = 0;
        var t = 2.0 / (2.0 + x);
        var ty = 4.0 * t - 2.0;
        for (var j = ncof - 1; j > 0; j--)
        {
            var tmp = d;
            d = ty * d - dd + cof[j];
            dd = tmp;
        }
        return t * Math.Exp(-x * x + 0.5 * (cof[0] + ty * d) - dd);
    }

    /// <summary>
    /// The standard normal quantile Φ⁻¹(p): P. J. Acklam's rational approximation (relative error 1.15e-9) refined by
    /// one Halley step on <see cref="NormalCdf"/>, which brings it to about machine precision. p = 0 and 1 give ∓∞.
    /// </summary>
    public static double InverseNormalCdf(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "a probability must be >= 0 and <= 1");
        }
        if (p == 0)
        {
            return double.NegativeInfinity;
        }
        if (p == 1)
        {
            return double.PositiveInfinity;
        }
        const double low = 0.02425;
        double x;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = AcklamTail(q);
        }
        else if (p <= 1 - low)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -AcklamTail(q);
        }

        // One Halley step on e = Φ(x) - p.
        var e = NormalCdf(x) - p;
        var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    private static double AcklamTail(double q) =>
        (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
            - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
        / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
            + 3.754408661907416e+00) * q + 1);

    /// <summary>ln Γ(x) for x &gt; 0: the Lanczos approximation (g = 7, 9 coefficients), relative error about 1e-15.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma needs x > 0");
        }
        if (x < 0.5)
        {
            // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var sum = c[0];
        for (var i = 1; i < c.Length; i++)
        {
            sum += c[i] / (x + i);
        }
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>
    /// The regularized incomplete beta function I_x(a, b), the CDF of Beta(a, b) at x: the continued fraction of
    /// Numerical Recipes (3rd ed., 6.4), evaluated by the modified Lentz method on the side of the mean where it
    /// converges fast.
    /// </summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (!(a > 0 && b > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(a), $"beta parameters must be > 0 (got a = {a}, b = {b})");
        }
        if (!(x >= 0 && x <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must be >= 0 and <= 1");
        }
        if (x == 0 || x == 1)
        {
            return x;
        }
        return RegularizedIncompleteBeta(a, b, x, LogGamma(a + b) - LogGamma(a) - LogGamma(b));
    }

    /// <summary>I_x(a, b) with the normalizer ln Γ(a + b) - ln Γ(a) - ln Γ(b) computed once by the caller; x strictly inside (0, 1).</summary>
    private static double RegularizedIncompleteBeta(double a, double b, double x, double logNormalizer)
    {
        var front = Math.Exp(logNormalizer + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(a, b, x) / a
            : 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
    }

    private static double BetaContinuedFraction(double a, double b, double x)
    {
        const double tiny = 1e-300;
        const double eps = 1e-16;
        var qab = a + b;
        var qap = a + 1;
        var qam = a - 1;
        var c = 1.0;
        var d = 1 - qab * x / qap;
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 300; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) <= eps)
            {
                break;
            }
        }
        return h;
    }

    /// <summary>
    /// The quantile of Student's t distribution with <paramref name="degreesOfFreedom"/> ν &gt; 0 (not necessarily whole, as
    /// Welch's approximation gives): for p &gt; 1/2, t = √(ν(1 − x)/x) with x = I⁻¹(ν/2, 1/2; 2(1 − p)), since
    /// P(|T| &gt; t) = I_{ν/(ν + t²)}(ν/2, 1/2); symmetric below 1/2.
    /// </summary>
    public static double StudentTQuantile(double p, double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0) || double.IsNaN(degreesOfFreedom))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "degrees of freedom must be > 0");
        }
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "a probability must be > 0 and < 1");
        }
        if (p == 0.5)
        {
            return 0;
        }
        if (p < 0.5)
        {
            return -StudentTQuantile(1 - p, degreesOfFreedom);
        }
        if (double.IsPositiveInfinity(degreesOfFreedom))
        {
            return InverseNormalCdf(p);
        }
        var x = InverseRegularizedIncompleteBeta(degreesOfFreedom / 2, 0.5, 2 * (1 - p));
        return Math.Sqrt(degreesOfFreedom * (1 - x) / x);
    }

    /// <summary>
    /// The inverse of <see cref="RegularizedIncompleteBeta"/> in x: the x in [0, 1] with I_x(a, b) = p. Newton steps on
    /// the beta density, kept inside a shrinking bracket (a step that leaves it bisects instead), until the step is
    /// below 1e-15; the CDF is monotone, so the bracket always holds the answer.
    /// </summary>
    public static double InverseRegularizedIncompleteBeta(double a, double b, double p)
    {
        if (!(a > 0 && b > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(a), $"beta parameters must be > 0 (got a = {a}, b = {b})");
        }
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "a probability must be >= 0 and <= 1");
        }
        if (p == 0 || p == 1)
        {
            return p;
        }
        return InverseRegularizedIncompleteBeta(a, b, p, LogGamma(a + b) - LogGamma(a) - LogGamma(b), 0, 1, a / (a + b));
    }

    /// <summary>
    /// The solver behind <see cref="InverseRegularizedIncompleteBeta(double, double, double)"/>, for a caller that knows
    /// a bracket [<paramref name="lo"/>, <paramref name="hi"/>] holding the answer (the PERT sampler keeps a table of
    /// exact quantiles for that) and the log-normalizer; starts from <paramref name="start"/>.
    /// </summary>
    internal static double InverseRegularizedIncompleteBeta(double a, double b, double p, double logNormalizer, double lo, double hi, double start)
    {
        var x = start;
        for (var iteration = 0; iteration < 200; iteration++)
        {
            if (x <= 0 || x >= 1)
            {
                return x;
            }
            var error = RegularizedIncompleteBeta(a, b, x, logNormalizer) - p;
            if (error == 0)
            {
                return x;
            }
            if (error < 0)
            {
                lo = x;
            }
            else
            {
                hi = x;
            }
            var density = Math.Exp(logNormalizer + (a - 1) * Math.Log(x) + (b - 1) * Math.Log(1 - x));
            var next = density > 0 ? x - error / density : double.NaN;
            if (!(next > lo && next < hi))
            {
                next = (lo + hi) / 2;
            }
            if (Math.Abs(next - x) <= 1e-15 * Math.Max(1, x) || hi - lo <= 1e-15)
            {
                return next;
            }
            x = next;
        }
        return x;
    }
}
