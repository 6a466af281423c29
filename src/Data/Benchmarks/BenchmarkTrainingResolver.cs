using System.Globalization;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.Data.Entities;
using Planner.Data.Scenarios;

namespace Planner.Data.Benchmarks;

/// <summary>
/// Resolves <c>trainingFrom {run, model, dataset?, batch?, rows?}</c>: a stored run's valid training result with a time
/// to target becomes trainingGpuHoursPerRetrain (<see cref="TrainingHours.PerRetrain"/>), with the device it trained on
/// (the result's own provider: ML.NET trains on the CPU even in a CUDA run) for <see cref="EvidenceGuard.CheckTraining"/>.
/// </summary>
public sealed class BenchmarkTrainingResolver(BenchmarkStore benchmarks)
{
    public async Task<TrainingResolution> ResolveAsync(TrainingReference reference, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var run = await benchmarks.FindRunAsync(reference.Run, ct);
        if (run is null)
        {
            var recent = await benchmarks.RecentRunIdsAsync(5, ct);
            return TrainingResolution.Failed(new InputProblem($"{path}.run", $"{path}.run: no imported benchmark run has the id '{reference.Run}'"
                + (recent.Count > 0 ? $" (newest runs: {string.Join(", ", recent)})" : " (no runs are imported; use planner bench import)")));
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
            return TrainingResolution.Failed(new InputProblem(path, $"{path}: run '{run.RunId}' has no training result for {wanted}"
                + (has.Count > 0 ? $" (it has: {string.Join("; ", has)})" : " (it has no training results)")));
        }
        if (candidates.Count > 1)
        {
            return TrainingResolution.Failed(new InputProblem(path, $"{path}: run '{run.RunId}' has {candidates.Count} training results for {wanted}; "
                + $"name dataset and batch to pick one: {string.Join("; ", candidates.Select(Describe))}"));
        }
        var result = candidates[0];
        // The device is known from here on, so the evidence guard can speak first whatever else is wrong with the result.
        var device = result.Provider == ProviderNames.Cuda && run.GpuName is { } gpu ? EvidenceDevice.OfGpu(gpu) : EvidenceDevice.Cpu(run.CpuModel);
        if (!result.Valid)
        {
            return new TrainingResolution(null, device,
                [new InputProblem(path, $"{path}: the training result of run '{run.RunId}' for {wanted} is marked invalid: {result.InvalidReason}")]);
        }
        if (result.TimeToTargetSeconds is not { } seconds || result.Rows is not { } trainedRows || trainedRows < 1)
        {
            return new TrainingResolution(null, device, [new InputProblem(path, $"{path}: the training result of run '{run.RunId}' for {wanted} has no time to target"
                + (result.TimeToTargetNote is { } note ? $" ({note})" : "") + "; use a run whose training reached its target AUC")]);
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
