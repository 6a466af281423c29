using Planner.Benchmarks.Projections;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Projection;
using Planner.Data;
using Planner.Data.Entities;

namespace Planner.Cli.Commands;

/// <summary>
/// Reads a results file and calibrates the projector against it (<see cref="Calibrator.Calibrate"/>). A GPU probe run is
/// compared with the datasheet of the GPU it measured, found in the store's GPU catalog by <paramref name="gpu"/> or, when
/// that is null, by the name the driver gave the GPU.
/// </summary>
public static class CalibrationFiles
{
    /// <param name="gpuFlag">The flag that names the GPU, for messages.</param>
    /// <exception cref="InputException">The file is not a results file, or a probe run's GPU is not in the catalog (the close names are listed).</exception>
    public static async Task<CalibrationReport> CalibrateAsync(string path, string? gpu, string gpuFlag, CancellationToken ct)
    {
        var run = BenchmarkResultsJson.Read(path);
        if (!ProbeCalibrator.IsProbeRun(run))
        {
            return Calibrator.Calibrate(run);
        }
        var name = gpu ?? run.Fingerprint.Gpu?.Name
            ?? throw new InputException($"{path}: the GPU probe run names no GPU ({run.Fingerprint.GpuNote}); name its catalog row with {gpuFlag}.");
        await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
        var match = await store.Catalogs.FindAsync<CatalogGpu>(name, ct);
        GpuSpec datasheet = match.Row?.ToSpec()
            ?? throw new InputException($"{gpuFlag}: the datasheet of the GPU the probe measured: {match.Problem("gpus")} (name the catalog row, e.g. {gpuFlag} \"H200 SXM\").");
        return Calibrator.Calibrate(run, datasheet);
    }
}
