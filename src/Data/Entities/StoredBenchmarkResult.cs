namespace Planner.Data.Entities;

/// <summary>One result of an imported run, as a queryable row (the run's JSON stays the full record).</summary>
public sealed class StoredBenchmarkResult
{
    public long Id { get; set; }

    public string RunId { get; set; } = "";

    /// <summary>Position of the result in the run's results array.</summary>
    public int Index { get; set; }

    public string Model { get; set; } = "";

    public string Preset { get; set; } = "";

    public string Precision { get; set; } = "";

    /// <summary>"inference" or "training".</summary>
    public string Task { get; set; } = "";

    /// <summary>"prefill" or "decode" for generative decoders; null otherwise.</summary>
    public string? Phase { get; set; }

    public int BatchSize { get; set; }

    public int? SequenceLength { get; set; }

    public string Provider { get; set; } = "";

    public double ThroughputValue { get; set; }

    public string ThroughputUnit { get; set; } = "";

    public double LatencyMeanMs { get; set; }

    public double LatencyP50Ms { get; set; }

    public double LatencyP95Ms { get; set; }

    public double LatencyP99Ms { get; set; }

    public bool Valid { get; set; }

    public string? InvalidReason { get; set; }

    /// <summary>Copied from the run so result queries need no join: GPU name or CPU model.</summary>
    public string Device { get; set; } = "";

    public string FingerprintId { get; set; } = "";

    public DateTime StartedAt { get; set; }
}
