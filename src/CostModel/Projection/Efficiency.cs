namespace Planner.CostModel.Projection;

/// <summary>
/// Achieved fractions of peak: <see cref="Compute"/> of the peak FLOP/s (prefill, large matrix products),
/// <see cref="Bandwidth"/> of the peak memory bandwidth (decode), and <see cref="TensorParallel"/>, the share of time
/// left after tensor-parallel communication when more than one GPU serves a model (docs/methodology.md,
/// "Throughput projection", calibration).
/// </summary>
public sealed record Efficiency
{
    /// <summary>
    /// The published default for data-centre GPUs: η_c = 0.55 and η_m = 0.70, below the ceilings measured on an H100 SXM
    /// (8192³ bf16 matrix product at 81% of peak; device copy at about 3.0 of 3.35 TB/s, ~0.9) because serving runs
    /// smaller, less regular kernels; tensor parallel keeps 0.9 (all-reduce after attention and feed-forward).
    /// </summary>
    public static readonly Efficiency GpuDefault = new()
    {
        Compute = 0.55,
        Bandwidth = 0.70,
        TensorParallel = 0.90,
        Source = "default for data-centre GPUs (η_c 0.55, η_m 0.70; H100 SXM ceilings measured: bf16 GEMM 81%, copy ~90%)",
    };

    public required double Compute { get; init; }

    public required double Bandwidth { get; init; }

    public double TensorParallel { get; init; } = 1;

    /// <summary>Where the factors came from: the default, or a benchmark run on a device of the same class.</summary>
    public required string Source { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (value, name) in new[] { (Compute, "compute"), (Bandwidth, "bandwidth"), (TensorParallel, "tensorParallel") })
        {
            if (!(value > 0 && value <= 1))
            {
                problems.Add($"efficiency.{name} must be > 0 and <= 1 (got {value})");
            }
        }
        return problems;
    }
}
