namespace Planner.CostModel.Projection.Validation;

/// <summary>A <see cref="MeasuredCase"/> with its model's shape and its GPU's datasheet found in the catalogs.</summary>
public sealed record ResolvedCase(MeasuredCase Case, ModelShape Model, GpuSpec Gpu)
{
    /// <summary>The projection of exactly what the case ran, with <paramref name="efficiency"/>.</summary>
    public Projection Project(Efficiency efficiency) => ThroughputProjector.Project(new ProjectionRequest
    {
        Model = Model,
        Gpu = Gpu,
        Gpus = Case.Gpus,
        Batch = Case.Batch,
        InputTokens = Case.InputTokens,
        OutputTokens = Case.OutputTokens,
        Precisions = Case.Precisions,
        Efficiency = efficiency,
    });

    /// <summary>The projection's counterpart of the case's figure.</summary>
    public static double Figure(Projection projection, MeasuredMetric metric)
    {
        ArgumentNullException.ThrowIfNull(projection);
        return metric switch
        {
            MeasuredMetric.OutputTokensPerSecondPerGpu => projection.OutputTokensPerSecondPerGpu,
            MeasuredMetric.TimeToFirstTokenMs => projection.TimeToFirstTokenMs,
            MeasuredMetric.BatchLatencyMs => projection.BatchLatencyMs,
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
        };
    }

    public CaseError Error(Efficiency efficiency) => new(Case, Figure(Project(efficiency), Case.Metric))
    {
        BeyondRoofline = Case.Metric == MeasuredMetric.OutputTokensPerSecondPerGpu
            ? Case.Value > Figure(Project(Efficiency.Ideal), Case.Metric)
            : Case.Value < Figure(Project(Efficiency.Ideal), Case.Metric),
    };
}
