using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.CostModel.Serving;
using Planner.Data.Projections;

namespace Planner.Web.Apis;

/// <summary>
/// <c>POST /api/capacity</c>: the capacity of one replica at p95 latency targets, the replicas for a peak, the
/// throughput-vs-latency curve and the latency-against-rate sweep — <c>planner capacity</c>'s JSON, from the same
/// <see cref="CapacityService"/> (docs/web.md).
/// </summary>
public static class CapacityApi
{
    /// <summary>Simulated seconds per rate tried that one API call may ask for: a request's work stays bounded (the CLI allows a day).</summary>
    public const double MaxDurationSeconds = 3600;

    public static RouteGroupBuilder MapCapacityApi(this RouteGroupBuilder api)
    {
        api.MapPost("/capacity", PlanAsync)
            .WithName("PlanCapacity")
            .WithTags("Capacity")
            .WithSummary("Capacity of a replica at p95 TTFT and inter-token latency targets")
            .WithDescription("A model and GPU from the catalogs on N GPUs per replica, the request lengths and the p95 targets in; the highest request rate one replica "
                + "serves within them (simulated continuous batching, docs/methodology.md \"Capacity search\"), the replicas and GPUs for `rate`, the curve over "
                + "`curveBatches` × `curveGpus` with its Pareto front and the latency percentiles at `sweepPoints` rates out: the JSON of `planner capacity`. "
                + "With `stepTimes: { run }` a stored `planner bench serve` run's fitted step times replace the projection. "
                + "Bad input gets 400 naming each field and its allowed range; `duration` is at most 3600 s here.")
            .Accepts<CapacityRequestBody>("application/json")
            .Produces<CapacityPlan>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem();
        return api;
    }

    internal static async Task<ContentHttpResult> PlanAsync(CapacityRequestBody body, CapacityService capacity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!(body.Duration >= 1 && body.Duration <= MaxDurationSeconds))
        {
            throw new InputException(InputProblem.At("duration", string.Create(CultureInfo.InvariantCulture,
                $"must be >= 1 and <= {MaxDurationSeconds} seconds in an API call (got {body.Duration})")));
        }
        if (body.StepTimes is { Run: null or "" })
        {
            throw new InputException(InputProblem.At("stepTimes.run", "is required: the id of a stored planner bench serve run (planner bench runs)"));
        }
        var plan = await Task.Run(() => capacity.PlanAsync(body.ToSettings(), field => field == "stepTimesRun" ? "stepTimes" : field, null, ct), ct);
        return TypedResults.Text(PlannerJson.Serialize(plan), "application/json");
    }
}

/// <summary>The body of <c>POST /api/capacity</c>: <c>planner capacity</c>'s options, named as its problem lines name them.</summary>
public sealed record CapacityRequestBody
{
    /// <summary>Models catalog name, e.g. llama-3-70b.</summary>
    public string? Model { get; init; }

    /// <summary>GPU catalog name, vendor prefix optional, e.g. "H100 SXM".</summary>
    public string? Gpu { get; init; }

    /// <summary>GPUs per replica (tensor parallel), 1 to 1024.</summary>
    public int GpusPerReplica { get; init; } = 1;

    /// <summary>The weights' format: fp32, bf16, fp16, fp8, int8, int4.</summary>
    public string Precision { get; init; } = "bf16";

    public string? KvPrecision { get; init; }

    /// <summary>Efficiency preset; the default one when absent.</summary>
    public string? Engine { get; init; }

    public double? MemoryUtilization { get; init; }

    /// <summary>Prompt tokens per request, 1 to 1,048,576 (default 512).</summary>
    public int? InputTokens { get; init; }

    /// <summary>Output tokens per request (default 128).</summary>
    public int? OutputTokens { get; init; }

    /// <summary>Target p95 time to first token, ms (&gt; 0, at most 3,600,000).</summary>
    public double TtftMs { get; init; }

    /// <summary>Target p95 inter-token latency (per-request mean), ms.</summary>
    public double ItlMs { get; init; }

    /// <summary>Peak demand, requests/s: the replicas it needs.</summary>
    public double? Rate { get; init; }

    /// <summary>Most requests one replica runs together; 256 by default, or the batch limit of the <see cref="StepTimes"/> run.</summary>
    public int? MaxBatch { get; init; }

    /// <summary>
    /// A stored <c>planner bench serve</c> run whose fitted step times replace the projection (leave out model and gpu):
    /// <c>{ "run": ID }</c>, with <c>rate</c> or <c>concurrency</c> naming one load of a sweep (else its first).
    /// </summary>
    public StepTimesRunBody? StepTimes { get; init; }

    /// <summary>Chunked prefill: tokens per step; whole prompts when absent.</summary>
    public int? PrefillChunkTokens { get; init; }

    /// <summary>Batch limits of the throughput-vs-latency curve (at most 64 points with <see cref="CurveGpus"/>).</summary>
    public IReadOnlyList<int>? CurveBatches { get; init; }

    /// <summary>GPUs per replica of the curve; the replica's own when absent.</summary>
    public IReadOnlyList<int>? CurveGpus { get; init; }

    /// <summary>Rates of the latency-against-rate sweep, 0 to 40.</summary>
    public int SweepPoints { get; init; }

    /// <summary>Simulated seconds of Poisson arrivals per rate tried, 1 to 3600.</summary>
    public double Duration { get; init; } = 600;

    public int Seed { get; init; } = 42;

    public CapacitySettings ToSettings() => new()
    {
        Model = Model,
        Gpu = Gpu,
        GpusPerReplica = GpusPerReplica,
        Precision = Precision,
        KvPrecision = KvPrecision,
        Engine = Engine,
        MemoryUtilization = MemoryUtilization,
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        TtftMs = TtftMs,
        ItlMs = ItlMs,
        Rate = Rate,
        MaxBatch = MaxBatch,
        PrefillChunkTokens = PrefillChunkTokens,
        CurveBatches = CurveBatches ?? [],
        CurveGpus = CurveGpus ?? [],
        SweepPoints = SweepPoints,
        Duration = Duration,
        Seed = Seed,
        StepTimesRun = StepTimes is { } run ? new CostModel.Scenarios.ServingRunReference { Run = run.Run ?? "", Rate = run.Rate, Concurrency = run.Concurrency } : null,
    };
}

/// <summary>A stored serving run and one of its loads, as a scenario's <c>capacityFrom</c> names them.</summary>
public sealed record StepTimesRunBody
{
    /// <summary>The run's id (planner bench runs).</summary>
    public string? Run { get; init; }

    /// <summary>Requests/s of the load to take.</summary>
    public double? Rate { get; init; }

    /// <summary>Clients of the load to take.</summary>
    public int? Concurrency { get; init; }
}
