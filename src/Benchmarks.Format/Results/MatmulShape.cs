using System.Text.Json.Serialization;

namespace Planner.Benchmarks.Results;

/// <summary>
/// The matrix product a <c>gemm</c> result timed (the GPU probe, docs/benchmarking.md): Y[M, N] = X[M, K] · Wᵀ with W of
/// N × K, for the layer matrix <see cref="Name"/> (qkv, o, gate_up, down, lm_head) of a model's tensor-parallel slice.
/// </summary>
public sealed record MatmulShape(string Name, long M, long N, long K, int TensorParallel)
{
    /// <summary>The precisions a gemm result may have: bf16 and fp16 operands, or fp8 (e4m3) operands with a bf16 result.</summary>
    public static IReadOnlyList<string> Precisions { get; } = ["bf16", "fp16", "fp8"];

    /// <summary>Multiply-adds counted twice: 2·M·N·K.</summary>
    [JsonIgnore]
    public double Flops => 2.0 * M * N * K;

    /// <summary>
    /// Bytes one product must move at least: X and W read once at the operand width, Y written once at the result width
    /// (bf16 for fp8 operands).
    /// </summary>
    public double MinimumBytes(string precision)
    {
        var operand = precision == "fp8" ? 1 : 2;
        return ((double)M * K * operand) + ((double)N * K * operand) + ((double)M * N * 2);
    }
}
