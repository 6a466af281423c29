using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
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
/// <para>With <c>emitWeights: false</c> the builder only counts: weights get their shapes but no
/// data, which lets FLOPs be computed for any workload shape without generating large tensors.</para>
/// <para>Random weights are not generated when they are declared: <see cref="WriteTo"/> draws them, in declaration order,
/// and streams them into the output in chunks, so a build never holds a model's weights as arrays, byte copies and a
/// serialized copy at once (docs/decisions/023-onnx-model-cache.md). The bytes are those Google.Protobuf writes for the
/// whole <c>ModelProto</c>: fields in field-number order, each initializer's <c>raw_data</c> last.</para>
/// </remarks>
internal sealed class GraphBuilder
{
    /// <summary>
    /// Part of every <see cref="ShapeHash"/>: raise it when the weights a seed gives change without the graph changing
    /// (how random values are drawn or converted), so that cached models built by the old code are not reused.
    /// </summary>
    public const int WeightsVersion = 1;

    /// <summary>Floats generated and written per chunk while streaming a random weight.</summary>
    private const int ChunkElements = 1 << 16;

    /// <summary>Opset 17: LayerNormalization is standard; GELU is written with Erf.</summary>
    public const int OpsetVersion = 17;

    /// <summary>IR version 8 pairs with opset 17.</summary>
    public const int IrVersion = 8;

    private readonly GraphProto _graph;
    private readonly Random _random;
    private readonly int _seed;
    private readonly bool _emitWeights;
    private readonly List<Initializer> _initializers = [];
    private readonly IncrementalHash _initializerHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _counter;
    private Layout? _layout;
    private bool _written;

    public GraphBuilder(string name, Precision precision, int seed, bool emitWeights = true)
    {
        _graph = new GraphProto { Name = name };
        _random = new Random(seed);
        _seed = seed;
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

    /// <summary>
    /// The model's parameters: elements of weights and of non-scalar float constants (LayerNorm scales); scalar and
    /// integer constants (1/√d, shapes, axes) are not parameters.
    /// </summary>
    public long Parameters { get; private set; }

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
    /// <remarks>The values are drawn when the model is written (<see cref="WriteTo"/>), in declaration order.</remarks>
    public string Weight(string name, long[] dims, float scale)
    {
        var count = Count(dims);
        Parameters += count;
        var elementBytes = FloatType == OnnxDataType.Float16 ? 2L : 4L;
        ParameterBytes += count * elementBytes;
        if (_emitWeights)
        {
            Add(new Initializer(Header(name, FloatType, dims), count * elementBytes) { RandomCount = count, RandomScale = scale },
                $"random {count} x {scale.ToString("R", CultureInfo.InvariantCulture)}", []);
        }
        return name;
    }

    /// <summary>A weight in fp32 regardless of the model precision (used before int8 quantization), drawn now.</summary>
    public float[] RandomFloats(long[] dims, float scale)
    {
        if (!_emitWeights)
        {
            return new float[Count(dims)];
        }
        // Weights declared earlier draw first, as when every weight was drawn where it was declared.
        DrawPendingWeights();
        var values = new float[Count(dims)];
        FillRandom(values, scale);
        return values;
    }

    /// <summary>A named weight with given (trained) values, in the model's float type; counted as parameters.</summary>
    public string Trained(string name, long[] dims, float[] values)
    {
        ArgumentNullException.ThrowIfNull(dims);
        ArgumentNullException.ThrowIfNull(values);
        Parameters += Count(dims);
        return FloatInitializer(name, dims, values);
    }

    /// <summary>True when a node of the graph so far reads <paramref name="tensor"/>.</summary>
    public bool Consumes(string tensor) => _graph.Node.Any(n => n.Input.Contains(tensor));

    public string Constant(float[] values, params long[] dims)
    {
        Parameters += dims.Length > 0 ? Count(dims) : 0;
        return FloatInitializer(Fresh("const"), dims, values);
    }

    public string ConstantFloat32(float[] values, params long[] dims) =>
        AddInitializer(Fresh("const"), OnnxDataType.Float, dims, values.Length * 4L, () => MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public string ConstantInt64(long[] values, params long[] dims) =>
        AddInitializer(Fresh("const"), OnnxDataType.Int64, dims, values.Length * 8L, () => MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public string ConstantInt8(string name, sbyte[] values, params long[] dims) =>
        AddInitializer(name, OnnxDataType.Int8, dims, values.Length, () => MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public string ConstantUInt8(string name, byte[] values, params long[] dims) =>
        AddInitializer(name, OnnxDataType.UInt8, dims, values.Length, () => (byte[])values.Clone());

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

    /// <summary>
    /// SHA-256 (hex) of everything that decides the model's bytes: the graph (nodes, inputs, outputs, names), every
    /// initializer's name, type and shape, the values of constants, the scale of random weights, the seed and
    /// <see cref="WeightsVersion"/>. Two builds with the same hash write the same bytes. Computed without drawing
    /// a weight; the graph cannot grow afterwards.
    /// </summary>
    public string ShapeHash => Laid().ShapeHash;

    /// <summary>The exact length in bytes of what <see cref="WriteTo"/> writes.</summary>
    public long OnnxLength => Laid().Length;

    /// <summary>The serialized model in one array of its exact length.</summary>
    public byte[] ToBytes()
    {
        var length = OnnxLength;
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"{_graph.Name}: {length} bytes do not fit in one array; write the model to a file.");
        }
        var bytes = new byte[length];
        using var stream = new MemoryStream(bytes, writable: true);
        WriteTo(stream);
        return bytes;
    }

    /// <summary>
    /// Writes the serialized <c>ModelProto</c>, drawing random weights chunk by chunk as their initializers are written.
    /// Once only: drawing consumes the seeded random sequence.
    /// </summary>
    public void WriteTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var layout = Laid();
        if (_written)
        {
            throw new InvalidOperationException($"{_graph.Name}: the model was written already; its random weights are drawn once.");
        }
        _written = true;
        destination.Write(layout.ModelHead);
        WriteTag(destination, 7, layout.GraphLength);
        destination.Write(layout.GraphHead);
        foreach (var initializer in _initializers)
        {
            var header = initializer.Header.ToByteArray();
            var dataLength = initializer.DataBytes;
            WriteTag(destination, 5, TensorLength(header.Length, dataLength));
            destination.Write(header);
            if (dataLength > 0)
            {
                WriteTag(destination, 9, dataLength);
                WriteData(destination, initializer);
            }
        }
        destination.Write(layout.GraphTail);
        destination.Write(layout.ModelTail);
    }

    public string Fresh(string prefix) => $"{prefix}_{_counter++}";

    private string FloatInitializer(string name, long[] dims, float[] values)
    {
        var elementBytes = FloatType == OnnxDataType.Float16 ? 2L : 4L;
        return AddInitializer(name, FloatType, dims, Count(dims) * elementBytes, () => FloatType == OnnxDataType.Float16
            ? ToHalfBytes(values)
            : MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    private string AddInitializer(string name, OnnxDataType type, long[] dims, long bytes, Func<byte[]> data)
    {
        ParameterBytes += bytes;
        if (_emitWeights)
        {
            var values = data();
            Add(new Initializer(Header(name, type, dims), values.Length) { Data = values }, "data", values);
        }
        return name;
    }

    private void Add(Initializer initializer, string kind, ReadOnlySpan<byte> data)
    {
        if (_layout is not null)
        {
            throw new InvalidOperationException($"{_graph.Name}: the graph is complete (its hash was taken); nothing can be added.");
        }
        _initializers.Add(initializer);
        var header = initializer.Header.ToByteArray();
        _initializerHash.AppendData(BitConverter.GetBytes(header.Length));
        _initializerHash.AppendData(header);
        _initializerHash.AppendData(Encoding.UTF8.GetBytes(kind + "\n"));
        _initializerHash.AppendData(BitConverter.GetBytes(data.Length));
        _initializerHash.AppendData(data);
    }

    private static TensorProto Header(string name, OnnxDataType type, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    /// <summary>Draws the weights declared so far and keeps their bytes (before an eager draw, so the order of draws holds).</summary>
    private void DrawPendingWeights()
    {
        foreach (var initializer in _initializers.Where(i => i.Data is null && i.RandomCount > 0))
        {
            using var buffer = new MemoryStream((int)initializer.DataBytes);
            WriteRandom(buffer, initializer.RandomCount, initializer.RandomScale);
            initializer.Data = buffer.ToArray();
        }
    }

    private void WriteData(Stream destination, Initializer initializer)
    {
        if (initializer.Data is { } data)
        {
            destination.Write(data);
        }
        else
        {
            WriteRandom(destination, initializer.RandomCount, initializer.RandomScale);
        }
    }

    /// <summary>Draws <paramref name="count"/> values uniform in [-scale, scale] and writes them in the model's float type, a chunk at a time.</summary>
    private void WriteRandom(Stream destination, long count, float scale)
    {
        var floats = new float[(int)Math.Min(count, ChunkElements)];
        var halves = FloatType == OnnxDataType.Float16 ? new Half[floats.Length] : null;
        for (var done = 0L; done < count; done += floats.Length)
        {
            var chunk = floats.AsSpan(0, (int)Math.Min(floats.Length, count - done));
            FillRandom(chunk, scale);
            if (halves is null)
            {
                destination.Write(MemoryMarshal.AsBytes(chunk));
            }
            else
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    halves[i] = (Half)chunk[i];
                }
                destination.Write(MemoryMarshal.AsBytes(halves.AsSpan(0, chunk.Length)));
            }
        }
    }

    private void FillRandom(Span<float> values, float scale)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((_random.NextSingle() * 2f) - 1f) * scale;
        }
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

    /// <summary>
    /// The model's bytes around its initializers. Google.Protobuf writes fields in field-number order, so the
    /// <c>ModelProto</c> is its head (ir_version 1, producer 2-3), the graph (7), the opset (8); the <c>GraphProto</c> is
    /// nodes (1) and name (2), the initializers (5), inputs (11) and outputs (12).
    /// </summary>
    private Layout Laid()
    {
        if (_layout is { } laid)
        {
            return laid;
        }
        var modelHead = new ModelProto { IrVersion = IrVersion, ProducerName = "planner-bench", ProducerVersion = "1" }.ToByteArray();
        var modelTail = new ModelProto();
        modelTail.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        var graphHead = new GraphProto { Name = _graph.Name };
        graphHead.Node.AddRange(_graph.Node);
        var graphTail = new GraphProto();
        graphTail.Input.AddRange(_graph.Input);
        graphTail.Output.AddRange(_graph.Output);
        var layout = new Layout(modelHead, graphHead.ToByteArray(), graphTail.ToByteArray(), modelTail.ToByteArray());
        layout.GraphLength = layout.GraphHead.Length + layout.GraphTail.Length + _initializers.Sum(i =>
        {
            var tensor = TensorLength(i.Header.CalculateSize(), i.DataBytes);
            return 1 + VarintLength(tensor) + tensor;
        });
        layout.Length = layout.ModelHead.Length + 1 + VarintLength(layout.GraphLength) + layout.GraphLength + layout.ModelTail.Length;

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"planner-onnx weights v{WeightsVersion} seed {_seed}\n")));
        foreach (var part in new[] { layout.ModelHead, layout.GraphHead, layout.GraphTail, layout.ModelTail })
        {
            hash.AppendData(BitConverter.GetBytes(part.Length));
            hash.AppendData(part);
        }
        hash.AppendData(_initializerHash.GetCurrentHash());
        layout.ShapeHash = Convert.ToHexStringLower(hash.GetHashAndReset());
        _layout = layout;
        return layout;
    }

    private static long TensorLength(long headerLength, long dataLength) =>
        headerLength + (dataLength > 0 ? 1 + VarintLength(dataLength) + dataLength : 0);

    private static int VarintLength(long value)
    {
        var length = 1;
        for (var v = (ulong)value; v >= 0x80; v >>= 7)
        {
            length++;
        }
        return length;
    }

    /// <summary>A length-delimited field's tag and length (field numbers here are below 16: one tag byte).</summary>
    private static void WriteTag(Stream destination, int field, long length)
    {
        destination.WriteByte((byte)((field << 3) | 2));
        for (var v = (ulong)length; ; v >>= 7)
        {
            if (v < 0x80)
            {
                destination.WriteByte((byte)v);
                return;
            }
            destination.WriteByte((byte)((v & 0x7F) | 0x80));
        }
    }

    /// <summary>An initializer: its header (name, type, dims) and either its bytes or the random values it will draw.</summary>
    private sealed class Initializer(TensorProto header, long dataBytes)
    {
        public TensorProto Header { get; } = header;

        public long DataBytes { get; } = dataBytes;

        public byte[]? Data { get; set; }

        public long RandomCount { get; init; }

        public float RandomScale { get; init; }
    }

    private sealed class Layout(byte[] modelHead, byte[] graphHead, byte[] graphTail, byte[] modelTail)
    {
        public byte[] ModelHead { get; } = modelHead;

        public byte[] GraphHead { get; } = graphHead;

        public byte[] GraphTail { get; } = graphTail;

        public byte[] ModelTail { get; } = modelTail;

        public long GraphLength { get; set; }

        public long Length { get; set; }

        public string ShapeHash { get; set; } = "";
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
