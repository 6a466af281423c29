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

    /// <summary>Parameters used per token; equals <see cref="Parameters"/> for a dense model.</summary>
    public required double ActiveParameters { get; init; }

    public required string Source { get; init; }

    public string? SourceUrl { get; init; }

    /// <summary>The date the source was read, ISO 8601.</summary>
    public required string AsOf { get; init; }

    public bool IsMixtureOfExperts => Experts > 1;

    /// <summary>
    /// Weights used in matrix products for one token (the input embedding is a lookup, not a product): per layer the
    /// attention projections (Q and output: heads × headDim × hidden each; K and V: kvHeads × headDim × hidden each)
    /// and the active experts' feed-forward (3 or 2 matrices of hidden × intermediate), plus the output head
    /// (hidden × vocabulary).
    /// </summary>
    public double MatmulParametersPerToken
    {
        get
        {
            var attention = (2.0 * Heads + 2.0 * KvHeads) * HeadDim * HiddenSize;
            var feedForward = (GatedMlp ? 3.0 : 2.0) * HiddenSize * IntermediateSize * ActiveExperts;
            return Layers * (attention + feedForward) + (double)HiddenSize * Vocabulary;
        }
    }

    /// <summary>Problems with the shape, each naming the field; empty when valid.</summary>
    public IReadOnlyList<InputProblem> Validate()
    {
        var problems = new List<InputProblem>();
        void Positive(double value, string field)
        {
            if (!(value > 0) || !double.IsFinite(value))
            {
                problems.Add(InputProblem.General($"model {Name}: {field} must be > 0 (got {value})"));
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
            problems.Add(InputProblem.General($"model {Name}: activeParameters must be <= parameters (got {ActiveParameters} > {Parameters})"));
        }
        if (KvHeads > Heads || (KvHeads > 0 && Heads % KvHeads != 0))
        {
            problems.Add(InputProblem.General($"model {Name}: kvHeads must divide heads (got {KvHeads} and {Heads})"));
        }
        if (Experts < 1 || ActiveExperts < 1 || ActiveExperts > Experts)
        {
            problems.Add(InputProblem.General($"model {Name}: experts must be >= 1 and activeExperts between 1 and experts (got {Experts}, {ActiveExperts})"));
        }
        return problems;
    }
}
