using System.Globalization;
using Planner.CostModel.Text;
using Planner.Data.Scenarios;
using Microsoft.EntityFrameworkCore;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.Data.Entities;
using Planner.Data.Storage;

namespace Planner.Data.Benchmarks;

/// <summary>Imported benchmark runs: the results files kept verbatim plus one queryable row per result.</summary>
public sealed class BenchmarkStore(PlannerDatabase database)
{
    private static readonly PhraseTemplate AlreadyImportedTemplate = new("store.alreadyImported",
        "{0}: run '{1}' is already imported (on {2} UTC by {3}) with different content; nothing was written");
    private static readonly PhraseTemplate NotFoundTemplate = new("store.resultsNotFound", "{0}: results file not found");
    private static readonly PhraseTemplate NoRunTemplate = new("store.noRun", "no imported benchmark run has the id '{0}'");

    /// <summary>
    /// Imports a results file (docs/benchmark-results.md): validated by <see cref="BenchmarkResultsJson"/>, kept verbatim,
    /// one row per result. A file that does not match the schema is an <see cref="InputException"/> giving the reasons;
    /// nothing is written. The same file again is a no-op (<see cref="BenchmarkImportResult.AlreadyImported"/>); a
    /// different file with a run id already stored is an error.
    /// </summary>
    public async Task<BenchmarkImportResult> ImportAsync(string json, string source, string importedBy, CancellationToken ct)
    {
        var run = BenchmarkResultsJson.Parse(json, source);
        await using var db = await database.CreateContextAsync(ct);
        var existing = await db.BenchmarkRuns.AsNoTracking().Include(r => r.Results).FirstOrDefaultAsync(r => r.RunId == run.RunId, ct);
        if (existing is not null)
        {
            if (string.Equals(existing.Json, json, StringComparison.Ordinal))
            {
                return new BenchmarkImportResult(existing, AlreadyImported: true);
            }
            throw new InputException(InputProblem.General(AlreadyImportedTemplate.With(source, run.RunId,
                existing.ImportedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), existing.ImportedBy)));
        }
        var device = run.Settings.Provider == "cuda" && run.Fingerprint.Gpu is { } gpu ? gpu.Name : run.Fingerprint.CpuModel;
        var startedAt = run.StartedAt.UtcDateTime;
        var stored = new StoredBenchmarkRun
        {
            RunId = run.RunId,
            SchemaVersion = run.SchemaVersion,
            StartedAt = startedAt,
            FinishedAt = run.FinishedAt.UtcDateTime,
            Profile = run.Profile,
            Partial = run.Partial,
            Device = device,
            CpuModel = run.Fingerprint.CpuModel,
            GpuName = run.Fingerprint.Gpu?.Name,
            FingerprintId = run.Fingerprint.FingerprintId,
            Json = json,
            ImportedAt = database.Time.GetUtcNow().UtcDateTime,
            ImportedBy = importedBy,
            Results = run.Results.Select((r, i) => new StoredBenchmarkResult
            {
                RunId = run.RunId,
                Index = i,
                Model = r.Model,
                Preset = r.Preset,
                Precision = r.Precision,
                Task = r.Task,
                Phase = r.Phase,
                BatchSize = r.BatchSize,
                SequenceLength = r.SequenceLength,
                Provider = r.Provider,
                ThroughputValue = r.Throughput.Value,
                ThroughputUnit = r.Throughput.Unit,
                LatencyMeanMs = r.LatencyMs.Mean,
                LatencyP50Ms = r.LatencyMs.P50,
                LatencyP95Ms = r.LatencyMs.P95,
                LatencyP99Ms = r.LatencyMs.P99,
                Valid = r.Valid,
                InvalidReason = r.InvalidReason,
                Device = device,
                FingerprintId = run.Fingerprint.FingerprintId,
                StartedAt = startedAt,
            }).ToList(),
        };
        db.BenchmarkRuns.Add(stored);
        Accounts.AuditLog.Add(db, stored.ImportedAt, importedBy, "benchmark.import", run.RunId, $"{run.Results.Count} results from {source}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (StoreErrors.IsDuplicateKey(ex))
        {
            // The same run pushed twice at once: the other push stored it between our check and our write.
            await using var again = await database.CreateContextAsync(ct);
            var winner = await again.BenchmarkRuns.AsNoTracking().Include(r => r.Results).FirstOrDefaultAsync(r => r.RunId == run.RunId, ct);
            if (winner is null)
            {
                throw;
            }
            if (string.Equals(winner.Json, json, StringComparison.Ordinal))
            {
                return new BenchmarkImportResult(winner, AlreadyImported: true);
            }
            throw new ConcurrencyConflictException($"{source}: run '{run.RunId}' was stored with different content by another push at the same moment; nothing was written");
        }
        return new BenchmarkImportResult(stored, AlreadyImported: false);
    }

    /// <summary>Imports a results file from disk; see <see cref="ImportAsync"/>.</summary>
    public async Task<BenchmarkImportResult> ImportFileAsync(string path, string importedBy, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new InputException(InputProblem.General(NotFoundTemplate.With(path)));
        }
        return await ImportAsync(await File.ReadAllTextAsync(path, ct), path, importedBy, ct);
    }

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
        await FindRunAsync(runId, ct) ?? throw new InputException(InputProblem.General(NoRunTemplate.With(runId)));

    /// <summary>The problem of a reference at <paramref name="path"/> whose run id no stored run has: it lists the five newest runs.</summary>
    public async Task<InputProblem> UnknownRunAsync(string path, string runId, CancellationToken ct) =>
        RunProblems.UnknownRun(path, runId, await RecentRunIdsAsync(5, ct));

    /// <summary>The ids of the newest runs, for "did you mean" lists.</summary>
    private async Task<IReadOnlyList<string>> RecentRunIdsAsync(int count, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var runs = await db.BenchmarkRuns.AsNoTracking().Select(r => new { r.RunId, r.StartedAt }).ToListAsync(ct);
        return runs.OrderByDescending(r => r.StartedAt).Take(count).Select(r => r.RunId).ToArray();
    }
}
