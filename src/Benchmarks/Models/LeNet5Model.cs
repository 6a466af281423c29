using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>LeNet-5 on 28×28 grey images: Conv 6@5×5, MaxPool, Conv 16@5×5, MaxPool, Gemm 400-120-84-10.</summary>
public sealed class LeNet5Model : ReferenceModel
{
    public override string Name => "lenet5";

    public override string Description => "LeNet-5 CNN on 28x28 images (Conv, MaxPool, Gemm).";

    public override IReadOnlyList<string> Presets { get; } = ["classic"];

    private protected override (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) Emit(GraphBuilder g, string preset, WorkloadShape shape)
    {
        var input = new TensorSpec("image", g.FloatType, [Dim.Batch, Dim.Of(1), Dim.Of(28), Dim.Of(28)]);
        var output = new TensorSpec("logits", g.FloatType, [Dim.Batch, Dim.Of(10)]);
        Declare(g, [input]);
        var x = ConvBlocks.Conv(g, input.Name, 1, 6, 5, 1, 2, 28, "conv1");
        x = ConvBlocks.MaxPool(g, Layers.Relu(g, x), 2, 2, 0);
        x = ConvBlocks.Conv(g, x, 6, 16, 5, 1, 0, 10, "conv2");
        x = ConvBlocks.MaxPool(g, Layers.Relu(g, x), 2, 2, 0);
        x = g.Node("Flatten", [x], null, Attr.Int("axis", 1));
        x = Layers.Relu(g, Layers.Dense(g, x, 400, 120, 1, "fc1", rank2: true));
        x = Layers.Relu(g, Layers.Dense(g, x, 120, 84, 1, "fc2", rank2: true));
        x = Layers.Dense(g, x, 84, 10, 1, "fc3", rank2: true);
        Output(g, x, output);
        return ([input], [output]);
    }
}
