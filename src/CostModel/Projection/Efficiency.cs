namespace Planner.CostModel.Projection;

/// <summary>
/// Achieved fractions of peak: <see cref="Compute"/> of the peak FLOP/s (prefill, large matrix products),
/// <see cref="Bandwidth"/> of the peak memory bandwidth (decode), and <see cref="TensorParallel"/>, the share of time
/// left after tensor-parallel communication when more than one GPU serves a model, and
/// <see cref="LayerOverheadMicroseconds"/>, the fixed time each layer adds to every forward pass or decode step, and
/// <see cref="HalfEfficiencyHiddenSize"/>, how compute efficiency falls for narrow models (docs/methodology.md, "Throughput projection", calibration).
/// </summary>
public sealed record Efficiency
{
    /// <summary>
    /// The published default for data-centre GPUs: η_c = 0.55 and η_m = 0.70, below the ceilings measured on an H100 SXM
    /// (8192³ bf16 matrix product at 81% of peak; device copy at about 3.0 of 3.35 TB/s, ~0.9) because serving runs
    /// smaller, less regular kernels; tensor parallel keeps 0.9 (all-reduce after attention and feed-forward).
    /// The per-layer fixed time and n½ are 0: no public source gives them for serving stacks, so they come only from a
    /// calibration run or the user.
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

    /// <summary>
    /// η_link: the share of the GPU-to-GPU link's bandwidth a tensor-parallel all-reduce achieves (ring all-reduce,
    /// docs/methodology.md); applies only on more than one GPU.
    /// </summary>
    public double TensorParallel { get; init; } = 1;

    /// <summary>η_attn: the share of peak FLOP/s the attention kernels achieve (flash attention runs below the matrix products); null = <see cref="Compute"/>.</summary>
    public double? Attention { get; init; }

    /// <summary>α: the latency of one step of a ring all-reduce, µs (a ring over N GPUs takes 2(N − 1) steps).</summary>
    public double AllReduceLatencyMicroseconds { get; init; }

    /// <summary>The largest accepted <see cref="AllReduceLatencyMicroseconds"/>.</summary>
    public const double MaxAllReduceLatencyMicroseconds = 1e5;

    /// <summary>The serving engine the factors were fitted for (e.g. "TensorRT-LLM 0.9 static batching"); null when not fitted to an engine.</summary>
    public string? Engine { get; init; }

    /// <summary>η_attn, or η_c when no attention factor is given.</summary>
    public double AttentionCompute => Attention ?? Compute;

    /// <summary>
    /// t_layer: fixed time per layer and forward pass (or decode step) that does not scale with FLOPs or bytes — kernel
    /// launches or operator dispatch and the small operators between the matrix products; 0 = the pure roofline.
    /// </summary>
    public double LayerOverheadMicroseconds { get; init; }

    /// <summary>The largest accepted <see cref="LayerOverheadMicroseconds"/>: one second per layer.</summary>
    public const double MaxLayerOverheadMicroseconds = 1e6;

    /// <summary>
    /// n½: the hidden size at which matrix products reach half of <see cref="Compute"/> (Hockney's half-performance
    /// length): at hidden size d the compute efficiency is η_c × d / (d + n½). 0 = independent of size (the default).
    /// </summary>
    public double HalfEfficiencyHiddenSize { get; init; }

    /// <summary>The largest accepted <see cref="HalfEfficiencyHiddenSize"/>.</summary>
    public const double MaxHalfEfficiencyHiddenSize = 65536;

    /// <summary>
    /// o: how much of the smaller roofline term hides under the larger one. A pass takes max(c, m) + (1 − o) × min(c, m)
    /// for its compute time c and memory time m: 1 = full overlap, the pure roofline (the default; GPUs stream weights
    /// while they compute); 0 = none, compute and memory traffic take turns (as measured on CPUs, where a batch-8 decode
    /// step takes far longer than a batch-1 step that reads the same weights).
    /// </summary>
    public double Overlap { get; init; } = 1;

    /// <summary>The compute efficiency at hidden size <paramref name="hiddenSize"/>: η_c × d / (d + n½).</summary>
    public double ComputeAt(int hiddenSize) => Compute * hiddenSize / (hiddenSize + HalfEfficiencyHiddenSize);

    /// <summary>Where the factors came from: the default, or a benchmark run on a device of the same class.</summary>
    public required string Source { get; init; }

    public IReadOnlyList<string> Validate() => Validate(name => "efficiency." + name);

    /// <summary>Problems with the factors, each naming its field as <paramref name="fieldOf"/> spells it (e.g. "--compute-efficiency").</summary>
    /// <param name="fieldOf">Maps compute, bandwidth, tensorParallel, attention, allReduceLatencyMicroseconds, overlap, layerOverheadMicroseconds and halfEfficiencyHiddenSize to the caller's field names.</param>
    public IReadOnlyList<string> Validate(Func<string, string> fieldOf)
    {
        ArgumentNullException.ThrowIfNull(fieldOf);
        var problems = new List<string>();
        foreach (var (value, name) in new[] { (Compute, "compute"), (Bandwidth, "bandwidth"), (TensorParallel, "tensorParallel"), (AttentionCompute, "attention") })
        {
            if (!(value > 0 && value <= 1))
            {
                problems.Add($"{fieldOf(name)} must be > 0 and <= 1 (got {value})");
            }
        }
        if (!(Overlap >= 0 && Overlap <= 1))
        {
            problems.Add($"{fieldOf("overlap")} must be >= 0 and <= 1 (got {Overlap})");
        }
        if (!(LayerOverheadMicroseconds >= 0 && LayerOverheadMicroseconds <= MaxLayerOverheadMicroseconds))
        {
            problems.Add($"{fieldOf("layerOverheadMicroseconds")} must be >= 0 and <= {MaxLayerOverheadMicroseconds} µs (got {LayerOverheadMicroseconds})");
        }
        if (!(AllReduceLatencyMicroseconds >= 0 && AllReduceLatencyMicroseconds <= MaxAllReduceLatencyMicroseconds))
        {
            problems.Add($"{fieldOf("allReduceLatencyMicroseconds")} must be >= 0 and <= {MaxAllReduceLatencyMicroseconds} µs (got {AllReduceLatencyMicroseconds})");
        }
        if (!(HalfEfficiencyHiddenSize >= 0 && HalfEfficiencyHiddenSize <= MaxHalfEfficiencyHiddenSize))
        {
            problems.Add($"{fieldOf("halfEfficiencyHiddenSize")} must be >= 0 and <= {MaxHalfEfficiencyHiddenSize} (got {HalfEfficiencyHiddenSize})");
        }
        return problems;
    }
}
