namespace Planner.CostModel.Uncertainty;

/// <summary>
/// The quantile function (inverse CDF) of a <see cref="Distribution"/>, prepared once so that sampling is a single
/// call: a sample is <c>At(u)</c> for u uniform on (0, 1). Every kind is sampled this way, which is what lets the
/// Gaussian copula impose rank correlations (docs/methodology.md, "Monte Carlo").
/// </summary>
public sealed class InverseCdf
{
    private readonly Func<double, double> _quantile;

    private InverseCdf(Distribution distribution, Func<double, double> quantile)
    {
        Distribution = distribution;
        _quantile = quantile;
    }

    public Distribution Distribution { get; }

    /// <summary>Prepares the quantile function; the distribution must be valid (<see cref="Distribution.Validate"/>).</summary>
    /// <exception cref="InputException">The distribution's parameters are not valid.</exception>
    public static InverseCdf For(Distribution distribution, string path = "distribution")
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var problems = distribution.Validate(path);
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        return new InverseCdf(distribution, distribution.Kind switch
        {
            DistributionKind.Triangular => Triangular(distribution.Min!.Value, distribution.Mode!.Value, distribution.Max!.Value),
            DistributionKind.Pert => Pert(distribution.Min!.Value, distribution.Mode!.Value, distribution.Max!.Value),
            DistributionKind.Normal => Normal(distribution.Mean!.Value, distribution.StdDev!.Value, distribution.Min, distribution.Max),
            DistributionKind.LogNormal => LogNormal(distribution.Mean!.Value, distribution.StdDev!.Value),
            DistributionKind.Uniform => Uniform(distribution.Min!.Value, distribution.Max!.Value),
            DistributionKind.Discrete => Discrete(distribution.Values, distribution.Weights),
            _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution.Kind, "unknown distribution kind"),
        });
    }

    /// <summary>The value x with P(X &lt;= x) = p, for p in [0, 1].</summary>
    public double At(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "a probability must be >= 0 and <= 1");
        }
        return _quantile(p);
    }

    /// <summary>Closed form: F(c) = (c - a)/(b - a); below it x = a + √(p(b - a)(c - a)), above x = b - √((1 - p)(b - a)(b - c)).</summary>
    private static Func<double, double> Triangular(double a, double c, double b)
    {
        var split = (c - a) / (b - a);
        return p => p < split
            ? a + Math.Sqrt(p * (b - a) * (c - a))
            : b - Math.Sqrt((1 - p) * (b - a) * (b - c));
    }

    /// <summary>
    /// PERT = a + (b - a) Beta(α, β) with α = 1 + 4(c - a)/(b - a), β = 1 + 4(b - c)/(b - a). The beta quantile is solved
    /// exactly for each p; a table of exact quantiles at p = i/256 only brackets the answer so the solver needs few steps.
    /// </summary>
    private static Func<double, double> Pert(double a, double c, double b)
    {
        const int steps = 256;
        var alpha = 1 + 4 * (c - a) / (b - a);
        var beta = 1 + 4 * (b - c) / (b - a);
        var logNormalizer = SpecialFunctions.LogGamma(alpha + beta) - SpecialFunctions.LogGamma(alpha) - SpecialFunctions.LogGamma(beta);
        var table = new double[steps + 1];
        for (var i = 0; i <= steps; i++)
        {
            table[i] = SpecialFunctions.InverseRegularizedIncompleteBeta(alpha, beta, (double)i / steps);
        }
        return p =>
        {
            if (p <= 0 || p >= 1)
            {
                return p <= 0 ? a : b;
            }
            var cell = Math.Min(steps - 1, (int)(p * steps));
            var lo = table[cell];
            var hi = table[cell + 1];
            var start = lo + (hi - lo) * (p * steps - cell);
            var x = SpecialFunctions.InverseRegularizedIncompleteBeta(alpha, beta, p, logNormalizer, lo, hi, start);
            return a + (b - a) * x;
        };
    }

    /// <summary>mean + sd Φ⁻¹(p); truncated to [min, max] by mapping p onto [Φ(α), Φ(β)] (the upper tail by symmetry, for precision).</summary>
    private static Func<double, double> Normal(double mean, double sd, double? min, double? max)
    {
        if (min is null && max is null)
        {
            return p => mean + sd * SpecialFunctions.InverseNormalCdf(p);
        }
        var alpha = min is { } lo ? (lo - mean) / sd : double.NegativeInfinity;
        var beta = max is { } hi ? (hi - mean) / sd : double.PositiveInfinity;
        if (alpha > 0)
        {
            // Entirely in the upper tail: work with the mirror image, where Φ keeps its relative precision.
            var mirrored = Normal(-mean, sd, max is { } mx ? -mx : null, min is { } mn ? -mn : null);
            return p => -mirrored(1 - p);
        }
        var cdfAlpha = SpecialFunctions.NormalCdf(alpha);
        var cdfBeta = SpecialFunctions.NormalCdf(beta);
        var lower = min ?? double.NegativeInfinity;
        var upper = max ?? double.PositiveInfinity;
        return p => Math.Clamp(mean + sd * SpecialFunctions.InverseNormalCdf(cdfAlpha + p * (cdfBeta - cdfAlpha)), lower, upper);
    }

    /// <summary>From the variable's own mean m and standard deviation s: σ² = ln(1 + s²/m²), μ = ln m - σ²/2, x = exp(μ + σ Φ⁻¹(p)).</summary>
    private static Func<double, double> LogNormal(double mean, double sd)
    {
        var sigma2 = Math.Log(1 + sd * sd / (mean * mean));
        var mu = Math.Log(mean) - sigma2 / 2;
        var sigma = Math.Sqrt(sigma2);
        return p => Math.Exp(mu + sigma * SpecialFunctions.InverseNormalCdf(p));
    }

    private static Func<double, double> Uniform(double a, double b) => p => a + (b - a) * p;

    /// <summary>Values sorted ascending (so the quantile is monotone in p) with cumulative normalized weights; equal weights when none are given.</summary>
    private static Func<double, double> Discrete(IReadOnlyList<double> values, IReadOnlyList<double> weights)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var sorted = order.Select(i => values[i]).ToArray();
        var w = order.Select(i => weights.Count == 0 ? 1.0 : weights[i]).ToArray();
        var total = w.Sum();
        var cumulative = new double[w.Length];
        var running = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            running += w[i];
            cumulative[i] = running / total;
        }
        cumulative[^1] = 1;
        return p =>
        {
            for (var i = 0; i < cumulative.Length; i++)
            {
                if (p <= cumulative[i] && w[i] > 0)
                {
                    return sorted[i];
                }
            }
            return sorted[^1];
        };
    }
}
