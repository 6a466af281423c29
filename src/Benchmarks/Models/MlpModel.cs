using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>
/// Fully connected classifier with ReLU hidden layers: 784-128-10 as in the classic MNIST example, up to 4096-wide
/// layers; <c>tabular</c> (16-64-64-2) is the size of the classifiers trained on the manufacturing datasets.
/// </summary>
public sealed class MlpModel : PresetModel<long[]>
{
    private static readonly Dictionary<string, long[]> Sizes = new()
    {
        ["mnist"] = [784, 128, 10],
        ["tabular"] = [16, 64, 64, 2],
        ["small"] = [784, 512, 512, 10],
        ["medium"] = [1024, 2048, 2048, 1000],
        ["large"] = [4096, 4096, 4096, 1000],
    };

    public MlpModel()
        : base(Sizes)
    {
    }

    public override string Name => "mlp";

    public override string Description => "Multi-layer perceptron (784-128-10 MNIST classifier up to 4096-wide layers).";

    public override IReadOnlyList<Precision> Precisions { get; } = [Precision.Fp32, Precision.Int8, Precision.Fp16];

    /// <summary>Layer widths of a preset, input first (e.g. 784, 128, 10).</summary>
    public static IReadOnlyList<long> LayerSizes(string preset) => Sizes[preset];

    private protected override (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) EmitPreset(GraphBuilder g, long[] sizes, WorkloadShape shape)
    {
        var input = new TensorSpec("input", g.FloatType, [Dim.Batch, Dim.Of(sizes[0])]);
        var output = new TensorSpec("logits", g.FloatType, [Dim.Batch, Dim.Of(sizes[^1])]);
        Declare(g, [input]);
        var x = input.Name;
        for (var i = 0; i + 1 < sizes.Length; i++)
        {
            x = Layers.Dense(g, x, sizes[i], sizes[i + 1], 1, $"fc{i}", rank2: true);
            if (i + 2 < sizes.Length)
            {
                x = Layers.Relu(g, x);
            }
        }
        Output(g, x, output);
        return ([input], [output]);
    }
}
