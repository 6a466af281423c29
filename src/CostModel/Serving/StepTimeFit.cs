namespace Planner.CostModel.Serving;

/// <summary>
/// A fitted <see cref="StepTimeModel"/> with how well it fits: R² of each part (1 − residual/total sum of squares
/// of the step times; 0 when the times do not vary) and the steps it was fitted to.
/// </summary>
public sealed record StepTimeFit(StepTimeModel Model, double PrefillRSquared, double DecodeRSquared, int PrefillSteps, int DecodeSteps);

/// <summary>
/// Fits the step-time model by non-negative least squares (docs/methodology.md, "Serving"): every subset of the
/// terms is fitted by ordinary least squares, fits with a negative coefficient are discarded, and the one with the
/// smallest residual sum of squares wins. With at most three terms this is the exact non-negative least-squares
/// solution, and a term the data cannot identify (e.g. one prompt length only, so no intercept apart from the slope)
/// drops out instead of taking a meaningless value.
/// </summary>
public static class StepTimeFitter
{
    public static StepTimeFit Fit(IReadOnlyList<PrefillObservation> prefills, IReadOnlyList<DecodeObservation> decodes)
    {
        ArgumentNullException.ThrowIfNull(prefills);
        ArgumentNullException.ThrowIfNull(decodes);
        var prefill = NonNegativeLeastSquares(
            prefills.Select(p => new[] { 1.0, p.PromptTokens }).ToArray(),
            prefills.Select(p => p.Seconds).ToArray(),
            terms: 2);
        var decode = NonNegativeLeastSquares(
            decodes.Select(d => new[] { 1.0, d.BatchSize, d.KvTokens }).ToArray(),
            decodes.Select(d => d.Seconds).ToArray(),
            terms: 3);
        var model = new StepTimeModel(prefill.Coefficients[0], prefill.Coefficients[1], decode.Coefficients[0], decode.Coefficients[1], decode.Coefficients[2]);
        return new StepTimeFit(model, prefill.RSquared, decode.RSquared, prefills.Count, decodes.Count);
    }

    /// <summary>Coefficients ≥ 0 minimizing Σ(y − X·c)², and R² of that fit; all zero when there are no rows.</summary>
    internal static (double[] Coefficients, double RSquared) NonNegativeLeastSquares(double[][] rows, double[] targets, int terms)
    {
        var best = new double[terms];
        var bestResidual = SumOfSquares(rows, targets, best);
        for (var subset = 1; subset < (1 << terms); subset++)
        {
            var columns = Enumerable.Range(0, terms).Where(c => (subset & (1 << c)) != 0).ToArray();
            var solved = SolveOrdinary(rows, targets, columns);
            if (solved is null || solved.Any(c => c < 0))
            {
                continue;
            }
            var coefficients = new double[terms];
            for (var i = 0; i < columns.Length; i++)
            {
                coefficients[columns[i]] = solved[i];
            }
            var residual = SumOfSquares(rows, targets, coefficients);
            if (residual < bestResidual - (1e-12 * Math.Max(1, bestResidual)))
            {
                best = coefficients;
                bestResidual = residual;
            }
        }
        var mean = targets.Length == 0 ? 0 : targets.Average();
        var total = targets.Sum(y => (y - mean) * (y - mean));
        var rSquared = total > 0 ? 1 - (bestResidual / total) : 0;
        return (best, rSquared);
    }

    private static double SumOfSquares(double[][] rows, double[] targets, double[] coefficients)
    {
        var sum = 0.0;
        for (var r = 0; r < rows.Length; r++)
        {
            var predicted = 0.0;
            for (var c = 0; c < coefficients.Length; c++)
            {
                predicted += rows[r][c] * coefficients[c];
            }
            sum += (targets[r] - predicted) * (targets[r] - predicted);
        }
        return sum;
    }

    /// <summary>Ordinary least squares on the chosen columns via the normal equations; null when they are not identifiable (singular).</summary>
    private static double[]? SolveOrdinary(double[][] rows, double[] targets, int[] columns)
    {
        var n = columns.Length;
        if (rows.Length < n)
        {
            return null;
        }
        // Columns are scaled to unit length first so that tokens (hundreds) and the intercept (1) are comparable
        // when deciding whether the system is singular.
        var scale = columns.Select(c => Math.Sqrt(rows.Sum(r => r[c] * r[c]))).ToArray();
        if (scale.Any(s => s == 0))
        {
            return null;
        }
        var a = new double[n, n + 1];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[i, j] = rows.Sum(r => r[columns[i]] * r[columns[j]]) / (scale[i] * scale[j]);
            }
            a[i, n] = rows.Select((r, k) => r[columns[i]] * targets[k]).Sum() / scale[i];
        }
        for (var pivot = 0; pivot < n; pivot++)
        {
            var best = pivot;
            for (var r = pivot + 1; r < n; r++)
            {
                if (Math.Abs(a[r, pivot]) > Math.Abs(a[best, pivot]))
                {
                    best = r;
                }
            }
            if (Math.Abs(a[best, pivot]) < 1e-9)
            {
                return null;
            }
            for (var c = 0; c <= n; c++)
            {
                (a[pivot, c], a[best, c]) = (a[best, c], a[pivot, c]);
            }
            for (var r = 0; r < n; r++)
            {
                if (r == pivot)
                {
                    continue;
                }
                var factor = a[r, pivot] / a[pivot, pivot];
                for (var c = pivot; c <= n; c++)
                {
                    a[r, c] -= factor * a[pivot, c];
                }
            }
        }
        return Enumerable.Range(0, n).Select(i => a[i, n] / a[i, i] / scale[i]).ToArray();
    }
}
