using Planner.CostModel.Projection;

namespace Planner.Data.Entities;

/// <summary>A transformer language model's published shape (config file figures), as the throughput projector needs it.</summary>
public sealed class CatalogModelShape : CatalogRow
{
    /// <summary>Catalog name, e.g. "llama-3-70b"; lookups ignore case.</summary>
    public string Name { get; set; } = "";

    public double Parameters { get; set; }

    public double ActiveParameters { get; set; }

    public int Layers { get; set; }

    public int HiddenSize { get; set; }

    public int Heads { get; set; }

    public int KvHeads { get; set; }

    public int HeadDim { get; set; }

    public int Vocabulary { get; set; }

    public int ContextLength { get; set; }

    public int IntermediateSize { get; set; }

    public bool GatedMlp { get; set; }

    public int Experts { get; set; } = 1;

    public int ActiveExperts { get; set; } = 1;

    public int SharedExperts { get; set; }

    public int DenseLayers { get; set; }

    public int DenseIntermediateSize { get; set; }

    public int? SlidingWindow { get; set; }

    public int? SlidingWindowLayers { get; set; }

    public int KvLoraRank { get; set; }

    public int RopeHeadDim { get; set; }

    public double? AttentionParametersPerLayer { get; set; }

    /// <summary>fp8 weights with one scale per block of this many × this many values (DeepSeek-V3: 128); null = per-tensor or per-channel scales.</summary>
    public int? WeightBlockSize { get; set; }

    public ModelShape ToShape() => new()
    {
        Name = Name,
        Parameters = Parameters,
        ActiveParameters = ActiveParameters,
        Layers = Layers,
        HiddenSize = HiddenSize,
        Heads = Heads,
        KvHeads = KvHeads,
        HeadDim = HeadDim,
        Vocabulary = Vocabulary,
        ContextLength = ContextLength,
        IntermediateSize = IntermediateSize,
        GatedMlp = GatedMlp,
        Experts = Experts,
        ActiveExperts = ActiveExperts,
        SharedExperts = SharedExperts,
        DenseLayers = DenseLayers,
        DenseIntermediateSize = DenseIntermediateSize,
        SlidingWindow = SlidingWindow,
        SlidingWindowLayers = SlidingWindowLayers,
        KvLoraRank = KvLoraRank,
        RopeHeadDim = RopeHeadDim,
        AttentionParametersPerLayer = AttentionParametersPerLayer,
        WeightBlockSize = WeightBlockSize,
        Source = Source,
        SourceUrl = SourceUrl,
        AsOf = AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}
