namespace Planner.Data.Entities;

/// <summary>An imported benchmark results file: kept verbatim, with the run's identity and device for queries.</summary>
public sealed class StoredBenchmarkRun
{
    public string RunId { get; set; } = "";

    public int SchemaVersion { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    public string Profile { get; set; } = "";

    public bool Partial { get; set; }

    /// <summary>The GPU name when the run used one, else the CPU model.</summary>
    public string Device { get; set; } = "";

    public string CpuModel { get; set; } = "";

    public string? GpuName { get; set; }

    public string FingerprintId { get; set; } = "";

    /// <summary>The results file exactly as imported.</summary>
    public string Json { get; set; } = "";

    public DateTime ImportedAt { get; set; }

    public string ImportedBy { get; set; } = "";

    public List<StoredBenchmarkResult> Results { get; set; } = [];
}
