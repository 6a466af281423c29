using System.Text.Json.Serialization;
using Planner.CostModel;
using Planner.CostModel.Serving;
using Planner.CostModel.Text;

namespace Planner.Data.Projections;

/// <summary>
/// What a host asks of <see cref="CapacityService"/>: the replica (a model and GPU from the catalogs, or a measured
/// step-time fit), how it serves, the requests (fixed lengths or a trace), the p95 targets, an optional peak demand (a
/// rate, or closed-loop users with their think time), the throughput-vs-latency curve's shapes and the
/// latency-against-rate sweep. Field names are the ones problem lines name (each host spells them its own way through
/// its <c>fieldOf</c>). It is also the body of <c>POST /api/capacity</c>: what only a local host can hand over (a trace
/// read from a file, a fit read from a results file) is not part of the JSON.
/// </summary>
public sealed record CapacitySettings
{
    public string? Model { get; init; }

    public string? Gpu { get; init; }

    public int GpusPerReplica { get; init; } = 1;

    public string Precision { get; init; } = "bf16";

    public string? KvPrecision { get; init; }

    public string? Engine { get; init; }

    public double? MemoryUtilization { get; init; }

    /// <summary>Prompt tokens per request; 512 when null. Not with <see cref="Trace"/>.</summary>
    public int? InputTokens { get; init; }

    /// <summary>Output tokens per request; 128 when null. Not with <see cref="Trace"/>.</summary>
    public int? OutputTokens { get; init; }

    /// <summary>Requests read from a trace file (<c>planner capacity --trace</c>); not in the API's JSON.</summary>
    [JsonIgnore]
    public IReadOnlyList<ServingRequest>? Trace { get; init; }

    /// <summary>Target p95 time to first token, ms (&gt; 0, at most 3,600,000); a host that leaves it out gets the range problem.</summary>
    public double TtftMs { get; init; }

    /// <summary>Target p95 inter-token latency (per-request mean), ms.</summary>
    public double ItlMs { get; init; }

    /// <summary>Peak demand, requests/s (open loop): the replicas it needs.</summary>
    public double? Rate { get; init; }

    /// <summary>
    /// Peak demand in closed-loop users, each sending a request, waiting for its answer and thinking
    /// <see cref="ThinkTime"/> seconds: the capacity is then the most users a replica serves, and the replicas are for these.
    /// </summary>
    public int? Clients { get; init; }

    /// <summary>The closed-loop users' mean think time, seconds (0 to 3,600; 0 when absent): only with <see cref="Clients"/>.</summary>
    public double? ThinkTime { get; init; }

    /// <summary>Most requests a replica runs together; null = 256 for a projection, the run's own limit for <see cref="StepTimesRun"/>.</summary>
    public int? MaxBatch { get; init; }

    public int? PrefillChunkTokens { get; init; }

    /// <summary>Multi-step scheduling: decode steps the engine plans at once (<see cref="FleetSettings.SchedulerSteps"/>; 1 when absent).</summary>
    public int? SchedulerSteps { get; init; }

    /// <summary>How the engine claims KV-cache memory (<see cref="FleetSettings.KvAllocation"/>): "reserve" (the whole sequence at admission; when absent) or "onDemand" (as tokens come, pre-empting the newest request).</summary>
    public string? KvAllocation { get; init; }

    public IReadOnlyList<int> CurveBatches { get; init; } = [];

    public IReadOnlyList<int> CurveGpus { get; init; } = [];

    public int SweepPoints { get; init; }

    public double Duration { get; init; } = 600;

    public int Seed { get; init; } = 42;

    /// <summary>A step-time fit of a measured serving run read from a file, in place of <see cref="Model"/> and <see cref="Gpu"/>; not in the API's JSON.</summary>
    [JsonIgnore]
    public StepTimeFit? Measured { get; init; }

    [JsonIgnore]
    public string MeasuredSource { get; init; } = "measured";

    /// <summary>
    /// A stored <c>planner bench serve</c> run whose step-time fit replaces the projection (its batch limit caps
    /// <see cref="MaxBatch"/>); the stored twin of <see cref="Measured"/>, which a host reads from a file. In JSON,
    /// <c>stepTimes: { "run": ID, "rate" or "concurrency" }</c>.
    /// </summary>
    [JsonPropertyName("stepTimes")]
    public CostModel.Scenarios.ServingRunReference? StepTimesRun { get; init; }
}

/// <summary>
/// Capacity at a latency target from the store's catalogs (docs/methodology.md, "Capacity search"): resolves the model and
/// GPU to a projection request (<see cref="ProjectionService.RequestAsync"/>) at the workload's mean lengths and runs
/// <see cref="CapacityPlanner.Plan"/>. <c>planner capacity</c>, the Capacity page and <c>POST /api/capacity</c> all call it.
/// </summary>
public sealed class CapacityService(ProjectionService projections, Benchmarks.ServingRunResolver servingRuns)
{
    private static readonly PhraseTemplate TraceGivesLengths = new("store.traceGivesLengths", "gives the lengths: leave out {0} and {1}");
    private static readonly PhraseTemplate TwoStepTimes = new("store.twoStepTimes", "and {0} both give step times; give one");
    private static readonly PhraseTemplate ReplacesProjection = new("store.replacesProjection", "replaces the projection: leave out {0} and {1}");
    private static readonly PhraseTemplate ThinkTimeNeedsClients = new("store.thinkTimeNeedsClients", "is the think time of closed-loop users: give {0} too");
    private static readonly PhraseTemplate ModelRequired = new("store.modelRequired", "is required (a models catalog name), or {0}");
    private static readonly PhraseTemplate GpuRequired = new("store.gpuRequired", "is required (a gpus catalog name), or {0}");

    /// <param name="settings">What to plan.</param>
    /// <param name="fieldOf">Names a field of <see cref="CapacitySettings"/> in problem lines ("maxBatch" → "--max-batch" on the command line); the projection's "gpus" is "gpusPerReplica" here.</param>
    /// <param name="progress">The share of the simulated runs done (<see cref="CapacityPlanner.Plan"/>).</param>
    /// <param name="ct">Cancels the catalog read and the simulation between runs.</param>
    /// <exception cref="InputException">An input is out of range or names nothing in the catalogs, or the model does not fit its GPUs.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task<CapacityPlan> PlanAsync(CapacitySettings settings, Func<string, string> fieldOf, IProgress<double>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(fieldOf);
        var problems = new List<InputProblem>();
        if (settings.Trace is not null && (settings.InputTokens is not null || settings.OutputTokens is not null))
        {
            problems.Add(InputProblem.At(fieldOf("trace"), TraceGivesLengths.With(fieldOf("inputTokens"), fieldOf("outputTokens"))));
        }
        string? extrapolated = null;
        if (settings.StepTimesRun is { } stored)
        {
            if (settings.Measured is not null)
            {
                problems.Add(InputProblem.At(fieldOf("stepTimesRun"), TwoStepTimes.With(fieldOf("stepTimes"))));
            }
            var (measured, problem) = await servingRuns.StepTimesAsync(stored, fieldOf("stepTimesRun"), ct);
            if (problem is not null)
            {
                throw new InputException([.. problems, problem]);
            }
            if (settings.MaxBatch > measured!.MaxBatch)
            {
                extrapolated = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"batch limit {settings.MaxBatch} is above the {measured.MaxBatch} run '{stored.Run}' was measured at: its step-time fit is extrapolated to larger batches");
            }
            settings = settings with { Measured = measured.Fit, MeasuredSource = measured.Source, StepTimesRun = null, MaxBatch = settings.MaxBatch ?? measured.MaxBatch };
        }
        if (settings.Measured is not null && (settings.Model is not null || settings.Gpu is not null))
        {
            problems.Add(InputProblem.At(fieldOf("stepTimes"), ReplacesProjection.With(fieldOf("model"), fieldOf("gpu"))));
        }
        if (settings.ThinkTime is not null && settings.Clients is null)
        {
            problems.Add(InputProblem.At(fieldOf("thinkTime"), ThinkTimeNeedsClients.With(fieldOf("clients"))));
        }
        if (settings.Measured is null)
        {
            if (string.IsNullOrWhiteSpace(settings.Model))
            {
                problems.Add(InputProblem.At(fieldOf("model"), ModelRequired.With(fieldOf("stepTimes"))));
            }
            if (string.IsNullOrWhiteSpace(settings.Gpu))
            {
                problems.Add(InputProblem.At(fieldOf("gpu"), GpuRequired.With(fieldOf("stepTimes"))));
            }
        }
        var kvAllocation = Planner.CostModel.Serving.KvAllocation.Reserve;
        if (settings.KvAllocation is { } kvName && !KvAllocations.TryParse(kvName, out kvAllocation))
        {
            problems.Add(InputProblem.At(fieldOf("kvAllocation"), ProblemPhrases.OneOf(KvAllocations.Names, kvName)));
        }
        var query = new CapacityQuery
        {
            Model = new StepTimeModel(0, 0, 0, 0, 0),
            Settings = new FleetSettings
            {
                MaxBatch = settings.MaxBatch ?? 256,
                PrefillChunkTokens = settings.PrefillChunkTokens,
                SchedulerSteps = settings.SchedulerSteps ?? 1,
                KvAllocation = kvAllocation,
                GpusPerReplica = settings.GpusPerReplica,
            },
            Targets = new ServingTargets(settings.TtftMs, settings.ItlMs),
            InputTokens = settings.InputTokens ?? 512,
            OutputTokens = settings.OutputTokens ?? 128,
            Trace = settings.Trace,
            DurationSeconds = settings.Duration,
            Seed = settings.Seed,
            ThinkSeconds = settings.Clients is null ? null : settings.ThinkTime ?? 0,
        };
        problems.AddRange(query.Validate(fieldOf));
        problems.AddRange(new CapacityPlanRequest { Query = query, PeakRatePerSecond = settings.Rate, PeakClients = settings.Clients }.DemandProblems(fieldOf));
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        CostModel.Projection.ProjectionRequest? projection = null;
        if (settings.Measured is null)
        {
            var (meanInput, meanOutput) = query.MeanLengths();
            projection = await projections.RequestAsync(new ProjectionSettings
            {
                Model = settings.Model!,
                Gpu = settings.Gpu!,
                Gpus = settings.GpusPerReplica,
                Precision = settings.Precision,
                KvPrecision = settings.KvPrecision,
                Engine = settings.Engine,
                MemoryUtilization = settings.MemoryUtilization,
                InputTokens = Math.Max(1, (int)Math.Round(meanInput)),
                OutputTokens = Math.Max(1, (int)Math.Round(meanOutput)),
            }, null, f => fieldOf(f == "gpus" ? "gpusPerReplica" : f), ct);
        }
        var plan = CapacityPlanner.Plan(new CapacityPlanRequest
        {
            Projection = projection,
            Measured = settings.Measured,
            MeasuredSource = settings.MeasuredSource,
            Query = query,
            PeakRatePerSecond = settings.Rate,
            PeakClients = settings.Clients,
            CurveBatches = settings.CurveBatches ?? [],
            CurveGpus = settings.CurveGpus ?? [],
            SweepPoints = settings.SweepPoints,
        }, fieldOf, progress, ct);
        return extrapolated is null ? plan : plan with { Notes = [.. plan.Notes, extrapolated] };
    }
}
