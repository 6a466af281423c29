namespace Planner.Benchmarks.Results;

/// <summary>One `planner bench run`: settings, device fingerprint, calibration and every result. See docs/benchmark-results.md.</summary>
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
    public const int CurrentSchemaVersion = 1;
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
