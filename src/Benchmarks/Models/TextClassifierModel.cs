using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>Embedding + global average pooling + dense layers, as in the classic 1000-word, 16-dimension text classifier.</summary>
public sealed class TextClassifierModel : PresetModel<TextClassifierModel.Shape>
{
    public sealed record Shape(long Vocabulary, long Embedding, long Dense);

    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["classic"] = new(1000, 16, 16),
        ["large"] = new(20000, 128, 128),
    };

    public TextClassifierModel()
        : base(Shapes)
    {
    }

    public override string Name => "text-classifier";

    public override string Description => "Embedding + global average pooling + dense (1000 words, 16 dims).";

    public override bool HasSequence => true;

    public override int DefaultSequenceLength => 64;

    private protected override (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) EmitPreset(GraphBuilder g, Shape s, WorkloadShape shape)
    {
        var input = TokenIds(s.Vocabulary);
        var output = new TensorSpec("probability", g.FloatType, [Dim.Batch, Dim.Of(1)]);
        Declare(g, [input]);
        var embedded = Layers.Embedding(g, input.Name, s.Vocabulary, s.Embedding, "embedding");
        var pooled = g.Node("ReduceMean", [embedded], null, Attr.Ints("axes", 1), Attr.Int("keepdims", 0));
        var hidden = Layers.Relu(g, Layers.Dense(g, pooled, s.Embedding, s.Dense, 1, "dense", rank2: true));
        var probability = g.Node("Sigmoid", [Layers.Dense(g, hidden, s.Dense, 1, 1, "output", rank2: true)]);
        Output(g, probability, output);
        return ([input], [output]);
    }
}
