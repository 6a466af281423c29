using Planner.Benchmarks.Results;
using Planner.CostModel;

namespace Planner.GpuProbe.UnitTests;

public class LayerMatmulsTests
{
    [Fact]
    public void Llama_3_8b_on_one_gpu_has_the_products_of_its_config()
    {
        var products = LayerMatmuls.For(Shapes.Llama3_8b, 1, 2048);

        // qkv: (32 + 2·8) heads × 128 = 6144; o: 4096 × 4096; gate_up: 2 × 14336; down: 14336 → 4096; lm_head: 128256.
        Assert.Equal(
        [
            new MatmulShape("qkv", 2048, 6144, 4096, 1),
            new MatmulShape("o", 2048, 4096, 4096, 1),
            new MatmulShape("gate_up", 2048, 28672, 4096, 1),
            new MatmulShape("down", 2048, 4096, 14336, 1),
            new MatmulShape("lm_head", 2048, 128256, 4096, 1),
        ], products);
    }

    [Fact]
    public void Llama_3_70b_sliced_for_eight_gpus_keeps_one_key_value_head_per_gpu()
    {
        var products = LayerMatmuls.For(Shapes.Llama3_70b, 8, 1);

        // 64 / 8 = 8 query heads and 8 / 8 = 1 KV head per GPU: (8 + 2) × 128 = 1280; 28672 / 8 = 3584; 128256 / 8 = 16032.
        Assert.Equal(
        [
            new MatmulShape("qkv", 1, 1280, 8192, 8),
            new MatmulShape("o", 1, 8192, 1024, 8),
            new MatmulShape("gate_up", 1, 7168, 8192, 8),
            new MatmulShape("down", 1, 8192, 3584, 8),
            new MatmulShape("lm_head", 1, 16032, 8192, 8),
        ], products);
    }

    [Fact]
    public void Key_value_heads_fewer_than_the_gpus_are_replicated()
    {
        var qkv = LayerMatmuls.For(Shapes.Llama3_70b, 16, 1)[0];

        // 64 / 16 = 4 query heads, 8 KV heads over 16 GPUs: each GPU keeps one (replicated): (4 + 2) × 128.
        Assert.Equal(768, qkv.N);
    }

    [Fact]
    public void A_classic_mlp_has_one_up_product()
    {
        var products = LayerMatmuls.For(Shapes.Llama3_8b with { GatedMlp = false }, 2, 4);

        Assert.Equal(new MatmulShape("up", 4, 7168, 4096, 2), products[2]);
    }

    [Fact]
    public void A_slicing_that_does_not_divide_the_heads_names_the_flag_and_each_reason()
    {
        var error = Assert.Throws<InputException>(() => LayerMatmuls.For(Shapes.Llama3_70b, 3, 1));

        Assert.Equal(
        [
            "--model llama-3-70b:3: 64 attention heads do not split evenly over 3 GPUs.",
            "--model llama-3-70b:3: 8 key/value heads neither split over nor replicate evenly across 3 GPUs.",
            "--model llama-3-70b:3: the feed-forward width 28672 does not split evenly over 3 GPUs.",
        ], error.Lines);
    }

    [Fact]
    public void A_mixture_of_experts_is_refused()
    {
        var problems = LayerMatmuls.Problems(Shapes.Llama3_8b with { Name = "moe", Experts = 8, ActiveExperts = 2 }, 1);

        Assert.Equal(["--model moe:1: moe is a mixture of experts; the probe times dense layers only (pick a dense model)."], problems);
    }

    [Fact]
    public void Flops_and_minimum_bytes_of_a_product_follow_its_shape_and_precision()
    {
        var shape = new MatmulShape("o", 2, 3, 5, 1);

        Assert.Equal(60, shape.Flops);                         // 2 · 2 · 3 · 5
        Assert.Equal((10 + 15 + 6) * 2, shape.MinimumBytes("bf16")); // X 2×5, W 3×5, Y 2×3, two bytes each
        Assert.Equal(10 + 15 + 12, shape.MinimumBytes("fp8"));  // fp8 operands, bf16 result
    }
}
