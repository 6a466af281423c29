using Planner.Benchmarks.Onnx;
using Planner.Benchmarks.Onnx.Proto;

namespace Planner.Benchmarks.Models;

/// <summary>A weight quantized once: its integer initializer, its zero point's initializer and the scale back to floats.</summary>
internal sealed record QuantizedWeight(string Values, string ZeroPoint, float Scale);

/// <summary>
/// The one int8 path of every model (docs/methodology.md, "int8 inference"): ONNX Runtime's dynamic quantization pattern.
/// A weight is quantized symmetrically once, scale = max |w| / 127; activations are quantized per run by
/// DynamicQuantizeLinear; the product runs in integers (MatMulInteger or ConvInteger) and is scaled back to floats by
/// the activation's scale times the weight's. Reference models quantize their seeded random weights, trained models their
/// trained weights, by the same code.
/// </summary>
internal static class Quantization
{
    /// <summary>The symmetric scale of <paramref name="weights"/>: max |w| / 127, or 1 when every weight is zero.</summary>
    public static float Scale(ReadOnlySpan<float> weights)
    {
        var maxAbs = 0f;
        foreach (var w in weights)
        {
            maxAbs = MathF.Max(maxAbs, MathF.Abs(w));
        }
        return maxAbs > 0 ? maxAbs / 127f : 1f;
    }

    /// <summary>round(w / scale) clamped to ±127.</summary>
    public static int Level(float weight, float scale) => (int)Math.Clamp(MathF.Round(weight / scale), -127f, 127f);

    /// <summary>A matrix product's weight [in, out] as int8 with zero point 0 (for MatMulInteger); initializers named <c>PREFIX_quantized</c>, <c>PREFIX_zero_point</c>.</summary>
    public static QuantizedWeight Int8(GraphBuilder g, string prefix, float[] weights, long[] dims)
    {
        var scale = Scale(weights);
        var levels = new sbyte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            levels[i] = (sbyte)Level(weights[i], scale);
        }
        return new(g.ConstantInt8(prefix + "_quantized", levels, dims), g.ConstantInt8(prefix + "_zero_point", [0]), scale);
    }

    /// <summary>
    /// A convolution's weight as uint8 around zero point 128 (still symmetric: ONNX Runtime's CPU ConvInteger takes uint8
    /// weights).
    /// </summary>
    public static QuantizedWeight UInt8Around128(GraphBuilder g, string prefix, float[] weights, long[] dims)
    {
        var scale = Scale(weights);
        var levels = new byte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            levels[i] = (byte)(128 + Level(weights[i], scale));
        }
        return new(g.ConstantUInt8(prefix + "_quantized", levels, dims), g.ConstantUInt8(prefix + "_zero_point", [128]), scale);
    }

    /// <summary>x times the quantized weight in integers (<paramref name="integerOp"/>: MatMulInteger or ConvInteger), back in floats, without the bias.</summary>
    public static string Product(GraphBuilder g, string x, QuantizedWeight weight, string integerOp, params AttributeProto[] attributes)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var q = g.NodeWithOutputs("DynamicQuantizeLinear", [x], [g.Fresh("xq"), g.Fresh("x_scale"), g.Fresh("x_zero_point")]);
        var product = g.Node(integerOp, [q[0], weight.Values, q[2], weight.ZeroPoint], null, attributes);
        var asFloat = g.Node("Cast", [product], null, Attr.Int("to", (long)OnnxDataType.Float));
        var outputScale = g.Node("Mul", [q[1], g.ConstantFloat32([weight.Scale])]);
        return g.Node("Mul", [asFloat, outputScale]);
    }
}
