using FsCheck.Xunit;
using Planner.CostModel.Projection;

namespace Planner.CostModel.UnitTests.Projection;

public class ProjectionTests
{
    /// <summary>Llama-3-70B as its config.json gives it.</summary>
    internal static readonly ModelShape Llama70B = new()
    {
        Name = "llama-3-70b", Parameters = 70_553_706_496, ActiveParameters = 70_553_706_496, Layers = 80, HiddenSize = 8192,
        Heads = 64, KvHeads = 8, HeadDim = 128, Vocabulary = 128_256, ContextLength = 8192, IntermediateSize = 28_672,
        GatedMlp = true, Source = "config.json", AsOf = "2024-04-18",
    };

    internal static readonly ModelShape Mixtral = new()
    {
        Name = "mixtral-8x7b", Parameters = 46_702_792_704, ActiveParameters = 12_879_921_152, Layers = 32, HiddenSize = 4096,
        Heads = 32, KvHeads = 8, HeadDim = 128, Vocabulary = 32_000, ContextLength = 32_768, IntermediateSize = 14_336,
        GatedMlp = true, Experts = 8, ActiveExperts = 2, Source = "config.json", AsOf = "2023-12-11",
    };

    internal static readonly GpuSpec H100 = new()
    {
        Name = "NVIDIA H100 SXM", Vendor = "NVIDIA", Bf16Tflops = 989, Fp8Tflops = 1979, MemoryGb = 80, BandwidthGbPerS = 3350,
        Interconnect = "NVLink 4", InterconnectGbPerS = 450,
    };

    /// <summary>Llama-2-70B as its config.json gives it (the model NVIDIA NIM serves in fp16 on two H100s).</summary>
    internal static readonly ModelShape Llama2_70B = Llama70B with
    {
        Name = "llama-2-70b", Parameters = 68_976_648_192, ActiveParameters = 68_976_648_192, Vocabulary = 32_000, ContextLength = 4096,
    };

    internal static readonly Efficiency Ideal = Efficiency.Ideal;

    private static CostModel.Projection.Projection Project(ModelShape model, int gpus, Precision precision, int batch, int input, int output, Efficiency? efficiency = null,
        GpuSpec? gpu = null, Precision? kv = null) =>
        ThroughputProjector.Project(new ProjectionRequest
        {
            Model = model,
            Gpu = gpu ?? H100,
            Gpus = gpus,
            Batch = batch,
            InputTokens = input,
            OutputTokens = output,
            Precisions = TensorPrecisions.For(precision, kvCache: kv),
            Efficiency = efficiency ?? Ideal,
        });

    private static OperatorTime Operator(CostModel.Projection.Projection p, string phase, string name) => p.Operators.Single(o => o.Phase == phase && o.Operator == name);

    [Fact]
    public void Weights_of_a_70b_model_in_bf16_are_140_gb()
    {
        var p = ThroughputProjector.Project(Llama70B with { Parameters = 70e9, ActiveParameters = 70e9 }, H100, 4, Precision.Bf16, 1, null, Ideal);
        Assert.Equal(140, p.WeightMemoryGb, 9);
    }

    [Fact]
    public void Int4_weights_take_half_a_byte_plus_a_16_bit_scale_per_128_and_keep_the_embedding_and_head_in_16_bits()
    {
        var p = Project(Llama70B, 1, Precision.Int4, 1, 100, 100);
        var embeddings = 2.0 * 8192 * 128_256;
        Assert.Equal(((Llama70B.Parameters - embeddings) * (0.5 + 2.0 / 128) + embeddings * 2) / 1e9, p.WeightMemoryGb, 9);
        // Weight-only: the products run in 16 bits, the cache stays 16-bit.
        Assert.Equal("fp16", p.ActivationPrecision);
        Assert.Equal("fp16", p.KvCachePrecision);
    }

    [Fact]
    public void Kv_cache_per_token_of_llama_3_70b_in_bf16_is_327680_bytes()
    {
        var p = ThroughputProjector.Project(Llama70B, H100, 4, Precision.Bf16, 1, 8192, Ideal);
        Assert.Equal(327_680, p.KvCacheBytesPerToken);
        Assert.Equal(327_680.0 * 8192 / 1e9, p.KvCacheGbPerSequence, 12);
        Assert.Equal(4096, p.InputTokens);
        Assert.Equal(4096, p.OutputTokens);
    }

    [Fact]
    public void Kv_cache_is_sized_for_input_plus_output_tokens_of_the_batch()
    {
        var p = Project(Llama70B, 2, Precision.Bf16, 16, 1000, 200);
        Assert.Equal(1200, p.KvCacheTokensPerSequence);
        Assert.Equal(16 * 327_680.0 * 1200 / 1e9, p.KvCacheGb, 9);
    }

    [Fact]
    public void A_sliding_window_caps_the_cache_of_its_layers()
    {
        var mistral = Llama70B with { Name = "mistral-7b", Layers = 32, SlidingWindow = 4096, ContextLength = 32_768 };
        var p = Project(mistral, 1, Precision.Bf16, 1, 6000, 2000);
        // 32 layers x 4096 tokens (not 8000) x 8 KV heads x 2 x 128 x 2 bytes.
        Assert.Equal(32 * 4096 * 2 * 8 * 128 * 2 / 1e9, p.KvCacheGbPerSequence, 12);
    }

    [Fact]
    public void Latent_attention_caches_the_latent_and_its_rotary_key_per_layer()
    {
        var deepSeek = Llama70B with { Name = "mla", Layers = 61, Heads = 128, KvHeads = 128, KvLoraRank = 512, RopeHeadDim = 64, AttentionParametersPerLayer = 187_105_280 };
        Assert.Equal(576, deepSeek.KvValuesPerTokenPerLayer);
        // Absorbed: scores on rank + rotary width, values on the rank, per head.
        Assert.Equal(2.0 * 128 * (2 * 512 + 64), deepSeek.AttentionFlopsPerAttendedToken);
        var p = Project(deepSeek, 1, Precision.Fp8, 1, 100, 100);
        Assert.Equal(61 * 576 * 1.0, p.KvCacheBytesPerToken);
    }

    [Fact]
    public void Decode_feed_forward_reads_its_weights_once_and_moves_the_batch_activations()
    {
        var p = Project(Llama70B, 1, Precision.Fp8, 8, 100, 101);
        var feedForward = Operator(p, "decode", "feed-forward");
        // 80 layers x 3 x 8192 x 28672 fp8 weights, plus 8 tokens x 80 layers x (in + out) 8192 values x 2 bytes.
        Assert.Equal(80 * 3.0 * 8192 * 28_672 + 8 * 80 * 2 * 8192 * 2.0, feedForward.Bytes, 3);
        Assert.Equal(2 * 8 * 80 * 3.0 * 8192 * 28_672, feedForward.Flops, 3);
        Assert.Equal(feedForward.Bytes / 3350e9 * 1000, feedForward.MemoryMs, 12);
        Assert.Equal("memory", feedForward.Bound);
    }

    [Fact]
    public void Decode_attention_reads_every_sequence_cache_at_the_mean_context()
    {
        var p = Project(Llama70B, 1, Precision.Bf16, 4, 1000, 201);
        var attention = Operator(p, "decode", "attention");
        // Mean context 1000 + 201 / 2 = 1100.5 tokens, 4 sequences; one new token each written; query and output activations.
        var kvPerTokenLayer = 2 * 8 * 128 * 2.0;
        var expected = (4 * 80 * 1100.5 + 4 * 80) * kvPerTokenLayer + 4 * 80 * 2.0 * 64 * 128 * 2;
        Assert.Equal(expected, attention.Bytes, 3);
        Assert.Equal(4 * 80 * 1100.5 * 4.0 * 64 * 128, attention.Flops, 3);
    }

    [Fact]
    public void Operators_add_and_the_batch_takes_prefill_plus_output_minus_one_steps()
    {
        var p = Project(Llama70B, 1, Precision.Fp8, 8, 512, 64, EnginePresets.Get(EnginePresets.TensorRtLlm));
        var prefill = p.Operators.Where(o => o.Phase == "prefill").Sum(o => o.Ms);
        var step = p.Operators.Where(o => o.Phase == "decode").Sum(o => o.Ms);
        Assert.Equal(prefill, p.TimeToFirstTokenMs, 9);
        Assert.Equal(step, p.MsPerOutputToken, 9);
        Assert.Equal(prefill + 63 * step, p.BatchLatencyMs, 9);
        Assert.Equal(8 * 64 / (p.BatchLatencyMs / 1000), p.OutputTokensPerSecondPerGpu, 6);
        Assert.Equal(8 / (step / 1000), p.DecodeTokensPerSecondPerGpu, 6);
    }

    [Fact]
    public void Each_operator_takes_the_larger_of_its_compute_and_memory_time()
    {
        var p = Project(Llama70B, 1, Precision.Fp8, 64, 2048, 2, EnginePresets.Get(EnginePresets.TensorRtLlm));
        Assert.All(p.Operators.Where(o => o.Bound is "compute" or "memory"), o => Assert.Equal(Math.Max(o.ComputeMs, o.MemoryMs), o.Ms, 12));
        Assert.Equal("compute", Operator(p, "prefill", "feed-forward").Bound);
        Assert.Equal("memory", Operator(p, "prefill", "norms").Bound);
    }

    [Fact]
    public void Tensor_parallel_all_reduce_is_a_ring_over_the_link_plus_latency_per_step()
    {
        var efficiency = Ideal with { TensorParallel = 0.5, AllReduceLatencyMicroseconds = 3 };
        var p = Project(Llama70B, 4, Precision.Bf16, 2, 100, 11, efficiency);
        var allReduce = Operator(p, "decode", "all-reduce");
        // Two all-reduces per layer of 2 tokens x 8192 x 2 bytes: 2(N-1)/N of it over 450 GB/s x 0.5, plus 2(N-1) steps of 3 µs.
        var bytes = 2 * 8192 * 2.0;
        var perAllReduce = 2 * 3 / 4.0 * bytes / (450e9 * 0.5) + 2 * 3 * 3e-6;
        Assert.Equal(2 * 80 * perAllReduce * 1000, allReduce.Ms, 12);
        Assert.DoesNotContain(Project(Llama70B, 1, Precision.Fp8, 2, 100, 11, efficiency).Operators, o => o.Operator == "all-reduce");
    }

    [Fact]
    public void Tensor_parallel_needs_the_link_bandwidth_from_the_catalog()
    {
        var ex = Assert.Throws<InputException>(() => Project(Llama70B, 2, Precision.Fp8, 1, 10, 10, gpu: H100 with { InterconnectGbPerS = null }));
        Assert.Contains("gpus 2 needs the GPU-to-GPU link bandwidth of NVIDIA H100 SXM", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0.25)]
    [InlineData(4, 0.68359375)]
    [InlineData(16, 0.9899774042)]
    public void Experts_touched_by_a_batch_follow_one_minus_the_miss_chance_to_the_tokens(int tokens, double coverage)
    {
        Assert.Equal(coverage, ThroughputProjector.ExpertCoverage(Mixtral, tokens), 9);
    }

    [Fact]
    public void Mixture_of_experts_decode_reads_the_experts_the_batch_touches_and_computes_the_active_ones()
    {
        var p = Project(Mixtral, 1, Precision.Bf16, 4, 100, 11);
        var experts = Operator(p, "decode", "experts");
        var expert = 3.0 * 4096 * 14_336;
        Assert.Equal(32 * expert * 8 * 0.68359375 * 2 + 4 * 32 * 2 * 4096 * 2.0, experts.Bytes, 1);
        Assert.Equal(2 * 4 * 32 * expert * 2, experts.Flops, 1);
        Assert.Equal(8 * 0.68359375, p.ExpertsTouchedPerDecodeStep!.Value, 9);
        Assert.Equal(Mixtral.Parameters * 2 / 1e9, p.WeightMemoryGb, 9);
        // Active matrix-product weights: the parameters used per token less the input embedding (router weights are negligible).
        Assert.InRange(Mixtral.MatmulParametersPerToken, Mixtral.ActiveParameters - 4096.0 * 32_000 - 1e7, Mixtral.ActiveParameters - 4096.0 * 32_000 + 1e7);
    }

    [Fact]
    public void Grouped_expert_products_read_their_weights_at_the_expert_bandwidth_share()
    {
        var p = Project(Mixtral, 1, Precision.Bf16, 4, 100, 11, Ideal with { ExpertBandwidth = 0.25 });
        var experts = Operator(p, "decode", "experts");
        // The same bytes as at the full bandwidth, read at a quarter of 3350 GB/s; the other operators keep η_m = 1.
        Assert.Equal(experts.Bytes / (3350e9 * 0.25) * 1000, experts.MemoryMs, 12);
        var norms = Operator(p, "decode", "norms");
        Assert.Equal(norms.Bytes / 3350e9 * 1000, norms.MemoryMs, 12);
        Assert.Equal(Ideal.Bandwidth, Ideal.ExpertMemory);
    }

    /// <summary>A small DeepSeek-like mixture: latent attention, 1 dense layer then 3 routed layers with a shared expert, fp8 weights in 128-blocks.</summary>
    private static readonly ModelShape BlockScaledMixture = Mixtral with
    {
        Name = "block-scaled", Layers = 4, Experts = 16, ActiveExperts = 2, SharedExperts = 1, DenseLayers = 1, DenseIntermediateSize = 8192,
        KvLoraRank = 512, RopeHeadDim = 64, AttentionParametersPerLayer = 50_000_000, WeightBlockSize = 128,
    };

    [Fact]
    public void Block_scaled_products_take_at_least_the_floor_each()
    {
        // q_a, q_b and kv_a before attention; 2 dense products in the first layer, 4 (two grouped, the shared expert's two) in each of 3 routed layers.
        Assert.Equal(3, BlockScaledMixture.InputProductsPerLayer);
        Assert.Equal(2 * 1 + 4 * 3, BlockScaledMixture.FeedForwardProducts);
        Assert.Equal(2 * 32, Mixtral.FeedForwardProducts);
        Assert.Equal(1, Mixtral.InputProductsPerLayer);

        var floor = Ideal with { BlockScaledProductMicroseconds = 100 };
        var p = Project(BlockScaledMixture, 1, Precision.Fp8, 1, 100, 11, floor);
        // Batch 1 on an ideal H100 reads each operator's weights in well under its floor: the floors bind.
        Assert.Equal(4 * 3 * 0.1, Operator(p, "decode", "qkv").Ms, 9);
        Assert.Equal(4 * 1 * 0.1, Operator(p, "decode", "output").Ms, 9);
        Assert.Equal(14 * 0.1, Operator(p, "decode", "experts").Ms, 9);
        Assert.Equal("fixed", Operator(p, "decode", "qkv").Bound);
        // Attention, norms and logits are not block-scaled products; their roofline times stand.
        var none = Project(BlockScaledMixture, 1, Precision.Fp8, 1, 100, 11);
        Assert.Equal(Operator(none, "decode", "attention").Ms, Operator(p, "decode", "attention").Ms, 12);
        Assert.Equal(Operator(none, "decode", "logits").Ms, Operator(p, "decode", "logits").Ms, 12);
        // A prefill of 8 x 4000 tokens is far above the floor: the roofline time stands.
        var prefill = Project(BlockScaledMixture, 1, Precision.Fp8, 8, 4000, 2, floor);
        var prefillNone = Project(BlockScaledMixture, 1, Precision.Fp8, 8, 4000, 2);
        Assert.Equal(Operator(prefillNone, "prefill", "experts").Ms, Operator(prefill, "prefill", "experts").Ms, 12);
    }

    [Fact]
    public void The_floor_applies_only_to_fp8_weights_with_block_scales()
    {
        var floor = Ideal with { BlockScaledProductMicroseconds = 100 };
        var perTensor = Project(BlockScaledMixture with { WeightBlockSize = null }, 1, Precision.Fp8, 1, 100, 11, floor);
        var bf16 = Project(BlockScaledMixture, 1, Precision.Bf16, 1, 100, 11, floor);
        Assert.True(Operator(perTensor, "decode", "output").Ms < 0.4, "per-tensor fp8: no floor");
        Assert.True(Operator(bf16, "decode", "output").Ms < 0.4, "bf16 weights: no floor");
    }

    [Fact]
    public void Expert_bandwidth_block_floor_and_block_size_are_bounded_naming_the_field()
    {
        var problems = (Ideal with { ExpertBandwidth = 1.5, BlockScaledProductMicroseconds = -1 }).Validate();
        Assert.Contains(problems, p => p.Path == "efficiency.expertBandwidth");
        Assert.Contains(problems, p => p.Path == "efficiency.blockScaledProductMicroseconds");
        var shape = (BlockScaledMixture with { WeightBlockSize = 0 }).Validate();
        Assert.Contains(shape, p => p.Message.Contains("weightBlockSize must be between 1 and 65536", StringComparison.Ordinal));
    }

    [Fact]
    public void Llama_2_70b_in_fp16_fits_two_h100s_as_nvidia_nim_serves_it()
    {
        var p = Project(Llama2_70B, 2, Precision.Fp16, 1, 1000, 1000, EnginePresets.Default);
        Assert.True(p.Fits);
        // Per GPU: 68.98 B x 2 bytes / 2 = 69.0 GB of weights beside a usable 0.9 x 80 = 72 GB.
        Assert.Equal(137.953_296_384, p.WeightMemoryGb, 6);
        Assert.True(p.MaxBatchThatFits >= 1);
    }

    [Fact]
    public void Memory_fits_when_weights_cache_and_workspace_per_gpu_stay_within_the_usable_share()
    {
        var p = Project(Llama70B, 4, Precision.Bf16, 8, 1000, 1000);
        Assert.Equal(4 * 80 * 0.1, p.ReserveGb, 9);
        Assert.Equal(p.WeightMemoryGb + p.KvCacheGb + p.WorkspaceGb + p.ReserveGb, p.TotalMemoryGb, 9);
        Assert.Equal(p.WorkspaceGb + p.ReserveGb, p.OverheadGb, 12);
        // Workspace: 8 x 1000 prompt tokens x (4 x 8192 + 2 x 28672 / 4) 16-bit values, plus fp32 logits, on each of 4 GPUs.
        Assert.Equal(4 * (8000 * (4 * 8192 + 2 * 28_672 / 4.0) * 2 + 8 * 128_256 / 4.0 * 4) / 1e9, p.WorkspaceGb, 9);
    }

    [Fact]
    public void A_model_that_does_not_fit_says_by_how_much()
    {
        var p = ThroughputProjector.Project(Llama70B, H100, 1, Precision.Bf16, 1, null, Efficiency.GpuDefault);
        Assert.False(p.Fits);
        Assert.Equal(p.TotalMemoryGb - 80, p.MissingGb, 9);
        Assert.Equal(0, p.MaxBatchThatFits);
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"llama-3-70b bf16 at batch 1 needs {p.TotalMemoryGb:N1} GB, 1x NVIDIA H100 SXM has 80.0 GB: {p.MissingGb:N1} GB missing"), ThroughputProjector.DoesNotFit(p));
    }

    [Fact]
    public void Largest_batch_that_fits_is_the_last_one_whose_memory_fits()
    {
        var p = ThroughputProjector.Project(Llama70B, H100, 4, Precision.Bf16, 1, null, Efficiency.GpuDefault);
        Assert.InRange(p.MaxBatchThatFits, 1, 1000);
        Assert.True(ThroughputProjector.Project(Llama70B, H100, 4, Precision.Bf16, p.MaxBatchThatFits, null, Efficiency.GpuDefault).Fits);
        Assert.False(ThroughputProjector.Project(Llama70B, H100, 4, Precision.Bf16, p.MaxBatchThatFits + 1, null, Efficiency.GpuDefault).Fits);
    }

    [Fact]
    public void Matrix_product_weights_of_llama_3_70b_are_its_parameters_less_the_input_embedding_and_norms()
    {
        // The published count minus the input embedding (8192 x 128256) and the RMSNorm weights (2 per layer + 1, of 8192).
        Assert.Equal(70_553_706_496 - 8192.0 * 128_256 - (2 * 80 + 1) * 8192.0, Llama70B.MatmulParametersPerToken);
    }

    [Fact]
    public void Training_compute_of_70b_on_1_4t_tokens_is_5_88e23()
    {
        Assert.Equal(5.88e23, TrainingCompute.Flops(70e9, 1.4e12), 1e10);
        Assert.Equal(1.4e12, TrainingCompute.ChinchillaTokens(70e9));
    }

    [Fact]
    public void Flops_per_token_are_2_per_weight_plus_attention_at_the_mean_context()
    {
        var p = ThroughputProjector.Project(Llama70B, H100, 8, Precision.Bf16, 4, 2048, Ideal);
        Assert.Equal("compute", p.PrefillBound);
        // 1024 input + 1024 output: decode attends to 1024 + 512 tokens on average.
        var flops = 2 * Llama70B.MatmulParametersPerToken + 4.0 * 80 * 64 * 128 * 1536;
        Assert.Equal(flops, p.FlopsPerToken, 0);
    }

    [Fact]
    public void Precision_without_a_peak_is_rejected()
    {
        var ex = Assert.Throws<InputException>(() => ThroughputProjector.Project(Llama70B, H100 with { Fp8Tflops = null }, 8, Precision.Fp8, 1, null, Ideal));
        Assert.Contains("precision fp8 has no peak figure for NVIDIA H100 SXM", ex.Message, StringComparison.Ordinal);
        var fp4 = Assert.Throws<InputException>(() => Project(Llama70B, 2, Precision.Fp4, 1, 10, 10));
        Assert.Contains("precision fp4 has no peak figure for NVIDIA H100 SXM (the catalog gives bf16, fp16, fp8, int8)", fp4.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => Precisions.Parse("fp6"));
        Assert.Equal(Precision.Bf16, Precisions.Parse("BF16"));
        Assert.Equal(Precision.Int4, Precisions.Parse("int4"));
    }

    [Fact]
    public void Input_and_output_beyond_the_model_context_are_rejected_naming_both()
    {
        var ex = Assert.Throws<InputException>(() => Project(Llama2_70B, 2, Precision.Fp8, 1, 4000, 200));
        Assert.Equal(["inputTokens + outputTokens must be <= 4096, the model's context (got 4200)"], ex.Lines);
    }

    [Property(MaxTest = 200)]
    public bool Throughput_never_exceeds_the_roofline(byte gpus, ushort batch, byte computePercent, byte bandwidthPercent)
    {
        var efficiency = new Efficiency
        {
            Compute = (computePercent % 100 + 1) / 100.0,
            Bandwidth = (bandwidthPercent % 100 + 1) / 100.0,
            TensorParallel = 0.9,
            Source = "test",
        };
        var p = ThroughputProjector.Project(Llama70B, H100, gpus % 16 + 1, Precision.Bf16, batch % 512 + 1, 4096, efficiency);
        return p.DecodeTokensPerSecondPerGpu <= p.DecodeRooflineTokensPerSecondPerGpu * (1 + 1e-12)
            && p.PrefillTokensPerSecondPerGpu <= p.PrefillRooflineTokensPerSecondPerGpu * (1 + 1e-12)
            && p.DecodeRooflineTokensPerSecondPerGpu * p.Gpus <= p.Batch * 3350e9 * p.Gpus / p.DecodeBytesPerStep * (1 + 1e-12);
    }

    [Property(MaxTest = 200)]
    public bool More_gpus_never_fit_a_smaller_batch(byte gpus, ushort batch)
    {
        var n = gpus % 32 + 1;
        var b = batch % 256 + 1;
        var fewer = ThroughputProjector.Project(Llama70B, H100, n, Precision.Bf16, b, null, Efficiency.GpuDefault);
        var more = ThroughputProjector.Project(Llama70B, H100, n + 1, Precision.Bf16, b, null, Efficiency.GpuDefault);
        return more.AvailableMemoryGb > fewer.AvailableMemoryGb
            && more.MaxBatchThatFits >= fewer.MaxBatchThatFits
            && (!fewer.Fits || more.Fits);
    }

    [Property(MaxTest = 200)]
    public bool Larger_batch_never_lowers_total_decode_throughput_while_it_fits(byte gpus, ushort batch)
    {
        var n = gpus % 8 + 1;
        var b = batch % 1024 + 1;
        var smaller = ThroughputProjector.Project(Llama70B, H100, n, Precision.Bf16, b, 4096, Efficiency.GpuDefault);
        var larger = ThroughputProjector.Project(Llama70B, H100, n, Precision.Bf16, b + 1, 4096, Efficiency.GpuDefault);
        return !larger.Fits || larger.DecodeTokensPerSecondPerGpu >= smaller.DecodeTokensPerSecondPerGpu;
    }
}
