using System.Collections.Concurrent;
using System.Globalization;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Serving;
using Planner.Data.Entities;
using Planner.Data.Scenarios;
using Planner.CostModel.Text;

namespace Planner.Data.Benchmarks;

/// <summary>What a stored serving run supplies an option: values with their origins, or the problems that kept it from doing so.</summary>
public sealed record ServingRunSupply(IReadOnlyList<(string Field, ResolvedValue Value)> Values, IReadOnlyList<InputProblem> Problems)
{
    public static ServingRunSupply Failed(InputProblem problem) => new([], [problem]);
}

/// <summary>
/// Resolves the references that name a stored serving run (docs/methodology.md, "Inputs from the catalogs and stored
/// benchmark runs"): a GPU option's <c>capacityFrom</c> (one replica's capacity at the workload's latency targets, by the
/// capacity search over the step times fitted to a <c>planner bench serve</c> run) and an API option's <c>latencyFrom</c>
/// (the p95 time to first token and inter-token latency an endpoint load test measured). The serving result is picked by
/// <see cref="ServingResultChoice.Pick"/>; <c>planner capacity --step-times RUN</c> and <c>POST /api/capacity</c> read
/// step times through <see cref="StepTimesAsync"/>.
/// </summary>
public sealed class ServingRunResolver(BenchmarkStore benchmarks)
{
    /// <summary>What a capacityFrom may take: the reference decoder's serving results, which carry a step-time fit.</summary>
    public const string FitKind = ServingResultChoice.StepTimeFitKind;

    /// <summary>What a latencyFrom may take: a load test of an endpoint (planner bench endpoint, or an imported GuideLLM / AIPerf run) that completed requests.</summary>
    public const string EndpointKind = "endpoint load test result with completed requests (planner bench endpoint, or an imported GuideLLM or AIPerf run)";

    private const int MaxRememberedCapacities = 256;
    private readonly ConcurrentDictionary<string, CapacityPlan> _capacities = new(StringComparer.Ordinal);

    /// <summary>A run's step-time fit as the capacity search takes it: the fit, where it came from, and the device it was measured on.</summary>
    public sealed record MeasuredStepTimes(StepTimeFit Fit, string Source, int MaxBatch, EvidenceDevice Device, ServingResult Result, StoredBenchmarkRun Run);

    /// <summary>The step-time fit of a stored <c>planner bench serve</c> run's serving result, or the problem naming <paramref name="path"/>.</summary>
    public async Task<(MeasuredStepTimes? StepTimes, InputProblem? Problem)> StepTimesAsync(ServingRunReference reference, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var (stored, run, problem) = await FindAsync(reference.Run, path, ct);
        if (problem is not null)
        {
            return (null, problem);
        }
        var (result, pickProblem) = ServingResultChoice.Pick(run!.Serving, ServingResultChoice.HasStepTimeFit,
            reference.Rate, reference.Concurrency, path, reference.Run, FitKind);
        if (pickProblem is not null)
        {
            return (null, pickProblem);
        }
        var device = result!.Provider == "cuda" && stored!.GpuName is { } gpu ? EvidenceDevice.OfGpu(gpu) : EvidenceDevice.Cpu(stored!.CpuModel);
        var source = string.Create(CultureInfo.InvariantCulture,
            $"step times fitted to {result.Model}{(result.Preset is null ? "" : " " + result.Preset)} served on {device.Name} ({result.Provider}), run {stored.RunId}, {result.Load.Describe()}, batch <= {result.MaxBatch ?? ServingLoop.MaxBatchLimit}");
        return (new MeasuredStepTimes(result.StepTimeFit!, source, result.MaxBatch ?? ServingLoop.MaxBatchLimit, device, result, stored), null);
    }

    /// <summary>
    /// A GPU option's capacityFrom: the replica's capacity at the workload's latency targets and its GPUs (1: the run's
    /// device), after <see cref="EvidenceGuard"/> has checked the run's device against <paramref name="optionGpu"/>.
    /// </summary>
    private static readonly PhraseTemplate NeedsTargets = new("store.capacityNeedsTargets",
        "needs the workload's latency targets (workload.ttftP95Seconds and itlP95Seconds): it supplies one replica's capacity at them");

    public async Task<ServingRunSupply> CapacityAsync(ServingRunReference reference, string path, Scenario scenario, string optionId, string? optionGpu, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var workload = scenario.Workload;
        if (!workload.HasLatencyTargets)
        {
            return ServingRunSupply.Failed(InputProblem.At(path, NeedsTargets.With()));
        }
        var (measured, problem) = await StepTimesAsync(reference, path, ct);
        if (problem is not null)
        {
            return ServingRunSupply.Failed(problem);
        }
        if (EvidenceGuard.Check(path, optionId, optionGpu, measured!.Device, $"run '{reference.Run}'", EvidenceMeasure.ServingStepTimes) is { } refused)
        {
            return ServingRunSupply.Failed(refused);
        }
        var (input, output) = TokensPerRequest(workload);
        var key = string.Create(CultureInfo.InvariantCulture,
            $"{measured.Run.RunId}|{measured.Result.Key}|{input}|{output}|{workload.TtftP95Seconds:R}|{workload.ItlP95Seconds:R}");
        if (!_capacities.TryGetValue(key, out var plan))
        {
            try
            {
                plan = CapacityPlanner.AtScenarioTargets(measured.Fit, measured.Source, measured.MaxBatch, input, output, workload.TtftP95Seconds, workload.ItlP95Seconds,
                    f => f switch
                    {
                        "inputTokens" => "workload.inputTokensPerRequest",
                        "outputTokens" => "workload.outputTokensPerRequest",
                        _ => $"{path}.{f}",
                    });
            }
            catch (InputException ex)
            {
                return new ServingRunSupply([], ex.Problems);
            }
            if (_capacities.Count >= MaxRememberedCapacities)
            {
                _capacities.Clear();
            }
            _capacities[key] = plan;
        }
        if (plan.AtMaxRate is null)
        {
            return ServingRunSupply.Failed(InputProblem.At(path, CapacityPlanner.MeetsTargetsNowhere.With(plan.Reason ?? "")));
        }
        var origin = new InputOrigin
        {
            Kind = OriginKind.Benchmark,
            Source = string.Create(CultureInfo.InvariantCulture,
                $"capacity search over the {measured.Source}, at {input} input + {output} output tokens, p95 TTFT <= {workload.TtftP95Seconds} s and ITL <= {workload.ItlP95Seconds} s"),
            AsOf = measured.Run.StartedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Reference = string.Create(CultureInfo.InvariantCulture, $"run {measured.Run.RunId}{ServingRunReferences.DescribeLoad(reference)} (measured at {measured.Result.Load.InputTokens} → {measured.Result.Load.OutputTokens} tokens)"),
        };
        return new ServingRunSupply(
        [
            ("replicaRequestsPerSecond", new ResolvedValue(plan.MaxRatePerSecond, origin)),
            ("gpusPerReplica", new ResolvedValue(plan.GpusPerReplica, origin)),
        ], []);
    }

    /// <summary>An API option's latencyFrom: the measured p95 TTFT and p95 ITL of an endpoint load test, in seconds, with the run, its date and the endpoint as origin.</summary>
    public async Task<ServingRunSupply> LatencyAsync(ServingRunReference reference, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var (stored, run, problem) = await FindAsync(reference.Run, path, ct);
        if (problem is not null)
        {
            return ServingRunSupply.Failed(problem);
        }
        var (result, pickProblem) = ServingResultChoice.Pick(run!.Serving,
            r => r.Source != ServingResult.DecoderSource && r.Metrics.Completed > 0 && r.Metrics.InterTokenLatencyMs.Count > 0,
            reference.Rate, reference.Concurrency, path, reference.Run, EndpointKind);
        if (pickProblem is not null)
        {
            return ServingRunSupply.Failed(pickProblem);
        }
        var m = result!.Metrics;
        var endpoint = result.Endpoint ?? result.Model;
        var origin = new InputOrigin
        {
            Kind = OriginKind.Benchmark,
            Source = $"endpoint load test run {stored!.RunId} of {endpoint}",
            AsOf = stored.StartedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Reference = string.Create(CultureInfo.InvariantCulture,
                $"{result.Model}, {result.Load.Describe()}: p95 TTFT {m.TimeToFirstTokenMs.P95:0.#} ms, p95 ITL {m.InterTokenLatencyMs.P95:0.##} ms, {m.Completed} completed, {m.Failed} failed ({result.Source})"),
        };
        return new ServingRunSupply(
        [
            ("measuredTtftP95Seconds", new ResolvedValue(m.TimeToFirstTokenMs.P95 / 1000, origin)),
            ("measuredItlP95Seconds", new ResolvedValue(m.InterTokenLatencyMs.P95 / 1000, origin)),
        ], []);
    }

    private async Task<(StoredBenchmarkRun? Stored, BenchmarkRun? Run, InputProblem? Problem)> FindAsync(string runId, string path, CancellationToken ct)
    {
        var stored = await benchmarks.FindRunAsync(runId, ct);
        if (stored is null)
        {
            return (null, null, await benchmarks.UnknownRunAsync(path, runId, ct));
        }
        return (stored, BenchmarkResultsJson.Parse(stored.Json, "run " + stored.RunId), null);
    }

    /// <summary>Input and output tokens of one request, each rounded up and at least 1 (the lengths the capacity search simulates).</summary>
    private static (int Input, int Output) TokensPerRequest(Workload workload)
    {
        static int Tokens(double value) => (int)Math.Min(int.MaxValue, Math.Max(1, Math.Ceiling(double.IsFinite(value) ? value : 1)));
        return (Tokens(workload.InputTokensPerRequest), Tokens(workload.OutputTokensPerRequest));
    }
}
