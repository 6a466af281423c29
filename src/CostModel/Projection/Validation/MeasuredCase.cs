namespace Planner.CostModel.Projection.Validation;

/// <summary>The figure a published measurement gives, named as the projection's JSON names it.</summary>
public enum MeasuredMetric
{
    /// <summary>Batch × output tokens over the batch's wall time, per GPU.</summary>
    OutputTokensPerSecondPerGpu,

    /// <summary>The prefill of the batch (the first token).</summary>
    TimeToFirstTokenMs,

    /// <summary>Prefill plus every decode step of the batch.</summary>
    BatchLatencyMs,
}

/// <summary>
/// One published measurement with a well-defined setup (data/validation/published-measurements.csv; docs/methodology.md,
/// "Validation"): what ran (model, GPU and count, formats, batch, input and output lengths, engine and version), the
/// figure it gave, where it was published and when, and whether it is fitted on (train) or only checked against (held out).
/// </summary>
public sealed record MeasuredCase
{
    public required int Id { get; init; }

    /// <summary>A models catalog name.</summary>
    public required string Model { get; init; }

    /// <summary>A gpus catalog name.</summary>
    public required string Gpu { get; init; }

    public required int Gpus { get; init; }

    public required TensorPrecisions Precisions { get; init; }

    public required int Batch { get; init; }

    public required int InputTokens { get; init; }

    public required int OutputTokens { get; init; }

    /// <summary>An engine preset name (<see cref="EnginePresets"/>).</summary>
    public required string Engine { get; init; }

    public required string EngineVersion { get; init; }

    /// <summary>How the source ran it, e.g. "static batch".</summary>
    public required string Setting { get; init; }

    public required MeasuredMetric Metric { get; init; }

    public required double Value { get; init; }

    public required string Unit { get; init; }

    public required bool HeldOut { get; init; }

    public required string Source { get; init; }

    public required string SourceUrl { get; init; }

    /// <summary>The publication date as the source gives it (ISO 8601, month or day).</summary>
    public required string AsOf { get; init; }

    /// <summary>"llama-2-70b on 4x NVIDIA H100 SXM fp8, batch 96, 2048 in / 128 out (tensorrt-llm 0.9.0)".</summary>
    public override string ToString() =>
        $"#{Id} {Model} on {Gpus}x {Gpu} {Precisions}, batch {Batch}, {InputTokens} in / {OutputTokens} out ({Engine} {EngineVersion})";
}
