using System.Globalization;
using Planner.CostModel.Text;

namespace Planner.CostModel.Uncertainty;

/// <summary>
/// Imposes Spearman rank correlations on independently distributed inputs with a Gaussian copula: each requested
/// rank correlation ρs becomes the normal correlation ρ = 2 sin(π ρs / 6) (the exact relation for a bivariate normal,
/// Pearson 1907), the matrix is factored R = L Lᵀ (Cholesky), and a vector z of independent standard normals becomes
/// correlated normals L z, whose Φ values are the uniforms fed to each input's inverse CDF. Ranks are unchanged by the
/// monotone inverse CDF, so the inputs' rank correlation is the requested one (docs/decisions/004-monte-carlo.md).
/// </summary>
public sealed class GaussianCopula
{
    private static readonly PhraseTemplate NotTwoUncertain = new("correlation.notTwoUncertain", "must name two different inputs with a distribution (got {0}, {1})");
    /// <summary>A pair of inputs correlated twice (the validator's rule and this class's).</summary>
    internal static readonly PhraseTemplate RepeatedPair = new("correlation.repeatedPair", "repeats the pair of correlations[{0}] ({1}, {2})");

    private readonly double[] _lower;

    /// <summary>The inputs that take part in at least one correlation, ascending; the others pass through unchanged.</summary>
    private readonly int[] _correlated;

    private GaussianCopula(int dimension, double[] lower, bool isIdentity)
    {
        Dimension = dimension;
        _lower = lower;
        IsIdentity = isIdentity;
        _correlated = Enumerable.Range(0, dimension)
            .Where(i => !isIdentity && Enumerable.Range(0, dimension).Any(k => k != i && (lower[i * dimension + k] != 0 || lower[k * dimension + i] != 0)))
            .ToArray();
    }

    private const double MinUniform = 1.0 / (1UL << 53);

    public int Dimension { get; }

    /// <summary>True when no correlation was requested: the uniforms pass through unchanged.</summary>
    public bool IsIdentity { get; }

    /// <summary>Builds the copula for inputs in <paramref name="keys"/> order.</summary>
    /// <exception cref="InputException">A correlation names an unknown input, a pair is given twice, or the matrix is not positive semi-definite (<see cref="Inconsistency"/>).</exception>
    public static GaussianCopula Create(IReadOnlyList<string> keys, IReadOnlyList<RankCorrelation> correlations)
    {
        var n = keys.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            index[keys[i]] = i;
        }
        var matrix = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            matrix[i * n + i] = 1;
        }
        var problems = new List<InputProblem>();
        var seen = new Dictionary<(int, int), int>();
        for (var c = 0; c < correlations.Count; c++)
        {
            var correlation = correlations[c];
            if (!index.TryGetValue(correlation.First, out var i) || !index.TryGetValue(correlation.Second, out var j) || i == j)
            {
                problems.Add(InputProblem.At($"correlations[{c}].inputs", NotTwoUncertain.With(correlation.First, correlation.Second)));
                continue;
            }
            if (!(correlation.Coefficient >= -1 && correlation.Coefficient <= 1))
            {
                problems.Add(InputProblem.At($"correlations[{c}].rank", ProblemPhrases.OutOfRange(ProblemPhrases.Between(">= -1", "<= 1"), correlation.Coefficient.ToString("R", CultureInfo.InvariantCulture))));
                continue;
            }
            var pair = (Math.Min(i, j), Math.Max(i, j));
            if (seen.TryGetValue(pair, out var earlier))
            {
                problems.Add(InputProblem.At($"correlations[{c}]", RepeatedPair.With(earlier.ToString(CultureInfo.InvariantCulture), correlation.First, correlation.Second)));
                continue;
            }
            seen[pair] = c;
            var normal = NormalCorrelation(correlation.Coefficient);
            matrix[i * n + j] = normal;
            matrix[j * n + i] = normal;
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        if (correlations.Count == 0)
        {
            return new GaussianCopula(n, matrix, isIdentity: true);
        }
        if (!TryCholesky(matrix, n))
        {
            throw new InputException([InconsistencyProblem(correlations)]);
        }
        return new GaussianCopula(n, matrix, isIdentity: false);
    }

    /// <summary>The line that says a set of rank correlations no joint distribution can have (the validator's and this class's).</summary>
    private static readonly PhraseTemplate Inconsistent = new("problem.correlationsInconsistent",
        "are inconsistent: their matrix is not positive semi-definite, so no joint distribution has them ({0}). Weaken the strongest ones or remove one of a contradictory set");

    /// <summary>
    /// The problem, at "correlations", when <paramref name="correlations"/> (each between two different inputs, within
    /// -1..1, no pair twice: the validator's other rules) cannot be had together: the matrix of their normal correlations
    /// is not positive semi-definite. Null when they can.
    /// </summary>
    public static InputProblem? Inconsistency(IReadOnlyList<RankCorrelation> correlations)
    {
        ArgumentNullException.ThrowIfNull(correlations);
        if (correlations.Count == 0)
        {
            return null;
        }
        var keys = correlations.SelectMany(c => new[] { c.First, c.Second }).Distinct(StringComparer.Ordinal).ToList();
        var n = keys.Count;
        var matrix = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            matrix[i * n + i] = 1;
        }
        foreach (var correlation in correlations)
        {
            var (i, j) = (keys.IndexOf(correlation.First), keys.IndexOf(correlation.Second));
            matrix[i * n + j] = matrix[j * n + i] = NormalCorrelation(correlation.Coefficient);
        }
        return TryCholesky(matrix, n) ? null : InconsistencyProblem(correlations);
    }

    private static InputProblem InconsistencyProblem(IReadOnlyList<RankCorrelation> correlations) =>
        InputProblem.At("correlations", Inconsistent.With(
            string.Join("; ", correlations.Select(c => $"{c.First} ~ {c.Second}: {c.Coefficient.ToString("R", CultureInfo.InvariantCulture)}"))));

    /// <summary>ρ = 2 sin(π ρs / 6): the normal correlation whose rank (Spearman) correlation is ρs.</summary>
    public static double NormalCorrelation(double spearman) => 2 * Math.Sin(Math.PI * spearman / 6);

    /// <summary>
    /// Replaces independent uniforms with correlated ones in place: u → Φ(L Φ⁻¹(u)). A no-op without correlations.
    /// <paramref name="scratch"/> must be as long as <paramref name="uniforms"/>.
    /// </summary>
    public void Correlate(Span<double> uniforms, Span<double> scratch)
    {
        if (IsIdentity)
        {
            return;
        }
        // An input in no correlation has a row and column of L that are those of the identity (Cholesky keeps the
        // matrix's block structure), so Φ(L Φ⁻¹(u)) would give back its u: it is left as drawn.
        var n = Dimension;
        foreach (var i in _correlated)
        {
            scratch[i] = SpecialFunctions.InverseNormalCdf(uniforms[i]);
        }
        foreach (var i in _correlated)
        {
            var z = 0.0;
            foreach (var k in _correlated)
            {
                if (k > i)
                {
                    break;
                }
                z += _lower[i * n + k] * scratch[k];
            }
            // Keep strictly inside (0, 1): Φ rounds to 1 above z ≈ 8.3, and an unbounded quantile at 1 is infinite.
            uniforms[i] = Math.Clamp(SpecialFunctions.NormalCdf(z), MinUniform, 1 - MinUniform);
        }
    }

    private const double SemiDefiniteTolerance = 1e-12;

    /// <summary>In-place Cholesky factorization into the lower triangle; false when the matrix is not positive semi-definite.</summary>
    private static bool TryCholesky(double[] a, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var diagonal = a[j * n + j];
            for (var k = 0; k < j; k++)
            {
                diagonal -= a[j * n + k] * a[j * n + k];
            }
            if (!(diagonal > -SemiDefiniteTolerance))
            {
                return false;
            }
            if (diagonal <= SemiDefiniteTolerance)
            {
                // Singular but semi-definite (e.g. a rank correlation of exactly ±1): this input is a combination
                // of the earlier ones. Its column is zero; a later row that needs it is then inconsistent.
                a[j * n + j] = 0;
                for (var i = j + 1; i < n; i++)
                {
                    var rest = a[i * n + j];
                    for (var k = 0; k < j; k++)
                    {
                        rest -= a[i * n + k] * a[j * n + k];
                    }
                    if (Math.Abs(rest) > 1e-9)
                    {
                        return false;
                    }
                    a[i * n + j] = 0;
                }
            }
            else
            {
                var root = Math.Sqrt(diagonal);
                a[j * n + j] = root;
                for (var i = j + 1; i < n; i++)
                {
                    var sum = a[i * n + j];
                    for (var k = 0; k < j; k++)
                    {
                        sum -= a[i * n + k] * a[j * n + k];
                    }
                    a[i * n + j] = sum / root;
                }
            }
            for (var i = 0; i < j; i++)
            {
                a[i * n + j] = 0;
            }
        }
        return true;
    }
}
