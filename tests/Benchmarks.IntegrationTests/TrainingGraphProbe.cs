using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Models;

namespace Planner.Benchmarks.IntegrationTests;

/// <summary>
/// Runs a training graph in a real ONNX Runtime session on a fixed seeded batch with any parameter values: the loss it
/// computes, and (at learning rate 1) the gradient it applies, parameter − updated parameter.
/// </summary>
internal sealed class TrainingGraphProbe : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly TrainingGraph _graph;
    private readonly float[] _input;
    private readonly float[] _labels;
    private readonly int _batch;

    public TrainingGraphProbe(TrainingGraph graph, SessionOptions options, int batch, int seed)
    {
        _graph = graph;
        _batch = batch;
        _session = new InferenceSession(graph.OnnxBytes, options);
        var random = new Random(seed);
        _input = Enumerable.Range(0, (int)(batch * graph.SampleElements)).Select(_ => (random.NextSingle() * 2f) - 1f).ToArray();
        _labels = new float[batch * graph.Classes];
        for (var row = 0; row < batch; row++)
        {
            _labels[(row * graph.Classes) + (row % graph.Classes)] = 1f;
        }
        Initial = graph.InitialParameters(seed).ToDictionary(p => p.Name, p => p.Values);
    }

    public TrainingGraphProbe(TrainingGraph graph, SessionOptions options, float[] input, float[] labels)
    {
        _graph = graph;
        _batch = labels.Length / graph.Classes;
        _session = new InferenceSession(graph.OnnxBytes, options);
        _input = input;
        _labels = labels;
        Initial = graph.InitialParameters(1).ToDictionary(p => p.Name, p => p.Values);
    }

    public Dictionary<string, float[]> Initial { get; }

    public (double Loss, Dictionary<string, float[]> Updated) Run(IReadOnlyDictionary<string, float[]> parameters, float learningRate = 1f)
    {
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(_input, [_batch, .. _graph.SampleShape]),
            OrtValue.CreateTensorValueFromMemory(_labels, [_batch, _graph.Classes]),
            OrtValue.CreateTensorValueFromMemory(new[] { learningRate }, []),
        };
        values.AddRange(_graph.Parameters.Select(p => OrtValue.CreateTensorValueFromMemory((float[])parameters[p.Name].Clone(), p.Dims)));
        try
        {
            string[] names = [TrainingGraph.Input, TrainingGraph.Labels, TrainingGraph.LearningRate, .. _graph.Parameters.Select(p => p.Name)];
            string[] outputs = [TrainingGraph.Loss, .. _graph.Parameters.Select(p => TrainingGraph.UpdatedName(p.Name))];
            using var results = _session.Run(_runOptions, names, values, outputs);
            var updated = _graph.Parameters.Select((p, i) => (p.Name, Values: results[i + 1].GetTensorDataAsSpan<float>().ToArray()))
                .ToDictionary(p => p.Name, p => p.Values);
            return (results[0].GetTensorDataAsSpan<float>()[0], updated);
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    public double Loss(IReadOnlyDictionary<string, float[]> parameters) => Run(parameters).Loss;

    /// <summary>dLoss/dParameter as the graph computes it: at learning rate 1, parameter − updated parameter.</summary>
    public Dictionary<string, float[]> Gradient(IReadOnlyDictionary<string, float[]> parameters)
    {
        var (_, updated) = Run(parameters);
        return parameters.ToDictionary(p => p.Key, p => p.Value.Select((v, i) => v - updated[p.Key][i]).ToArray());
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
