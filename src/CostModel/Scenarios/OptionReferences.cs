namespace Planner.CostModel.Scenarios;

/// <summary>
/// Names of catalog rows and benchmark results that supply an option's numbers instead of typed values.
/// The cost model only carries them; the data layer resolves them into plain numbers and origins.
/// </summary>
public sealed record OptionReferences
{
    public static readonly OptionReferences None = new();

    /// <summary>A GPU catalog name, e.g. "H100 SXM".</summary>
    public string? Gpu { get; init; }

    /// <summary>A cloud-offer catalog id.</summary>
    public string? CloudOffer { get; init; }

    /// <summary>An API price card, "vendor/model".</summary>
    public string? ApiPrice { get; init; }

    public ThroughputReference? ThroughputFrom { get; init; }

    /// <summary>A training benchmark result whose time to target supplies trainingGpuHoursPerRetrain.</summary>
    public TrainingReference? TrainingFrom { get; init; }

    /// <summary>A stored <c>planner bench serve</c> run whose fitted step-time model gives a GPU option's replica capacity at the workload's latency targets.</summary>
    public ServingRunReference? CapacityFrom { get; init; }

    /// <summary>A stored endpoint load test (<c>planner bench endpoint</c>) whose p95 TTFT and ITL are an API option's measured latency.</summary>
    public ServingRunReference? LatencyFrom { get; init; }

    public bool IsEmpty => Gpu is null && CloudOffer is null && ApiPrice is null && ThroughputFrom is null && TrainingFrom is null && CapacityFrom is null && LatencyFrom is null;
}

/// <summary>
/// Where an option's training GPU-hours per retrain come from: a stored run's training result with a time to target
/// (<see cref="Run"/>, <see cref="Model"/>, and <see cref="Dataset"/> and <see cref="Batch"/> to pick one), scaled
/// from the rows it trained on to <see cref="Rows"/>, the rows one retraining uses (docs/methodology.md, "Training
/// GPU-hours from a run").
/// </summary>
public sealed record TrainingReference
{
    public required string Run { get; init; }

    public required string Model { get; init; }

    /// <summary>The dataset the result trained on (its preset); needed when the run trained the model on several.</summary>
    public string? Dataset { get; init; }

    public int? Batch { get; init; }

    /// <summary>Training rows one retraining uses; null: the rows the run trained on (no scaling).</summary>
    public int? Rows { get; init; }
}

/// <summary>
/// One serving result of a stored benchmark run: the run's id and, when the run measured several loads (a sweep), the
/// load's rate or concurrency; without either, the run's first serving result of the kind asked for
/// (<see cref="Serving.ServingResultChoice"/>).
/// </summary>
public sealed record ServingRunReference
{
    public required string Run { get; init; }

    /// <summary>Requests/s of the open-loop load to take.</summary>
    public double? Rate { get; init; }

    /// <summary>Clients of the closed-loop load to take.</summary>
    public int? Concurrency { get; init; }
}

/// <summary>
/// Where an option's prefill/decode throughput comes from: a stored benchmark result
/// (<see cref="Run"/> with model, preset, batch) or a projection for a model too large to benchmark here.
/// </summary>
public sealed record ThroughputReference
{
    public string? Run { get; init; }

    public string? Model { get; init; }

    public string? Preset { get; init; }

    public string? Precision { get; init; }

    public int? Batch { get; init; }

    public ProjectionReference? Projection { get; init; }

    /// <summary>
    /// Why throughput of a model much smaller than the served one (or a projection of another model) is used anyway; the
    /// evaluation records it beside the throughput's origin. Null = such evidence is refused (<see cref="Inputs.EvidenceGuard.CheckModel"/>).
    /// </summary>
    public string? OverrideModelSize { get; init; }
}

public sealed record ProjectionReference
{
    public required string Model { get; init; }

    public required string Gpu { get; init; }

    public int Gpus { get; init; } = 1;

    public string Precision { get; init; } = "bf16";

    public int Batch { get; init; } = 1;

    /// <summary>
    /// Tokens per sequence the KV cache is sized for, split evenly into input and output. Null, and no
    /// <see cref="InputTokens"/>: the scenario's tokens per request, input and output rounded up, which must fit the model's context.
    /// </summary>
    public int? ContextLength { get; init; }

    /// <summary>Input (prompt) tokens per request, given with <see cref="OutputTokens"/> and without <see cref="ContextLength"/>: the lengths a projection was made at.</summary>
    public int? InputTokens { get; init; }

    /// <summary>Output tokens per request, given with <see cref="InputTokens"/>.</summary>
    public int? OutputTokens { get; init; }

    /// <summary>
    /// How the replica's engine claims KV-cache memory when the option is sized at the workload's latency targets
    /// (<see cref="Serving.FleetSettings.KvAllocation"/>); null = <see cref="Serving.KvAllocation.Reserve"/>, as before it existed.
    /// </summary>
    public Serving.KvAllocation? KvAllocation { get; init; }
}
