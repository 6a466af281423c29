using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>Token embedding, one ONNX LSTM layer, and a dense classifier on the last hidden state.</summary>
public sealed class LstmClassifierModel : PresetModel<LstmClassifierModel.Shape>
{
    public sealed record Shape(long Vocabulary, long Embedding, long Hidden, long Classes, int SequenceLength);

    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["tiny"] = new(1000, 32, 64, 2, 32),
        ["small"] = new(10000, 128, 256, 2, 128),
    };

    public LstmClassifierModel()
        : base(Shapes)
    {
    }

    public override string Name => "lstm-classifier";

    public override string Description => "Embedding + LSTM + dense classifier over token sequences.";

    public override bool HasSequence => true;

    public override int DefaultSequenceLength => 32;

    private protected override (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) EmitPreset(GraphBuilder g, Shape s, WorkloadShape shape)
    {
        var input = TokenIds(s.Vocabulary);
        var output = new TensorSpec("logits", g.FloatType, [Dim.Batch, Dim.Of(s.Classes)]);
        Declare(g, [input]);
        var embedded = Layers.Embedding(g, input.Name, s.Vocabulary, s.Embedding, "embedding");
        var timeMajor = g.Node("Transpose", [embedded], null, Attr.Ints("perm", 1, 0, 2));

        // Four gates, each an input and a recurrent matmul per step.
        g.AddFlops(2.0 * shape.SequenceLength * 4 * s.Hidden * (s.Embedding + s.Hidden));
        var scale = MathF.Sqrt(1f / s.Hidden);
        var w = g.Weight("lstm.W", [1, 4 * s.Hidden, s.Embedding], scale);
        var r = g.Weight("lstm.R", [1, 4 * s.Hidden, s.Hidden], scale);
        var b = g.Weight("lstm.B", [1, 8 * s.Hidden], scale);
        var lastHidden = g.NodeWithOutputs("LSTM", [timeMajor, w, r, b], ["", g.Fresh("lstm_h")], Attr.Int("hidden_size", s.Hidden))[1];
        var flat = g.Node("Reshape", [lastHidden, g.ConstantInt64([-1, s.Hidden], 2)]);
        var logits = Layers.Dense(g, flat, s.Hidden, s.Classes, 1, "classifier", rank2: true);
        Output(g, logits, output);
        return ([input], [output]);
    }
}
