using Planner.CostModel;
using System.Globalization;
using Planner.Benchmarks.Results;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.Data.Entities;
using Planner.Data.Scenarios;
using Planner.CostModel.Text;

namespace Planner.Data.Benchmarks;

/// <summary>
/// Resolves <c>throughputFrom {run, model, preset?, precision?, batch?}</c> from a stored run's valid inference results.
/// A generative decoder (results with phase prefill/decode) supplies both throughputs in tokens/s; any other model
/// supplies its samples/s as prefill throughput (a "token" is then one sample, e.g. one inspected image) and needs a
/// workload with outputTokensPerRequest = 0. See docs/data.md.
/// </summary>
public sealed class BenchmarkThroughputResolver(BenchmarkStore benchmarks) : IThroughputResolver
{
    public bool Handles(ThroughputReference reference) => reference.Projection is null && reference.Run is not null;

    private static readonly PhraseTemplate NoInference = new("store.noInference", "run '{0}' has no inference result for {1} (it has: {2})");
    private static readonly PhraseTemplate MarkedInvalid = new("store.markedInvalid", "the results of run '{0}' for {1} are marked invalid: {2}");
    private static readonly PhraseTemplate NotGenerative = new("store.notGenerative",
        "model '{0}' is not generative (no decode phase), so its samples/s count as prefill tokens; such a workload needs workload.outputTokensPerRequest = 0 (got {1})");
    private static readonly PhraseTemplate NoValidResult = new("store.noValidResult", "run '{0}' has no valid result for {1}");
    private static readonly PhraseTemplate NoValidPhaseResult = new("store.noValidPhaseResult", "run '{0}' has no valid {1} result for {2}");
    private static readonly PhraseTemplate SeveralResults = new("store.severalResults", "run '{0}' has {1} results for {2}; name preset, precision and batch to pick one: {3}");
    private static readonly PhraseTemplate SeveralPhaseResults = new("store.severalPhaseResults",
        "run '{0}' has {1} {2} results for {3}; name preset, precision and batch to pick one: {4}");

    public async Task<ThroughputResolution> ResolveAsync(ThroughputReference reference, string path, Scenario scenario, CancellationToken ct)
    {
        var runId = reference.Run!;
        var run = await benchmarks.FindRunAsync(runId, ct);
        if (run is null)
        {
            return ThroughputResolution.Failed(await benchmarks.UnknownRunAsync(path, runId, ct));
        }
        var candidates = run.Results
            .Where(r => r.Task == "inference")
            .Where(r => string.Equals(r.Model, reference.Model, StringComparison.OrdinalIgnoreCase))
            .Where(r => reference.Preset is null || string.Equals(r.Preset, reference.Preset, StringComparison.OrdinalIgnoreCase))
            .Where(r => reference.Precision is null || string.Equals(r.Precision, reference.Precision, StringComparison.OrdinalIgnoreCase))
            .Where(r => reference.Batch is null || r.BatchSize == reference.Batch)
            .ToList();
        var wanted = Describe(reference);
        if (candidates.Count == 0)
        {
            var models = run.Results.Where(r => r.Task == "inference").Select(r => $"{r.Model}/{r.Preset} {r.Precision} batch {r.BatchSize}").Distinct().Take(8);
            return ThroughputResolution.Failed(InputProblem.Labelled(path, NoInference.With(runId, wanted, string.Join("; ", models))));
        }
        var invalid = candidates.Where(r => !r.Valid).ToList();
        candidates = candidates.Where(r => r.Valid).ToList();
        if (candidates.Count == 0)
        {
            return ThroughputResolution.Failed(InputProblem.Labelled(path, MarkedInvalid.With(runId, wanted, invalid[0].InvalidReason ?? "")));
        }

        if (candidates.Any(r => r.Phase is not null))
        {
            var prefill = Single(candidates.Where(r => r.Phase == "prefill").ToList(), "prefill", path, runId, wanted, out var prefillProblem);
            var decode = Single(candidates.Where(r => r.Phase == "decode").ToList(), "decode", path, runId, wanted, out var decodeProblem);
            var problems = new[] { prefillProblem, decodeProblem }.OfType<InputProblem>().ToArray();
            if (problems.Length > 0)
            {
                return new ThroughputResolution(null, null, problems);
            }
            return new ThroughputResolution(Resolved(run, prefill!, "prefill"), Resolved(run, decode!, "decode"), [])
            {
                Benchmark = Evidence(run, prefill!, decode),
                Device = Device(run),
                Model = ModelOf(run, prefill!),
            };
        }

        var result = Single(candidates, null, path, runId, wanted, out var problem);
        if (problem is not null)
        {
            return ThroughputResolution.Failed(problem);
        }
        if (scenario.Workload.OutputTokensPerRequest > 0)
        {
            return ThroughputResolution.Failed(InputProblem.Labelled(path,
                NotGenerative.With(result!.Model, scenario.Workload.OutputTokensPerRequest.ToString(CultureInfo.InvariantCulture))));
        }
        return new ThroughputResolution(Resolved(run, result!, null), null, [])
        {
            Benchmark = Evidence(run, result!, null),
            Device = Device(run),
        };
    }

    private static StoredBenchmarkResult? Single(List<StoredBenchmarkResult> results, string? phase, string path, string runId, string wanted, out InputProblem? problem)
    {
        problem = results.Count switch
        {
            0 => InputProblem.Labelled(path, (phase is null ? NoValidResult.With(runId, wanted) : NoValidPhaseResult.With(runId, phase, wanted))),
            1 => null,
            _ => InputProblem.Labelled(path, phase is null
                ? SeveralResults.With(runId, results.Count.ToString(CultureInfo.InvariantCulture), wanted, Listed(results))
                : SeveralPhaseResults.With(runId, results.Count.ToString(CultureInfo.InvariantCulture), phase, wanted, Listed(results))),
        };
        return results.Count == 1 ? results[0] : null;
    }

    private static string Listed(List<StoredBenchmarkResult> results) =>
        string.Join("; ", results.Select(r => $"{r.Model}/{r.Preset} {r.Precision} batch {r.BatchSize}"
            + (r.SequenceLength is { } s ? $" seq {s.ToString(CultureInfo.InvariantCulture)}" : "")));

    private static ResolvedValue Resolved(StoredBenchmarkRun run, StoredBenchmarkResult result, string? phase) =>
        new(result.ThroughputValue, new InputOrigin
        {
            Kind = OriginKind.Benchmark,
            Source = $"benchmark run {run.RunId} on {run.Device}",
            AsOf = run.StartedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Reference = $"{result.Model}/{result.Preset} {result.Precision} batch {result.BatchSize.ToString(CultureInfo.InvariantCulture)} "
                + $"({phase ?? "inference"} {result.ThroughputValue.ToString("0.##", CultureInfo.InvariantCulture)} {result.ThroughputUnit})",
        });

    /// <summary>
    /// The result as reports show it, with the run's hardware fingerprint and settings (from the stored results JSON).
    /// For a decoder <paramref name="first"/> is the prefill result and <paramref name="decode"/> the decode one, whose
    /// latencies (time per decode step) are shown; otherwise <paramref name="first"/> is the only result.
    /// </summary>
    private static BenchmarkEvidence Evidence(StoredBenchmarkRun run, StoredBenchmarkResult first, StoredBenchmarkResult? decode)
    {
        var parsed = BenchmarkResultsJson.Parse(run.Json, "run " + run.RunId);
        var f = parsed.Fingerprint;
        var s = parsed.Settings;
        var machine = f.Gpu is { } gpu
            ? $"{gpu.Name} ({gpu.MemoryGb.ToString("0.#", CultureInfo.InvariantCulture)} GB, driver {gpu.DriverVersion}); CPU {f.CpuModel}"
            : $"CPU {f.CpuModel}";
        var latency = decode ?? first;
        return new BenchmarkEvidence
        {
            Run = run.RunId,
            Model = first.Model,
            Settings = $"{first.Preset} {first.Precision} batch {first.BatchSize.ToString(CultureInfo.InvariantCulture)}, "
                + $"{s.Provider}{(s.ProviderNote is null ? "" : $" ({s.ProviderNote})")}, {(s.IntraOpThreads > 0 ? s.IntraOpThreads.ToString(CultureInfo.InvariantCulture) + " intra-op threads" : "ONNX Runtime's default threads")}, profile {run.Profile}",
            Device = $"{machine}, {f.LogicalCores.ToString(CultureInfo.InvariantCulture)} logical cores, "
                + $"{f.TotalMemoryGb.ToString("0.#", CultureInfo.InvariantCulture)} GB; {f.Os}; {f.DotNetVersion}, ONNX Runtime {f.OnnxRuntimeVersion}; fingerprint {f.FingerprintId}",
            MeasuredAt = run.FinishedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            PrefillTokensPerSecond = first.ThroughputValue,
            DecodeTokensPerSecond = decode?.ThroughputValue,
            LatencyP50Ms = latency.LatencyP50Ms,
            LatencyP95Ms = latency.LatencyP95Ms,
            LatencyP99Ms = latency.LatencyP99Ms,
            Valid = first.Valid && (decode?.Valid ?? true),
            Validity = first.InvalidReason ?? decode?.InvalidReason ?? "passed the run's validity checks",
        };
    }

    /// <summary>The device the run measured on: its GPU when it ran on CUDA, else its CPU.</summary>
    private static EvidenceDevice Device(StoredBenchmarkRun run) =>
        run.GpuName is { } gpu && BenchmarkResultsJson.Parse(run.Json, "run " + run.RunId).Settings.Provider == "cuda"
            ? EvidenceDevice.OfGpu(gpu)
            : EvidenceDevice.Cpu(run.CpuModel);

    /// <summary>
    /// The measured model as "model/preset" with the parameter count its results file records for that preset (null in
    /// files written before results carried it; the scenario resolver then asks the models catalog).
    /// </summary>
    private static EvidenceModel ModelOf(StoredBenchmarkRun run, StoredBenchmarkResult result)
    {
        var parameters = BenchmarkResultsJson.Parse(run.Json, "run " + run.RunId).Results
            .Where(r => string.Equals(r.Model, result.Model, StringComparison.Ordinal) && string.Equals(r.Preset, result.Preset, StringComparison.Ordinal))
            .Select(r => r.Parameters)
            .FirstOrDefault(p => p is not null);
        return new EvidenceModel($"{result.Model}/{result.Preset}", parameters);
    }

    private static string Describe(ThroughputReference reference) =>
        string.Join(' ', new[]
        {
            reference.Model + (reference.Preset is null ? "" : "/" + reference.Preset),
            reference.Precision,
            reference.Batch is { } b ? "batch " + b.ToString(CultureInfo.InvariantCulture) : null,
        }.OfType<string>());
}
