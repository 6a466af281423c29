using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Running;
using Planner.Benchmarks.Training;

namespace Planner.Benchmarks.IntegrationTests;

public class NumericalCorrectnessTests
{
    private static SessionOptions CpuOptions() => ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings(1, 1));

    [Fact]
    public void Mlp_output_matches_a_plain_csharp_forward_pass()
    {
        var built = new MlpModel().Build("mnist", Precision.Fp32);
        using var options = CpuOptions();
        using var prepared = new PreparedInference(built, new WorkloadShape(4), options, seed: 3);
        prepared.Run();

        var plain = PlainMlp.FromOnnx(built.OnnxBytes, MlpModel.LayerSizes("mnist"));
        var input = prepared.InputValues[0].GetTensorDataAsSpan<float>().ToArray();
        var logits = prepared.OutputValues[0].GetTensorDataAsSpan<float>().ToArray();
        for (var row = 0; row < 4; row++)
        {
            var expected = plain.Logits(input, row);
            for (var c = 0; c < expected.Length; c++)
            {
                Assert.Equal(expected[c], logits[(row * 10) + c], 1e-4);
            }
        }
    }

    [Fact]
    public void Decoder_gives_the_same_logits_for_prefill_n_plus_1_as_for_prefill_n_then_decode_1()
    {
        const int n = 6;
        var built = new GptDecoderModel().Build("tiny", Precision.Fp32);
        var (layers, heads, headDim, vocabulary) = GptDecoderModel.CacheShape("tiny");
        var tokens = Enumerable.Range(0, n + 1).Select(i => (long)((i * 37) + 11) % vocabulary).ToArray();
        using var options = CpuOptions();
        using var session = new InferenceSession(built.OnnxBytes, options);

        var emptyCache = Enumerable.Range(0, 2 * layers).Select(_ => (new float[0], new long[] { 1, heads, 0, headDim })).ToArray();
        using var full = RunDecoder(session, tokens, 0, emptyCache);
        var expected = LastLogits(full[0], vocabulary);

        using var prefix = RunDecoder(session, tokens[..n], 0, emptyCache);
        var cache = Enumerable.Range(1, 2 * layers).Select(i =>
            (prefix[i].GetTensorDataAsSpan<float>().ToArray(), prefix[i].GetTensorTypeAndShape().Shape)).ToArray();
        Assert.Equal([1, heads, n, headDim], cache[0].Shape);
        using var step = RunDecoder(session, tokens[n..], n, cache);
        var actual = LastLogits(step[0], vocabulary);

        for (var i = 0; i < vocabulary; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-4);
        }
    }

    [Fact]
    public void Training_step_gradients_match_finite_differences()
    {
        var graph = MlpTrainingGraph.Build("mnist");
        using var options = CpuOptions();
        using var training = new PreparedTrainingStep(graph, batchSize: 8, learningRate: 1f, options, seed: 5);
        var sizes = graph.LayerSizes;
        var before = training.ParameterNames.ToDictionary(n => n, training.Parameter);
        var (inputs, labels) = training.Batch();

        training.Step();

        var plain = new PlainMlp(sizes, before);
        Assert.Equal(plain.Loss(inputs, labels), training.Loss, 1e-4);
        var checkedWeights = new (string Name, int Index)[]
        {
            ("fc0.weight", 0), ("fc0.weight", 5000), ("fc0.weight", 100_000), ("fc0.bias", 7),
            ("fc1.weight", 3), ("fc1.weight", 1000), ("fc1.bias", 2),
        };
        foreach (var (name, index) in checkedWeights)
        {
            var gradient = before[name][index] - training.Parameter(name)[index];
            const double h = 1e-4;
            var original = plain.Parameters[name][index];
            plain.Parameters[name][index] = original + h;
            var up = plain.Loss(inputs, labels);
            plain.Parameters[name][index] = original - h;
            var down = plain.Loss(inputs, labels);
            plain.Parameters[name][index] = original;
            var numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(gradient - numeric) <= 1e-4 + (1e-2 * Math.Abs(numeric)),
                $"{name}[{index}]: graph gradient {gradient}, finite difference {numeric}");
        }
    }

    [Fact]
    public void Training_loss_falls_over_50_steps_on_a_learnable_task()
    {
        var graph = MlpTrainingGraph.Build("mnist");
        using var options = CpuOptions();
        using var training = new PreparedTrainingStep(graph, batchSize: 64, learningRate: 0.1f, options, seed: 9);
        training.Step();
        var first = training.Loss;
        for (var i = 1; i < 50; i++)
        {
            training.Step();
        }
        Assert.True(training.Loss < 0.5f * first, $"loss went from {first} to {training.Loss}");
    }

    private static IDisposableReadOnlyCollection<OrtValue> RunDecoder(InferenceSession session, long[] tokens, int past, (float[] Data, long[] Shape)[] cache)
    {
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(tokens, [1, tokens.Length]),
            OrtValue.CreateTensorValueFromMemory(Enumerable.Range(past, tokens.Length).Select(p => (long)p).ToArray(), [1, tokens.Length]),
        };
        values.AddRange(cache.Select(c => OrtValue.CreateTensorValueFromMemory(c.Data, c.Shape)));
        try
        {
            var names = session.InputMetadata.Keys.ToArray();
            using var runOptions = new RunOptions();
            return session.Run(runOptions, names, values, session.OutputMetadata.Keys.ToArray());
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    private static float[] LastLogits(OrtValue logits, long vocabulary)
    {
        var data = logits.GetTensorDataAsSpan<float>();
        return data[^(int)vocabulary..].ToArray();
    }
}
