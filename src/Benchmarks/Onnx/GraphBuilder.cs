using System.Runtime.InteropServices;
using Google.Protobuf;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Onnx.Proto;

namespace Planner.Benchmarks.Onnx;

/// <summary>
/// Emits an ONNX graph node by node, with seeded random weights, and keeps the books the
/// results need: floating-point operations per sample and parameter bytes. The caller states
/// the per-sample shape of each compute-heavy op (it knows the shapes it emits), so FLOPs are
/// counted from the graph as built rather than from a formula kept elsewhere.
/// </summary>
/// <remarks>
/// With <c>emitWeights: false</c> the builder only counts: weights get their shapes but no
/// data, which lets FLOPs be computed for any workload shape without generating large tensors.
/// </remarks>
internal sealed class GraphBuilder
{
    /// <summary>Opset 17: LayerNormalization is standard; GELU is written with Erf.</summary>
    public const int OpsetVersion = 17;

    /// <summary>IR version 8 pairs with opset 17.</summary>
    public const int IrVersion = 8;

    private readonly GraphProto _graph;
    private readonly Random _random;
    private readonly bool _emitWeights;
    private int _counter;

    public GraphBuilder(string name, Precision precision, int seed, bool emitWeights = true)
    {
        _graph = new GraphProto { Name = name };
        _random = new Random(seed);
        _emitWeights = emitWeights;
        Precision = precision;
        FloatType = precision == Precision.Fp16 ? OnnxDataType.Float16 : OnnxDataType.Float;
    }

    public Precision Precision { get; }

    /// <summary>The element type of activations and float weights (fp16 models use FLOAT16 throughout).</summary>
    public OnnxDataType FloatType { get; }

    /// <summary>Floating-point (or integer, for int8 models) operations per sample, as counted while building.</summary>
    public double Flops { get; private set; }

    /// <summary>Bytes of all initializers (weights, biases, embeddings, constants).</summary>
    public long ParameterBytes { get; private set; }

    public void AddFlops(double flops) => Flops += flops;

    /// <summary>Declares a graph input; a dimension is a <c>long</c> (fixed) or a <c>string</c> (symbolic, e.g. "batch").</summary>
    public string Input(string name, OnnxDataType type, params object[] dims)
    {
        _graph.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    public void Output(string tensor, string name, OnnxDataType type, params object[] dims)
    {
        if (tensor != name)
        {
            Node("Identity", [tensor], name);
        }
        _graph.Output.Add(ValueInfo(name, type, dims));
    }

    /// <summary>A weight with values uniform in [-scale, scale], in the model's float type.</summary>
    public string Weight(string name, long[] dims, float scale) =>
        FloatInitializer(name, dims, _emitWeights ? RandomValues(dims, scale) : null);

    /// <summary>A weight in fp32 regardless of the model precision (used before int8 quantization).</summary>
    public float[] RandomFloats(long[] dims, float scale) => _emitWeights ? RandomValues(dims, scale) : new float[Count(dims)];

    public string Constant(float[] values, params long[] dims) => FloatInitializer(Fresh("const"), dims, values);

    public string ConstantFloat32(float[] values, params long[] dims) =>
        AddInitializer(Fresh("const"), OnnxDataType.Float, dims, values.Length * 4L, () => MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public string ConstantInt64(long[] values, params long[] dims) =>
        AddInitializer(Fresh("const"), OnnxDataType.Int64, dims, values.Length * 8L, () => MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public string ConstantInt8(string name, sbyte[] values, params long[] dims) =>
        AddInitializer(name, OnnxDataType.Int8, dims, values.Length, () => MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, string[] inputs, string? output = null, params AttributeProto[] attributes) =>
        NodeWithOutputs(opType, inputs, [output ?? Fresh(opType)], attributes)[0];

    public string[] NodeWithOutputs(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Fresh(opType + "_node") };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    public byte[] ToBytes()
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "planner-bench",
            ProducerVersion = "1",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model.ToByteArray();
    }

    public string Fresh(string prefix) => $"{prefix}_{_counter++}";

    private string FloatInitializer(string name, long[] dims, float[]? values)
    {
        var elementBytes = FloatType == OnnxDataType.Float16 ? 2L : 4L;
        return AddInitializer(name, FloatType, dims, Count(dims) * elementBytes, () => values is null
            ? []
            : FloatType == OnnxDataType.Float16 ? ToHalfBytes(values) : MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    private string AddInitializer(string name, OnnxDataType type, long[] dims, long bytes, Func<byte[]> data)
    {
        ParameterBytes += bytes;
        if (!_emitWeights)
        {
            return name;
        }
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(data()) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private float[] RandomValues(long[] dims, float scale)
    {
        var values = new float[Count(dims)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((_random.NextSingle() * 2f) - 1f) * scale;
        }
        return values;
    }

    private static byte[] ToHalfBytes(float[] values)
    {
        var halves = new Half[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
        }
        return MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
    }

    private static long Count(long[] dims)
    {
        long count = 1;
        foreach (var d in dims)
        {
            count *= d;
        }
        return count;
    }

    private static ValueInfoProto ValueInfo(string name, OnnxDataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                string param => new TensorShapeProto.Types.Dimension { DimParam = param },
                long value => new TensorShapeProto.Types.Dimension { DimValue = value },
                int value => new TensorShapeProto.Types.Dimension { DimValue = value },
                _ => throw new ArgumentException($"Dimension {dim} is neither a number nor a name.", nameof(dims)),
            });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
