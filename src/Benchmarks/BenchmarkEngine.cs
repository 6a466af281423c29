using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.Benchmarks.Training;

namespace Planner.Benchmarks;

/// <summary>
/// Runs a benchmark profile: the bandwidth probe, then every inference and training benchmark it
/// lists, reporting progress and honouring cancellation (results finished so far are kept and
/// the run is marked partial). The entry point for the CLI and the web app.
/// </summary>
public sealed class BenchmarkEngine
{
    private readonly TimeProvider _clock;

    public BenchmarkEngine(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>
    /// Called on the run's thread after every finished step with the run so far, marked partial, under the run id the
    /// finished run will carry: <c>planner bench run</c> writes it to the results file, so a run killed outright keeps
    /// every result finished before it.
    /// </summary>
    public Action<BenchmarkRun>? Checkpoint { get; init; }

    /// <summary>
    /// Where built models are kept between runs (<see cref="ModelCache.FromEnvironment"/> for <c>planner bench run</c>);
    /// null builds every model in memory, once per run.
    /// </summary>
    public ModelCache? ModelCache { get; init; }

    /// <param name="device">Overrides the profile's device when given.</param>
    /// <exception cref="CostModel.InputException">The profile is invalid, or <c>cuda</c> was asked for and CUDA is unavailable (the message says why).</exception>
    public Task<BenchmarkRun> RunAsync(BenchmarkProfile profile, DeviceRequest? device = null, IProgress<BenchmarkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var problems = ProfileLoader.Problems(profile);
        if (problems.Count > 0)
        {
            throw new CostModel.InputException(problems.Select(p => CostModel.InputProblem.General($"profile {profile.Name}: {p}")).ToList());
        }
        var request = device ?? DeviceRequestNames.Parse(profile.Device);
        var provider = ExecutionProviders.Resolve(request);
        return Task.Run(() => Run(profile, request, provider, progress, cancellationToken), CancellationToken.None);
    }

    private BenchmarkRun Run(BenchmarkProfile profile, DeviceRequest request, ProviderChoice provider, IProgress<BenchmarkProgress>? progress, CancellationToken cancellationToken)
    {
        var startedAt = _clock.GetUtcNow();
        var runId = BenchmarkRun.NewRunId(startedAt);
        var fingerprint = ExecutionProviders.Fingerprint();
        var device = DeviceInUse(provider, fingerprint);
        var settings = new RunSettings(request.ToName(), provider.Provider, provider.Note, profile.Threads.IntraOp, profile.Threads.InterOp,
            profile.Measurement.WarmupIterations, profile.Measurement.MinIterations, profile.Measurement.MinDurationSeconds,
            profile.Measurement.MaxDurationSeconds, profile.Measurement.MaxIterations, profile.Measurement.MaxCv, profile.Seed);
        var context = new RunContext(provider, profile.Threads, profile.Measurement, _clock, profile.Seed);
        var results = new List<BenchmarkResult>();
        var skipped = new List<SkippedBenchmark>();
        var bandwidth = new BandwidthMeasurement(null, "not measured: the run was cancelled before the probe");
        var serving = new List<CostModel.Serving.ServingResult>();
        var steps = Plan(profile, context, ModelCache, results, skipped, b => bandwidth = b);
        if (profile.Serving is { } servingSpec)
        {
            var servingSettings = new Serving.ServingBenchmarkSettings(servingSpec.Preset, servingSpec.Loads(profile.Seed), servingSpec.MaxBatch,
                servingSpec.Targets, profile.Threads, profile.Seed);
            steps.Add(new Step("gpt-decoder", servingSpec.Preset, "fp32", servingSpec.MaxBatch, "serving",
                ct => serving.AddRange(new Serving.ServingBenchmark(_clock).Measure(servingSettings, provider, null, ct))));
        }
        var partial = false;
        for (var i = 0; i < steps.Count; i++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                partial = true;
                break;
            }
            var step = steps[i];
            progress?.Report(new BenchmarkProgress(i, steps.Count, step.Model, step.Preset, step.BatchSize, step.Phase, (double)i / steps.Count,
                step.Phase == "bandwidth" ? "" : step.Precision, device));
            try
            {
                step.Execute(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                partial = true;
                break;
            }
            catch (OnnxRuntimeException ex)
            {
                skipped.Add(new SkippedBenchmark(step.Model, step.Preset, step.Precision, provider.Provider, $"ONNX Runtime failed: {ex.Message}"));
            }
            if (Checkpoint is { } checkpoint && i < steps.Count - 1)
            {
                checkpoint(Snapshot(partial: true));
            }
        }
        partial |= cancellationToken.IsCancellationRequested;
        progress?.Report(new BenchmarkProgress(steps.Count, steps.Count, "", "", 0, "done", 1.0, "", device));
        return Snapshot(partial);

        BenchmarkRun Snapshot(bool partial)
        {

            var peak = results.Where(r => r.Valid && r.AchievedGflops is not null).MaxBy(r => r.AchievedGflops);
            var calibration = new Calibration(
                peak?.AchievedGflops,
                peak is null ? null : $"{peak.Model}/{peak.Preset}/{peak.Precision} {peak.Task}{(peak.Phase is null ? "" : " " + peak.Phase)} batch {peak.BatchSize}",
                bandwidth.GbPerSecond,
                bandwidth.Note);
            // Copies of the lists: a checkpoint's run must not change while the next step adds to them.
            return new BenchmarkRun(BenchmarkRun.CurrentSchemaVersion, runId, startedAt, _clock.GetUtcNow(), profile.Name, partial,
                settings, fingerprint, calibration, results.ToList(), skipped.ToList())
            {
                Serving = serving.Count > 0 ? serving.ToList() : null,
            };
        }
    }

    private static BenchmarkResult Measure(ReferenceModel model, (IOnnxModel Model, ModelSetup Setup) ready, WorkloadShape shape, string? phase, RunContext context, CancellationToken ct) =>
        InferenceBenchmark.Run(model, ready.Model, ready.Setup, shape, phase, context, ct);

    /// <summary>The model from the cache (built and written there on a miss), or built in memory without one.</summary>
    private static (IOnnxModel Model, ModelSetup Setup) Prepare(ReferenceModel model, string preset, Precision precision, RunContext context, ModelCache? cache)
    {
        var start = context.Clock.GetTimestamp();
        var graph = model.Define(preset, precision, context.Seed);
        var shapeHash = graph.ShapeHash;
        if (cache is not null)
        {
            try
            {
                var (cached, hit) = cache.GetOrAdd(graph);
                return (cached, new ModelSetup(shapeHash, hit ? ModelSetup.Hit : ModelSetup.Miss, context.Clock.GetElapsedTime(start).TotalSeconds, 0));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A cache that cannot be written (full disk, read-only folder) must not cost the run: build in memory.
                graph = model.Define(preset, precision, context.Seed);
            }
        }
        var built = graph.ToBuiltModel();
        return (built, new ModelSetup(shapeHash, ModelSetup.Off, context.Clock.GetElapsedTime(start).TotalSeconds, 0));
    }

    private sealed record Step(string Model, string Preset, string Precision, int BatchSize, string Phase, Action<CancellationToken> Execute);

    /// <summary>
    /// The device a run uses, in words, once the request (<c>auto</c>, <c>cpu</c>, <c>cuda</c>) is resolved to a provider:
    /// "GPU NVIDIA H100 80GB HBM3 (CUDA)" or "CPU (AMD EPYC 7B13)".
    /// </summary>
    public static string DeviceInUse(ProviderChoice provider, Results.Fingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(fingerprint);
        return provider.Provider == ExecutionProviders.Cuda
            ? $"GPU {fingerprint.Gpu?.Name ?? "(CUDA device)"} (CUDA)"
            : $"CPU ({fingerprint.CpuModel})";
    }

    private static List<Step> Plan(BenchmarkProfile profile, RunContext context, ModelCache? cache, List<BenchmarkResult> results, List<SkippedBenchmark> skipped, Action<BandwidthMeasurement> setBandwidth)
    {
        var provider = context.Provider.Provider;
        var steps = new List<Step>();
        if (profile.BandwidthProbeMegabytes > 0)
        {
            steps.Add(new Step("bandwidth-probe", $"{profile.BandwidthProbeMegabytes}MiB", "fp32", 1, "bandwidth",
                ct => setBandwidth(BandwidthProbe.Measure(profile.BandwidthProbeMegabytes, context, ct))));
        }
        else
        {
            setBandwidth(new BandwidthMeasurement(null, "bandwidth probe disabled (bandwidthProbeMegabytes = 0)"));
        }

        // A benchmark cancelled before its first timed iteration has nothing to report.
        void Keep(BenchmarkResult result)
        {
            if (result.Iterations > 0)
            {
                results.Add(result);
            }
        }

        var ready = new Dictionary<(string, string, Precision), (IOnnxModel Model, ModelSetup Setup)>();
        foreach (var spec in profile.Inference)
        {
            var model = ModelCatalog.Get(spec.Model);
            var preset = spec.Preset ?? model.DefaultPreset;
            foreach (var precisionName in spec.Precisions)
            {
                PrecisionNames.TryParse(precisionName, out var precision);
                if (precision == Precision.Fp16 && provider != ExecutionProviders.Cuda)
                {
                    skipped.Add(new SkippedBenchmark(model.Name, preset, precisionName, provider,
                        "fp16 needs an execution provider with fp16 kernels (CUDA); the CPU provider would insert casts and compute in fp32, which would not measure fp16"));
                    continue;
                }
                // Made ready once per run; the first result that needs it records what that cost.
                (IOnnxModel Model, ModelSetup Setup) Model()
                {
                    var key = (model.Name, preset, precision);
                    if (ready.TryGetValue(key, out var m))
                    {
                        return (m.Model, m.Setup with { Cache = ModelSetup.Reused, BuildSeconds = 0 });
                    }
                    m = Prepare(model, preset, precision, context, cache);
                    ready[key] = m;
                    return m;
                }
                foreach (var batch in spec.BatchSizes)
                {
                    var sequence = spec.SequenceLength ?? model.DefaultSequenceLength;
                    if (model.HasKvCache)
                    {
                        var contextLength = spec.ContextLength ?? sequence;
                        steps.Add(new Step(model.Name, preset, precisionName, batch, BenchmarkResult.Prefill,
                            ct => Keep(Measure(model, Model(), new WorkloadShape(batch, sequence), BenchmarkResult.Prefill, context, ct))));
                        steps.Add(new Step(model.Name, preset, precisionName, batch, BenchmarkResult.Decode,
                            ct => Keep(Measure(model, Model(), new WorkloadShape(batch, 1, contextLength), BenchmarkResult.Decode, context, ct))));
                    }
                    else
                    {
                        var shape = new WorkloadShape(batch, model.HasSequence ? sequence : 1);
                        steps.Add(new Step(model.Name, preset, precisionName, batch, BenchmarkResult.Inference,
                            ct => Keep(Measure(model, Model(), shape, null, context, ct))));
                    }
                }
            }
        }

        foreach (var spec in profile.OnnxTraining.Where(s => s.Dataset is not null))
        {
            var dataset = spec.Dataset!;
            var sequenceLength = spec.SequenceLength ?? ManufacturingDatasets.DefaultSequenceLength;
            // The first batch size's training leaves the model its inference measures.
            TrainedModel? trained = null;
            for (var b = 0; b < spec.BatchSizes.Count; b++)
            {
                var (batch, first) = (spec.BatchSizes[b], b == 0);
                steps.Add(new Step(spec.Model, dataset, "fp32", batch, BenchmarkResult.Training, ct =>
                {
                    var (result, model) = DatasetTrainingBenchmark.Run(spec.Model, dataset, spec.Rows, sequenceLength, batch, (float)spec.LearningRate,
                        spec.TargetAuc, spec.MaxEpochs, context, ct);
                    Keep(result);
                    trained = first ? model : trained;
                }));
            }
            foreach (var precisionName in spec.Inference?.Precisions ?? [])
            {
                PrecisionNames.TryParse(precisionName, out var precision);
                TrainedInference? prepared = null;
                foreach (var batch in spec.Inference!.BatchSizes)
                {
                    steps.Add(new Step(spec.Model, dataset, precisionName, batch, BenchmarkResult.Inference, ct =>
                    {
                        if (trained is null)
                        {
                            if (!skipped.Any(s => s.Model == spec.Model && s.Preset == dataset && s.Precision == precisionName))
                            {
                                skipped.Add(new SkippedBenchmark(spec.Model, dataset, precisionName, provider, TrainedInference.NotTrained(spec.Model, dataset)));
                            }
                            return;
                        }
                        prepared ??= TrainedInference.Prepare(trained, precision, context);
                        Keep(prepared.Measure(batch, context, ct));
                    }));
                }
            }
        }

        foreach (var spec in profile.OnnxTraining.Where(s => s.Dataset is null))
        {
            var preset = spec.Preset ?? new MlpModel().DefaultPreset;
            TrainingGraph? graph = null;
            foreach (var batch in spec.BatchSizes)
            {
                steps.Add(new Step("mlp", preset, "fp32", batch, BenchmarkResult.Training,
                    ct => Keep(OnnxTrainingBenchmark.Run(graph ??= MlpTrainingGraph.Build(preset), batch, (float)spec.LearningRate, context, ct))));
            }
        }

        foreach (var spec in profile.MlNetTraining)
        {
            foreach (var trainer in spec.Trainers)
            {
                steps.Add(new Step(trainer, spec.Dataset, "fp32", spec.Rows, BenchmarkResult.Training,
                    ct => Keep(MlNetTrainingBenchmark.Run(spec.Dataset, spec.Rows, trainer, spec.TargetAuc, spec.Repetitions, context, ct))));
            }
        }
        return steps;
    }
}
