using Planner.Benchmarks.Models;

namespace Planner.Benchmarks.Onnx;

/// <summary>
/// A tensor of a <see cref="DifferentiableGraph"/>: its name in the graph, its shape (<see cref="DifferentiableGraph.Batch"/>
/// for the symbolic batch axis) and whether the loss's gradient flows to it (parameters and what is computed from them).
/// </summary>
internal sealed record DiffValue(string Name, long[] Shape, bool NeedsGradient);

/// <summary>
/// Reverse-mode differentiation on top of <see cref="GraphBuilder"/>: a model is written once as its forward pass with
/// the operators below, each of which records the ONNX nodes of its gradient (docs/methodology.md, "Gradients of the
/// training graph"); <see cref="BuildTrainingGraph"/> then appends the softmax cross-entropy loss, walks the record
/// backwards emitting the gradient nodes, and the SGD update of every parameter, so that one ONNX Runtime Run is one
/// training step. Parameters are graph inputs and their updated values outputs. The same forward pass is also emitted
/// alone (logits out), which evaluation runs with the current parameters.
/// </summary>
/// <remarks>
/// Supported: Gemm and MatMul (2-D), Conv (1-D and 2-D, one group, square kernel, equal stride and padding per axis),
/// non-overlapping AveragePool, Relu, Sigmoid, Tanh, Add and Mul (with broadcasting), Flatten, Reshape (keeping the
/// batch axis), Slice and Concat on one axis. Not supported (docs/decisions/043-reverse-mode-training-graphs.md):
/// MaxPool, BatchNormalization in training mode, grouped or dilated convolutions.
/// </remarks>
internal sealed class DifferentiableGraph
{
    /// <summary>The batch axis in a <see cref="DiffValue.Shape"/>: symbolic in the graph ("batch").</summary>
    public const long Batch = -1;

    private readonly GraphBuilder _g;
    private readonly List<(DiffValue Output, Action<string> Backward)> _tape = [];
    private readonly Dictionary<string, string> _gradients = [];
    private readonly List<TrainingParameterShape> _parameters = [];
    private DiffValue? _input;

    /// <summary>Inference mode: the trained values of the parameters, which become initializers instead of inputs.</summary>
    private readonly IReadOnlyDictionary<string, float[]>? _trained;
    private readonly Dictionary<string, TrainingParameter> _fixed = [];
    private readonly Dictionary<string, QuantizedWeight> _quantized = [];

    private DifferentiableGraph(string name, Precision precision = Precision.Fp32, IReadOnlyDictionary<string, float[]>? trained = null)
    {
        _g = new GraphBuilder(name, precision, ReferenceModel.DefaultSeed);
        _trained = trained;
    }

    /// <summary>
    /// The training step of the model whose forward pass <paramref name="logitsOf"/> writes (it declares the input and the
    /// parameters and returns [batch, classes] logits), and its forward pass alone. Called twice: once per graph.
    /// </summary>
    public static TrainingGraph BuildTrainingGraph(string model, string preset, Func<DifferentiableGraph, DiffValue> logitsOf)
    {
        ArgumentNullException.ThrowIfNull(logitsOf);
        var training = new DifferentiableGraph($"{model}-{preset}-train");
        var logits = logitsOf(training);
        var input = training._input ?? throw new InvalidOperationException($"{model}: the forward pass declares no input.");
        if (logits.Shape.Length != 2 || logits.Shape[0] != Batch)
        {
            throw new InvalidOperationException($"{model}: the logits must be [batch, classes], got [{string.Join(", ", logits.Shape)}].");
        }
        training.EmitTrainingStep(logits);

        var forward = new DifferentiableGraph($"{model}-{preset}-forward");
        var forwardLogits = logitsOf(forward);
        forward._g.Output(forwardLogits.Name, TrainingGraph.Logits, OnnxDataType.Float, "batch", forwardLogits.Shape[1]);
        return new TrainingGraph(model, preset, training._g.ToBytes(), forward._g.ToBytes(), input.Shape[1..], (int)logits.Shape[1],
            training._parameters, training._g.Flops);
    }

    /// <summary>
    /// The model whose forward pass <paramref name="logitsOf"/> writes, for inference with <paramref name="trained"/>
    /// parameters (the values a training step ended with) as initializers, logits out: at fp32 as trained, or at int8, where
    /// every Gemm, MatMul and Conv whose weight is a parameter runs on that weight quantized by <see cref="Quantization"/>
    /// (the path of the reference models' int8 forms). Parameters no node reads (a quantized weight's float values) are
    /// left out.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A precision other than fp32 or int8.</exception>
    /// <exception cref="ArgumentException">A parameter's values are missing or of the wrong size.</exception>
    public static InferenceGraph BuildInferenceGraph(string model, string preset, Precision precision, IReadOnlyList<TrainingParameter> trained,
        Func<DifferentiableGraph, DiffValue> logitsOf)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(logitsOf);
        if (precision is not (Precision.Fp32 or Precision.Int8))
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "a trained model runs at fp32 or int8");
        }
        var graph = new DifferentiableGraph($"{model}-{preset}-{precision.ToName()}", precision, trained.ToDictionary(p => p.Name, p => p.Values));
        var logits = logitsOf(graph);
        var input = graph._input ?? throw new InvalidOperationException($"{model}: the forward pass declares no input.");
        foreach (var parameter in graph._fixed.Values.Where(p => graph._g.Consumes(p.Name)))
        {
            graph._g.Trained(parameter.Name, parameter.Dims, parameter.Values);
        }
        graph._g.Output(logits.Name, TrainingGraph.Logits, OnnxDataType.Float, "batch", logits.Shape[1]);
        return new InferenceGraph(graph._g.ToBytes(), graph._g.ShapeHash, input.Shape[1..], (int)logits.Shape[1], graph._g.Flops,
            graph._parameters.Sum(p => p.Dims.Aggregate(1L, (n, d) => n * d)), graph._g.ParameterBytes);
    }

    /// <summary>The data input, [batch, ..<paramref name="sampleShape"/>]; no gradient flows to it.</summary>
    public DiffValue Input(params long[] sampleShape)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (_input is not null)
        {
            throw new InvalidOperationException("the graph has one data input");
        }
        _g.Input(TrainingGraph.Input, OnnxDataType.Float, ["batch", .. sampleShape.Select(d => (object)d)]);
        _input = new DiffValue(TrainingGraph.Input, [Batch, .. sampleShape], false);
        return _input;
    }

    /// <summary>
    /// A trained parameter: a graph input, with its update an output. Initialized uniform in ±√(3/<paramref name="fanIn"/>)
    /// (variance 1/fan-in), or zeros when <paramref name="fanIn"/> is 0 (biases).
    /// </summary>
    public DiffValue Parameter(string name, long[] dims, long fanIn)
    {
        ArgumentNullException.ThrowIfNull(dims);
        _parameters.Add(new TrainingParameterShape(name, dims, fanIn));
        if (_trained is not null)
        {
            if (!_trained.TryGetValue(name, out var values) || values.Length != Elements(dims))
            {
                throw new ArgumentException($"parameter {name} [{string.Join(", ", dims)}] needs {Elements(dims)} trained values, got {(values is null ? "none" : values.Length)}");
            }
            // Written as an initializer once the graph is complete, if a node reads it.
            _fixed[name] = new TrainingParameter(name, dims, values);
            return new DiffValue(name, dims, false);
        }
        _g.Input(name, OnnxDataType.Float, [.. dims.Select(d => (object)d)]);
        return new DiffValue(name, dims, true);
    }

    /// <summary>y = a·w (+ bias), a [batch, k], w [k, n], bias [n]. dA = dY·wᵀ, dW = aᵀ·dY, dBias = Σ_batch dY.</summary>
    public DiffValue Gemm(DiffValue a, DiffValue w, DiffValue? bias = null)
    {
        var (k, n) = MatrixShape(a, w);
        _g.AddFlops(2.0 * k * n);
        var y = Quantized(w, Quantization.Int8) is { } q
            ? WithBias(Quantization.Product(_g, a.Name, q, "MatMulInteger"), bias?.Name)
            : _g.Node("Gemm", bias is null ? [a.Name, w.Name] : [a.Name, w.Name, bias.Name]);
        return Record(y, [a.Shape[0], n], bias is null ? [a, w] : [a, w, bias], dy => MatrixBackward(a, w, bias, k, n, dy));
    }

    /// <summary>y = a·w for a [batch, k], w [k, n]; the gradients as <see cref="Gemm"/>'s.</summary>
    public DiffValue MatMul(DiffValue a, DiffValue w)
    {
        var (k, n) = MatrixShape(a, w);
        _g.AddFlops(2.0 * k * n);
        var y = Quantized(w, Quantization.Int8) is { } q ? Quantization.Product(_g, a.Name, q, "MatMulInteger") : _g.Node("MatMul", [a.Name, w.Name]);
        return Record(y, [a.Shape[0], n], [a, w], dy => MatrixBackward(a, w, null, k, n, dy));
    }

    /// <summary>
    /// Convolution over x [batch, c, length] (1-D) or [batch, c, h, w] (2-D) with w [out, c, k(, k)] and bias [out].
    /// dBias = dY summed over batch and positions; dW = the correlation of x with dY (batch as channels, dilated by
    /// the stride, cut to the kernel); dX = the transposed convolution of dY with w (output padding restoring x's size).
    /// </summary>
    public DiffValue Conv(DiffValue x, DiffValue w, DiffValue bias, long stride, long pad)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(bias);
        var spatial = x.Shape.Length - 2;
        if (spatial is not (1 or 2) || w.Shape.Length != x.Shape.Length || w.Shape[1] != x.Shape[1] || bias.Shape.Length != 1 || bias.Shape[0] != w.Shape[0]
            || w.Shape[2..].Any(d => d != w.Shape[2]) || stride < 1 || pad < 0)
        {
            throw new ArgumentException($"Conv: x [{string.Join(", ", x.Shape)}], w [{string.Join(", ", w.Shape)}], bias [{string.Join(", ", bias.Shape)}], stride {stride}, pad {pad} do not fit");
        }
        var kernel = w.Shape[2];
        var inSizes = x.Shape[2..];
        var outSizes = inSizes.Select(s => ((s + (2 * pad) - kernel) / stride) + 1).ToArray();
        if (outSizes.Any(s => s < 1))
        {
            throw new ArgumentException($"Conv: a kernel of {kernel} does not fit an input of {string.Join("x", inSizes)} with padding {pad}");
        }
        var macs = w.Shape[0] * w.Shape[1] * (double)Math.Pow(kernel, spatial) * outSizes.Aggregate(1L, (p, s) => p * s);
        _g.AddFlops(2.0 * macs);
        var strides = Attr.Ints("strides", Repeat(stride, spatial));
        var pads = Attr.Ints("pads", Repeat(pad, 2 * spatial));
        var y = Quantized(w, Quantization.UInt8Around128) is { } q
            ? WithBias(Quantization.Product(_g, x.Name, q, "ConvInteger", strides, pads),
                _g.Node("Reshape", [bias.Name, _g.ConstantInt64([w.Shape[0], .. Repeat(1, spatial)], 1 + spatial)]))
            : _g.Node("Conv", [x.Name, w.Name, bias.Name], null, strides, pads);
        var spatialAxes = Enumerable.Range(2, spatial).Select(a => (long)a).ToArray();
        return Record(y, [x.Shape[0], w.Shape[0], .. outSizes], [x, w, bias], dy =>
        {
            if (bias.NeedsGradient)
            {
                Accumulate(bias, ReduceSum(dy, [0, .. spatialAxes], keepDims: false));
            }
            if (w.NeedsGradient)
            {
                _g.AddFlops(2.0 * macs);
                long[] swap = [1, 0, .. spatialAxes];
                var xByChannel = _g.Node("Transpose", [x.Name], null, Attr.Ints("perm", swap));
                var dyByChannel = _g.Node("Transpose", [dy], null, Attr.Ints("perm", swap));
                var correlation = _g.Node("Conv", [xByChannel, dyByChannel], null, pads, Attr.Ints("dilations", Repeat(stride, spatial)));
                // Its size is in + 2·pad − stride·(out − 1) ≥ kernel; positions past the kernel read only padding the
                // forward pass never reached, so they are cut off.
                if (inSizes.Select((s, i) => s + (2 * pad) - (stride * (outSizes[i] - 1))).Any(s => s != kernel))
                {
                    correlation = _g.Node("Slice", [correlation, _g.ConstantInt64(Repeat(0, spatial), spatial),
                        _g.ConstantInt64(Repeat(kernel, spatial), spatial), _g.ConstantInt64(spatialAxes, spatial)]);
                }
                Accumulate(w, _g.Node("Transpose", [correlation], null, Attr.Ints("perm", swap)));
            }
            if (x.NeedsGradient)
            {
                _g.AddFlops(2.0 * macs);
                var outputPadding = inSizes.Select(s => (s + (2 * pad) - kernel) % stride).ToArray();
                Accumulate(x, _g.Node("ConvTranspose", [dy, w.Name], null, strides, pads, Attr.Ints("output_padding", outputPadding)));
            }
        });
    }

    /// <summary>
    /// Non-overlapping average pooling (window = stride = <paramref name="size"/>) over the spatial axes of a 1-D or 2-D
    /// activation, whose sizes <paramref name="size"/> divides. dX = each window's dY / size^d, repeated over the window.
    /// </summary>
    public DiffValue AveragePool(DiffValue x, long size)
    {
        ArgumentNullException.ThrowIfNull(x);
        var spatial = x.Shape.Length - 2;
        var inSizes = x.Shape[2..];
        if (spatial is not (1 or 2) || size < 1 || inSizes.Any(s => s % size != 0))
        {
            throw new ArgumentException($"AveragePool: a window of {size} does not tile [{string.Join(", ", x.Shape)}]");
        }
        var outSizes = inSizes.Select(s => s / size).ToArray();
        var window = Repeat(size, spatial);
        var y = _g.Node("AveragePool", [x.Name], null, Attr.Ints("kernel_shape", window), Attr.Ints("strides", window));
        return Record(y, [x.Shape[0], x.Shape[1], .. outSizes], [x], dy =>
        {
            // [b, c, o1, o2] -> [b, c, o1, 1, o2, 1] -> repeated [b, c, o1, size, o2, size] -> [b, c, o1·size, o2·size].
            long[] split = [0, 0, .. outSizes.SelectMany(o => new[] { o, 1L })];
            long[] repeat = [1, 1, .. outSizes.SelectMany(_ => new[] { 1L, size })];
            var expanded = _g.Node("Expand", [_g.Node("Reshape", [dy, _g.ConstantInt64(split, split.Length)]), _g.ConstantInt64(repeat, repeat.Length)]);
            var back = _g.Node("Reshape", [expanded, _g.ConstantInt64([0, 0, .. inSizes], 2 + spatial)]);
            Accumulate(x, _g.Node("Mul", [back, _g.Constant([1f / (float)Math.Pow(size, spatial)])]));
        });
    }

    /// <summary>max(x, 0); dX = dY where x &gt; 0, else 0.</summary>
    public DiffValue Relu(DiffValue x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = _g.Node("Relu", [x.Name]);
        return Record(y, x.Shape, [x], dy =>
        {
            var mask = _g.Node("Cast", [_g.Node("Greater", [x.Name, _g.Constant([0f])])], null, Attr.Int("to", (long)OnnxDataType.Float));
            Accumulate(x, _g.Node("Mul", [dy, mask]));
        });
    }

    /// <summary>y = 1 / (1 + e^−x); dX = dY · y · (1 − y).</summary>
    public DiffValue Sigmoid(DiffValue x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = _g.Node("Sigmoid", [x.Name]);
        return Record(y, x.Shape, [x], dy =>
            Accumulate(x, _g.Node("Mul", [dy, _g.Node("Mul", [y, _g.Node("Sub", [_g.Constant([1f]), y])])])));
    }

    /// <summary>y = tanh x; dX = dY · (1 − y²).</summary>
    public DiffValue Tanh(DiffValue x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = _g.Node("Tanh", [x.Name]);
        return Record(y, x.Shape, [x], dy =>
            Accumulate(x, _g.Node("Mul", [dy, _g.Node("Sub", [_g.Constant([1f]), _g.Node("Mul", [y, y])])])));
    }

    /// <summary>a + b with broadcasting; each operand's gradient is dY summed over the axes it was broadcast along.</summary>
    public DiffValue Add(DiffValue a, DiffValue b) => Elementwise("Add", a, b, (dy, _) => dy);

    /// <summary>a · b element-wise with broadcasting; dA = dY · b and dB = dY · a, each summed over its broadcast axes.</summary>
    public DiffValue Mul(DiffValue a, DiffValue b) => Elementwise("Mul", a, b, (dy, other) => _g.Node("Mul", [dy, other.Name]));

    /// <summary>[batch, ...] to [batch, product of the rest]; dX = dY reshaped back.</summary>
    public DiffValue Flatten(DiffValue x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = _g.Node("Flatten", [x.Name], null, Attr.Int("axis", 1));
        return Record(y, [x.Shape[0], Elements(x.Shape[1..])], [x], dy => Accumulate(x, ReshapeLike(dy, x)));
    }

    /// <summary>Keeps the batch axis and reshapes the rest to <paramref name="sampleShape"/>; dX = dY reshaped back.</summary>
    public DiffValue Reshape(DiffValue x, params long[] sampleShape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (Elements(sampleShape) != Elements(x.Shape[1..]))
        {
            throw new ArgumentException($"Reshape: [{string.Join(", ", x.Shape[1..])}] has {Elements(x.Shape[1..])} elements a sample, [{string.Join(", ", sampleShape)}] {Elements(sampleShape)}");
        }
        var y = _g.Node("Reshape", [x.Name, _g.ConstantInt64([0, .. sampleShape], sampleShape.Length + 1)]);
        return Record(y, [x.Shape[0], .. sampleShape], [x], dy => Accumulate(x, ReshapeLike(dy, x)));
    }

    /// <summary>Positions [start, end) of one non-batch axis; dX = dY padded with zeros back to x's size.</summary>
    public DiffValue Slice(DiffValue x, int axis, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (axis < 1 || axis >= x.Shape.Length || start < 0 || end <= start || end > x.Shape[axis])
        {
            throw new ArgumentException($"Slice: [{start}, {end}) of axis {axis} is outside [{string.Join(", ", x.Shape)}]");
        }
        var rank = x.Shape.Length;
        var y = SliceNode(x.Name, axis, start, end);
        var shape = (long[])x.Shape.Clone();
        shape[axis] = end - start;
        return Record(y, shape, [x], dy =>
        {
            var pads = new long[2 * rank];
            pads[axis] = start;
            pads[rank + axis] = x.Shape[axis] - end;
            Accumulate(x, _g.Node("Pad", [dy, _g.ConstantInt64(pads, pads.Length)]));
        });
    }

    /// <summary>The parts joined along one non-batch axis; each part's gradient is its slice of dY.</summary>
    public DiffValue Concat(int axis, params DiffValue[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0 || axis < 1 || parts.Any(p => p.Shape.Length != parts[0].Shape.Length || axis >= p.Shape.Length
            || p.Shape.Where((d, i) => i != axis && d != parts[0].Shape[i]).Any()))
        {
            throw new ArgumentException($"Concat: the parts do not join along axis {axis}");
        }
        var y = _g.Node("Concat", [.. parts.Select(p => p.Name)], null, Attr.Int("axis", axis));
        var shape = (long[])parts[0].Shape.Clone();
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        return Record(y, shape, parts, dy =>
        {
            var offset = 0L;
            foreach (var part in parts)
            {
                if (part.NeedsGradient)
                {
                    Accumulate(part, SliceNode(dy, axis, offset, offset + part.Shape[axis]));
                }
                offset += part.Shape[axis];
            }
        });
    }

    /// <summary>
    /// Softmax cross-entropy against one-hot labels, averaged over the batch; its gradient with respect to the logits,
    /// (softmax − labels) / batch, seeds the backward pass, which runs the record in reverse; then every parameter's
    /// SGD update p − learningRate · dL/dp.
    /// </summary>
    private void EmitTrainingStep(DiffValue logits)
    {
        var classes = logits.Shape[1];
        _g.Input(TrainingGraph.Labels, OnnxDataType.Float, "batch", classes);
        _g.Input(TrainingGraph.LearningRate, OnnxDataType.Float);
        var logProbabilities = _g.Node("LogSoftmax", [logits.Name], null, Attr.Int("axis", 1));
        var perRow = _g.Node("ReduceSum", [_g.Node("Mul", [TrainingGraph.Labels, logProbabilities]), _g.ConstantInt64([1], 1)], null, Attr.Int("keepdims", 0));
        _g.Node("Neg", [_g.Node("ReduceMean", [perRow], null, Attr.Ints("axes", 0), Attr.Int("keepdims", 0))], TrainingGraph.Loss);

        var batch = _g.Node("Cast", [Layers.DimOf(_g, TrainingGraph.Input, 0)], null, Attr.Int("to", (long)OnnxDataType.Float));
        _gradients[logits.Name] = _g.Node("Div", [_g.Node("Sub", [_g.Node("Exp", [logProbabilities]), TrainingGraph.Labels]), batch]);
        // The record is in forward (topological) order, so walking it backwards reaches an op only after every
        // consumer of its output has added its share to that output's gradient.
        for (var i = _tape.Count - 1; i >= 0; i--)
        {
            if (_gradients.TryGetValue(_tape[i].Output.Name, out var gradient))
            {
                _tape[i].Backward(gradient);
            }
        }

        _g.Output(TrainingGraph.Loss, TrainingGraph.Loss, OnnxDataType.Float);
        foreach (var parameter in _parameters)
        {
            if (!_gradients.TryGetValue(parameter.Name, out var gradient))
            {
                throw new InvalidOperationException($"parameter {parameter.Name} does not reach the loss");
            }
            var updated = TrainingGraph.UpdatedName(parameter.Name);
            _g.Node("Sub", [parameter.Name, _g.Node("Mul", [TrainingGraph.LearningRate, gradient])], updated);
            _g.Output(updated, updated, OnnxDataType.Float, [.. parameter.Dims.Select(d => (object)d)]);
        }
    }

    /// <summary>
    /// At int8 in inference mode, a parameter used as a weight, quantized once however often it is used (the LSTM's
    /// recurrent weight at every step); otherwise null, and the weight is used as it is.
    /// </summary>
    private QuantizedWeight? Quantized(DiffValue weight, Func<GraphBuilder, string, float[], long[], QuantizedWeight> quantize)
    {
        if (_g.Precision != Precision.Int8 || !_fixed.TryGetValue(weight.Name, out var parameter))
        {
            return null;
        }
        if (!_quantized.TryGetValue(weight.Name, out var quantized))
        {
            quantized = quantize(_g, weight.Name, parameter.Values, parameter.Dims);
            _quantized[weight.Name] = quantized;
        }
        return quantized;
    }

    private string WithBias(string y, string? bias) => bias is null ? y : _g.Node("Add", [y, bias]);

    /// <summary>A broadcasting binary op; <paramref name="local"/> gives one operand's gradient from dY and the other operand.</summary>
    private DiffValue Elementwise(string op, DiffValue a, DiffValue b, Func<string, DiffValue, string> local)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = Broadcast(a.Shape, b.Shape);
        var y = _g.Node(op, [a.Name, b.Name]);
        return Record(y, shape, [a, b], dy =>
        {
            if (a.NeedsGradient)
            {
                Accumulate(a, Unbroadcast(local(dy, b), shape, a));
            }
            if (b.NeedsGradient)
            {
                Accumulate(b, Unbroadcast(local(dy, a), shape, b));
            }
        });
    }

    private DiffValue Record(string output, long[] shape, DiffValue[] inputs, Action<string> backward)
    {
        var value = new DiffValue(output, shape, inputs.Any(i => i.NeedsGradient));
        if (value.NeedsGradient)
        {
            _tape.Add((value, backward));
        }
        return value;
    }

    /// <summary>Adds a contribution to a value's gradient (a value used twice gets the sum of both).</summary>
    private void Accumulate(DiffValue x, string gradient) =>
        _gradients[x.Name] = _gradients.TryGetValue(x.Name, out var sum) ? _g.Node("Add", [sum, gradient]) : gradient;

    private void MatrixBackward(DiffValue a, DiffValue w, DiffValue? bias, long k, long n, string dy)
    {
        if (w.NeedsGradient)
        {
            _g.AddFlops(2.0 * k * n);
            Accumulate(w, _g.Node("Gemm", [a.Name, dy], null, Attr.Int("transA", 1)));
        }
        if (bias is { NeedsGradient: true })
        {
            Accumulate(bias, ReduceSum(dy, [0], keepDims: false));
        }
        if (a.NeedsGradient)
        {
            _g.AddFlops(2.0 * k * n);
            Accumulate(a, _g.Node("Gemm", [dy, w.Name], null, Attr.Int("transB", 1)));
        }
    }

    private static (long K, long N) MatrixShape(DiffValue a, DiffValue w)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(w);
        if (a.Shape.Length != 2 || w.Shape.Length != 2 || a.Shape[1] != w.Shape[0])
        {
            throw new ArgumentException($"a [{string.Join(", ", a.Shape)}] and w [{string.Join(", ", w.Shape)}] do not multiply");
        }
        return (w.Shape[0], w.Shape[1]);
    }

    /// <summary>dY summed over the axes along which <paramref name="to"/> was broadcast to <paramref name="shape"/>.</summary>
    private string Unbroadcast(string gradient, long[] shape, DiffValue to)
    {
        var extra = shape.Length - to.Shape.Length;
        var axes = Enumerable.Range(0, shape.Length).Where(i => i < extra || (to.Shape[i - extra] == 1 && shape[i] != 1)).Select(i => (long)i).ToArray();
        if (axes.Length == 0)
        {
            return gradient;
        }
        var summed = ReduceSum(gradient, axes, keepDims: true);
        return extra == 0 ? summed : ReshapeLike(summed, to);
    }

    private static long[] Broadcast(long[] a, long[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var x = i >= rank - a.Length ? a[i - (rank - a.Length)] : 1;
            var y = i >= rank - b.Length ? b[i - (rank - b.Length)] : 1;
            shape[i] = x == y || y == 1 ? x : x == 1 ? y
                : throw new ArgumentException($"[{string.Join(", ", a)}] and [{string.Join(", ", b)}] do not broadcast");
        }
        return shape;
    }

    private string ReduceSum(string x, long[] axes, bool keepDims) =>
        _g.Node("ReduceSum", [x, _g.ConstantInt64(axes, axes.Length)], null, Attr.Int("keepdims", keepDims ? 1 : 0));

    private string ReshapeLike(string x, DiffValue like) => _g.Node("Reshape", [x, _g.Node("Shape", [like.Name])]);

    private string SliceNode(string x, int axis, long start, long end) =>
        _g.Node("Slice", [x, _g.ConstantInt64([start], 1), _g.ConstantInt64([end], 1), _g.ConstantInt64([axis], 1)]);

    private static long[] Repeat(long value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static long Elements(long[] dims) => dims.Aggregate(1L, (p, d) => p * d);
}
