namespace Planner.Benchmarks.Models;

/// <summary>Throughput units used in results.</summary>
public static class Units
{
    public const string SamplesPerSecond = "samples/s";
    public const string TokensPerSecond = "tokens/s";
    public const string RowsPerSecond = "rows/s";

    /// <summary>Achieved arithmetic of one matrix product (gemm results): not a model's throughput.</summary>
    public const string TflopsPerSecond = "TFLOP/s";

    public static IReadOnlyList<string> All { get; } = [SamplesPerSecond, TokensPerSecond, RowsPerSecond, TflopsPerSecond];
}
