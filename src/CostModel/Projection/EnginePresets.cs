namespace Planner.CostModel.Projection;

/// <summary>
/// Efficiency factors per serving engine, fitted on the train split of the validation set
/// (data/validation/published-measurements.csv) by <see cref="Validation.EngineFit"/>; <c>planner project validate --fit</c>
/// prints the fit and the error on the held-out split (docs/methodology.md, "Validation").
/// </summary>
public static class EnginePresets
{
    public const string TensorRtLlm = "tensorrt-llm";

    public const string Vllm = "vllm";

    /// <summary>The preset used when none is named.</summary>
    public const string DefaultName = TensorRtLlm;

    /// <summary>The source line every preset carries; the held-out figures are those docs/methodology.md publishes.</summary>
    private const string FitSource = "fitted on the train split of the validation set (data/validation/published-measurements.csv; planner project validate --fit)";

    private static readonly Dictionary<string, Efficiency> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        // planner project validate --fit, 70 train cases: TensorRT-LLM 0.9.0 static batches (gptSessionBenchmark) on
        // A100 (fp16), L40S, H100 and H200 (fp8); GPT-J 6B, Llama 2 7B/70B, Mistral 7B, Mixtral 8x7B; 1 to 8 GPUs.
        [TensorRtLlm] = new Efficiency
        {
            Compute = 0.6633,
            LowPrecisionCompute = 0.5337,
            Bandwidth = 1.0,
            Attention = 0.8038,
            AttentionBandwidth = 0.9115,
            KvHeadSharing = 0.6950,
            Experts = 0.5957,
            LowPrecisionExperts = 0.1559,
            LayerOverheadMicroseconds = 113.81,
            StepOverheadMicroseconds = 1126.3,
            TensorParallel = 0.5758,
            AllReduceLatencyMicroseconds = 2.31,
            Engine = "TensorRT-LLM-like: TensorRT-LLM 0.9 static batching (no CUDA graphs), A100/L40S/H100/H200",
            Source = "engine preset tensorrt-llm, " + FitSource,
        },
        // 9 train cases: vLLM static batches (benchmark_latency) of Llama 3.1 70B and 405B fp8 on 8x MI300X. Factors
        // these cases do not determine (experts, 8-bit versus 16-bit products) stay at the fit's start, except the two
        // that only block-scaled mixtures use, which come from kernel benchmarks published outside any validation set
        // (docs/decisions/049-moe-step-physics.md); planner project validate --fit carries them (ADR 053):
        // - ExpertBandwidth: vLLM's Triton fused-MoE kernel on DeepSeek-V3's expert shapes at tensor parallel 8, H100,
        //   batch 128: 1732 µs for the 256 experts' 1.41 GB of fp8 weights per GPU (98% of them touched), 0.80 TB/s
        //   of 3.35 TB/s = 0.24 (vllm-project/vllm pull request 13932, 2025-02-26).
        // - BlockScaledProductMicroseconds: vLLM's block-scaled fp8 product at batch 1 on DeepSeek-V3's tensor-parallel-8
        //   shapes N=3072 K=1536 and N=512 K=7168 (q_b and the shared expert's gate-up): 14.5 and 20.6 µs, mean 17.6 µs,
        //   where reading the weights takes 1 to 2 µs (sgl-project/sglang pull request 5820, 2025-04).
        [Vllm] = new Efficiency
        {
            Compute = 0.6,
            Bandwidth = 0.4896,
            Attention = 0.4,
            AttentionBandwidth = 0.6784,
            KvHeadSharing = 0.9296,
            Experts = 0.6,
            ExpertBandwidth = 0.24,
            BlockScaledProductMicroseconds = 17.6,
            LayerOverheadMicroseconds = 0,
            StepOverheadMicroseconds = 70.2,
            TensorParallel = 0.1844,
            AllReduceLatencyMicroseconds = 2.19,
            Engine = "vLLM-like: vLLM (ROCm builds of 2024-2025) static batches on 8x MI300X",
            Source = "engine preset vllm, " + FitSource,
        },
    };

    public static IReadOnlyCollection<string> Names => Presets.Keys;

    /// <exception cref="InputException">Not a preset name; the message names <paramref name="field"/> and lists the presets.</exception>
    public static Efficiency Get(string name, string field = "engine") =>
        Presets.TryGetValue(name, out var preset)
            ? preset
            : throw new InputException(InputProblem.At(field, Text.ProblemPhrases.OneOf(string.Join(", ", Presets.Keys), name)));

    public static Efficiency Default => Presets[DefaultName];

    /// <summary>The preset named <paramref name="name"/>; null when there is none.</summary>
    public static Efficiency? Find(string name) => Presets.GetValueOrDefault(name);
}
