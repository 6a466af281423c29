using Planner.Benchmarks.Onnx;
using Planner.Benchmarks.Training;

namespace Planner.Benchmarks.Models;

/// <summary>
/// The models the ONNX Runtime training step trains on a manufacturing dataset, one per kind of data: the MLP on a
/// tabular dataset, a LeNet-5-shaped CNN on the inspection images, an LSTM classifier on the sensor sequences. Each is
/// written once as its forward pass on the reverse-mode builder (<see cref="DifferentiableGraph"/>), which derives the
/// backward pass and the update (docs/decisions/043-reverse-mode-training-graphs.md).
/// </summary>
public static class TrainableModels
{
    public const string Mlp = "mlp";
    public const string LeNet5 = "lenet5";
    public const string Lstm = "lstm-classifier";

    /// <summary>The MLP's two hidden layers.</summary>
    public const int MlpHiddenWidth = 64;

    /// <summary>The LSTM's hidden (and cell) state width.</summary>
    public const int LstmHidden = 32;

    public static IReadOnlyList<string> Names { get; } = [Mlp, LeNet5, Lstm];

    /// <summary>The kind of dataset a model trains on.</summary>
    public static DatasetKind Takes(string model) => model switch
    {
        Mlp => DatasetKind.Tabular,
        LeNet5 => DatasetKind.Image,
        Lstm => DatasetKind.Sequence,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, $"allowed: {string.Join(", ", Names)}"),
    };

    /// <summary>The training graph of <paramref name="model"/> for <paramref name="dataset"/>'s samples (named after the dataset in results).</summary>
    public static TrainingGraph Build(string model, string dataset, int sequenceLength = ManufacturingDatasets.DefaultSequenceLength)
    {
        if (Takes(model) != ManufacturingDatasets.Kind(dataset))
        {
            throw new ArgumentException($"model {model} trains on {Takes(model)} data; {dataset} is {ManufacturingDatasets.Kind(dataset)}", nameof(dataset));
        }
        var shape = ManufacturingDatasets.SampleShape(dataset, sequenceLength);
        return Takes(model) switch
        {
            DatasetKind.Tabular => MlpTrainingGraph.Build(dataset, MlpSizes(shape)),
            DatasetKind.Image => LeNet5Graph(dataset, shape[1]),
            DatasetKind.Sequence => LstmGraph(dataset, shape[0], shape[1], LstmHidden),
        };
    }

    /// <summary>
    /// The model <see cref="Build"/> trains, for inference with <paramref name="trained"/> parameters (a training step's
    /// <see cref="PreparedTrainingStep.TrainedParameters"/>) at fp32 or int8: the same forward pass, so what is measured
    /// at inference is the model that was trained.
    /// </summary>
    public static InferenceGraph BuildInference(string model, string dataset, int sequenceLength, Precision precision, IReadOnlyList<TrainingParameter> trained)
    {
        if (Takes(model) != ManufacturingDatasets.Kind(dataset))
        {
            throw new ArgumentException($"model {model} trains on {Takes(model)} data; {dataset} is {ManufacturingDatasets.Kind(dataset)}", nameof(dataset));
        }
        var shape = ManufacturingDatasets.SampleShape(dataset, sequenceLength);
        return DifferentiableGraph.BuildInferenceGraph(model, dataset, precision, trained, Takes(model) switch
        {
            DatasetKind.Tabular => MlpTrainingGraph.Forward(MlpSizes(shape)),
            DatasetKind.Image => LeNet5Forward(shape[1]),
            DatasetKind.Sequence => LstmForward(shape[0], shape[1], LstmHidden),
        });
    }

    private static long[] MlpSizes(IReadOnlyList<long> shape) => [shape[0], MlpHiddenWidth, MlpHiddenWidth, 2];

    /// <summary>
    /// LeNet-5 on square grey images of <paramref name="imageSize"/> (32 as in the original): Conv 6@5×5, ReLU, 2×2
    /// average pooling (LeNet's subsampling), Conv 16@5×5, ReLU, 2×2 average pooling, dense 120, 84 (ReLU) and 2 classes.
    /// </summary>
    internal static TrainingGraph LeNet5Graph(string preset, long imageSize) =>
        DifferentiableGraph.BuildTrainingGraph(LeNet5, preset, LeNet5Forward(imageSize));

    private static Func<DifferentiableGraph, DiffValue> LeNet5Forward(long imageSize) =>
        g =>
        {
            var afterFirst = (imageSize - 4) / 2;
            var afterSecond = (afterFirst - 4) / 2;
            var x = g.Input(1, imageSize, imageSize);
            x = g.AveragePool(g.Relu(g.Conv(x, g.Parameter("conv1.weight", [6, 1, 5, 5], 25), g.Parameter("conv1.bias", [6], 0), 1, 0)), 2);
            x = g.AveragePool(g.Relu(g.Conv(x, g.Parameter("conv2.weight", [16, 6, 5, 5], 150), g.Parameter("conv2.bias", [16], 0), 1, 0)), 2);
            x = g.Flatten(x);
            x = g.Relu(Dense(g, x, 16 * afterSecond * afterSecond, 120, "fc1"));
            x = g.Relu(Dense(g, x, 120, 84, "fc2"));
            return Dense(g, x, 84, 2, "fc3");
        };

    /// <summary>
    /// An LSTM over [steps, channels] sequences unrolled step by step, then a dense layer on the last hidden state. Each
    /// step: z = x_t·W + h·U + b split into gates i, f, g, o; c = σ(f)·c + σ(i)·tanh(g); h = σ(o)·tanh(c); h and c start
    /// at zero (so the first step has no recurrent term).
    /// </summary>
    internal static TrainingGraph LstmGraph(string preset, long steps, long channels, long hidden) =>
        DifferentiableGraph.BuildTrainingGraph(Lstm, preset, LstmForward(steps, channels, hidden));

    private static Func<DifferentiableGraph, DiffValue> LstmForward(long steps, long channels, long hidden) =>
        g =>
        {
            var x = g.Input(steps, channels);
            var w = g.Parameter("lstm.input_weight", [channels, 4 * hidden], channels);
            var u = g.Parameter("lstm.recurrent_weight", [hidden, 4 * hidden], hidden);
            var b = g.Parameter("lstm.bias", [4 * hidden], 0);
            DiffValue? h = null;
            DiffValue? c = null;
            for (var t = 0; t < steps; t++)
            {
                var z = g.Gemm(g.Reshape(g.Slice(x, 1, t, t + 1), channels), w, b);
                if (h is not null)
                {
                    z = g.Add(z, g.MatMul(h, u));
                }
                var input = g.Sigmoid(g.Slice(z, 1, 0, hidden));
                var candidate = g.Tanh(g.Slice(z, 1, 2 * hidden, 3 * hidden));
                var output = g.Sigmoid(g.Slice(z, 1, 3 * hidden, 4 * hidden));
                c = c is null
                    ? g.Mul(input, candidate)
                    : g.Add(g.Mul(g.Sigmoid(g.Slice(z, 1, hidden, 2 * hidden)), c), g.Mul(input, candidate));
                h = g.Mul(output, g.Tanh(c));
            }
            return Dense(g, h!, hidden, 2, "classifier");
        };

    private static DiffValue Dense(DifferentiableGraph g, DiffValue x, long inFeatures, long outFeatures, string name) =>
        g.Gemm(x, g.Parameter(name + ".weight", [inFeatures, outFeatures], inFeatures), g.Parameter(name + ".bias", [outFeatures], 0));
}
