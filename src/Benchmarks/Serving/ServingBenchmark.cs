using System.Globalization;
using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.CostModel;
using Planner.CostModel.Serving;

namespace Planner.Benchmarks.Serving;

/// <summary>What <c>planner bench serve</c> (or a profile's <c>serving</c> section) measures: one load per point of the sweep.</summary>
public sealed record ServingBenchmarkSettings(
    string Preset,
    IReadOnlyList<ServingLoad> Loads,
    int MaxBatch,
    ServingTargets? Targets,
    ThreadSettings Threads,
    int Seed)
{
    public const int MaxLoads = 32;

    /// <summary>Every problem, each naming the field as <paramref name="name"/> spells it.</summary>
    public IReadOnlyList<string> Problems(Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var problems = new List<string>();
        var model = new GptDecoderModel();
        if (!model.Presets.Contains(Preset))
        {
            problems.Add($"{name("preset")}: '{Preset}' is not a preset of {model.Name}; allowed: {string.Join(", ", model.Presets)}.");
        }
        if (MaxBatch < 1 || MaxBatch > ServingLoop.MaxBatchLimit)
        {
            problems.Add($"{name("maxBatch")}: must be between 1 and {ServingLoop.MaxBatchLimit}, got {MaxBatch}.");
        }
        if (Loads.Count < 1 || Loads.Count > MaxLoads)
        {
            problems.Add($"{name("rate")}: give between 1 and {MaxLoads} load points, got {Loads.Count}.");
        }
        foreach (var problem in Loads.SelectMany(l => l.Problems(name)).Distinct())
        {
            problems.Add(problem);
        }
        if (model.Presets.Contains(Preset) && Loads.FirstOrDefault() is { } load
            && load.InputTokens + load.OutputTokens > GptDecoderModel.MaxPositions(Preset))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name("inputTokens")} + {name("outputTokens")}: must be at most {GptDecoderModel.MaxPositions(Preset)} (the {Preset} decoder's positions), got {load.InputTokens + load.OutputTokens}."));
        }
        if (Targets is not null)
        {
            problems.AddRange(Targets.Problems(name));
        }
        return problems;
    }
}

/// <summary>Progress of a serving benchmark: load point <see cref="LoadIndex"/> of <see cref="Loads"/> and the requests so far.</summary>
public sealed record ServingBenchmarkProgress(int LoadIndex, int Loads, string Load, ServingProgress Requests);

/// <summary>
/// Serves the reference decoder under load (docs/benchmarking.md, "Serving"): for each load point, one warm-up
/// request and two shorter timed prefills (so the fit sees more than one prompt length), then the
/// continuous-batching loop on the real clock; the steps it timed fit the step-time model, and
/// the simulator run with that model on the same load shows how far its prediction is from the measured percentiles.
/// </summary>
public sealed class ServingBenchmark(TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <exception cref="InputException">The settings are out of range, or CUDA was asked for and is unavailable.</exception>
    public Task<BenchmarkRun> RunAsync(ServingBenchmarkSettings settings, DeviceRequest device, IProgress<ServingBenchmarkProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Problems(f => f);
        InputException.ThrowIfAny(problems);
        var provider = ExecutionProviders.Resolve(device);
        return Task.Run(() => Run(settings, device, provider, progress, cancellationToken), CancellationToken.None);
    }

    private BenchmarkRun Run(ServingBenchmarkSettings settings, DeviceRequest device, ProviderChoice provider, IProgress<ServingBenchmarkProgress>? progress, CancellationToken cancellationToken)
    {
        var startedAt = _clock.GetUtcNow();
        var results = Measure(settings, provider, progress, cancellationToken);
        var runSettings = new RunSettings(device.ToName(), provider.Provider, provider.Note, settings.Threads.IntraOp, settings.Threads.InterOp,
            WarmupIterations: 1, MinIterations: 1, MinDurationSeconds: 0, MaxDurationSeconds: settings.Loads.Max(l => l.DurationSeconds + l.RequestTimeoutSeconds),
            MaxIterations: settings.Loads.Max(l => l.MaxRequests), MaxCv: 100, settings.Seed);
        return new BenchmarkRun(BenchmarkRun.CurrentSchemaVersion, BenchmarkRun.NewRunId(startedAt), startedAt, _clock.GetUtcNow(), "serve",
            results.Any(r => r.Partial) || cancellationToken.IsCancellationRequested,
            runSettings, ExecutionProviders.Fingerprint(), new Calibration(null, null, null, "not measured: a serving run"), [], [])
        {
            Serving = results,
        };
    }

    /// <summary>Runs every load point in turn (the settings are valid); stops after the one a cancellation interrupts.</summary>
    internal List<ServingResult> Measure(ServingBenchmarkSettings settings, ProviderChoice provider, IProgress<ServingBenchmarkProgress>? progress, CancellationToken cancellationToken)
    {
        var results = new List<ServingResult>();
        using var options = ExecutionProviders.CreateOptions(provider.Provider, settings.Threads);
        using var backend = new DecoderServingBackend(settings.Preset, settings.Seed, options, DecoderServingBackend.RandomPrompts(settings.Preset, settings.Seed));
        for (var i = 0; i < settings.Loads.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            var load = settings.Loads[i];
            var index = i;
            var reporter = progress is null ? null : new ImmediateProgress<ServingProgress>(p => progress.Report(new ServingBenchmarkProgress(index, settings.Loads.Count, load.Describe(), p)));
            try
            {
                // One untimed request first, so that session start-up and first-run allocations are not charged to the load.
                ServingLoop.Run(load with { RatePerSecond = null, Concurrency = 1, MaxRequests = 1 }, settings.MaxBatch, backend,
                    new TimeProviderServingClock(_clock), null, cancellationToken);
                var probes = PrefillProbes(backend, load, cancellationToken);
                var trace = ServingLoop.Run(load, settings.MaxBatch, backend, new TimeProviderServingClock(_clock), reporter, cancellationToken);
                results.Add(Result(settings, provider, load, trace, probes));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled before this point's measured requests started: nothing of it to keep.
            }
        }
        return results;
    }

    /// <summary>
    /// Times one prefill of a quarter and of half the prompt length: under load every prompt has the same length,
    /// so without these the fit could not tell the fixed cost of a prefill from its cost per token.
    /// </summary>
    private List<PrefillObservation> PrefillProbes(DecoderServingBackend backend, ServingLoad load, CancellationToken cancellationToken)
    {
        var observations = new List<PrefillObservation>();
        foreach (var (id, tokens) in new[] { (-1, load.InputTokens / 4), (-2, load.InputTokens / 2) }.Where(p => p.Item2 >= 1))
        {
            var probe = new ServingRequest(id, 0, tokens, 1);
            var start = _clock.GetTimestamp();
            backend.Prefill([probe], cancellationToken);
            observations.Add(new PrefillObservation(tokens, _clock.GetElapsedTime(start).TotalSeconds));
            backend.Release(probe);
        }
        return observations;
    }

    private static ServingResult Result(ServingBenchmarkSettings settings, ProviderChoice provider, ServingLoad load, ServingTrace trace, List<PrefillObservation> probes)
    {
        var metrics = ServingSummary.Summarize(trace.Requests, trace.WallSeconds, settings.Targets);
        var fit = StepTimeFitter.Fit([.. probes, .. trace.Prefills], trace.Decodes);
        var prediction = trace.Cancelled ? null : PredictionError.Compare(load, settings.MaxBatch, fit.Model, metrics);
        return new ServingResult(ServingResult.DecoderSource, new GptDecoderModel().Name, settings.Preset, null, provider.Provider, load,
            settings.MaxBatch, settings.Targets, metrics, fit, prediction, trace.Cancelled,
            trace.Cancelled ? $"cancelled after {trace.WallSeconds:0.##} s; {metrics.Incomplete} requests in flight were dropped" : null);
    }
}
