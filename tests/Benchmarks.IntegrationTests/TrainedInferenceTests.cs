using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Onnx;
using Planner.Benchmarks.Running;
using Planner.Benchmarks.Training;

namespace Planner.Benchmarks.IntegrationTests;

/// <summary>
/// The trained model at inference (docs/methodology.md, "int8 inference"): the training step's forward pass with the
/// trained weights inside, at fp32 exactly as trained and at int8 through the one quantization path, run by real ONNX
/// Runtime sessions.
/// </summary>
public class TrainedInferenceTests
{
    [Fact]
    public void An_int8_dense_layer_gives_the_hand_computed_dynamic_quantization_answer()
    {
        // x = [1, 0.2]: DynamicQuantizeLinear's range is [0, 1], scale 1/255, so x_q = [255, 51]. W = [[1, -0.4], [0.25, 0.75]]:
        // scale 1/127, levels [[127, -51], [32, 95]] (round(-50.8) = -51, round(31.75) = 32, round(95.25) = 95). The integer
        // products 255·127 + 51·32 = 34017 and 255·(-51) + 51·95 = -8160, times (1/255)(1/127) = 1/32385, plus b = [0.1, -0.1]:
        // 1.1503937 and -0.3519685 (fp32: 1.15 and -0.35).
        TrainingParameter[] trained = [new("w", [2, 2], [1f, -0.4f, 0.25f, 0.75f]), new("b", [2], [0.1f, -0.1f])];
        DiffValue Dense(DifferentiableGraph g) => g.Gemm(g.Input(2), g.Parameter("w", [2, 2], 2), g.Parameter("b", [2], 0));

        var int8 = Logits(DifferentiableGraph.BuildInferenceGraph("dense", "known", Precision.Int8, trained, Dense), [1f, 0.2f], 1);
        var fp32 = Logits(DifferentiableGraph.BuildInferenceGraph("dense", "known", Precision.Fp32, trained, Dense), [1f, 0.2f], 1);

        Assert.Equal(34017.0 / 32385 + 0.1, int8[0], 5);
        Assert.Equal((-8160.0 / 32385) - 0.1, int8[1], 5);
        Assert.Equal(1.15, fp32[0], 5);
        Assert.Equal(-0.35, fp32[1], 5);
    }

    [Theory]
    [InlineData("mlp", "quality-control", 0.02)]
    [InlineData("lenet5", "inspection-images", 0.05)]
    [InlineData("lstm-classifier", "sensor-sequences", 0.05)]
    public void The_trained_model_at_fp32_is_the_training_forward_pass_and_int8_stays_near_it(string model, string dataset, double maxInt8Error)
    {
        const int steps = 8;
        const int rows = 16;
        var graph = TrainableModels.Build(model, dataset, steps);
        var random = new Random(5);
        // Biases off zero, so that every parameter shows in the logits.
        var parameters = graph.InitialParameters(7)
            .Select(p => p.Values.All(v => v == 0) ? p with { Values = [.. p.Values.Select(_ => (random.NextSingle() - 0.5f) * 0.2f)] } : p)
            .ToList();
        var inputs = Enumerable.Range(0, rows * (int)graph.SampleElements).Select(_ => (random.NextSingle() * 4f) - 2f).ToArray();

        var training = ForwardLogits(graph, parameters, inputs, rows);
        var fp32 = TrainableModels.BuildInference(model, dataset, steps, Precision.Fp32, parameters);
        var int8 = TrainableModels.BuildInference(model, dataset, steps, Precision.Int8, parameters);
        var fp32Logits = Logits(fp32, inputs, rows);
        var int8Logits = Logits(int8, inputs, rows);

        var range = training.Max() - training.Min();
        Assert.True(range > 0, "the logits vary");
        Assert.All(training.Zip(fp32Logits), p => Assert.Equal(p.First, p.Second, 4));
        var worst = training.Zip(int8Logits).Max(p => Math.Abs(p.First - p.Second)) / range;
        Assert.True(worst is > 0 and <= 1, $"int8 differs from fp32 by {worst:P2} of the logits' range");
        Assert.True(worst <= maxInt8Error, $"int8 differs from fp32 by {worst:P2} of the logits' range, above {maxInt8Error:P0}");
        Assert.Equal(fp32.Parameters, int8.Parameters);
        Assert.Equal(graph.Parameters.Sum(p => p.Dims.Aggregate(1L, (n, d) => n * d)), fp32.Parameters);
        // Weights are one byte each at int8; biases stay float.
        Assert.True(int8.ParameterBytes < fp32.ParameterBytes / 2, $"int8 {int8.ParameterBytes} bytes vs fp32 {fp32.ParameterBytes}");
        Assert.Equal(fp32.FlopsPerSample, int8.FlopsPerSample);
    }

    [Fact]
    public void A_parameter_without_trained_values_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainableModels.BuildInference("mlp", "quality-control", 32, Precision.Int8, []));

        Assert.Contains("parameter fc0.weight", error.Message, StringComparison.Ordinal);
    }

    private static double[] ForwardLogits(TrainingGraph graph, IReadOnlyList<TrainingParameter> parameters, float[] inputs, int rows)
    {
        using var options = CpuOptions();
        using var session = new InferenceSession(graph.ForwardBytes, options);
        var values = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(inputs, [rows, .. graph.SampleShape]) };
        values.AddRange(parameters.Select(p => OrtValue.CreateTensorValueFromMemory(p.Values, p.Dims)));
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [TrainingGraph.Input, .. parameters.Select(p => p.Name)], values, [TrainingGraph.Logits]);
            return [.. outputs[0].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)];
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    private static double[] Logits(InferenceGraph graph, float[] inputs, int rows)
    {
        using var options = CpuOptions();
        using var session = new InferenceSession(graph.OnnxBytes, options);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, [rows, .. graph.SampleShape]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [TrainingGraph.Input], [input], [TrainingGraph.Logits]);
        return [.. outputs[0].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)];
    }

    private static SessionOptions CpuOptions() => ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings(1, 1));
}
