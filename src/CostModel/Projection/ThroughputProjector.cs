using System.Globalization;
using Planner.CostModel.Text;

namespace Planner.CostModel.Projection;

/// <summary>
/// Projects memory, latency and throughput of a static batch from a model's shape and a GPU's datasheet with a roofline
/// per operator (docs/methodology.md, "Throughput projection"):
/// <list type="bullet">
/// <item>memory per GPU = weights + KV cache of the batch (batch × (input + output) tokens) + activation workspace,
/// which must fit in the usable share of the GPU's memory (<see cref="ProjectionRequest.MemoryUtilization"/>);</item>
/// <item>a prefill pass over batch × input tokens, then output − 1 decode steps (the prefill yields the first token),
/// each attending to the mean cache of input + output / 2 tokens;</item>
/// <item>each operator (QKV, attention, output projection, feed-forward or experts, norms, logits) takes
/// max(c, m) + (1 − o) × min(c, m) with c = FLOPs / (peak of its format × η) and m = bytes / (bandwidth × η_m); the
/// operators add, then the tensor-parallel ring all-reduces (2 per layer) and the fixed per-layer cost;</item>
/// <item>a mixture of experts reads the experts the batch touches, E × (1 − (1 − k/E)^tokens) per layer, plus the shared ones.</item>
/// </list>
/// Tensor parallel splits weights, heads and work evenly over the GPUs; KV heads are split up to their number and
/// replicated beyond it (a latent-attention cache is replicated on every GPU).
/// </summary>
public static class ThroughputProjector
{
    /// <summary>The most tokens one forward pass holds activations for (vLLM's max_num_batched_tokens and TensorRT-LLM's max_num_tokens default, 8192): sizes the workspace.</summary>
    public const int WorkspaceTokens = 8192;

    /// <summary>
    /// Projects <paramref name="model"/> on <paramref name="gpus"/> × <paramref name="gpu"/> with one precision for
    /// every tensor class and <paramref name="contextLength"/> tokens per sequence, split evenly into input and output
    /// (the input gets the odd token); the model's context length when null.
    /// </summary>
    /// <param name="fieldOf">Names a setting in messages as the caller spells it ("batch" → "--batch" on the command
    /// line, "options[1].throughputFrom.projection.batch" in a scenario); the plain names when null.</param>
    /// <exception cref="InputException">A count is out of range, the precision has no peak for this GPU, or the shape is invalid.</exception>
    public static Projection Project(ModelShape model, GpuSpec gpu, int gpus, Precision precision, int batch,
        int? contextLength, Efficiency efficiency, Func<string, string>? fieldOf = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Project(Split(new ProjectionRequest
        {
            Model = model,
            Gpu = gpu,
            Gpus = gpus,
            Batch = batch,
            InputTokens = 0,
            OutputTokens = 0,
            Precisions = TensorPrecisions.For(precision),
            Efficiency = efficiency,
        }, contextLength ?? model.ContextLength), fieldOf);
    }

    /// <summary>
    /// <paramref name="request"/> with <paramref name="contextLength"/> tokens per request split evenly into input and
    /// output (the input gets the odd token), remembered so that messages name the one length given.
    /// </summary>
    public static ProjectionRequest Split(ProjectionRequest request, int contextLength)
    {
        ArgumentNullException.ThrowIfNull(request);
        var output = contextLength / 2;
        return request with { InputTokens = contextLength - output, OutputTokens = output, ContextLength = contextLength };
    }

    /// <summary>Projects one request (see the class summary).</summary>
    /// <param name="fieldOf">Names a setting in messages as the caller spells it; the plain names when null.</param>
    /// <exception cref="InputException">A count is out of range, a format has no peak for this GPU, the GPU has no link figure for tensor parallel, or the shape is invalid.</exception>
    public static Projection Project(ProjectionRequest request, Func<string, string>? fieldOf = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        fieldOf ??= field => field;
        var (model, gpu, efficiency) = (request.Model, request.Gpu, request.Efficiency);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(efficiency);
        Validate(request, fieldOf);

        var n = request.Gpus;
        var batch = request.Batch;
        var (input, output) = (request.InputTokens, request.OutputTokens);
        var precisions = request.Precisions;
        var kvTokens = request.KvCacheTokens ?? input + output;

        // Memory per GPU.
        var weightBytes = Precisions.BytesPerValue(precisions.Weights);
        var headBytes = HeadBytesPerValue(precisions.Weights);
        var embeddingParameters = 2.0 * model.HiddenSize * model.Vocabulary;
        var weightGb = ((model.Parameters - embeddingParameters) * weightBytes + embeddingParameters * headBytes) / 1e9;
        var kvBytesPerValue = Precisions.BytesPerValue(precisions.KvCache);
        var kvBytesPerToken = model.KvValuesPerTokenPerLayer * model.Layers * kvBytesPerValue;
        var kvShards = KvShards(model, n);
        double KvGbPerSequence(double tokens) => model.CachedTokenLayers(tokens) * model.KvValuesPerTokenPerLayer * kvBytesPerValue / 1e9;
        var kvGbPerSequence = KvGbPerSequence(kvTokens);
        var perGpuMemoryGb = gpu.MemoryGb;
        var usableGb = perGpuMemoryGb * request.MemoryUtilization;
        double WorkspaceGbPerGpu(int b) => WorkspaceBytesPerGpu(model, b, input, n) / 1e9;
        double NeedPerGpu(int b) => weightGb / n + b * kvGbPerSequence / kvShards + WorkspaceGbPerGpu(b);
        var fits = NeedPerGpu(batch) <= usableGb;
        var maxBatch = MaxBatch(NeedPerGpu, usableGb, weightGb / n, kvGbPerSequence / kvShards);
        var reserveGb = n * perGpuMemoryGb * (1 - request.MemoryUtilization);
        var workspaceGb = n * WorkspaceGbPerGpu(batch);
        var kvTotalGb = batch * kvGbPerSequence * n / kvShards;
        var totalGb = weightGb + kvTotalGb + workspaceGb + reserveGb;

        // Time.
        var prefill = Prefill(request);
        var meanContext = input + output / 2.0;
        var decode = DecodeStep(request, meanContext);
        var decodeSteps = output - 1;
        var prefillSeconds = prefill.Sum(o => o.Ms) / 1000;
        var stepSeconds = decode.Sum(o => o.Ms) / 1000;
        var batchSeconds = prefillSeconds + decodeSteps * stepSeconds;
        var ideal = request with { Efficiency = Roofline };
        var prefillIdealSeconds = Prefill(ideal).Sum(o => o.Ms) / 1000;
        var stepIdealSeconds = DecodeStep(ideal, meanContext).Sum(o => o.Ms) / 1000;

        return new Projection
        {
            Model = model.Name,
            Gpu = gpu.Name,
            Gpus = n,
            Precision = Precisions.Name(precisions.Weights),
            ActivationPrecision = Precisions.Name(precisions.Activations),
            KvCachePrecision = Precisions.Name(precisions.KvCache),
            Batch = batch,
            InputTokens = input,
            OutputTokens = output,
            ContextLength = input + output,
            Efficiency = efficiency,
            MemoryUtilization = request.MemoryUtilization,
            WeightMemoryGb = weightGb,
            WorkspaceGb = workspaceGb,
            ReserveGb = reserveGb,
            OverheadGb = workspaceGb + reserveGb,
            KvCacheBytesPerToken = kvBytesPerToken,
            KvCacheTokensPerSequence = kvTokens,
            KvCacheGbPerSequence = kvGbPerSequence,
            KvCacheGb = kvTotalGb,
            TotalMemoryGb = totalGb,
            AvailableMemoryGb = n * perGpuMemoryGb,
            Fits = fits,
            MissingGb = fits ? 0 : n * (NeedPerGpu(batch) - usableGb),
            MaxBatchThatFits = maxBatch,
            FlopsPerToken = FlopsPerToken(model, meanContext),
            TimeToFirstTokenMs = prefillSeconds * 1000,
            MsPerOutputToken = stepSeconds * 1000,
            BatchLatencyMs = batchSeconds * 1000,
            OutputTokensPerSecondPerGpu = batch * (double)output / batchSeconds / n,
            PrefillTokensPerSecondPerGpu = batch * (double)input / prefillSeconds / n,
            PrefillBound = Bound(prefill),
            PrefillRooflineTokensPerSecondPerGpu = batch * (double)input / prefillIdealSeconds / n,
            DecodeTokensPerSecondPerGpu = batch / stepSeconds / n,
            DecodeBound = Bound(decode),
            DecodeBytesPerStep = decode.Sum(o => o.Bytes) * n,
            DecodeRooflineTokensPerSecondPerGpu = batch / stepIdealSeconds / n,
            LayerOverheadMsPerPass = (model.Layers * efficiency.LayerOverheadMicroseconds + efficiency.StepOverheadMicroseconds) / 1000,
            ExpertsTouchedPerDecodeStep = model.IsMixtureOfExperts ? model.Experts * ExpertCoverage(model, batch) : null,
            Operators = [.. prefill, .. decode],
            NotModelled = NotModelled(request),
        };
    }

    /// <summary>What the projection leaves out for this request, said in the output rather than guessed.</summary>
    private static IReadOnlyList<string> NotModelled(ProjectionRequest request)
    {
        var notes = new List<string>
        {
            "a static batch: continuous (in-flight) batching, chunked prefill overlapping decode, speculative decoding and disaggregated prefill/decode serving are not modelled",
        };
        if (request.Gpus > 1)
        {
            notes.Add("tensor parallel only: pipeline parallelism and multi-node links are not modelled");
        }
        if (request.Model.IsMixtureOfExperts)
        {
            notes.Add("experts are split by tensor parallel; expert parallelism (all-to-all) and load imbalance between experts are not modelled");
        }
        return notes;
    }

    private static readonly PhraseTemplate BeyondContext = new("projection.beyondContext", "must be >= 1 and <= {0}, the model's context (got {1})");
    private static readonly PhraseTemplate SumBeyondContext = new("projection.sumBeyondContext", "+ {0} must be <= {1}, the model's context (got {2})");
    private static readonly PhraseTemplate NoPeak = new("projection.noPeak", "{0} has no peak figure for {1} (the catalog gives {2})");
    private static readonly PhraseTemplate NoPeakInt4 = new("projection.noPeakInt4",
        "{0} has no peak figure for {1} (the catalog gives {2}); int4 is weight-only, its products run in the activations' format");
    private static readonly PhraseTemplate KvPrecision = new("projection.kvPrecision", "must be one of fp32, bf16, fp16, fp8, int8 (got {0})");
    private static readonly PhraseTemplate GpuFiguresMissing = new("projection.gpuFiguresMissing", "gpu {0}: memoryGb, bandwidthGbPerS and bf16 TFLOP/s must be > 0");
    private static readonly PhraseTemplate NoInterconnect = new("projection.noInterconnect",
        "{0} needs the GPU-to-GPU link bandwidth of {1} (interconnectGbPerS in the gpus catalog), which the catalog does not give");

    private static void Validate(ProjectionRequest request, Func<string, string> fieldOf)
    {
        var (model, gpu) = (request.Model, request.Gpu);
        var problems = new List<InputProblem>(model.Validate());
        problems.AddRange(request.Efficiency.Validate());
        if (request.Gpus is < 1 or > 1024)
        {
            problems.Add(InputProblem.At(fieldOf("gpus"), ProblemPhrases.NotBetween(1, 1024, request.Gpus)));
        }
        if (request.Batch is < 1 or > 1_000_000)
        {
            problems.Add(InputProblem.At(fieldOf("batch"), ProblemPhrases.NotBetween(1, 1_000_000, request.Batch)));
        }
        if (request.ContextLength is { } context)
        {
            if (context < 1 || context > model.ContextLength)
            {
                problems.Add(InputProblem.At(fieldOf("contextLength"), BeyondContext.With(model.ContextLength.ToString(CultureInfo.InvariantCulture), context.ToString(CultureInfo.InvariantCulture))));
            }
        }
        else
        {
            var inputValid = request.InputTokens >= 1 && request.InputTokens <= model.ContextLength;
            var outputValid = request.OutputTokens >= 1 && request.OutputTokens <= model.ContextLength;
            if (!inputValid)
            {
                problems.Add(InputProblem.At(fieldOf("inputTokens"), BeyondContext.With(model.ContextLength.ToString(CultureInfo.InvariantCulture), request.InputTokens.ToString(CultureInfo.InvariantCulture))));
            }
            if (!outputValid)
            {
                problems.Add(InputProblem.At(fieldOf("outputTokens"), BeyondContext.With(model.ContextLength.ToString(CultureInfo.InvariantCulture), request.OutputTokens.ToString(CultureInfo.InvariantCulture))));
            }
            if (inputValid && outputValid && request.InputTokens + request.OutputTokens > model.ContextLength)
            {
                problems.Add(InputProblem.At(fieldOf("inputTokens"), SumBeyondContext.With(fieldOf("outputTokens"), model.ContextLength.ToString(CultureInfo.InvariantCulture), (request.InputTokens + request.OutputTokens).ToString(CultureInfo.InvariantCulture))));
            }
        }
        if (request.KvCacheTokens is { } kv && (kv < 1 || kv > model.ContextLength))
        {
            problems.Add(InputProblem.At(fieldOf("kvCacheTokens"), BeyondContext.With(model.ContextLength.ToString(CultureInfo.InvariantCulture), kv.ToString(CultureInfo.InvariantCulture))));
        }
        if (!(request.MemoryUtilization > 0 && request.MemoryUtilization <= 1))
        {
            problems.Add(InputProblem.At(fieldOf("memoryUtilization"), ProblemPhrases.NotAboveAtMost(0, 1, request.MemoryUtilization)));
        }
        var precisions = request.Precisions;
        if (gpu.PeakTflops(precisions.Activations) is null)
        {
            problems.Add(InputProblem.At(fieldOf(precisions.Activations == precisions.Weights ? "precision" : "activationPrecision"),
                (precisions.Activations == Precision.Int4 ? NoPeakInt4 : NoPeak).With(Precisions.Name(precisions.Activations), gpu.Name, gpu.PeakFormats())));
        }
        if (precisions.KvCache is Precision.Int4 or Precision.Fp4)
        {
            problems.Add(InputProblem.At(fieldOf("kvPrecision"), KvPrecision.With(Precisions.Name(precisions.KvCache))));
        }
        if (!(gpu.MemoryGb > 0 && gpu.BandwidthGbPerS > 0 && gpu.Bf16Tflops > 0))
        {
            problems.Add(InputProblem.General(GpuFiguresMissing.With(gpu.Name)));
        }
        if (request.Gpus > 1 && !(gpu.InterconnectGbPerS > 0))
        {
            problems.Add(InputProblem.At(fieldOf("gpus"), NoInterconnect.With(request.Gpus.ToString(CultureInfo.InvariantCulture), gpu.Name)));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
    }

    /// <summary>The output head and input embedding stay in 16 bits under 8- and 4-bit weight formats (TensorRT-LLM's and vLLM's quantization recipes leave lm_head unquantized).</summary>
    private static double HeadBytesPerValue(Precision weights) => Math.Max(2, Precisions.BytesPerValue(weights));

    /// <summary>The GPUs the KV cache is split over: KV heads split up to their number and replicate beyond; a latent cache is replicated.</summary>
    private static int KvShards(ModelShape model, int gpus) => model.HasLatentAttention ? 1 : Math.Min(gpus, model.KvHeads);

    /// <summary>
    /// Activations of the largest forward pass per GPU: min(batch × input, <see cref="WorkspaceTokens"/>) tokens ×
    /// (4 × hidden + 2 × feed-forward width / GPUs) 16-bit values, plus fp32 logits of one token per sequence.
    /// </summary>
    private static double WorkspaceBytesPerGpu(ModelShape model, int batch, int input, int gpus)
    {
        var tokens = Math.Min((double)batch * input, WorkspaceTokens);
        var width = Math.Max(model.IntermediateSize, model.DenseIntermediateSize);
        return tokens * (4.0 * model.HiddenSize + 2.0 * width / gpus) * 2 + batch * (double)model.Vocabulary / gpus * 4;
    }

    private static int MaxBatch(Func<int, double> needPerGpu, double usableGb, double weightGbPerGpu, double kvGbPerSequencePerGpu)
    {
        if (needPerGpu(1) > usableGb)
        {
            return 0;
        }
        var estimate = (long)Math.Floor((usableGb - weightGbPerGpu) / kvGbPerSequencePerGpu);
        var batch = (int)Math.Clamp(estimate, 1, 1_000_000);
        while (batch > 1 && needPerGpu(batch) > usableGb)
        {
            batch = Math.Max(1, (int)(batch * 0.99));
        }
        while (batch < 1_000_000 && needPerGpu(batch + 1) <= usableGb)
        {
            batch++;
        }
        return batch;
    }

    /// <summary>The share of a layer's experts that <paramref name="tokens"/> tokens touch: 1 − (1 − k/E)^tokens (each token picks k of E uniformly).</summary>
    public static double ExpertCoverage(ModelShape model, double tokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.IsMixtureOfExperts ? 1 - Math.Pow(1 - (double)model.ActiveExperts / model.Experts, tokens) : 1;
    }

    /// <summary>Σ over the tokens of a prompt of <paramref name="input"/> tokens and over layers of the tokens each attends to (causal; a window caps it).</summary>
    private static double AttendedPairs(ModelShape model, double input)
    {
        static double Causal(double n) => n * (n + 1) / 2;
        var windowed = model.SlidingWindow is null ? 0 : model.SlidingWindowLayers ?? model.Layers;
        var window = model.SlidingWindow ?? 0;
        var windowedPairs = input <= window ? Causal(input) : Causal(window) + (input - window) * window;
        return (model.Layers - windowed) * Causal(input) + windowed * windowedPairs;
    }

    private static List<OperatorTime> Prefill(ProjectionRequest r)
    {
        var tokens = (double)r.Batch * r.InputTokens;
        var attended = r.Batch * AttendedPairs(r.Model, r.InputTokens);
        var kvWritten = r.Batch * r.Model.CachedTokenLayers(r.InputTokens);
        return Pass(r, "prefill", tokens, attended, kvRead: 0, kvWritten);
    }

    private static List<OperatorTime> DecodeStep(ProjectionRequest r, double meanContext)
    {
        var cached = r.Batch * r.Model.CachedTokenLayers(meanContext);
        return Pass(r, "decode", r.Batch, attended: cached, kvRead: cached, kvWritten: r.Batch * (double)r.Model.Layers);
    }

    /// <summary>
    /// The operators of one pass per GPU over <paramref name="tokens"/> new tokens: <paramref name="attended"/> query-key
    /// pairs summed over layers, <paramref name="kvRead"/> and <paramref name="kvWritten"/> token-layers of cache.
    /// </summary>
    private static List<OperatorTime> Pass(ProjectionRequest r, string phase, double tokens, double attended, double kvRead, double kvWritten)
    {
        var (m, g, e, n) = (r.Model, r.Gpu, r.Efficiency, (double)r.Gpus);
        var wb = Precisions.BytesPerValue(r.Precisions.Weights);
        var ab = Precisions.BytesPerValue(r.Precisions.Activations) >= 2 ? Precisions.BytesPerValue(r.Precisions.Activations) : 2;
        var kvb = Precisions.BytesPerValue(r.Precisions.KvCache);
        var gemmPeak = g.PeakTflops(r.Precisions.Activations)!.Value * 1e12;
        var attentionPeak = (r.Precisions.Activations is Precision.Fp8 or Precision.Fp4 && r.Precisions.KvCache == Precision.Fp8
            ? g.Fp8Tflops : r.Precisions.Activations == Precision.Fp32 ? g.Fp32Tflops : null) ?? g.Bf16Tflops;
        attentionPeak *= 1e12;
        var bandwidth = g.BandwidthGbPerS * 1e9;
        var gemmEfficiency = e.ComputeFor(r.Precisions.Activations, m.HiddenSize);
        var layers = m.Layers;
        var d = (double)m.HiddenSize;
        var ops = new List<OperatorTime>();

        void Add(string name, double flops, double bytes, double peak, double efficiency, double memoryEfficiency)
        {
            var computeSeconds = flops / (peak * efficiency);
            var memorySeconds = bytes / (bandwidth * memoryEfficiency);
            var seconds = Math.Max(computeSeconds, memorySeconds) + (1 - e.Overlap) * Math.Min(computeSeconds, memorySeconds);
            ops.Add(new OperatorTime(name, phase, flops, bytes, computeSeconds * 1000, memorySeconds * 1000, seconds * 1000,
                computeSeconds >= memorySeconds ? "compute" : "memory"));
        }
        // Block-scaled fp8 weights: each of an operator's products takes at least t_blk (docs/methodology.md).
        var productFloorSeconds = m.WeightBlockSize is not null && r.Precisions.Weights == Precision.Fp8 ? e.BlockScaledProductMicroseconds * 1e-6 : 0;
        void Floor(int products)
        {
            var last = ops[^1];
            var floorMs = products * productFloorSeconds * 1000;
            if (floorMs > last.Ms)
            {
                ops[^1] = last with { Ms = floorMs, Bound = "fixed" };
            }
        }
        void Gemm(string name, double weights, double rows, double bytesPerWeight, int productsPerLayer)
        {
            // Per GPU: a 1/n slice of the weights; activations in and out of the product (hidden wide each way).
            Add(name, 2 * rows * weights / n, weights / n * bytesPerWeight + rows * 2 * d * ab * layers / n, gemmPeak, gemmEfficiency, e.Bandwidth);
            Floor(productsPerLayer * layers);
        }

        var output = m.OutputProjectionWeightsPerLayer * layers;
        Gemm("qkv", m.AttentionWeightsPerLayer * layers - output, tokens, wb, m.InputProductsPerLayer);
        var kvShards = KvShards(m, r.Gpus);
        var groupRereads = m.HasLatentAttention ? 1 : Math.Pow((double)m.Heads / m.KvHeads, 1 - e.KvHeadSharing);
        Add("attention", m.AttentionFlopsPerAttendedToken * attended / n,
            (kvRead * groupRereads + kvWritten) * m.KvValuesPerTokenPerLayer * kvb / kvShards + tokens * layers * 2.0 * m.Heads * m.HeadDim * ab / n,
            attentionPeak, e.AttentionCompute, e.AttentionMemory);
        Gemm("output", output, tokens, wb, 1);

        var expert = m.FeedForwardWeights(m.IntermediateSize);
        var dense = m.DenseLayers * m.FeedForwardWeights(m.DenseIntermediateSize);
        var ffnFlops = 2 * tokens * (m.RoutedLayers * expert * (m.ActiveExperts + m.SharedExperts) + dense);
        var ffnWeightsRead = m.RoutedLayers * expert * (m.Experts * ExpertCoverage(m, tokens) + m.SharedExperts) + dense;
        Add(m.IsMixtureOfExperts ? "experts" : "feed-forward", ffnFlops / n,
            ffnWeightsRead / n * wb + tokens * layers * 2 * d * ab / n, gemmPeak,
            m.IsMixtureOfExperts ? e.ExpertComputeFor(r.Precisions.Activations) : gemmEfficiency, m.IsMixtureOfExperts ? e.ExpertMemory : e.Bandwidth);
        Floor(m.FeedForwardProducts);

        // Two norms per layer, fused with the residual add: read the sum's two inputs, write sum and normalised output.
        Add("norms", 10.0 * tokens * d * layers / n, 8.0 * tokens * d * ab * layers / n, gemmPeak, gemmEfficiency, e.Bandwidth);
        // Logits: one token per sequence (the last prompt token in prefill), 16-bit head split over the GPUs.
        var sequences = (double)r.Batch;
        Add("logits", 2 * sequences * d * m.Vocabulary / n, d * m.Vocabulary / n * HeadBytesPerValue(r.Precisions.Weights) + sequences * m.Vocabulary * 4.0 / n,
            g.Bf16Tflops * 1e12, gemmEfficiency, e.Bandwidth);

        if (r.Gpus > 1)
        {
            // Ring all-reduce after attention and after the feed-forward: 2(N − 1)/N of the 16-bit activations over the link, 2(N − 1) steps of latency.
            var bytes = tokens * d * 2;
            var perAllReduce = 2 * (n - 1) / n * bytes / (g.InterconnectGbPerS!.Value * 1e9 * e.TensorParallel)
                + 2 * (n - 1) * e.AllReduceLatencyMicroseconds * 1e-6;
            ops.Add(new OperatorTime("all-reduce", phase, 0, 2 * layers * 2 * (n - 1) / n * bytes, 0, 0, 2 * layers * perAllReduce * 1000, "communication"));
        }
        if (e.LayerOverheadMicroseconds > 0 || e.StepOverheadMicroseconds > 0)
        {
            ops.Add(new OperatorTime("fixed", phase, 0, 0, 0, 0, (layers * e.LayerOverheadMicroseconds + e.StepOverheadMicroseconds) / 1000, "fixed"));
        }
        return ops;
    }

    /// <summary>"compute" when the compute-bound operators take longer than the memory-bound ones, otherwise "memory".</summary>
    private static string Bound(IReadOnlyList<OperatorTime> operators) =>
        operators.Where(o => o.Bound == "compute").Sum(o => o.Ms) >= operators.Where(o => o.Bound == "memory").Sum(o => o.Ms) ? "compute" : "memory";

    /// <summary>
    /// Forward FLOPs for one token attending to <paramref name="attendedContext"/> earlier tokens: 2 per weight of the
    /// matrix products, plus 2 × 2 × layers × heads × head size × context for the attention scores (QKᵀ) and their use
    /// on the values (Hoffmann et al. 2022, appendix F).
    /// </summary>
    public static double FlopsPerToken(ModelShape model, double attendedContext)
    {
        ArgumentNullException.ThrowIfNull(model);
        return 2 * model.MatmulParametersPerToken + model.AttentionFlopsPerAttendedToken * model.CachedTokenLayers(attendedContext);
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

    /// <summary>The KV cache of one token in every layer: layers × <see cref="ModelShape.KvValuesPerTokenPerLayer"/> × bytes per value.</summary>
    private static double KvBytesPerToken(ModelShape model, double bytesPerValue) => model.Layers * model.KvValuesPerTokenPerLayer * bytesPerValue;

    private static readonly Efficiency Roofline = Efficiency.Ideal;
}

/// <summary>The work of one forward pass or decode step; see <see cref="ThroughputProjector.PrefillPass"/> and <see cref="ThroughputProjector.DecodeStep"/>.</summary>
/// <param name="HiddenSize">The model's hidden size d, which sets how efficient its matrix products are (<see cref="Efficiency.ComputeAt"/>).</param>
/// <param name="Tokens">Tokens the pass produces (prefill: every prompt token; decode: one per sequence).</param>
public sealed record PassWork(double Flops, double Bytes, int Layers, int HiddenSize, double Tokens);

/// <summary>A pass's projected time and its parts (seconds): the roofline terms after efficiency, and the fixed per-layer time.</summary>
public sealed record PassTime(double Seconds, string Bound, double ComputeSeconds, double MemorySeconds, double FixedSeconds);
