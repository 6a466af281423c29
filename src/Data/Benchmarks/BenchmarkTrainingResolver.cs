using System.Globalization;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.Data.Entities;
using Planner.Data.Scenarios;
using Planner.CostModel.Text;

namespace Planner.Data.Benchmarks;

/// <summary>
/// Resolves <c>trainingFrom {run, model, dataset?, batch?, rows?}</c>: a stored run's valid training result with a time
/// to target becomes trainingGpuHoursPerRetrain (<see cref="TrainingHours.PerRetrain"/>), with the device it trained on
/// (the result's own provider: ML.NET trains on the CPU even in a CUDA run) for <see cref="EvidenceGuard.CheckTraining"/>.
/// </summary>
public sealed class BenchmarkTrainingResolver(BenchmarkStore benchmarks)
{
    private static readonly PhraseTemplate NoTrainingResultFor = new("store.noTrainingResultFor", "run '{0}' has no training result for {1} (it has: {2})");
    private static readonly PhraseTemplate NoTrainingResults = new("store.noTrainingResults", "run '{0}' has no training result for {1} (it has no training results)");
    private static readonly PhraseTemplate SeveralTrainingResults = new("store.severalTrainingResults",
        "run '{0}' has {1} training results for {2}; name dataset and batch to pick one: {3}");
    private static readonly PhraseTemplate TrainingInvalid = new("store.trainingInvalid", "the training result of run '{0}' for {1} is marked invalid: {2}");
    private static readonly PhraseTemplate NoTimeToTarget = new("store.noTimeToTarget",
        "the training result of run '{0}' for {1} has no time to target; use a run whose training reached its target AUC");
    private static readonly PhraseTemplate NoTimeToTargetBecause = new("store.noTimeToTargetBecause",
        "the training result of run '{0}' for {1} has no time to target ({2}); use a run whose training reached its target AUC");

    public async Task<TrainingResolution> ResolveAsync(TrainingReference reference, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var run = await benchmarks.FindRunAsync(reference.Run, ct);
        if (run is null)
        {
            return TrainingResolution.Failed(await benchmarks.UnknownRunAsync(path, reference.Run, ct));
        }
        var parsed = BenchmarkResultsJson.Parse(run.Json, "run " + run.RunId);
        var training = parsed.Results.Where(r => r.Task == BenchmarkResult.Training).ToList();
        var candidates = training
            .Where(r => string.Equals(r.Model, reference.Model, StringComparison.OrdinalIgnoreCase))
            .Where(r => reference.Dataset is null || string.Equals(r.Preset, reference.Dataset, StringComparison.OrdinalIgnoreCase))
            .Where(r => reference.Batch is null || r.BatchSize == reference.Batch)
            .ToList();
        var wanted = reference.Model + (reference.Dataset is null ? "" : " on " + reference.Dataset)
            + (reference.Batch is { } b ? " batch " + b.ToString(CultureInfo.InvariantCulture) : "");
        if (candidates.Count == 0)
        {
            var has = training.Select(Describe).Distinct().Take(8).ToList();
            return TrainingResolution.Failed(InputProblem.Labelled(path, has.Count > 0
                ? NoTrainingResultFor.With(run.RunId, wanted, string.Join("; ", has)) : NoTrainingResults.With(run.RunId, wanted)));
        }
        if (candidates.Count > 1)
        {
            return TrainingResolution.Failed(InputProblem.Labelled(path,
                SeveralTrainingResults.With(run.RunId, candidates.Count.ToString(CultureInfo.InvariantCulture), wanted, string.Join("; ", candidates.Select(Describe)))));
        }
        var result = candidates[0];
        // The device is known from here on, so the evidence guard can speak first whatever else is wrong with the result.
        var device = result.Provider == ProviderNames.Cuda && run.GpuName is { } gpu ? EvidenceDevice.OfGpu(gpu) : EvidenceDevice.Cpu(run.CpuModel);
        if (!result.Valid)
        {
            return new TrainingResolution(null, device,
                [InputProblem.Labelled(path, TrainingInvalid.With(run.RunId, wanted, result.InvalidReason ?? ""))]);
        }
        if (result.TimeToTargetSeconds is not { } seconds || result.Rows is not { } trainedRows || trainedRows < 1)
        {
            return new TrainingResolution(null, device, [InputProblem.Labelled(path, result.TimeToTargetNote is { } note
                ? NoTimeToTargetBecause.With(run.RunId, wanted, note) : NoTimeToTarget.With(run.RunId, wanted))]);
        }
        var rows = reference.Rows ?? trainedRows;
        var hours = TrainingHours.PerRetrain(seconds, trainedRows, rows);
        var origin = new InputOrigin
        {
            Kind = OriginKind.Benchmark,
            Source = $"benchmark run {run.RunId} on {(device.Gpu ? "GPU " : "CPU ")}{device.Name}",
            AsOf = run.StartedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Reference = string.Create(CultureInfo.InvariantCulture,
                $"{Describe(result)}: time to AUC {result.TargetAuc} {seconds:0.###} s on {trainedRows} rows x {rows} / {trainedRows} rows per retrain / 3600 = {hours:0.######} GPU-hours"),
        };
        return new TrainingResolution(new ResolvedValue(hours, origin), device, []);
    }

    private static string Describe(BenchmarkResult r) => $"{r.Model} on {r.Preset} batch {r.BatchSize.ToString(CultureInfo.InvariantCulture)} ({r.Provider})";
}

/// <summary>
/// The GPU-hours per retrain a trainingFrom supplies, or the problems that kept it from resolving; with the device the
/// result was measured on whenever one result was found (also when it cannot be used), for the evidence guard.
/// </summary>
public sealed record TrainingResolution(ResolvedValue? Hours, EvidenceDevice? Device, IReadOnlyList<InputProblem> Problems)
{
    public static TrainingResolution Failed(InputProblem problem) => new(null, null, [problem]);
}
