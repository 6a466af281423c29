using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Onnx;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.Training;

/// <summary>
/// A model's training graph with a fixed batch of a learnable synthetic task (labels are the argmax
/// of a seeded linear teacher; <see cref="LoadBatch"/> replaces it with a dataset's batch) and two
/// pre-allocated parameter sets: each <see cref="Step"/> reads one set and writes the other, so the
/// loop allocates nothing. <see cref="Scores"/> runs the model's forward graph with the current parameters.
/// </summary>
public sealed class PreparedTrainingStep : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private InferenceSession? _forward;
    private readonly RunOptions _runOptions = new();
    private readonly List<OrtValue> _owned = [];
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[][] _inputs = new OrtValue[2][];
    private readonly OrtValue[][] _outputs = new OrtValue[2][];
    private readonly OrtValue _loss;
    private readonly OrtValue _learningRate;
    private int _current;

    public PreparedTrainingStep(TrainingGraph graph, int batchSize, float learningRate, SessionOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Graph = graph;
        _options = options;
        _session = new InferenceSession(graph.OnnxBytes, options);
        var random = new Random(seed);
        var input = Own(PreparedInference.Allocate(OnnxDataType.Float, [batchSize, .. graph.SampleShape]));
        var labels = Own(PreparedInference.Allocate(OnnxDataType.Float, [batchSize, graph.Classes]));
        FillTeacherTask(input.GetTensorMutableDataAsSpan<float>(), labels.GetTensorMutableDataAsSpan<float>(), (int)graph.SampleElements, graph.Classes, random);
        _learningRate = Own(PreparedInference.Allocate(OnnxDataType.Float, []));
        _learningRate.GetTensorMutableDataAsSpan<float>()[0] = learningRate;
        _loss = Own(PreparedInference.Allocate(OnnxDataType.Float, []));

        var initial = graph.InitialParameters(seed);
        var setA = initial.Select(p => Own(PreparedInference.Allocate(OnnxDataType.Float, p.Dims))).ToArray();
        var setB = initial.Select(p => Own(PreparedInference.Allocate(OnnxDataType.Float, p.Dims))).ToArray();
        for (var i = 0; i < initial.Count; i++)
        {
            initial[i].Values.CopyTo(setA[i].GetTensorMutableDataAsSpan<float>());
        }
        ParameterNames = initial.Select(p => p.Name).ToArray();
        _inputNames = [TrainingGraph.Input, TrainingGraph.Labels, TrainingGraph.LearningRate, .. ParameterNames];
        _outputNames = [TrainingGraph.Loss, .. ParameterNames.Select(TrainingGraph.UpdatedName)];
        _inputs[0] = [input, labels, _learningRate, .. setA];
        _outputs[0] = [_loss, .. setB];
        _inputs[1] = [input, labels, _learningRate, .. setB];
        _outputs[1] = [_loss, .. setA];
    }

    public TrainingGraph Graph { get; }

    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The loss computed by the last step (before its update).</summary>
    public float Loss => _loss.GetTensorDataAsSpan<float>()[0];

    /// <summary>
    /// Replaces the training batch (row-major inputs and one-hot labels, exactly one batch of each), for training on a
    /// dataset batch by batch instead of on the fixed teacher batch.
    /// </summary>
    public void LoadBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels)
    {
        var inputTensor = _inputs[0][0].GetTensorMutableDataAsSpan<float>();
        var labelTensor = _inputs[0][1].GetTensorMutableDataAsSpan<float>();
        if (inputs.Length != inputTensor.Length || labels.Length != labelTensor.Length)
        {
            throw new ArgumentException($"a batch needs {inputTensor.Length} inputs and {labelTensor.Length} labels, got {inputs.Length} and {labels.Length}");
        }
        inputs.CopyTo(inputTensor);
        labels.CopyTo(labelTensor);
    }

    /// <summary>One SGD step: forward, backward and update in one Run call.</summary>
    public void Step()
    {
        _session.Run(_runOptions, _inputNames, _inputs[_current], _outputNames, _outputs[_current]);
        _current ^= 1;
    }

    /// <summary>The current value of a parameter (after the last step).</summary>
    public float[] Parameter(string name) =>
        _inputs[_current][3 + Array.IndexOf(_inputNames[3..], name)].GetTensorDataAsSpan<float>().ToArray();

    /// <summary>Every parameter's current value (after the last step), in declaration order: the trained model.</summary>
    public IReadOnlyList<TrainingParameter> TrainedParameters() =>
        [.. Graph.Parameters.Select(p => new TrainingParameter(p.Name, p.Dims, Parameter(p.Name)))];

    /// <summary>The held-out AUC of the current parameters, from the model's forward graph.</summary>
    internal double HeldOutAuc(HeldOutRows rows)
    {
        _forward ??= new InferenceSession(Graph.ForwardBytes, _options);
        return rows.Auc(_forward, Graph.SampleShape, Graph.Classes, ParameterNames, _inputs[_current][3..]);
    }

    /// <summary>The fixed training batch (inputs and one-hot labels), row-major.</summary>
    public (float[] Inputs, float[] Labels) Batch() =>
        (_inputs[0][0].GetTensorDataAsSpan<float>().ToArray(), _inputs[0][1].GetTensorDataAsSpan<float>().ToArray());

    public void Dispose()
    {
        foreach (var value in _owned)
        {
            value.Dispose();
        }
        _runOptions.Dispose();
        _forward?.Dispose();
        _session.Dispose();
    }

    private static void FillTeacherTask(Span<float> inputs, Span<float> labels, int features, int classes, Random random)
    {
        labels.Clear();
        var teacher = new float[features * classes];
        for (var i = 0; i < teacher.Length; i++)
        {
            teacher[i] = (random.NextSingle() * 2f) - 1f;
        }
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (random.NextSingle() * 2f) - 1f;
        }
        var rows = inputs.Length / features;
        for (var r = 0; r < rows; r++)
        {
            var best = 0;
            var bestScore = float.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                var score = 0f;
                for (var f = 0; f < features; f++)
                {
                    score += inputs[(r * features) + f] * teacher[(f * classes) + c];
                }
                if (score > bestScore)
                {
                    bestScore = score;
                    best = c;
                }
            }
            labels[(r * classes) + best] = 1f;
        }
    }

    private OrtValue Own(OrtValue value)
    {
        _owned.Add(value);
        return value;
    }
}
