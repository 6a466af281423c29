using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>BERT-style encoder: token + position embeddings, post-LayerNorm blocks of multi-head attention and a GELU feed-forward, a classifier on the first token.</summary>
public sealed class TransformerEncoderModel : PresetModel<TransformerEncoderModel.Shape>
{
    public sealed record Shape(int Layers, long Hidden, long Heads, long FeedForward, long Vocabulary, long MaxPositions);

    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["tiny"] = new(2, 64, 2, 256, 1000, 128),
        ["small"] = new(4, 256, 4, 1024, 8000, 512),
        ["base"] = new(12, 768, 12, 3072, 30522, 512),
    };

    public TransformerEncoderModel()
        : base(Shapes)
    {
    }

    public override string Name => "transformer-encoder";

    public override string Description => "BERT-style encoder (tiny / small / base = 12 layers, 768 hidden, 12 heads).";

    public override IReadOnlyList<Precision> Precisions { get; } = [Precision.Fp32, Precision.Int8, Precision.Fp16];

    public override bool HasSequence => true;

    public override int DefaultSequenceLength => 128;

    private protected override (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) EmitPreset(GraphBuilder g, Shape s, WorkloadShape shape)
    {
        var input = TokenIds(s.Vocabulary);
        var output = new TensorSpec("logits", g.FloatType, [Dim.Batch, Dim.Of(2)]);
        Declare(g, [input]);
        var positions = Layers.Range(g, g.ConstantInt64([0]), Layers.DimOf(g, input.Name, 1));
        var x = g.Node("Add", [
            Layers.Embedding(g, input.Name, s.Vocabulary, s.Hidden, "embeddings.word"),
            Layers.Embedding(g, positions, s.MaxPositions, s.Hidden, "embeddings.position")]);
        x = Layers.LayerNorm(g, x, s.Hidden, "embeddings.norm");
        long seq = shape.SequenceLength;
        var headDim = s.Hidden / s.Heads;
        for (var layer = 0; layer < s.Layers; layer++)
        {
            var name = $"layer{layer}";
            var q = Layers.SplitHeads(g, Layers.Dense(g, x, s.Hidden, s.Hidden, seq, name + ".query", rank2: false), s.Heads, headDim);
            var k = Layers.SplitHeads(g, Layers.Dense(g, x, s.Hidden, s.Hidden, seq, name + ".key", rank2: false), s.Heads, headDim, transposed: true);
            var v = Layers.SplitHeads(g, Layers.Dense(g, x, s.Hidden, s.Hidden, seq, name + ".value", rank2: false), s.Heads, headDim);
            var context = Layers.MergeHeads(g, Layers.Attention(g, q, k, v, s.Hidden, headDim, seq, seq, null), s.Hidden);
            var attention = Layers.Dense(g, context, s.Hidden, s.Hidden, seq, name + ".attention.output", rank2: false);
            x = Layers.LayerNorm(g, g.Node("Add", [x, attention]), s.Hidden, name + ".attention.norm");
            var ffn = Layers.Gelu(g, Layers.Dense(g, x, s.Hidden, s.FeedForward, seq, name + ".intermediate", rank2: false));
            ffn = Layers.Dense(g, ffn, s.FeedForward, s.Hidden, seq, name + ".output", rank2: false);
            x = Layers.LayerNorm(g, g.Node("Add", [x, ffn]), s.Hidden, name + ".output.norm");
        }
        var first = g.Node("Gather", [x, g.ConstantInt64([0])], null, Attr.Int("axis", 1));
        var logits = Layers.Dense(g, first, s.Hidden, 2, 1, "classifier", rank2: true);
        Output(g, logits, output);
        return ([input], [output]);
    }
}
