using System.Text.Json.Serialization;

namespace Planner.Benchmarks.Results;

/// <summary>
/// One measured benchmark. Fields after <see cref="InvalidReason"/> appear only where they apply:
/// <c>phase</c> and <c>contextLength</c> for the decoder, <c>loss</c> for ONNX training steps,
/// <c>rows</c>, <c>auc</c>, <c>targetAuc</c>, <c>timeToTargetSeconds</c>, <c>timeToTargetNote</c> for ML.NET training,
/// <c>matmul</c> for the GPU probe's <c>gemm</c> results; <c>latencySamplesMs</c> from schema version 3.
/// </summary>
public sealed record BenchmarkResult(
    string Model,
    string Preset,
    string Precision,
    string Task,
    int BatchSize,
    int? SequenceLength,
    string Provider,
    int Iterations,
    double DurationSeconds,
    Throughput Throughput,
    LatencyStats LatencyMs,
    double? AchievedGflops,
    double PeakMemoryMb,
    double? EnergyJoulesPer1k,
    string? EnergyNote,
    bool Valid,
    string? InvalidReason)
{
    public const string Inference = "inference";
    public const string Training = "training";

    /// <summary>One matrix product timed by the GPU probe; <see cref="Matmul"/> gives its shape.</summary>
    public const string Gemm = "gemm";
    public const string Prefill = "prefill";
    public const string Decode = "decode";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Phase { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ContextLength { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Loss { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Rows { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Auc { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TargetAuc { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TimeToTargetSeconds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeToTargetNote { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MatmulShape? Matmul { get; init; }

    /// <summary>
    /// The measured model's parameters (reference models: counted from the preset's graph), which the evidence guard
    /// compares with the model a scenario serves; absent in older files and where the size is not known.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Parameters { get; init; }

    /// <summary>How the result's ONNX model was made ready, outside the timed loop (reference-model inference only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelSetup? ModelSetup { get; init; }

    /// <summary>
    /// The per-iteration latencies in ms, in the order measured, to 4 significant digits (schema version 3): all of them up
    /// to <see cref="Planner.CostModel.Limits.LatencySamplesPerResult"/>, else that many evenly spaced
    /// (<see cref="Running.LatencyStatistics.StoredSamples"/>). Absent in older files; <c>bench compare</c> then falls
    /// back on <see cref="LatencyMs"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? LatencySamplesMs
    {
        get => _latencySamples?.Values;
        init => _latencySamples = value is null ? null : new SampleSequence([.. value]);
    }

    // Held in a value-equal wrapper so two results with the same latencies are equal records (a file read back equals the one written).
    private readonly SampleSequence? _latencySamples;

    private sealed class SampleSequence(double[] values) : IEquatable<SampleSequence>
    {
        public double[] Values { get; } = values;

        public bool Equals(SampleSequence? other) => other is not null && Values.AsSpan().SequenceEqual(other.Values);

        public override bool Equals(object? obj) => Equals(obj as SampleSequence);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var value in Values)
            {
                hash.Add(value);
            }
            return hash.ToHashCode();
        }
    }

    /// <summary>The key results of two runs are matched by.</summary>
    [JsonIgnore]
    public string Key => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Model}/{Preset}/{Precision}/{Task}/{Phase ?? "-"}/batch {BatchSize}/seq {SequenceLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}/ctx {ContextLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}/{Provider}");
}
