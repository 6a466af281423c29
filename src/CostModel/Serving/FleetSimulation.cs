using System.Globalization;
using Planner.CostModel.Text;

namespace Planner.CostModel.Serving;

/// <summary>
/// How the simulated replicas serve (docs/methodology.md, "Serving simulator"): the batch limit, the KV-cache tokens
/// a replica can hold (null = unlimited), the token budget of one step when prefills are chunked (null = whole
/// prompts, prefill first, as <see cref="ServingLoop"/>), the decode steps the scheduler plans at once
/// (<see cref="SchedulerSteps"/>), the replicas sharing one queue, the GPUs of one replica (for tokens/s per GPU), an
/// optional timeout and the latency targets goodput is counted against.
/// </summary>
public sealed record FleetSettings
{
    public const int MaxReplicas = 256;
    public const int MaxGpusPerReplica = 1024;
    public const long MaxKvCapacityTokens = 1_000_000_000_000;
    public const int MaxChunkTokens = 1_048_576;
    public const int MaxSchedulerSteps = 64;

    public int MaxBatch { get; init; } = 256;

    public long? KvCapacityTokens { get; init; }

    public int? PrefillChunkTokens { get; init; }

    /// <summary>
    /// With whole prompts (<see cref="PrefillChunkTokens"/> null), the most prompt tokens one prefill step takes: waiting
    /// prompts are admitted while their sum stays within it (always at least one), as vLLM's V0 scheduler does with
    /// chunked prefill off (<c>max_num_batched_tokens</c>); null = no limit. Ignored when prefills are chunked.
    /// </summary>
    public int? MaxPrefillTokens { get; init; }

    /// <summary>
    /// Multi-step scheduling (vLLM 0.6's <c>--num-scheduler-steps</c>): the scheduler plans this many decode steps at a
    /// time, so a waiting request is admitted only when the running block of steps ends (or nothing is decoding);
    /// 1 = a scheduling decision every step (docs/methodology.md, "Serving simulator").
    /// </summary>
    public int SchedulerSteps { get; init; } = 1;

    /// <summary>How KV-cache memory is claimed: the whole sequence at admission (the default) or as tokens come, with pre-emption (<see cref="Serving.KvAllocation"/>).</summary>
    public KvAllocation KvAllocation { get; init; } = KvAllocation.Reserve;

    public int Replicas { get; init; } = 1;

    public int GpusPerReplica { get; init; } = 1;

    public double? TimeoutSeconds { get; init; }

    public ServingTargets? Targets { get; init; }

    /// <summary>Every setting out of range, each naming the field as <paramref name="fieldOf"/> spells it.</summary>
    public IReadOnlyList<InputProblem> Validate(Func<string, string>? fieldOf = null)
    {
        fieldOf ??= f => f;
        var problems = new List<InputProblem>();
        if (MaxBatch is < 1 or > ServingLoop.MaxBatchLimit)
        {
            problems.Add(InputProblem.At(fieldOf("maxBatch"), ProblemPhrases.NotBetween(1, ServingLoop.MaxBatchLimit, MaxBatch)));
        }
        if (KvCapacityTokens is { } kv && kv is < 1 or > MaxKvCapacityTokens)
        {
            problems.Add(InputProblem.At(fieldOf("kvCapacityTokens"), ProblemPhrases.NotBetween(1, MaxKvCapacityTokens, kv)));
        }
        if (PrefillChunkTokens is { } chunk && chunk is < 1 or > MaxChunkTokens)
        {
            problems.Add(InputProblem.At(fieldOf("prefillChunkTokens"), ProblemPhrases.NotBetween(1, MaxChunkTokens, chunk)));
        }
        if (MaxPrefillTokens is { } prefill && prefill is < 1 or > MaxChunkTokens)
        {
            problems.Add(InputProblem.At(fieldOf("maxPrefillTokens"), ProblemPhrases.NotBetween(1, MaxChunkTokens, prefill)));
        }
        if (SchedulerSteps is < 1 or > MaxSchedulerSteps)
        {
            problems.Add(InputProblem.At(fieldOf("schedulerSteps"), ProblemPhrases.NotBetween(1, MaxSchedulerSteps, SchedulerSteps)));
        }
        if (!Enum.IsDefined(KvAllocation))
        {
            problems.Add(InputProblem.At(fieldOf("kvAllocation"), ProblemPhrases.OneOf(KvAllocations.Names, ((int)KvAllocation).ToString(CultureInfo.InvariantCulture))));
        }
        if (Replicas is < 1 or > MaxReplicas)
        {
            problems.Add(InputProblem.At(fieldOf("replicas"), ProblemPhrases.NotBetween(1, MaxReplicas, Replicas)));
        }
        if (GpusPerReplica is < 1 or > MaxGpusPerReplica)
        {
            problems.Add(InputProblem.At(fieldOf("gpusPerReplica"), ProblemPhrases.NotBetween(1, MaxGpusPerReplica, GpusPerReplica)));
        }
        if (TimeoutSeconds is { } timeout && !(timeout > 0 && timeout <= ServingLoad.MaxTimeoutSeconds))
        {
            problems.Add(InputProblem.At(fieldOf("timeout"), ProblemPhrases.NotAboveAtMost(0, ServingLoad.MaxTimeoutSeconds, timeout, ProblemPhrases.Seconds.With())));
        }
        if (Targets is { } targets)
        {
            problems.AddRange(targets.Validate(fieldOf).Select(problem => problem with { Path = fieldOf("targets") }));
        }
        return problems;
    }
}

/// <summary>The mean queue length (requests waiting for admission) over one interval of a run.</summary>
public sealed record QueueSample(double StartSeconds, double EndSeconds, double MeanWaiting, int MaxWaiting);

/// <summary>
/// What a simulated run gives besides the latency metrics: output tokens/s per GPU and per user, the time-weighted
/// mean batch, KV-cache occupancy and queue length, and the queue length over time.
/// </summary>
public sealed record FleetResult(
    ServingMetrics Metrics,
    double OutputTokensPerSecondPerGpu,
    double OutputTokensPerSecondPerUser,
    double MeanBatch,
    double? MeanKvOccupancy,
    double? MaxKvOccupancy,
    double MeanQueueLength,
    int MaxQueueLength,
    IReadOnlyList<QueueSample> QueueOverTime,
    int Steps)
{
    /// <summary>Every request's trace; for simulated runs only the first and last token times are kept (see <see cref="FleetSimulator"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<RequestTrace> Requests { get; init; } = [];

    /// <summary>Pre-emptions of running requests (on-demand KV allocation only; 0 when the whole sequence is reserved).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Preemptions { get; init; }
}
