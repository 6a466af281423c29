namespace Planner.CostModel.Projection;

/// <summary>
/// Projected memory and throughput of one model on a group of GPUs (tensor parallel) at one batch size; see
/// <see cref="ThroughputProjector"/> and docs/methodology.md, "Throughput projection". Memory figures are in
/// GB = 10⁹ bytes, like the datasheets.
/// </summary>
public sealed record Projection
{
    public required string Model { get; init; }

    public required string Gpu { get; init; }

    public required int Gpus { get; init; }

    public required string Precision { get; init; }

    public required int Batch { get; init; }

    /// <summary>Tokens per sequence (prompt and output) that the KV cache is sized for.</summary>
    public required int ContextLength { get; init; }

    public required Efficiency Efficiency { get; init; }

    /// <summary>Parameters × bytes per value.</summary>
    public required double WeightMemoryGb { get; init; }

    /// <summary>The activation and workspace allowance: <see cref="ThroughputProjector.OverheadFraction"/> of the weights.</summary>
    public required double OverheadGb { get; init; }

    /// <summary>2 × layers × KV heads × head size × bytes per value.</summary>
    public required double KvCacheBytesPerToken { get; init; }

    public required double KvCacheGbPerSequence { get; init; }

    public required double TotalMemoryGb { get; init; }

    /// <summary>GPUs × memory per GPU.</summary>
    public required double AvailableMemoryGb { get; init; }

    public required bool Fits { get; init; }

    /// <summary>How much more memory the batch needs; 0 when it fits.</summary>
    public required double MissingGb { get; init; }

    /// <summary>The largest batch whose KV cache fits beside the weights; 0 when the weights alone do not fit.</summary>
    public required int MaxBatchThatFits { get; init; }

    /// <summary>FLOPs of one token's forward pass at the mean attended context (matrix products plus attention).</summary>
    public required double FlopsPerToken { get; init; }

    public required double PrefillTokensPerSecondPerGpu { get; init; }

    /// <summary>"compute" or "memory": which roofline term sets the prefill time.</summary>
    public required string PrefillBound { get; init; }

    /// <summary>Output tokens per second of the whole batch, divided by the GPUs.</summary>
    public required double DecodeTokensPerSecondPerGpu { get; init; }

    public required string DecodeBound { get; init; }

    /// <summary>Bytes read per decode step: the weights once plus every sequence's KV cache at the mean context.</summary>
    public required double DecodeBytesPerStep { get; init; }

    /// <summary>Time between two output tokens of one sequence at this batch (one decode step), in milliseconds.</summary>
    public required double MsPerOutputToken { get; init; }

    /// <summary>The fixed time of one pass or step, layers × t_layer, in milliseconds; 0 for the pure roofline.</summary>
    public double LayerOverheadMsPerPass { get; init; }

    /// <summary>The decode roofline with η = 1: batch / max(FLOPs / peak, bytes / bandwidth), per GPU.</summary>
    public required double DecodeRooflineTokensPerSecondPerGpu { get; init; }

    public required double PrefillRooflineTokensPerSecondPerGpu { get; init; }
}
