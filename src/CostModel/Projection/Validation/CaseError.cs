namespace Planner.CostModel.Projection.Validation;

/// <summary>
/// A projection against one measurement: <see cref="Ratio"/> = projected / measured of the case's figure (a throughput,
/// or a time), <see cref="AbsoluteError"/> = |ratio − 1|, and <see cref="Factor"/> = max(ratio, 1 / ratio), how many
/// times off it is either way.
/// </summary>
public sealed record CaseError(MeasuredCase Case, double Projected)
{
    public double Ratio => Projected / Case.Value;

    public double AbsoluteError => Math.Abs(Ratio - 1);

    public double Factor => Math.Max(Ratio, 1 / Ratio);

    /// <summary>True when the projection promises more than was measured: higher throughput or shorter time.</summary>
    /// <summary>
    /// True when the measurement beats the pure roofline of its stated setup (η = 1, no fixed time): no efficiency can
    /// reproduce it, so the setup as published is missing something (e.g. a format or a parallelism it did not state).
    /// </summary>
    public bool BeyondRoofline { get; init; }

    public bool Optimistic => Case.Metric == MeasuredMetric.OutputTokensPerSecondPerGpu ? Ratio > 1 : Ratio < 1;
}
