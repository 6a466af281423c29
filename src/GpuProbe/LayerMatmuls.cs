using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Projection;

namespace Planner.GpuProbe;

/// <summary>
/// The matrix products that decide a dense transformer's speed, per GPU of a tensor-parallel group (docs/benchmarking.md,
/// "GPU probe"): Megatron-style slicing splits the heads and the feed-forward width across the group (column-parallel qkv
/// and gate_up, row-parallel o and down) and the output head's vocabulary. Each product is Y[M, N] = X[M, K] · Wᵀ, M the
/// tokens in the pass: batch × prompt tokens for prefill, batch for a decode step.
/// </summary>
public static class LayerMatmuls
{
    public const string Qkv = "qkv";
    public const string Output = "o";
    public const string GateUp = "gate_up";
    public const string Up = "up";
    public const string Down = "down";
    public const string Head = "lm_head";

    /// <summary>Problems with slicing <paramref name="shape"/> over <paramref name="tensorParallel"/> GPUs, each naming the flag.</summary>
    public static IReadOnlyList<string> Problems(ModelShape shape, int tensorParallel)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var problems = new List<string>();
        var field = $"--model {shape.Name}:{tensorParallel}";
        if (shape.IsMixtureOfExperts)
        {
            problems.Add($"{field}: {shape.Name} is a mixture of experts; the probe times dense layers only (pick a dense model).");
        }
        if (tensorParallel is < 1 or > 64)
        {
            problems.Add($"{field}: the tensor-parallel degree must be between 1 and 64, got {tensorParallel}.");
            return problems;
        }
        if (shape.Heads % tensorParallel != 0)
        {
            problems.Add($"{field}: {shape.Heads} attention heads do not split evenly over {tensorParallel} GPUs.");
        }
        if (shape.KvHeads % tensorParallel != 0 && tensorParallel % shape.KvHeads != 0)
        {
            problems.Add($"{field}: {shape.KvHeads} key/value heads neither split over nor replicate evenly across {tensorParallel} GPUs.");
        }
        if (shape.IntermediateSize % tensorParallel != 0)
        {
            problems.Add($"{field}: the feed-forward width {shape.IntermediateSize} does not split evenly over {tensorParallel} GPUs.");
        }
        return problems;
    }

    /// <summary>
    /// One layer's products and the output head on one GPU of the group, for <paramref name="tokens"/> rows: qkv (N = (heads/tp
    /// + 2·max(1, kvHeads/tp))·headDim, K = d), o (N = d, K = heads/tp·headDim), gate_up (N = 2·I/tp) or up (N = I/tp) with
    /// K = d, down (N = d, K = I/tp), lm_head (N = ⌈V/tp⌉, K = d). Key/value heads fewer than the GPUs are replicated.
    /// </summary>
    /// <exception cref="InputException">The model cannot be sliced that way (see <see cref="Problems"/>).</exception>
    public static IReadOnlyList<MatmulShape> For(ModelShape shape, int tensorParallel, long tokens)
    {
        var problems = Problems(shape, tensorParallel);
        InputException.ThrowIfAny(problems);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        long d = shape.HiddenSize;
        long headDim = shape.HeadDim;
        long heads = shape.Heads / tensorParallel;
        long kvHeads = Math.Max(1, shape.KvHeads / tensorParallel);
        long ffn = shape.IntermediateSize / tensorParallel;
        return
        [
            new MatmulShape(Qkv, tokens, (heads + (2 * kvHeads)) * headDim, d, tensorParallel),
            new MatmulShape(Output, tokens, d, heads * headDim, tensorParallel),
            shape.GatedMlp ? new MatmulShape(GateUp, tokens, 2 * ffn, d, tensorParallel) : new MatmulShape(Up, tokens, ffn, d, tensorParallel),
            new MatmulShape(Down, tokens, d, ffn, tensorParallel),
            new MatmulShape(Head, tokens, (shape.Vocabulary + tensorParallel - 1) / tensorParallel, d, tensorParallel),
        ];
    }
}
