using System.Collections.Concurrent;
using Planner.Benchmarks.Projections;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.Data.Entities;

namespace Planner.Web.Services;

/// <summary>
/// Calibrations of stored benchmark runs, computed once per run and shared by every viewer of /projection (a stored run
/// never changes: a different file with the same run id is refused). At most <see cref="Limits.CachedCalibrations"/>
/// runs are kept; the work of one is bounded by <see cref="Limits.ResultsPerRun"/> and
/// <see cref="Limits.CalibrationCrossValidationRows"/>. A run that cannot be calibrated keeps its problems.
/// </summary>
public sealed class CalibrationCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<CalibrationReport>>> _reports = new(StringComparer.Ordinal);

    /// <summary>The calibration of <paramref name="run"/>; an <see cref="InputException"/> when its file cannot be calibrated.</summary>
    public Task<CalibrationReport> GetAsync(StoredBenchmarkRun run, CancellationToken ct)
    {
        var key = $"{run.RunId}|{run.ImportedAt.Ticks}";
        if (!_reports.ContainsKey(key))
        {
            foreach (var old in _reports.Keys.Take(Math.Max(0, _reports.Count - Limits.CachedCalibrations + 1)))
            {
                _reports.TryRemove(old, out _);
            }
        }
        var json = run.Json;
        var runId = run.RunId;
        var report = _reports.GetOrAdd(key, _ => new Lazy<Task<CalibrationReport>>(
            () => Task.Run(() => Calibrator.Calibrate(BenchmarkResultsJson.Parse(json, runId))))).Value;
        return report.WaitAsync(ct);
    }
}
