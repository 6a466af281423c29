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
    };

    private static readonly Efficiency Ideal = new() { Compute = 1, Bandwidth = 1, TensorParallel = 1, Source = "ideal" };

    [Fact]
    public void Weights_of_a_70b_model_in_bf16_are_140_gb()
    {
        var p = ThroughputProjector.Project(Llama70B with { Parameters = 70e9, ActiveParameters = 70e9 }, H100, 4, Precision.Bf16, 1, null, Ideal);
        Assert.Equal(140, p.WeightMemoryGb, 9);
        Assert.Equal(28, p.OverheadGb, 9);
    }

    [Fact]
    public void Kv_cache_per_token_of_llama_3_70b_in_bf16_is_327680_bytes()
    {
        var p = ThroughputProjector.Project(Llama70B, H100, 4, Precision.Bf16, 1, 8192, Ideal);
        Assert.Equal(327_680, p.KvCacheBytesPerToken);
        Assert.Equal(327_680.0 * 8192 / 1e9, p.KvCacheGbPerSequence, 12);
    }

    [Fact]
    public void Decode_at_batch_one_is_bandwidth_over_bytes_per_token()
    {
        var p = ThroughputProjector.Project(Llama70B, H100, 1, Precision.Fp8, 1, 1, Ideal);
        Assert.Equal("memory", p.DecodeBound);
        // Bytes per token: every matrix-product weight once (fp8: 1 byte) plus half a token of KV cache.
        var bytesPerToken = Llama70B.MatmulParametersPerToken + 0.5 * 2 * 80 * 8 * 128;
        Assert.Equal(bytesPerToken, p.DecodeBytesPerStep, 3);
        Assert.Equal(3350e9 / bytesPerToken, p.DecodeTokensPerSecondPerGpu, 9);
        Assert.Equal(1000 / p.DecodeTokensPerSecondPerGpu, p.MsPerOutputToken, 9);
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
    public void Prefill_is_compute_bound_at_2_flops_per_weight_plus_attention()
    {
        var p = ThroughputProjector.Project(Llama70B, H100, 8, Precision.Bf16, 4, 2048, Ideal);
        Assert.Equal("compute", p.PrefillBound);
        var flops = 2 * Llama70B.MatmulParametersPerToken + 4.0 * 80 * 64 * 128 * 1024;
        Assert.Equal(flops, p.FlopsPerToken, 0);
        Assert.Equal(989e12 / flops, p.PrefillTokensPerSecondPerGpu, 6);
    }

    [Fact]
    public void A_model_that_does_not_fit_says_by_how_much()
    {
        var p = ThroughputProjector.Project(Llama70B, H100, 1, Precision.Bf16, 1, null, Efficiency.GpuDefault);
        Assert.False(p.Fits);
        Assert.Equal(p.TotalMemoryGb - 80, p.MissingGb, 9);
        Assert.Equal(0, p.MaxBatchThatFits);
        Assert.Equal("llama-3-70b bf16 at batch 1 needs 172.0 GB, 1x NVIDIA H100 SXM has 80.0 GB: 92.0 GB missing", ThroughputProjector.DoesNotFit(p));
    }

    [Fact]
    public void Largest_batch_that_fits_fills_the_memory_left_by_the_weights()
    {
        var p = ThroughputProjector.Project(Llama70B, H100, 4, Precision.Bf16, 1, null, Efficiency.GpuDefault);
        var spare = 320 - 1.2 * Llama70B.Parameters * 2 / 1e9;
        Assert.Equal((int)Math.Floor(spare / p.KvCacheGbPerSequence), p.MaxBatchThatFits);
        Assert.True(ThroughputProjector.Project(Llama70B, H100, 4, Precision.Bf16, p.MaxBatchThatFits, null, Efficiency.GpuDefault).Fits);
        Assert.False(ThroughputProjector.Project(Llama70B, H100, 4, Precision.Bf16, p.MaxBatchThatFits + 1, null, Efficiency.GpuDefault).Fits);
    }

    [Fact]
    public void Mixture_of_experts_stores_every_expert_but_computes_only_the_active_ones()
    {
        var p = ThroughputProjector.Project(Mixtral, H100, 2, Precision.Bf16, 1, 4096, Ideal);
        Assert.Equal(Mixtral.Parameters * 2 / 1e9, p.WeightMemoryGb, 9);
        // Active matrix-product weights: the parameters used per token less the input embedding (router weights are negligible).
        Assert.InRange(Mixtral.MatmulParametersPerToken, Mixtral.ActiveParameters - 4096.0 * 32_000 - 1e7, Mixtral.ActiveParameters - 4096.0 * 32_000 + 1e7);
    }

    [Fact]
    public void Precision_without_a_peak_is_rejected()
    {
        var ex = Assert.Throws<InputException>(() => ThroughputProjector.Project(Llama70B, H100 with { Fp8Tflops = null }, 8, Precision.Fp8, 1, null, Ideal));
        Assert.Contains("precision fp8 has no peak figure for NVIDIA H100 SXM", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => Precisions.Parse("fp4"));
        Assert.Equal(Precision.Bf16, Precisions.Parse("BF16"));
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
        var peakPerGpu = 989e12 / p.FlopsPerToken;
        return p.DecodeTokensPerSecondPerGpu <= p.DecodeRooflineTokensPerSecondPerGpu * (1 + 1e-12)
            && p.PrefillTokensPerSecondPerGpu <= p.PrefillRooflineTokensPerSecondPerGpu * (1 + 1e-12)
            && p.DecodeTokensPerSecondPerGpu <= peakPerGpu * (1 + 1e-12)
            && p.DecodeRooflineTokensPerSecondPerGpu * p.Gpus <= p.Batch * 3350e9 * p.Gpus / p.DecodeBytesPerStep * (1 + 1e-12);
    }

    [Property(MaxTest = 200)]
    public bool More_gpus_never_give_less_memory(byte gpus, ushort batch)
    {
        var n = gpus % 32 + 1;
        var b = batch % 256 + 1;
        var fewer = ThroughputProjector.Project(Llama70B, H100, n, Precision.Bf16, b, null, Efficiency.GpuDefault);
        var more = ThroughputProjector.Project(Llama70B, H100, n + 1, Precision.Bf16, b, null, Efficiency.GpuDefault);
        return more.AvailableMemoryGb > fewer.AvailableMemoryGb
            && more.MaxBatchThatFits >= fewer.MaxBatchThatFits
            && more.MissingGb <= fewer.MissingGb
            && more.TotalMemoryGb == fewer.TotalMemoryGb;
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
