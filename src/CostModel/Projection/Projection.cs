namespace Planner.CostModel.Projection;

/// <summary>
/// Projected memory, latency and throughput of a static batch of one model on a group of GPUs (tensor parallel); see
/// <see cref="ThroughputProjector"/> and docs/methodology.md, "Throughput projection". Memory figures are in
/// GB = 10⁹ bytes, like the datasheets; memory totals are summed over the GPUs.
/// </summary>
public sealed record Projection
{
    public required string Model { get; init; }

    public required string Gpu { get; init; }

    public required int Gpus { get; init; }

    /// <summary>The weights' format.</summary>
    public required string Precision { get; init; }

    /// <summary>The format the matrix products compute in (picks the GPU's peak).</summary>
    public required string ActivationPrecision { get; init; }

    public required string KvCachePrecision { get; init; }

    public required int Batch { get; init; }

    public required int InputTokens { get; init; }

    public required int OutputTokens { get; init; }

    /// <summary>Input + output tokens of one sequence.</summary>
    public required int ContextLength { get; init; }

    public required Efficiency Efficiency { get; init; }

    /// <summary>The usable share of each GPU's memory (the rest is <see cref="ReserveGb"/>).</summary>
    public required double MemoryUtilization { get; init; }

    /// <summary>Parameters × bytes per value of the weights' format (the embedding and output head in 16 bits under 8- and 4-bit formats).</summary>
    public required double WeightMemoryGb { get; init; }

    /// <summary>Activations of the largest forward pass, all GPUs.</summary>
    public required double WorkspaceGb { get; init; }

    /// <summary>The framework's reserve: (1 − <see cref="MemoryUtilization"/>) of every GPU's memory.</summary>
    public required double ReserveGb { get; init; }

    /// <summary><see cref="WorkspaceGb"/> + <see cref="ReserveGb"/>: what memory holds besides weights and KV cache.</summary>
    public required double OverheadGb { get; init; }

    /// <summary>Layers × values per token and layer (2 × KV heads × head size, or the latent) × bytes per value.</summary>
    public required double KvCacheBytesPerToken { get; init; }

    /// <summary>Tokens of cache each sequence holds (input + output unless asked otherwise).</summary>
    public required int KvCacheTokensPerSequence { get; init; }

    /// <summary>The cache one sequence holds (a sliding window caps its layers).</summary>
    public required double KvCacheGbPerSequence { get; init; }

    /// <summary>The batch's KV cache over all GPUs (replicas included where GPUs outnumber KV heads).</summary>
    public required double KvCacheGb { get; init; }

    public required double TotalMemoryGb { get; init; }

    /// <summary>GPUs × memory per GPU.</summary>
    public required double AvailableMemoryGb { get; init; }

    public required bool Fits { get; init; }

    /// <summary>How much more memory the batch needs; 0 when it fits.</summary>
    public required double MissingGb { get; init; }

    /// <summary>The largest batch whose KV cache and workspace fit beside the weights; 0 when one sequence does not fit.</summary>
    public required int MaxBatchThatFits { get; init; }

    /// <summary>FLOPs of one token's forward pass at the mean attended context (matrix products plus attention).</summary>
    public required double FlopsPerToken { get; init; }

    /// <summary>Batch × output tokens over the batch's wall time (<see cref="BatchLatencyMs"/>), per GPU.</summary>
    public required double OutputTokensPerSecondPerGpu { get; init; }

    /// <summary>The prefill of the whole batch, which yields every sequence's first token.</summary>
    public required double TimeToFirstTokenMs { get; init; }

    /// <summary>Prefill plus output − 1 decode steps.</summary>
    public required double BatchLatencyMs { get; init; }

    /// <summary>Input tokens per second of the prefill, per GPU.</summary>
    public required double PrefillTokensPerSecondPerGpu { get; init; }

    /// <summary>"compute" or "memory": which roofline term sets the prefill time.</summary>
    public required string PrefillBound { get; init; }

    /// <summary>Output tokens per second of the whole batch in decode (batch / mean step), divided by the GPUs.</summary>
    public required double DecodeTokensPerSecondPerGpu { get; init; }

    public required string DecodeBound { get; init; }

    /// <summary>Bytes moved per mean decode step over all GPUs: the weights (experts touched) once, every sequence's KV cache, activations.</summary>
    public required double DecodeBytesPerStep { get; init; }

    /// <summary>Time between two output tokens of one sequence at this batch (the mean decode step), in milliseconds.</summary>
    public required double MsPerOutputToken { get; init; }

    /// <summary>The fixed time of one pass or step, layers × t_layer, in milliseconds; 0 for the pure roofline.</summary>
    public double LayerOverheadMsPerPass { get; init; }

    /// <summary>The decode roofline with η = 1: batch / max(FLOPs / peak, bytes / bandwidth), per GPU.</summary>
    public required double DecodeRooflineTokensPerSecondPerGpu { get; init; }

    public required double PrefillRooflineTokensPerSecondPerGpu { get; init; }

    /// <summary>Experts per layer one decode step of the batch reads (E × coverage); null for a dense model.</summary>
    public double? ExpertsTouchedPerDecodeStep { get; init; }

    /// <summary>Per GPU: the prefill pass's operators, then the mean decode step's.</summary>
    public IReadOnlyList<OperatorTime> Operators { get; init; } = [];

    /// <summary>What this projection does not model, in words (e.g. speculative decoding).</summary>
    public IReadOnlyList<string> NotModelled { get; init; } = [];
}
