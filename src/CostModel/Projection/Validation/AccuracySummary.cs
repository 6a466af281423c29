namespace Planner.CostModel.Projection.Validation;

/// <summary>
/// How far projections are from published measurements (docs/methodology.md, "Validation"): the median of |projected /
/// measured − 1|, how many are within 15%, the largest factor either way, and the worst cases.
/// </summary>
public sealed record AccuracySummary(int Cases, double MedianAbsoluteError, int WithinFifteenPercent, double WorstFactor,
    int Optimistic, IReadOnlyList<CaseError> Worst)
{
    /// <summary>The threshold of <see cref="WithinFifteenPercent"/>.</summary>
    public const double Tolerance = 0.15;

    /// <summary>Summarises <paramref name="errors"/>; <paramref name="worst"/> of the largest factors are kept.</summary>
    public static AccuracySummary Of(IReadOnlyList<CaseError> errors, int worst = 5)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            return new AccuracySummary(0, double.NaN, 0, double.NaN, 0, []);
        }
        var sorted = errors.Select(e => e.AbsoluteError).Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new AccuracySummary(errors.Count, median, errors.Count(e => e.AbsoluteError <= Tolerance), errors.Max(e => e.Factor),
            errors.Count(e => e.Optimistic), [.. errors.OrderByDescending(e => e.Factor).Take(worst)]);
    }

    /// <summary>"median error 8.1%, 31 of 44 within 15%, worst 1.42x".</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"median error {MedianAbsoluteError * 100:0.0}%, {WithinFifteenPercent} of {Cases} within 15%, worst {WorstFactor:0.00}x");
}
