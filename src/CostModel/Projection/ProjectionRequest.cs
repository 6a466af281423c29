namespace Planner.CostModel.Projection;

/// <summary>
/// What to project: a static batch of <see cref="Batch"/> requests, each of <see cref="InputTokens"/> prompt tokens and
/// <see cref="OutputTokens"/> generated tokens, of <see cref="Model"/> on <see cref="Gpus"/> × <see cref="Gpu"/>
/// (tensor parallel), with a format per tensor class and the efficiency factors of a serving engine.
/// </summary>
public sealed record ProjectionRequest
{
    public required ModelShape Model { get; init; }

    public required GpuSpec Gpu { get; init; }

    public int Gpus { get; init; } = 1;

    public int Batch { get; init; } = 1;

    public required int InputTokens { get; init; }

    public required int OutputTokens { get; init; }

    public required TensorPrecisions Precisions { get; init; }

    public required Efficiency Efficiency { get; init; }

    /// <summary>
    /// The share of each GPU's memory the engine may use for weights, KV cache and activations (vLLM's
    /// gpu_memory_utilization, default 0.90; TensorRT-LLM sizes its cache from a similar free-memory fraction); the rest
    /// is the framework's reserve (CUDA context, communication buffers, allocator slack).
    /// </summary>
    public double MemoryUtilization { get; init; } = DefaultMemoryUtilization;

    public const double DefaultMemoryUtilization = 0.90;

    /// <summary>
    /// The tokens per request that <see cref="InputTokens"/> and <see cref="OutputTokens"/> were split from, when the
    /// caller gave one length (<c>--context</c>, a scenario's contextLength): messages then name it instead of the two.
    /// </summary>
    public int? ContextLength { get; init; }

    /// <summary>Tokens of KV cache held per sequence; null = what the batch really holds, input + output tokens.</summary>
    public int? KvCacheTokens { get; init; }
}
