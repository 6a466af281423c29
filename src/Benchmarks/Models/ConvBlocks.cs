using Planner.Benchmarks.Onnx;
using Planner.Benchmarks.Onnx.Proto;

namespace Planner.Benchmarks.Models;

/// <summary>Convolution and pooling nodes with their FLOP accounting.</summary>
internal static class ConvBlocks
{
    /// <summary>
    /// Square convolution with bias (batch norm folded in, as at inference); <paramref name="outSize"/> is the output's
    /// height and width. Int8 models quantize it as ONNX Runtime's dynamic quantization does: the weights once, the
    /// activations per run, and the product in integers (ConvInteger).
    /// </summary>
    public static string Conv(GraphBuilder g, string x, long inChannels, long outChannels, long kernel, long stride, long pad, long outSize, string name)
    {
        g.AddFlops(2.0 * outSize * outSize * outChannels * inChannels * kernel * kernel);
        var scale = MathF.Sqrt(3f / (inChannels * kernel * kernel));
        AttributeProto[] attributes = [Attr.Ints("kernel_shape", kernel, kernel), Attr.Ints("strides", stride, stride), Attr.Ints("pads", pad, pad, pad, pad)];
        if (g.Precision == Precision.Int8)
        {
            return QuantizedConv(g, x, inChannels, outChannels, kernel, name, scale, attributes);
        }
        var weight = g.Weight(name + ".weight", [outChannels, inChannels, kernel, kernel], scale);
        var bias = g.Weight(name + ".bias", [outChannels], 0.05f);
        return g.Node("Conv", [x, weight, bias], null, attributes);
    }

    /// <summary>
    /// Weights quantized to uint8 around zero point 128, activations by DynamicQuantizeLinear (<see cref="Quantization"/>);
    /// the int32 product is scaled back to float and the bias added.
    /// </summary>
    private static string QuantizedConv(GraphBuilder g, string x, long inChannels, long outChannels, long kernel, string name, float scale, AttributeProto[] attributes)
    {
        long[] dims = [outChannels, inChannels, kernel, kernel];
        var weight = Quantization.UInt8Around128(g, name + ".weight", g.RandomFloats(dims, scale), dims);
        var bias = g.Node("Reshape", [g.Weight(name + ".bias", [outChannels], 0.05f), g.ConstantInt64([outChannels, 1, 1], 3)]);
        return g.Node("Add", [Quantization.Product(g, x, weight, "ConvInteger", attributes), bias]);
    }

    public static string MaxPool(GraphBuilder g, string x, long kernel, long stride, long pad) =>
        g.Node("MaxPool", [x], null, Attr.Ints("kernel_shape", kernel, kernel), Attr.Ints("strides", stride, stride), Attr.Ints("pads", pad, pad, pad, pad));
}
