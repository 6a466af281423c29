using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>A parameter tensor of the MLP training graph with its initial (seeded) values.</summary>
public sealed record TrainingParameter(string Name, long[] Dims, float[] Values);

/// <summary>The MLP training graph serialized as ONNX, and its operations per sample (forward + backward).</summary>
public sealed record TrainingGraph(string Preset, byte[] OnnxBytes, IReadOnlyList<long> LayerSizes, double FlopsPerSample)
{
    public const string Input = "input";
    public const string Labels = "labels";
    public const string LearningRate = "learning_rate";
    public const string Loss = "loss";

    public static string UpdatedName(string parameter) => parameter + ".updated";

    public static IReadOnlyList<string> ParameterNames(IReadOnlyList<long> sizes) =>
        Enumerable.Range(0, sizes.Count - 1).SelectMany(i => new[] { $"fc{i}.weight", $"fc{i}.bias" }).ToArray();
}

/// <summary>
/// Emits one SGD step of the <c>mlp</c> family as a single ONNX graph: forward pass, softmax
/// cross-entropy, hand-written backward pass and the update. Parameters are inputs and their
/// updated values outputs, so one Run call is one training step.
/// </summary>
public static class MlpTrainingGraph
{
    public static TrainingGraph Build(string preset) => Build(preset, MlpModel.LayerSizes(preset));

    /// <summary>
    /// The training graph of an MLP with the given layer widths (input first); <paramref name="preset"/> names it in
    /// results (a dataset's name for the classifiers trained on a manufacturing dataset).
    /// </summary>
    public static TrainingGraph Build(string preset, IReadOnlyList<long> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var g = new GraphBuilder($"mlp-{preset}-train", Precision.Fp32, ReferenceModel.DefaultSeed);
        var layers = sizes.Count - 1;
        g.Input(TrainingGraph.Input, OnnxDataType.Float, "batch", sizes[0]);
        g.Input(TrainingGraph.Labels, OnnxDataType.Float, "batch", sizes[^1]);
        g.Input(TrainingGraph.LearningRate, OnnxDataType.Float);
        for (var i = 0; i < layers; i++)
        {
            g.Input($"fc{i}.weight", OnnxDataType.Float, sizes[i], sizes[i + 1]);
            g.Input($"fc{i}.bias", OnnxDataType.Float, sizes[i + 1]);
        }

        // Forward: activations[i] feeds layer i; preActivations[i] is its output before ReLU.
        var activations = new List<string> { TrainingGraph.Input };
        var preActivations = new List<string>();
        for (var i = 0; i < layers; i++)
        {
            g.AddFlops(2.0 * sizes[i] * sizes[i + 1]);
            var z = g.Node("Gemm", [activations[i], $"fc{i}.weight", $"fc{i}.bias"]);
            preActivations.Add(z);
            activations.Add(i + 1 < layers ? g.Node("Relu", [z]) : z);
        }
        var logProbabilities = g.Node("LogSoftmax", [preActivations[^1]], null, Attr.Int("axis", 1));
        var perRow = g.Node("ReduceSum", [g.Node("Mul", [TrainingGraph.Labels, logProbabilities]), g.ConstantInt64([1], 1)], null, Attr.Int("keepdims", 0));
        g.Node("Neg", [g.Node("ReduceMean", [perRow], null, Attr.Ints("axes", 0), Attr.Int("keepdims", 0))], TrainingGraph.Loss);

        // Backward: d(loss)/d(logits) = (softmax - labels) / batch.
        var batch = g.Node("Cast", [Layers.DimOf(g, TrainingGraph.Input, 0)], null, Attr.Int("to", (long)OnnxDataType.Float));
        var gradient = g.Node("Div", [g.Node("Sub", [g.Node("Exp", [logProbabilities]), TrainingGraph.Labels]), batch]);
        for (var i = layers - 1; i >= 0; i--)
        {
            g.AddFlops(2.0 * sizes[i] * sizes[i + 1]);
            var weightGradient = g.Node("Gemm", [activations[i], gradient], null, Attr.Int("transA", 1));
            var biasGradient = g.Node("ReduceSum", [gradient, g.ConstantInt64([0], 1)], null, Attr.Int("keepdims", 0));
            if (i > 0)
            {
                g.AddFlops(2.0 * sizes[i] * sizes[i + 1]);
                var upstream = g.Node("Gemm", [gradient, $"fc{i}.weight"], null, Attr.Int("transB", 1));
                var reluMask = g.Node("Cast", [g.Node("Greater", [preActivations[i - 1], g.Constant([0f])])], null, Attr.Int("to", (long)OnnxDataType.Float));
                gradient = g.Node("Mul", [upstream, reluMask]);
            }
            Update(g, $"fc{i}.weight", weightGradient);
            Update(g, $"fc{i}.bias", biasGradient);
        }
        g.Output(TrainingGraph.Loss, TrainingGraph.Loss, OnnxDataType.Float);
        foreach (var name in TrainingGraph.ParameterNames(sizes))
        {
            var dims = name.EndsWith(".weight", StringComparison.Ordinal)
                ? new object[] { sizes[LayerIndex(name)], sizes[LayerIndex(name) + 1] }
                : [sizes[LayerIndex(name) + 1]];
            g.Output(TrainingGraph.UpdatedName(name), TrainingGraph.UpdatedName(name), OnnxDataType.Float, dims);
        }
        return new TrainingGraph(preset, g.ToBytes(), sizes, g.Flops);
    }

    /// <summary>Seeded initial weights (uniform, variance 1/fan-in) and zero biases.</summary>
    public static IReadOnlyList<TrainingParameter> InitialParameters(IReadOnlyList<long> sizes, int seed)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var random = new Random(seed);
        var parameters = new List<TrainingParameter>();
        for (var i = 0; i + 1 < sizes.Count; i++)
        {
            var scale = MathF.Sqrt(3f / sizes[i]);
            var weights = new float[sizes[i] * sizes[i + 1]];
            for (var j = 0; j < weights.Length; j++)
            {
                weights[j] = ((random.NextSingle() * 2f) - 1f) * scale;
            }
            parameters.Add(new($"fc{i}.weight", [sizes[i], sizes[i + 1]], weights));
            parameters.Add(new($"fc{i}.bias", [sizes[i + 1]], new float[sizes[i + 1]]));
        }
        return parameters;
    }

    private static void Update(GraphBuilder g, string parameter, string gradient) =>
        g.Node("Sub", [parameter, g.Node("Mul", [TrainingGraph.LearningRate, gradient])], TrainingGraph.UpdatedName(parameter));

    private static int LayerIndex(string parameter) =>
        int.Parse(parameter.AsSpan(2, parameter.IndexOf('.', StringComparison.Ordinal) - 2), System.Globalization.CultureInfo.InvariantCulture);
}
