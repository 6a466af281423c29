using Planner.Benchmarks.Projections;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.Data;
using Planner.Data.Catalogs;
using Planner.Data.Entities;

namespace Planner.Cli.Commands;

/// <summary>
/// Reads a results file and calibrates the projector against it (<see cref="Calibrator.Calibrate"/>). A GPU probe run is
/// compared with the datasheet of the GPU it measured, found in the store's GPU catalog by the name the user gives or,
/// when none is given, by the name the driver gave the GPU — exactly, or the one catalog row that extends it ("NVIDIA
/// H200 SXM" for the driver's "NVIDIA H200").
/// </summary>
public static class CalibrationFiles
{
    /// <param name="gpu">The catalog GPU named on the command line (<paramref name="gpuFlag"/>), or null.</param>
    /// <param name="gpuFlag">The flag that names the GPU, for messages; null where the command has none.</param>
    /// <exception cref="InputException">The file is not a results file, or a probe run's GPU is not in the catalog (the close names are listed).</exception>
    public static async Task<CalibrationReport> CalibrateAsync(string path, string? gpu, string? gpuFlag, CancellationToken ct)
    {
        var run = BenchmarkResultsJson.Read(path);
        if (!ProbeCalibrator.IsProbeRun(run))
        {
            return Calibrator.Calibrate(run);
        }
        var how = gpuFlag is null ? "calibrate it with `planner project calibrate FILE --gpu NAME`, or add the GPU to the catalog" : $"name the catalog row with {gpuFlag}";
        var name = gpu ?? run.Fingerprint.Gpu?.Name
            ?? throw new InputException($"{path}: the GPU probe run names no GPU ({run.Fingerprint.GpuNote}); {how}.");
        await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
        var rows = await store.Catalogs.ListAsync<CatalogGpu>(ct);
        var match = CatalogKinds.Gpus.Find(rows, name);
        var row = match.Row;
        if (row is null && gpu is null)
        {
            var driverName = CatalogMatch<CatalogGpu>.Normalize(name) + " ";
            var extending = rows.Where(r => CatalogMatch<CatalogGpu>.Normalize(r.Name).StartsWith(driverName, StringComparison.Ordinal)).ToList();
            row = extending.Count == 1 ? extending[0] : null;
        }
        if (row is null)
        {
            throw new InputException($"{gpuFlag ?? path}: the datasheet of the GPU the probe measured: {match.Problem("gpus")}; {how}.");
        }
        return Calibrator.Calibrate(run, row.ToSpec());
    }
}
