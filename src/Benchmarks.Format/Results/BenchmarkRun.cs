using System.Text.Json.Serialization;
using Planner.CostModel.Serving;

namespace Planner.Benchmarks.Results;

/// <summary>
/// One `planner bench run` (or `bench serve`, `bench endpoint`, an import): settings, device fingerprint, calibration,
/// every result and, from schema version 2, the serving measurements. See docs/benchmark-results.md.
/// </summary>
public sealed record BenchmarkRun(
    int SchemaVersion,
    string RunId,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Profile,
    bool Partial,
    RunSettings Settings,
    Fingerprint Fingerprint,
    Calibration Calibration,
    IReadOnlyList<BenchmarkResult> Results,
    IReadOnlyList<SkippedBenchmark> Skipped)
{
    /// <summary>
    /// 3 added <see cref="BenchmarkResult.LatencySamplesMs"/>, 2 added <see cref="Serving"/>; version 1 and 2 files are
    /// still read.
    /// </summary>
    public const int CurrentSchemaVersion = 3;

    public const int FirstSchemaVersion = 1;

    /// <summary>Serving measurements (<c>serving[]</c>); absent in files without any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ServingResult>? Serving { get; init; }

    /// <summary>A run id: <c>yyyyMMdd-HHmmss-xxxxxxxx</c> (UTC start and a random suffix).</summary>
    public static string NewRunId(DateTimeOffset startedAt) =>
        $"{startedAt.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The longest run id a results file may carry.</summary>
    public const int RunIdMaxLength = 128;

    /// <summary>
    /// Whether <paramref name="runId"/> is safe to store and to put in a URL or file name: letters, digits, '.', '-' and
    /// '_', starting with a letter or digit, no "..", at most <see cref="RunIdMaxLength"/> characters (CR/LF and
    /// "../" are refused).
    /// </summary>
    public static bool IsValidRunId(string runId) =>
        runId.Length is > 0 and <= RunIdMaxLength
        && char.IsAsciiLetterOrDigit(runId[0])
        && runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
        && !runId.Contains("..", StringComparison.Ordinal);
}

/// <summary>The settings a run used; <see cref="ProviderNote"/> says why a provider was not used (e.g. CUDA unavailable).</summary>
public sealed record RunSettings(
    string Device,
    string Provider,
    string? ProviderNote,
    int IntraOpThreads,
    int InterOpThreads,
    int WarmupIterations,
    int MinIterations,
    double MinDurationSeconds,
    double MaxDurationSeconds,
    int MaxIterations,
    double MaxCv,
    int Seed);

/// <summary>The machine a run measured; <see cref="FingerprintId"/> hashes the hardware fields so runs group by device.</summary>
public sealed record Fingerprint(
    string FingerprintId,
    string CpuModel,
    int LogicalCores,
    double TotalMemoryGb,
    string Os,
    string DotNetVersion,
    string OnnxRuntimeVersion,
    IReadOnlyList<string> ProvidersAvailable,
    GpuInfo? Gpu,
    string? GpuNote);

public sealed record GpuInfo(string Name, double MemoryGb, string DriverVersion);

/// <summary>The device's achieved compute and memory bandwidth, for projections.</summary>
public sealed record Calibration(
    double? PeakGflops,
    string? PeakGflopsSource,
    double? MemoryBandwidthGbPerSecond,
    string? BandwidthNote);

/// <summary>A benchmark the profile asked for that did not run, and why (e.g. fp16 on the CPU provider).</summary>
public sealed record SkippedBenchmark(string Model, string Preset, string Precision, string Provider, string Reason);

public sealed record Throughput(double Value, string Unit);

public sealed record LatencyStats(double Mean, double StdDev, double Cv, double P50, double P90, double P95, double P99);
