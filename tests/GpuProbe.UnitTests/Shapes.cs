using Planner.CostModel.Projection;

namespace Planner.GpuProbe.UnitTests;

/// <summary>The published Llama 3 shapes (config.json), as data/catalog/model-shapes.csv holds them.</summary>
internal static class Shapes
{
    public static ModelShape Llama3_8b { get; } = new()
    {
        Name = "llama-3-8b", Parameters = 8030261248, ActiveParameters = 8030261248, Layers = 32, HiddenSize = 4096, Heads = 32,
        KvHeads = 8, HeadDim = 128, Vocabulary = 128256, ContextLength = 8192, IntermediateSize = 14336, GatedMlp = true,
        Source = "Meta Llama 3 8B config.json", AsOf = "2024-04-18",
    };

    public static ModelShape Llama3_70b { get; } = Llama3_8b with
    {
        Name = "llama-3-70b", Parameters = 70553706496, ActiveParameters = 70553706496, Layers = 80, HiddenSize = 8192, Heads = 64,
        IntermediateSize = 28672, Source = "Meta Llama 3 70B config.json",
    };
}
