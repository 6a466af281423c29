using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>
/// ResNet-18-shaped CNN (7×7 stem, four stages of two basic blocks, global average pool, 1000-way
/// classifier) for the visual quality-inspection workload. Batch norm is folded into conv biases.
/// </summary>
public sealed class ResNetModel : PresetModel<ResNetModel.Shape>
{
    public sealed record Shape(long Width, long ImageSize);

    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["tiny"] = new(8, 64),
        ["small"] = new(32, 224),
        ["resnet18"] = new(64, 224),
    };

    public ResNetModel()
        : base(Shapes)
    {
    }

    public override string Name => "resnet";

    /// <summary>Int8: every convolution and the classifier quantized dynamically (ConvInteger, MatMulInteger).</summary>
    public override IReadOnlyList<Precision> Precisions { get; } = [Precision.Fp32, Precision.Int8];

    public override string Description => "ResNet-18-shaped CNN on 224x224 images (tiny preset: 64x64, 1/8 width).";

    private protected override (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) EmitPreset(GraphBuilder g, Shape s, WorkloadShape shape)
    {
        var (width, image) = s;
        var input = new TensorSpec("image", g.FloatType, [Dim.Batch, Dim.Of(3), Dim.Of(image), Dim.Of(image)]);
        var output = new TensorSpec("logits", g.FloatType, [Dim.Batch, Dim.Of(1000)]);
        Declare(g, [input]);
        var size = image / 2;
        var x = Layers.Relu(g, ConvBlocks.Conv(g, input.Name, 3, width, 7, 2, 3, size, "stem"));
        size /= 2;
        x = ConvBlocks.MaxPool(g, x, 3, 2, 1);
        var channels = width;
        for (var stage = 0; stage < 4; stage++)
        {
            var stageChannels = width << stage;
            for (var block = 0; block < 2; block++)
            {
                var stride = stage > 0 && block == 0 ? 2L : 1L;
                size /= stride;
                x = BasicBlock(g, x, channels, stageChannels, stride, size, $"layer{stage + 1}.{block}");
                channels = stageChannels;
            }
        }
        x = g.Node("Flatten", [g.Node("GlobalAveragePool", [x])], null, Attr.Int("axis", 1));
        x = Layers.Dense(g, x, channels, 1000, 1, "fc", rank2: true);
        Output(g, x, output);
        return ([input], [output]);
    }

    private static string BasicBlock(GraphBuilder g, string x, long inChannels, long outChannels, long stride, long outSize, string name)
    {
        var y = Layers.Relu(g, ConvBlocks.Conv(g, x, inChannels, outChannels, 3, stride, 1, outSize, name + ".conv1"));
        y = ConvBlocks.Conv(g, y, outChannels, outChannels, 3, 1, 1, outSize, name + ".conv2");
        var shortcut = stride == 1 && inChannels == outChannels
            ? x
            : ConvBlocks.Conv(g, x, inChannels, outChannels, 1, stride, 0, outSize, name + ".downsample");
        return Layers.Relu(g, g.Node("Add", [y, shortcut]));
    }
}
