using Planner.CostModel.Text;

namespace Planner.CostModel.Projection;

/// <summary>
/// The published shape of a transformer language model, as its config file gives it (docs/methodology.md,
/// "Throughput projection"). For a mixture of experts, <see cref="Parameters"/> counts every expert and
/// <see cref="ActiveParameters"/> those used per token.
/// </summary>
public sealed record ModelShape
{
    /// <summary>Catalog name, e.g. "llama-3-70b"; lookups ignore case.</summary>
    public required string Name { get; init; }

    /// <summary>Total parameters, embeddings included.</summary>
    public required double Parameters { get; init; }

    public required int Layers { get; init; }

    public required int HiddenSize { get; init; }

    public required int Heads { get; init; }

    /// <summary>Key/value heads (fewer than <see cref="Heads"/> with grouped-query attention).</summary>
    public required int KvHeads { get; init; }

    public required int HeadDim { get; init; }

    public required int Vocabulary { get; init; }

    public required int ContextLength { get; init; }

    /// <summary>Feed-forward width (per expert for a mixture of experts).</summary>
    public required int IntermediateSize { get; init; }

    /// <summary>True for a gated feed-forward (SwiGLU: three matrices), false for the classic two-matrix MLP.</summary>
    public bool GatedMlp { get; init; }

    /// <summary>Experts per layer; 1 for a dense model.</summary>
    public int Experts { get; init; } = 1;

    /// <summary>Experts used per token; 1 for a dense model.</summary>
    public int ActiveExperts { get; init; } = 1;

    /// <summary>Experts every token uses besides the routed ones (DeepSeek's shared expert), each <see cref="IntermediateSize"/> wide; 0 for most models.</summary>
    public int SharedExperts { get; init; }

    /// <summary>The first layers of a mixture of experts that keep a dense feed-forward (DeepSeek-V3: 3); 0 = every layer routes.</summary>
    public int DenseLayers { get; init; }

    /// <summary>The feed-forward width of the <see cref="DenseLayers"/>; 0 when there are none.</summary>
    public int DenseIntermediateSize { get; init; }

    /// <summary>Sliding-window attention: tokens a layer attends to and keeps in its cache (Mistral 7B v0.1: 4096); null = full attention.</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>How many layers use <see cref="SlidingWindow"/> (gpt-oss alternates: half of them); null = every layer.</summary>
    public int? SlidingWindowLayers { get; init; }

    /// <summary>
    /// Multi-head latent attention (DeepSeek-V2/V3): the rank of the compressed key-value latent the cache stores per
    /// token and layer instead of keys and values per head; 0 = ordinary (grouped-query) attention.
    /// </summary>
    public int KvLoraRank { get; init; }

    /// <summary>With latent attention: the decoupled rotary key width cached beside the latent (DeepSeek-V3: 64).</summary>
    public int RopeHeadDim { get; init; }

    /// <summary>
    /// Attention weights per layer when they do not follow from the heads (latent attention's low-rank projections);
    /// null = (2 × heads + 2 × KV heads) × head size × hidden size.
    /// </summary>
    public double? AttentionParametersPerLayer { get; init; }

    /// <summary>
    /// The block size of the weights' scales when the checkpoint ships fp8 weights with one scale per block of
    /// size × size values (DeepSeek-V3: 128, config.json quantization_config.weight_block_size); null = per-tensor or
    /// per-channel scales. Block-scaled products quantize their activations per group of this many values first, which
    /// gives every product a floor (<see cref="Efficiency.BlockScaledProductMicroseconds"/>).
    /// </summary>
    public int? WeightBlockSize { get; init; }

    /// <summary>
    /// Matrix products one layer runs before the attention kernel: the fused QKV projection, or with latent attention
    /// the query down- and up-projections and the key-value down-projection (DeepSeek-V3's q_a, q_b, kv_a).
    /// </summary>
    public int InputProductsPerLayer => HasLatentAttention ? 3 : 1;

    /// <summary>
    /// Matrix products of the feed-forward blocks summed over layers: a dense layer's gate-up and down products (2); a
    /// routed layer's two grouped expert products plus the shared experts' gate-up and down (2 more when it has any).
    /// </summary>
    public int FeedForwardProducts => IsMixtureOfExperts
        ? 2 * DenseLayers + RoutedLayers * (SharedExperts > 0 ? 4 : 2)
        : 2 * Layers;

    /// <summary>Parameters used per token; equals <see cref="Parameters"/> for a dense model.</summary>
    public required double ActiveParameters { get; init; }

    public required string Source { get; init; }

    public string? SourceUrl { get; init; }

    /// <summary>The date the source was read, ISO 8601.</summary>
    public required string AsOf { get; init; }

    public bool IsMixtureOfExperts => Experts > 1;

    public bool HasLatentAttention => KvLoraRank > 0;

    /// <summary>Attention weights of one layer: <see cref="AttentionParametersPerLayer"/>, or Q, K, V and output projections from the heads.</summary>
    public double AttentionWeightsPerLayer => AttentionParametersPerLayer ?? (2.0 * Heads + 2.0 * KvHeads) * HeadDim * HiddenSize;

    /// <summary>The output projection's share of <see cref="AttentionWeightsPerLayer"/>: heads × head size × hidden size.</summary>
    public double OutputProjectionWeightsPerLayer => (double)Heads * HeadDim * HiddenSize;

    /// <summary>One feed-forward block (an expert) <paramref name="width"/> wide: 3 matrices (gated) or 2 of hidden × width.</summary>
    public double FeedForwardWeights(int width) => (GatedMlp ? 3.0 : 2.0) * HiddenSize * width;

    /// <summary>Layers whose feed-forward routes to experts (every layer of a dense model counts as one expert, always used).</summary>
    public int RoutedLayers => IsMixtureOfExperts ? Layers - DenseLayers : Layers;

    /// <summary>
    /// Weights used in matrix products for one token (the input embedding is a lookup, not a product): per layer the
    /// attention projections and the feed-forward of the active and shared experts (the dense layers' own width), plus
    /// the output head (hidden × vocabulary).
    /// </summary>
    public double MatmulParametersPerToken
    {
        get
        {
            var routed = RoutedLayers * FeedForwardWeights(IntermediateSize) * (ActiveExperts + SharedExperts);
            var dense = DenseLayers * FeedForwardWeights(DenseIntermediateSize);
            return Layers * AttentionWeightsPerLayer + routed + dense + (double)HiddenSize * Vocabulary;
        }
    }

    /// <summary>Values the KV cache holds per token and layer: the latent plus its rotary key, or keys and values of every KV head.</summary>
    public double KvValuesPerTokenPerLayer => HasLatentAttention ? KvLoraRank + RopeHeadDim : 2.0 * KvHeads * HeadDim;

    /// <summary>
    /// Tokens of KV cache one sequence of <paramref name="tokens"/> tokens keeps, summed over layers: a sliding-window
    /// layer keeps at most its window.
    /// </summary>
    public double CachedTokenLayers(double tokens)
    {
        var windowed = SlidingWindow is null ? 0 : SlidingWindowLayers ?? Layers;
        return (Layers - windowed) * tokens + windowed * Math.Min(tokens, SlidingWindow ?? 0);
    }

    /// <summary>
    /// Attention FLOPs per query token and attended token, one layer: 2 × 2 × heads × head size (scores QKᵀ and their
    /// use on V); with latent attention computed on the latent (weights absorbed, as serving engines decode it):
    /// 2 × heads × (2 × rank + rotary width).
    /// </summary>
    public double AttentionFlopsPerAttendedToken => HasLatentAttention
        ? 2.0 * Heads * (2.0 * KvLoraRank + RopeHeadDim)
        : 4.0 * Heads * HeadDim;

    private static readonly PhraseTemplate ModelTemplate = new("modelShape.problem", "model {0}: {1}");
    private static readonly PhraseTemplate PositiveTemplate = new("modelShape.positive", "{0} must be > 0 (got {1})");
    private static readonly PhraseTemplate ActiveAboveTotalTemplate = new("modelShape.activeAboveTotal", "activeParameters must be <= parameters (got {0} > {1})");
    private static readonly PhraseTemplate KvHeadsTemplate = new("modelShape.kvHeads", "kvHeads must divide heads (got {0} and {1})");
    private static readonly PhraseTemplate ExpertsTemplate = new("modelShape.experts", "experts must be >= 1 and activeExperts between 1 and experts (got {0}, {1})");
    private static readonly PhraseTemplate DenseLayersTemplate = new("modelShape.denseLayers",
        "sharedExperts must be >= 0, denseLayers between 0 and layers - 1, and denseIntermediateSize > 0 exactly when denseLayers is (got {0}, {1}, {2})");
    private static readonly PhraseTemplate SlidingWindowTemplate = new("modelShape.slidingWindow",
        "slidingWindow must be >= 1 and slidingWindowLayers between 0 and layers, given only with a window (got {0}, {1})");
    private static readonly PhraseTemplate WeightBlockSizeTemplate = new("modelShape.weightBlockSize", "weightBlockSize must be between 1 and 65536, or empty (got {0})");
    private static readonly PhraseTemplate LatentAttentionTemplate = new("modelShape.latentAttention",
        "kvLoraRank and ropeHeadDim must be >= 0 and attentionParametersPerLayer > 0 (got {0}, {1}, {2})");

    /// <summary>Problems with the shape, each naming the field; empty when valid.</summary>
    public IReadOnlyList<InputProblem> Validate()
    {
        var problems = new List<InputProblem>();
        void Positive(double value, string field)
        {
            if (!(value > 0) || !double.IsFinite(value))
            {
                problems.Add(Problem(PositiveTemplate.With(field, Invariant(value))));
            }
        }
        Positive(Parameters, "parameters");
        Positive(ActiveParameters, "activeParameters");
        Positive(Layers, "layers");
        Positive(HiddenSize, "hiddenSize");
        Positive(Heads, "heads");
        Positive(KvHeads, "kvHeads");
        Positive(HeadDim, "headDim");
        Positive(Vocabulary, "vocabulary");
        Positive(ContextLength, "contextLength");
        Positive(IntermediateSize, "intermediateSize");
        if (ActiveParameters > Parameters)
        {
            problems.Add(Problem(ActiveAboveTotalTemplate.With(Invariant(ActiveParameters), Invariant(Parameters))));
        }
        if (KvHeads > Heads || (KvHeads > 0 && Heads % KvHeads != 0))
        {
            problems.Add(Problem(KvHeadsTemplate.With(Invariant(KvHeads), Invariant(Heads))));
        }
        if (Experts < 1 || ActiveExperts < 1 || ActiveExperts > Experts)
        {
            problems.Add(Problem(ExpertsTemplate.With(Invariant(Experts), Invariant(ActiveExperts))));
        }
        if (SharedExperts < 0 || DenseLayers < 0 || DenseLayers >= Layers || DenseIntermediateSize < 0 || (DenseLayers > 0) != (DenseIntermediateSize > 0))
        {
            problems.Add(Problem(DenseLayersTemplate.With(Invariant(SharedExperts), Invariant(DenseLayers), Invariant(DenseIntermediateSize))));
        }
        if (SlidingWindow is < 1 || SlidingWindowLayers is < 0 || SlidingWindowLayers > Layers || (SlidingWindowLayers is not null && SlidingWindow is null))
        {
            problems.Add(Problem(SlidingWindowTemplate.With(Invariant(SlidingWindow), Invariant(SlidingWindowLayers))));
        }
        if (WeightBlockSize is < 1 or > 65536)
        {
            problems.Add(Problem(WeightBlockSizeTemplate.With(Invariant(WeightBlockSize))));
        }
        if (KvLoraRank < 0 || RopeHeadDim < 0 || AttentionParametersPerLayer is <= 0)
        {
            problems.Add(Problem(LatentAttentionTemplate.With(Invariant(KvLoraRank), Invariant(RopeHeadDim), Invariant(AttentionParametersPerLayer))));
        }
        return problems;
    }

    private InputProblem Problem(Phrase rule) => InputProblem.General(ModelTemplate.With(Name, rule));

    /// <summary>A figure as the problem prints it; a missing optional field prints as nothing.</summary>
    private static string Invariant(double? value) => value is { } v ? ProblemPhrases.Invariant(v) : "";
}
