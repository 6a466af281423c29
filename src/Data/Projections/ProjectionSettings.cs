namespace Planner.Data.Projections;

/// <summary>
/// A projection as a host asks for it, by catalog names and format names (<see cref="ProjectionService.Project(IReadOnlyList{Entities.CatalogModelShape}, IReadOnlyList{Entities.CatalogGpu}, ProjectionSettings, Func{string, string}, Func{CostModel.Projection.GpuSpec, CostModel.Projection.Efficiency}?)"/>).
/// Input and output tokens are given together, or <see cref="ContextLength"/> (or the model's context) is split evenly between them.
/// </summary>
public sealed record ProjectionSettings
{
    public required string Model { get; init; }

    public required string Gpu { get; init; }

    public int Gpus { get; init; } = 1;

    /// <summary>The weights' format; the activations' and the KV cache's follow the engines' recipe unless given.</summary>
    public string Precision { get; init; } = "bf16";

    public string? ActivationPrecision { get; init; }

    public string? KvPrecision { get; init; }

    public int Batch { get; init; } = 1;

    public int? ContextLength { get; init; }

    public int? InputTokens { get; init; }

    public int? OutputTokens { get; init; }

    /// <summary>An engine preset name (tensorrt-llm, vllm); the default preset when null.</summary>
    public string? Engine { get; init; }

    /// <summary>The usable share of each GPU's memory; 0.90 when null.</summary>
    public double? MemoryUtilization { get; init; }
}
