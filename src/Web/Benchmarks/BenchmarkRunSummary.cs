using Planner.CostModel.Text;
using System.Globalization;
using System.Text;
using Planner.Data.Entities;

namespace Planner.Web.Benchmarks;

/// <summary>A stored benchmark run as the API lists it.</summary>
public sealed record BenchmarkRunSummary(
    string RunId, string Profile, DateTime StartedAt, DateTime FinishedAt, string Device, string FingerprintId,
    bool Partial, int Results, int ValidResults, string ImportedBy)
{
    public static BenchmarkRunSummary From(StoredBenchmarkRun run) =>
        new(run.RunId, run.Profile, run.StartedAt, run.FinishedAt, run.Device, run.FingerprintId, run.Partial,
            run.Results.Count, run.Results.Count(r => r.Valid), run.ImportedBy);

    /// <summary>How long the run took, as the history shows it: "48 s", "3 min 05 s", "1 h 02 min".</summary>
    public string DurationText => Duration(FinishedAt - StartedAt);

    public static string Duration(TimeSpan span) => span switch
    {
        { Ticks: < 0 } => "—",
        { TotalSeconds: < 60 } => $"{Math.Round(span.TotalSeconds, MidpointRounding.AwayFromZero):0} s",
        { TotalHours: < 1 } => $"{span.Minutes} min {span.Seconds:00} s",
        _ => $"{(int)span.TotalHours} h {span.Minutes:00} min",
    };
}

/// <summary>A stored run's results as CSV (RFC 4180, invariant culture): one row per result.</summary>
public static class BenchmarkResultsCsv
{
    public static readonly string[] Columns =
    [
        "runId", "model", "preset", "precision", "task", "phase", "batchSize", "sequenceLength", "provider", "throughput", "throughputUnit",
        "latencyMeanMs", "latencyP50Ms", "latencyP95Ms", "latencyP99Ms", "valid", "invalidReason", "device", "fingerprintId",
    ];

    public static string Write(StoredBenchmarkRun run)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var r in run.Results)
        {
            string[] fields =
            [
                r.RunId, r.Model, r.Preset, r.Precision, r.Task, r.Phase ?? "", Number(r.BatchSize), r.SequenceLength is { } s ? Number(s) : "",
                r.Provider, Number(r.ThroughputValue), r.ThroughputUnit, Number(r.LatencyMeanMs), Number(r.LatencyP50Ms), Number(r.LatencyP95Ms),
                Number(r.LatencyP99Ms), r.Valid ? "true" : "false", r.InvalidReason ?? "", r.Device, r.FingerprintId,
            ];
            csv.Append(string.Join(',', fields.Select(f => Quote(CsvCells.Neutralise(f))))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
