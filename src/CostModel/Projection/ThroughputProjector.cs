using System.Globalization;

namespace Planner.CostModel.Projection;

/// <summary>
/// Projects memory and prefill/decode throughput from a model's shape and a GPU's datasheet with the roofline model
/// (docs/methodology.md, "Throughput projection"):
/// <list type="bullet">
/// <item>memory = weights × (1 + <see cref="OverheadFraction"/>) + batch × KV cache per sequence;</item>
/// <item>FLOPs per token = 2 × matrix-product weights per token + 4 × layers × heads × head size × mean context;</item>
/// <item>a phase's time = max(FLOPs / (GPUs × peak × η_c × η_tp), bytes / (GPUs × bandwidth × η_m × η_tp));</item>
/// <item>prefill processes batch × context tokens and reads the weights once; a decode step produces one token per
/// sequence and reads the weights once plus every sequence's KV cache.</item>
/// </list>
/// Tensor parallel splits weights, KV cache and work evenly over the GPUs; communication is the factor η_tp.
/// A mixture of experts stores every expert but computes and reads only the active ones per token (at batch &gt; 1 a step
/// touches more experts than one token does, so decode is optimistic there).
/// </summary>
public static class ThroughputProjector
{
    /// <summary>Activations, workspace and allocator slack, as a share of the weights: inference memory ≈ 1.2 × N × bytes.</summary>
    public const double OverheadFraction = 0.2;

    /// <summary>Projects <paramref name="model"/> on <paramref name="gpus"/> × <paramref name="gpu"/>.</summary>
    /// <param name="contextLength">Tokens per sequence (prompt and output); the model's context length when null.
    /// The KV cache is sized for all of them; attention works on the mean context, half of them.</param>
    /// <exception cref="InputException">A count is out of range, the precision has no peak for this GPU, or the shape is invalid.</exception>
    public static Projection Project(ModelShape model, GpuSpec gpu, int gpus, Precision precision, int batch,
        int? contextLength, Efficiency efficiency)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(efficiency);
        var problems = new List<string>(model.Validate());
        problems.AddRange(efficiency.Validate());
        if (gpus is < 1 or > 1024)
        {
            problems.Add($"gpus must be >= 1 and <= 1024 (got {gpus})");
        }
        if (batch is < 1 or > 1_000_000)
        {
            problems.Add($"batch must be >= 1 and <= 1000000 (got {batch})");
        }
        var context = contextLength ?? model.ContextLength;
        if (context < 1 || context > model.ContextLength)
        {
            problems.Add($"contextLength must be >= 1 and <= {model.ContextLength}, the model's context (got {context})");
        }
        var peakTflops = gpu.PeakTflops(precision);
        if (peakTflops is null)
        {
            problems.Add($"precision {Precisions.Name(precision)} has no peak figure for {gpu.Name} (the catalog gives bf16{(gpu.Fp8Tflops is null ? "" : " and fp8")})");
        }
        if (!(gpu.MemoryGb > 0 && gpu.BandwidthGbPerS > 0 && gpu.Bf16Tflops > 0))
        {
            problems.Add($"gpu {gpu.Name}: memoryGb, bandwidthGbPerS and bf16 TFLOP/s must be > 0");
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        var bytes = Precisions.BytesPerValue(precision);
        var weightGb = model.Parameters * bytes / 1e9;
        var overheadGb = weightGb * OverheadFraction;
        var kvBytesPerToken = 2.0 * model.Layers * model.KvHeads * model.HeadDim * bytes;
        var kvGbPerSequence = kvBytesPerToken * context / 1e9;
        var totalGb = weightGb + overheadGb + batch * kvGbPerSequence;
        var availableGb = gpus * gpu.MemoryGb;
        var spareGb = availableGb - weightGb - overheadGb;
        var maxBatch = spareGb <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Floor(spareGb / kvGbPerSequence));

        var meanContext = context / 2.0;
        var flopsPerToken = FlopsPerToken(model, meanContext);
        var weightBytes = model.MatmulParametersPerToken * bytes;
        var tensorParallel = gpus > 1 ? efficiency.TensorParallel : 1;
        var peakFlops = gpus * peakTflops!.Value * 1e12;
        var peakBytes = gpus * gpu.BandwidthGbPerS * 1e9;

        // Prefill: batch × context tokens in one pass that reads the weights once.
        var prefillTokens = (double)batch * context;
        var prefill = Roofline(prefillTokens * flopsPerToken, weightBytes + prefillTokens * kvBytesPerToken,
            peakFlops, peakBytes, efficiency.Compute * tensorParallel, efficiency.Bandwidth * tensorParallel);
        var prefillIdeal = Roofline(prefillTokens * flopsPerToken, weightBytes + prefillTokens * kvBytesPerToken, peakFlops, peakBytes, 1, 1);

        // Decode: one token for each of the batch's sequences; weights read once, each sequence's cache read.
        var decodeBytes = weightBytes + batch * meanContext * kvBytesPerToken;
        var decode = Roofline(batch * flopsPerToken, decodeBytes,
            peakFlops, peakBytes, efficiency.Compute * tensorParallel, efficiency.Bandwidth * tensorParallel);
        var decodeIdeal = Roofline(batch * flopsPerToken, decodeBytes, peakFlops, peakBytes, 1, 1);

        return new Projection
        {
            Model = model.Name,
            Gpu = gpu.Name,
            Gpus = gpus,
            Precision = Precisions.Name(precision),
            Batch = batch,
            ContextLength = context,
            Efficiency = efficiency,
            WeightMemoryGb = weightGb,
            OverheadGb = overheadGb,
            KvCacheBytesPerToken = kvBytesPerToken,
            KvCacheGbPerSequence = kvGbPerSequence,
            TotalMemoryGb = totalGb,
            AvailableMemoryGb = availableGb,
            Fits = totalGb <= availableGb,
            MissingGb = Math.Max(0, totalGb - availableGb),
            MaxBatchThatFits = maxBatch,
            FlopsPerToken = flopsPerToken,
            PrefillTokensPerSecondPerGpu = prefillTokens / prefill.Seconds / gpus,
            PrefillBound = prefill.Bound,
            PrefillRooflineTokensPerSecondPerGpu = prefillTokens / prefillIdeal.Seconds / gpus,
            DecodeTokensPerSecondPerGpu = batch / decode.Seconds / gpus,
            DecodeBound = decode.Bound,
            DecodeBytesPerStep = decodeBytes,
            MsPerOutputToken = decode.Seconds * 1000,
            DecodeRooflineTokensPerSecondPerGpu = batch / decodeIdeal.Seconds / gpus,
        };
    }

    /// <summary>
    /// Forward FLOPs for one token attending to <paramref name="attendedContext"/> earlier tokens: 2 per weight of the
    /// matrix products, plus 2 × 2 × layers × heads × head size × context for the attention scores (QKᵀ) and their use
    /// on the values (Hoffmann et al. 2022, appendix F).
    /// </summary>
    public static double FlopsPerToken(ModelShape model, double attendedContext)
    {
        ArgumentNullException.ThrowIfNull(model);
        return 2 * model.MatmulParametersPerToken + 4.0 * model.Layers * model.Heads * model.HeadDim * attendedContext;
    }

    /// <summary>The message for a model that does not fit, as the CLI and scenario validation print it.</summary>
    public static string DoesNotFit(Projection p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Model} {p.Precision} at batch {p.Batch} needs {p.TotalMemoryGb:N1} GB, {p.Gpus}x {p.Gpu} has {p.AvailableMemoryGb:N1} GB: {p.MissingGb:N1} GB missing");

    private static (double Seconds, string Bound) Roofline(double flops, double bytes, double peakFlops, double peakBytes,
        double computeEfficiency, double bandwidthEfficiency)
    {
        var computeSeconds = flops / (peakFlops * computeEfficiency);
        var memorySeconds = bytes / (peakBytes * bandwidthEfficiency);
        return computeSeconds >= memorySeconds ? (computeSeconds, "compute") : (memorySeconds, "memory");
    }
}
