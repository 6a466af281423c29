using Planner.CostModel.Text;

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
    /// <summary>The default: the preset of <see cref="EnginePresets.DefaultName"/>, fitted to published measurements (docs/methodology.md, "Validation").</summary>
    public static Efficiency GpuDefault => EnginePresets.Default;

    /// <summary>The pure roofline: every share 1, no fixed time, no all-reduce latency.</summary>
    public static readonly Efficiency Ideal = new() { Compute = 1, Bandwidth = 1, TensorParallel = 1, Source = "roofline (η = 1, no fixed time)" };

    public required double Compute { get; init; }

    public required double Bandwidth { get; init; }

    /// <summary>
    /// η_link: the share of the GPU-to-GPU link's bandwidth a tensor-parallel all-reduce achieves (ring all-reduce,
    /// docs/methodology.md); applies only on more than one GPU.
    /// </summary>
    public double TensorParallel { get; init; } = 1;

    /// <summary>η_attn: the share of peak FLOP/s the attention kernels achieve (flash attention runs below the matrix products); null = <see cref="Compute"/>.</summary>
    public double? Attention { get; init; }

    /// <summary>η_kv: the share of memory bandwidth attention achieves reading the KV cache in decode; null = <see cref="Bandwidth"/>.</summary>
    public double? AttentionBandwidth { get; init; }

    /// <summary>η_e: the share of peak FLOP/s a mixture's expert products achieve (grouped, smaller products); null = <see cref="Compute"/>.</summary>
    public double? Experts { get; init; }

    /// <summary>η_c8: η_c for products in an 8- or 4-bit format (fp8, int8, fp4), whose kernels reach a different share of their higher peak; null = <see cref="Compute"/>.</summary>
    public double? LowPrecisionCompute { get; init; }

    /// <summary>η_e8: η_e for expert products in an 8- or 4-bit format; null = <see cref="Experts"/>.</summary>
    public double? LowPrecisionExperts { get; init; }

    /// <summary>
    /// η_em: the share of memory bandwidth a mixture's grouped expert products achieve reading the expert weights (a
    /// fused or grouped MoE kernel over many experts of a few tokens each streams its weights in small, scattered tiles);
    /// null = <see cref="Bandwidth"/> (docs/methodology.md, "Throughput projection", mixtures of experts).
    /// </summary>
    public double? ExpertBandwidth { get; init; }

    /// <summary>η_em, or η_m when no expert bandwidth factor is given.</summary>
    public double ExpertMemory => ExpertBandwidth ?? Bandwidth;

    /// <summary>
    /// t_blk: the least time one matrix product takes when the weights are fp8 with block scales
    /// (<see cref="ModelShape.WeightBlockSize"/>), whatever its size: the activations' per-group quantization, the launch
    /// and the pipeline fill of a block-scaled kernel, µs; 0 = no floor (docs/methodology.md, "Throughput projection").
    /// </summary>
    public double BlockScaledProductMicroseconds { get; init; }

    /// <summary>t_step: fixed time per forward pass or decode step (scheduling, sampling, launches outside the layers), µs.</summary>
    public double StepOverheadMicroseconds { get; init; }

    /// <summary>η_c for products computing in <paramref name="format"/> at hidden size <paramref name="hiddenSize"/> (<see cref="ComputeAt"/> for 16- and 32-bit formats).</summary>
    public double ComputeFor(Precision format, int hiddenSize) =>
        (IsLowPrecision(format) ? LowPrecisionCompute ?? Compute : Compute) * hiddenSize / (hiddenSize + HalfEfficiencyHiddenSize);

    /// <summary>η_e for expert products computing in <paramref name="format"/>.</summary>
    public double ExpertComputeFor(Precision format) => IsLowPrecision(format) ? LowPrecisionExperts ?? ExpertCompute : ExpertCompute;

    private static bool IsLowPrecision(Precision format) => format is Precision.Fp8 or Precision.Int8 or Precision.Fp4 or Precision.Int4;

    /// <summary>
    /// ρ: how well decode attention shares a KV head's reads among the query heads of its group (grouped-query
    /// attention): the cache traffic is KV bytes × (heads / KV heads)^(1 − ρ). 1 = read once per KV head (the default;
    /// kernels that tile the group, e.g. TensorRT-LLM's XQA, FlashInfer); 0 = read once per query head (one head per
    /// thread block, as early masked multi-head attention kernels did).
    /// </summary>
    public double KvHeadSharing { get; init; } = 1;

    /// <summary>η_kv, or η_m when no attention bandwidth factor is given.</summary>
    public double AttentionMemory => AttentionBandwidth ?? Bandwidth;

    /// <summary>η_e, or η_c when no expert factor is given.</summary>
    public double ExpertCompute => Experts ?? Compute;

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

    public IReadOnlyList<InputProblem> Validate() => Validate(name => "efficiency." + name);

    /// <summary>Problems with the factors, each naming its field as <paramref name="fieldOf"/> spells it (e.g. "--compute-efficiency").</summary>
    /// <param name="fieldOf">Maps compute, bandwidth, tensorParallel, attention, allReduceLatencyMicroseconds, overlap, layerOverheadMicroseconds and halfEfficiencyHiddenSize to the caller's field names.</param>
    public IReadOnlyList<InputProblem> Validate(Func<string, string> fieldOf)
    {
        ArgumentNullException.ThrowIfNull(fieldOf);
        var problems = new List<InputProblem>();
        foreach (var (value, name) in new[] { (Compute, "compute"), (Bandwidth, "bandwidth"), (TensorParallel, "tensorParallel") }
            .Concat(new[] { (Attention, "attention"), (AttentionBandwidth, "attentionBandwidth"), (Experts, "experts"), (LowPrecisionCompute, "lowPrecisionCompute"), (LowPrecisionExperts, "lowPrecisionExperts"), (ExpertBandwidth, "expertBandwidth") }
                .Where(f => f.Item1 is not null).Select(f => (f.Item1!.Value, f.Item2))))
        {
            if (!(value > 0 && value <= 1))
            {
                problems.Add(InputProblem.At(fieldOf(name), ProblemPhrases.NotAboveAtMost(0, 1, value)));
            }
        }
        if (!(KvHeadSharing >= 0 && KvHeadSharing <= 1))
        {
            problems.Add(InputProblem.At(fieldOf("kvHeadSharing"), ProblemPhrases.NotBetween(0, 1, KvHeadSharing)));
        }
        if (!(Overlap >= 0 && Overlap <= 1))
        {
            problems.Add(InputProblem.At(fieldOf("overlap"), ProblemPhrases.NotBetween(0, 1, Overlap)));
        }
        if (!(LayerOverheadMicroseconds >= 0 && LayerOverheadMicroseconds <= MaxLayerOverheadMicroseconds))
        {
            problems.Add(InputProblem.At(fieldOf("layerOverheadMicroseconds"), ProblemPhrases.NotBetween(0, MaxLayerOverheadMicroseconds, LayerOverheadMicroseconds, "µs")));
        }
        if (!(AllReduceLatencyMicroseconds >= 0 && AllReduceLatencyMicroseconds <= MaxAllReduceLatencyMicroseconds))
        {
            problems.Add(InputProblem.At(fieldOf("allReduceLatencyMicroseconds"), ProblemPhrases.NotBetween(0, MaxAllReduceLatencyMicroseconds, AllReduceLatencyMicroseconds, "µs")));
        }
        if (!(StepOverheadMicroseconds >= 0 && StepOverheadMicroseconds <= MaxLayerOverheadMicroseconds))
        {
            problems.Add(InputProblem.At(fieldOf("stepOverheadMicroseconds"), ProblemPhrases.NotBetween(0, MaxLayerOverheadMicroseconds, StepOverheadMicroseconds, "µs")));
        }
        if (!(BlockScaledProductMicroseconds >= 0 && BlockScaledProductMicroseconds <= MaxLayerOverheadMicroseconds))
        {
            problems.Add(InputProblem.At(fieldOf("blockScaledProductMicroseconds"), ProblemPhrases.NotBetween(0, MaxLayerOverheadMicroseconds, BlockScaledProductMicroseconds, "µs")));
        }
        if (!(HalfEfficiencyHiddenSize >= 0 && HalfEfficiencyHiddenSize <= MaxHalfEfficiencyHiddenSize))
        {
            problems.Add(InputProblem.At(fieldOf("halfEfficiencyHiddenSize"), ProblemPhrases.NotBetween(0, MaxHalfEfficiencyHiddenSize, HalfEfficiencyHiddenSize)));
        }
        return problems;
    }
}
