namespace Planner.CostModel.Projection;

/// <summary>
/// The formats of the three tensor classes: <see cref="Weights"/> (what is stored and read per step),
/// <see cref="Activations"/> (the format the matrix products and attention compute in, which picks the GPU's peak) and
/// <see cref="KvCache"/> (what the cache stores and attention reads).
/// </summary>
public sealed record TensorPrecisions(Precision Weights, Precision Activations, Precision KvCache)
{
    /// <summary>
    /// The serving engines' usual recipe for one named precision: bf16/fp16/fp32 everywhere; fp8 weights, activations and
    /// KV cache (TensorRT-LLM's fp8 recipe, vLLM's "-FP8-KV" checkpoints); int8 weights and activations (SmoothQuant
    /// W8A8) with a 16-bit cache; int4 weight-only (AWQ, GPTQ) with 16-bit activations and cache; fp4 weights and
    /// activations (NVFP4) with an fp8 cache. <paramref name="kvCache"/> and <paramref name="activations"/> override.
    /// </summary>
    public static TensorPrecisions For(Precision weights, Precision? activations = null, Precision? kvCache = null)
    {
        (Precision Activations, Precision KvCache) recipe = weights switch
        {
            Precision.Fp32 or Precision.Bf16 or Precision.Fp16 => (weights, weights),
            Precision.Fp8 => (Precision.Fp8, Precision.Fp8),
            Precision.Int8 => (Precision.Int8, Precision.Fp16),
            Precision.Int4 => (Precision.Fp16, Precision.Fp16),
            Precision.Fp4 => (Precision.Fp4, Precision.Fp8),
            _ => throw new ArgumentOutOfRangeException(nameof(weights), weights, null),
        };
        return new TensorPrecisions(weights, activations ?? recipe.Activations, kvCache ?? recipe.KvCache);
    }

    /// <summary>"fp8", or "weights int4, activations fp16, KV cache fp16" when they differ.</summary>
    public override string ToString() => Weights == Activations && Activations == KvCache
        ? Precisions.Name(Weights)
        : $"weights {Precisions.Name(Weights)}, activations {Precisions.Name(Activations)}, KV cache {Precisions.Name(KvCache)}";
}
