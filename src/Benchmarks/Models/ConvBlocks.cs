using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>Convolution and pooling nodes with their FLOP accounting.</summary>
internal static class ConvBlocks
{
    /// <summary>Square convolution with bias (batch norm folded in, as at inference); <paramref name="outSize"/> is the output's height and width.</summary>
    public static string Conv(GraphBuilder g, string x, long inChannels, long outChannels, long kernel, long stride, long pad, long outSize, string name)
    {
        g.AddFlops(2.0 * outSize * outSize * outChannels * inChannels * kernel * kernel);
        var weight = g.Weight(name + ".weight", [outChannels, inChannels, kernel, kernel], MathF.Sqrt(3f / (inChannels * kernel * kernel)));
        var bias = g.Weight(name + ".bias", [outChannels], 0.05f);
        return g.Node("Conv", [x, weight, bias], null,
            Attr.Ints("kernel_shape", kernel, kernel), Attr.Ints("strides", stride, stride), Attr.Ints("pads", pad, pad, pad, pad));
    }

    public static string MaxPool(GraphBuilder g, string x, long kernel, long stride, long pad) =>
        g.Node("MaxPool", [x], null, Attr.Ints("kernel_shape", kernel, kernel), Attr.Ints("strides", stride, stride), Attr.Ints("pads", pad, pad, pad, pad));
}
