namespace Planner.Benchmarks.Models;

/// <summary>A parameter tensor of a training graph with its initial (seeded) values.</summary>
public sealed record TrainingParameter(string Name, long[] Dims, float[] Values);

/// <summary>A parameter's shape and how it starts: uniform in ±√(3/fan-in) (variance 1/fan-in), or zeros for fan-in 0.</summary>
public sealed record TrainingParameterShape(string Name, long[] Dims, long FanIn);

/// <summary>
/// One SGD step of a model serialized as ONNX (forward, softmax cross-entropy, backward and update in one graph; the
/// parameters are inputs and their updated values outputs), the model's forward pass alone (<see cref="ForwardBytes"/>,
/// logits out, for evaluation), the shape of one sample, the classes, the parameters in declaration order and the
/// operations per sample (forward + backward).
/// </summary>
public sealed record TrainingGraph(
    string Model,
    string Preset,
    byte[] OnnxBytes,
    byte[] ForwardBytes,
    IReadOnlyList<long> SampleShape,
    int Classes,
    IReadOnlyList<TrainingParameterShape> Parameters,
    double FlopsPerSample)
{
    public const string Input = "input";
    public const string Labels = "labels";
    public const string LearningRate = "learning_rate";
    public const string Loss = "loss";
    public const string Logits = "logits";

    /// <summary>The dense layers' widths, input first, for an MLP; empty for other models.</summary>
    public IReadOnlyList<long> LayerSizes { get; init; } = [];

    /// <summary>Values in one sample (the product of <see cref="SampleShape"/>).</summary>
    public long SampleElements => SampleShape.Aggregate(1L, (p, d) => p * d);

    public static string UpdatedName(string parameter) => parameter + ".updated";

    /// <summary>Seeded initial values, drawn in declaration order from one random sequence; zero-initialized parameters draw nothing.</summary>
    public IReadOnlyList<TrainingParameter> InitialParameters(int seed)
    {
        var random = new Random(seed);
        var parameters = new List<TrainingParameter>();
        foreach (var shape in Parameters)
        {
            var values = new float[shape.Dims.Aggregate(1L, (p, d) => p * d)];
            if (shape.FanIn > 0)
            {
                var scale = MathF.Sqrt(3f / shape.FanIn);
                for (var j = 0; j < values.Length; j++)
                {
                    values[j] = ((random.NextSingle() * 2f) - 1f) * scale;
                }
            }
            parameters.Add(new(shape.Name, shape.Dims, values));
        }
        return parameters;
    }
}

/// <summary>
/// A trained model serialized for inference (<see cref="Onnx.DifferentiableGraph.BuildInferenceGraph"/>): the ONNX bytes
/// (input <c>input</c> [batch, ..sample], output <c>logits</c> [batch, classes]), their shape hash, the forward
/// operations per sample, the parameters (elements, whatever the precision) and the bytes of the initializers.
/// </summary>
public sealed record InferenceGraph(byte[] OnnxBytes, string ShapeHash, IReadOnlyList<long> SampleShape, int Classes, double FlopsPerSample,
    long Parameters, long ParameterBytes);
