using System.Globalization;

namespace Planner.CostModel.Projection;

/// <summary>
/// Projects memory and prefill/decode throughput from a model's shape and a GPU's datasheet with the roofline model
/// (docs/methodology.md, "Throughput projection"):
/// <list type="bullet">
/// <item>memory = weights × (1 + <see cref="OverheadFraction"/>) + batch × KV cache per sequence;</item>
/// <item>FLOPs per token = 2 × matrix-product weights per token + 4 × layers × heads × head size × mean context;</item>
/// <item>a pass's time = max(FLOPs / (GPUs × peak × η_c × η_tp), bytes / (GPUs × bandwidth × η_m × η_tp))
/// + layers × t_layer (<see cref="Efficiency.LayerOverheadMicroseconds"/>), per prefill pass or decode step, where
/// η_c falls for narrow models as d / (d + n½) (<see cref="Efficiency.HalfEfficiencyHiddenSize"/>);</item>
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
    /// <param name="fieldOf">Names a setting in messages as the caller spells it ("batch" → "--batch" on the command
    /// line, "options[1].throughputFrom.projection.batch" in a scenario); the plain names when null.</param>
    /// <exception cref="InputException">A count is out of range, the precision has no peak for this GPU, or the shape is invalid.</exception>
    public static Projection Project(ModelShape model, GpuSpec gpu, int gpus, Precision precision, int batch,
        int? contextLength, Efficiency efficiency, Func<string, string>? fieldOf = null)
    {
        fieldOf ??= field => field;
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(efficiency);
        var problems = new List<InputProblem>(model.Validate());
        problems.AddRange(efficiency.Validate());
        if (gpus is < 1 or > 1024)
        {
            problems.Add(InputProblem.At(fieldOf("gpus"), $"must be >= 1 and <= 1024 (got {gpus})"));
        }
        if (batch is < 1 or > 1_000_000)
        {
            problems.Add(InputProblem.At(fieldOf("batch"), $"must be >= 1 and <= 1000000 (got {batch})"));
        }
        var context = contextLength ?? model.ContextLength;
        if (context < 1 || context > model.ContextLength)
        {
            problems.Add(InputProblem.At(fieldOf("contextLength"), $"must be >= 1 and <= {model.ContextLength}, the model's context (got {context})"));
        }
        var peakTflops = gpu.PeakTflops(precision);
        if (peakTflops is null)
        {
            problems.Add(InputProblem.At(fieldOf("precision"), $"{Precisions.Name(precision)} has no peak figure for {gpu.Name} (the catalog gives bf16{(gpu.Fp8Tflops is null ? "" : " and fp8")})"));
        }
        if (!(gpu.MemoryGb > 0 && gpu.BandwidthGbPerS > 0 && gpu.Bf16Tflops > 0))
        {
            problems.Add(InputProblem.General($"gpu {gpu.Name}: memoryGb, bandwidthGbPerS and bf16 TFLOP/s must be > 0"));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        var bytes = Precisions.BytesPerValue(precision);
        var weightGb = model.Parameters * bytes / 1e9;
        var overheadGb = weightGb * OverheadFraction;
        var kvBytesPerToken = KvBytesPerToken(model, bytes);
        var kvGbPerSequence = kvBytesPerToken * context / 1e9;
        var totalGb = weightGb + overheadGb + batch * kvGbPerSequence;
        var availableGb = gpus * gpu.MemoryGb;
        var spareGb = availableGb - weightGb - overheadGb;
        var maxBatch = spareGb <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Floor(spareGb / kvGbPerSequence));

        var meanContext = context / 2.0;
        var flopsPerToken = FlopsPerToken(model, meanContext);
        var peakFlops = gpus * peakTflops!.Value * 1e12;
        var peakBytes = gpus * gpu.BandwidthGbPerS * 1e9;
        var tensorParallel = gpus > 1 ? efficiency.TensorParallel : 1;

        var prefillWork = PrefillPass(model, precision, (double)batch * context, meanContext);
        var prefill = Time(prefillWork, peakFlops, peakBytes, efficiency, tensorParallel);
        var prefillIdeal = Time(prefillWork, peakFlops, peakBytes, Roofline, 1);
        var decodeWork = DecodeStep(model, precision, batch, meanContext);
        var decode = Time(decodeWork, peakFlops, peakBytes, efficiency, tensorParallel);
        var decodeIdeal = Time(decodeWork, peakFlops, peakBytes, Roofline, 1);

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
            PrefillTokensPerSecondPerGpu = prefillWork.Tokens / prefill.Seconds / gpus,
            PrefillBound = prefill.Bound,
            PrefillRooflineTokensPerSecondPerGpu = prefillWork.Tokens / prefillIdeal.Seconds / gpus,
            DecodeTokensPerSecondPerGpu = batch / decode.Seconds / gpus,
            DecodeBound = decode.Bound,
            DecodeBytesPerStep = decodeWork.Bytes,
            LayerOverheadMsPerPass = decode.FixedSeconds * 1000,
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

    /// <summary>
    /// One forward pass over <paramref name="tokens"/> new tokens (a prefill, or an encoder's pass), each attending to
    /// <paramref name="meanContext"/> tokens on average: FLOPs = tokens × <see cref="FlopsPerToken"/>, bytes = the
    /// matrix-product weights once plus the KV cache the tokens write.
    /// </summary>
    public static PassWork PrefillPass(ModelShape model, Precision precision, double tokens, double meanContext)
    {
        ArgumentNullException.ThrowIfNull(model);
        var bytes = Precisions.BytesPerValue(precision);
        return new PassWork(tokens * FlopsPerToken(model, meanContext),
            model.MatmulParametersPerToken * bytes + tokens * KvBytesPerToken(model, bytes), model.Layers, model.HiddenSize, tokens);
    }

    /// <summary>
    /// One decode step: one new token for each of <paramref name="batch"/> sequences whose cache holds
    /// <paramref name="meanContext"/> tokens; bytes = the weights once plus every sequence's cache.
    /// </summary>
    public static PassWork DecodeStep(ModelShape model, Precision precision, int batch, double meanContext)
    {
        ArgumentNullException.ThrowIfNull(model);
        var bytes = Precisions.BytesPerValue(precision);
        return new PassWork(batch * FlopsPerToken(model, meanContext),
            model.MatmulParametersPerToken * bytes + batch * meanContext * KvBytesPerToken(model, bytes), model.Layers, model.HiddenSize, batch);
    }

    /// <summary>
    /// The time of one pass: max(c, m) + (1 − o) × min(c, m) + layers × t_layer, with c = FLOPs / (peak × η_c(d) × η_tp),
    /// m = bytes / (bandwidth × η_m × η_tp), η_c(d) = η_c × d / (d + n½) at the model's hidden size d
    /// (<see cref="Efficiency.ComputeAt"/>) and o the overlap (<see cref="Efficiency.Overlap"/>; 1 = the pure roofline max).
    /// The bound names the larger roofline term; the fixed term is <see cref="PassTime.FixedSeconds"/>.
    /// </summary>
    /// <param name="peakFlops">FLOP/s of all the GPUs serving the pass together.</param>
    /// <param name="peakBytes">Bytes/s of all the GPUs together.</param>
    /// <param name="tensorParallel">η_tp, or 1 on one GPU.</param>
    public static PassTime Time(PassWork work, double peakFlops, double peakBytes, Efficiency efficiency, double tensorParallel)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(efficiency);
        var computeSeconds = work.Flops / (peakFlops * efficiency.ComputeAt(work.HiddenSize) * tensorParallel);
        var memorySeconds = work.Bytes / (peakBytes * efficiency.Bandwidth * tensorParallel);
        var fixedSeconds = work.Layers * efficiency.LayerOverheadMicroseconds * 1e-6;
        var seconds = Math.Max(computeSeconds, memorySeconds) + (1 - efficiency.Overlap) * Math.Min(computeSeconds, memorySeconds) + fixedSeconds;
        return new PassTime(seconds, computeSeconds >= memorySeconds ? "compute" : "memory",
            computeSeconds, memorySeconds, fixedSeconds);
    }

    /// <summary>Keys and values of one token in every layer: 2 × layers × KV heads × head size × bytes per value.</summary>
    private static double KvBytesPerToken(ModelShape model, double bytesPerValue) => 2.0 * model.Layers * model.KvHeads * model.HeadDim * bytesPerValue;

    private static readonly Efficiency Roofline = new() { Compute = 1, Bandwidth = 1, TensorParallel = 1, Source = "roofline (η = 1, no fixed time)" };
}

/// <summary>The work of one forward pass or decode step; see <see cref="ThroughputProjector.PrefillPass"/> and <see cref="ThroughputProjector.DecodeStep"/>.</summary>
/// <param name="HiddenSize">The model's hidden size d, which sets how efficient its matrix products are (<see cref="Efficiency.ComputeAt"/>).</param>
/// <param name="Tokens">Tokens the pass produces (prefill: every prompt token; decode: one per sequence).</param>
public sealed record PassWork(double Flops, double Bytes, int Layers, int HiddenSize, double Tokens);

/// <summary>A pass's projected time and its parts (seconds): the roofline terms after efficiency, and the fixed per-layer time.</summary>
public sealed record PassTime(double Seconds, string Bound, double ComputeSeconds, double MemorySeconds, double FixedSeconds);
