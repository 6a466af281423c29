using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>
/// Building blocks shared by the reference models. Each counts the multiply-accumulate work it
/// emits (2 FLOPs per MAC) for <c>rows</c> rows per sample; element-wise ops are not counted,
/// as is usual for model FLOP counts.
/// </summary>
internal static class Layers
{
    /// <summary>y = x·W + b over the last axis; Gemm for 2-D inputs, MatMul + Add otherwise; int8 models use MatMulInteger.</summary>
    public static string Dense(GraphBuilder g, string x, long inFeatures, long outFeatures, long rows, string name, bool rank2)
    {
        g.AddFlops(2.0 * rows * inFeatures * outFeatures);
        var scale = MathF.Sqrt(3f / inFeatures);
        if (g.Precision == Precision.Int8)
        {
            return QuantizedDense(g, x, inFeatures, outFeatures, name, scale);
        }
        var weight = g.Weight(name + ".weight", [inFeatures, outFeatures], scale);
        var bias = g.Weight(name + ".bias", [outFeatures], 0.1f);
        return rank2
            ? g.Node("Gemm", [x, weight, bias])
            : g.Node("Add", [g.Node("MatMul", [x, weight]), bias]);
    }

    public static string Relu(GraphBuilder g, string x) => g.Node("Relu", [x]);

    /// <summary>Exact GELU, 0.5·x·(1 + erf(x/√2)), which ONNX Runtime fuses into one kernel.</summary>
    public static string Gelu(GraphBuilder g, string x)
    {
        var erf = g.Node("Erf", [g.Node("Div", [x, g.Constant([MathF.Sqrt(2f)])])]);
        var onePlus = g.Node("Add", [erf, g.Constant([1f])]);
        return g.Node("Mul", [g.Node("Mul", [x, onePlus]), g.Constant([0.5f])]);
    }

    public static string LayerNorm(GraphBuilder g, string x, long hidden, string name)
    {
        var gamma = g.Constant(Enumerable.Repeat(1f, (int)hidden).ToArray(), hidden);
        var beta = g.Weight(name + ".bias", [hidden], 0.02f);
        return g.Node("LayerNormalization", [x, gamma, beta], null, Attr.Int("axis", -1), Attr.Float("epsilon", 1e-5f));
    }

    /// <summary>Looks up rows of an embedding table.</summary>
    public static string Embedding(GraphBuilder g, string ids, long vocabulary, long width, string name) =>
        g.Node("Gather", [g.Weight(name, [vocabulary, width], 0.5f), ids]);

    /// <summary>[batch, seq, hidden] to [batch, heads, seq, headDim] (or [batch, heads, headDim, seq] when <paramref name="transposed"/>).</summary>
    public static string SplitHeads(GraphBuilder g, string x, long heads, long headDim, bool transposed = false)
    {
        var reshaped = g.Node("Reshape", [x, g.ConstantInt64([0, 0, heads, headDim], 4)]);
        return g.Node("Transpose", [reshaped], null, Attr.Ints("perm", transposed ? [0, 2, 3, 1] : [0, 2, 1, 3]));
    }

    /// <summary>[batch, heads, seq, headDim] back to [batch, seq, hidden].</summary>
    public static string MergeHeads(GraphBuilder g, string x, long hidden)
    {
        var transposed = g.Node("Transpose", [x], null, Attr.Ints("perm", 0, 2, 1, 3));
        return g.Node("Reshape", [transposed, g.ConstantInt64([0, 0, hidden], 3)]);
    }

    /// <summary>softmax(q·kᵀ/√d [+ mask])·v; counts the two batched matmuls for <paramref name="queries"/> × <paramref name="keys"/> positions.</summary>
    public static string Attention(GraphBuilder g, string q, string kTransposed, string v, long hidden, long headDim, long queries, long keys, string? allowedMask)
    {
        g.AddFlops(2.0 * 2.0 * queries * keys * hidden);
        var scores = g.Node("Mul", [g.Node("MatMul", [q, kTransposed]), g.Constant([1f / MathF.Sqrt(headDim)])]);
        if (allowedMask is not null)
        {
            scores = g.Node("Where", [allowedMask, scores, g.Constant([-1e4f])]);
        }
        var probabilities = g.Node("Softmax", [scores], null, Attr.Int("axis", -1));
        return g.Node("MatMul", [probabilities, v]);
    }

    /// <summary>Scalar int64 dimension <paramref name="axis"/> of a tensor's shape.</summary>
    public static string DimOf(GraphBuilder g, string tensor, long axis) =>
        g.Node("Gather", [g.Node("Shape", [tensor]), g.ConstantInt64([axis])], null, Attr.Int("axis", 0));

    public static string Range(GraphBuilder g, string start, string limit) =>
        g.Node("Range", [start, limit, g.ConstantInt64([1])]);

    /// <summary>Weights quantized symmetrically to int8 once; activations quantized per run (<see cref="Quantization"/>).</summary>
    private static string QuantizedDense(GraphBuilder g, string x, long inFeatures, long outFeatures, string name, float scale)
    {
        long[] dims = [inFeatures, outFeatures];
        var weight = Quantization.Int8(g, name + ".weight", g.RandomFloats(dims, scale), dims);
        var bias = g.Weight(name + ".bias", [outFeatures], 0.1f);
        return g.Node("Add", [Quantization.Product(g, x, weight, "MatMulInteger"), bias]);
    }
}
