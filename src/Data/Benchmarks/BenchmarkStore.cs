using Microsoft.EntityFrameworkCore;
using Planner.CostModel;
using Planner.Data.Entities;
using Planner.Data.Storage;

namespace Planner.Data.Benchmarks;

/// <summary>Imported benchmark runs: the results files kept verbatim plus one queryable row per result.</summary>
public sealed partial class BenchmarkStore(PlannerDatabase database)
{
    /// <summary>Runs, newest first, optionally only those with a result for <paramref name="model"/> or on a device containing <paramref name="device"/>.</summary>
    public async Task<IReadOnlyList<StoredBenchmarkRun>> ListRunsAsync(string? model, string? device, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var runs = await db.BenchmarkRuns.AsNoTracking().Include(r => r.Results).ToListAsync(ct);
        return runs
            .Where(r => device is null || r.Device.Contains(device, StringComparison.OrdinalIgnoreCase)
                || r.FingerprintId.Equals(device, StringComparison.OrdinalIgnoreCase))
            .Where(r => model is null || r.Results.Any(x => x.Model.Equals(model, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(r => r.StartedAt)
            .ThenBy(r => r.RunId, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>A run with its result rows, or null.</summary>
    public async Task<StoredBenchmarkRun?> FindRunAsync(string runId, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var run = await db.BenchmarkRuns.AsNoTracking().Include(r => r.Results).FirstOrDefaultAsync(r => r.RunId == runId, ct);
        run?.Results.Sort((a, b) => a.Index.CompareTo(b.Index));
        return run;
    }

    public async Task<StoredBenchmarkRun> GetRunAsync(string runId, CancellationToken ct) =>
        await FindRunAsync(runId, ct) ?? throw new InputException($"no imported benchmark run has the id '{runId}'");

    /// <summary>The ids of the newest runs, for "did you mean" lists.</summary>
    public async Task<IReadOnlyList<string>> RecentRunIdsAsync(int count, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var runs = await db.BenchmarkRuns.AsNoTracking().Select(r => new { r.RunId, r.StartedAt }).ToListAsync(ct);
        return runs.OrderByDescending(r => r.StartedAt).Take(count).Select(r => r.RunId).ToArray();
    }
}
