using Planner.Benchmarks.Models;

namespace Planner.Benchmarks.Training;

/// <summary>
/// A manufacturing dataset as the ONNX training step takes it: the first 80 % of the rows for training, the rest held
/// out, every feature standardized with the training rows' mean and standard deviation, labels one-hot over two classes
/// (0: normal, 1: failure, defect or run below target).
/// </summary>
internal sealed class StandardizedSplit
{
    private readonly float[] _trainInputs;
    private readonly float[] _trainLabels;
    private readonly float[] _heldOutInputs;
    private readonly bool[] _heldOutLabels;

    private StandardizedSplit(int features, float[] trainInputs, float[] trainLabels, float[] heldOutInputs, bool[] heldOutLabels)
    {
        Features = features;
        _trainInputs = trainInputs;
        _trainLabels = trainLabels;
        _heldOutInputs = heldOutInputs;
        _heldOutLabels = heldOutLabels;
    }

    public int Features { get; }

    public int TrainCount => _trainLabels.Length / 2;

    public static StandardizedSplit Create(string dataset, int rows, int seed)
    {
        var all = ManufacturingDatasets.Generate(dataset, rows, seed);
        var features = ManufacturingDatasets.FeatureCount(dataset);
        var trainCount = rows * 4 / 5;
        var mean = new double[features];
        var spread = new double[features];
        for (var f = 0; f < features; f++)
        {
            var column = all.Take(trainCount).Select(r => (double)r.Features[f]).ToArray();
            mean[f] = column.Average();
            var sd = Math.Sqrt(column.Sum(v => (v - mean[f]) * (v - mean[f])) / column.Length);
            spread[f] = sd > 0 ? sd : 1;
        }
        float[] Inputs(IEnumerable<ManufacturingRow> part) =>
            part.SelectMany(r => r.Features.Select((v, f) => (float)((v - mean[f]) / spread[f]))).ToArray();
        var train = all.Take(trainCount).ToArray();
        var heldOut = all.Skip(trainCount).ToArray();
        return new StandardizedSplit(features, Inputs(train), train.SelectMany(r => r.Label ? new[] { 0f, 1f } : [1f, 0f]).ToArray(),
            Inputs(heldOut), heldOut.Select(r => r.Label).ToArray());
    }

    /// <summary>Copies training batch <paramref name="index"/> (rows index x batchSize onwards) into the step.</summary>
    public void Load(PreparedTrainingStep step, int index, int batchSize) =>
        step.LoadBatch(_trainInputs.AsSpan(index * batchSize * Features, batchSize * Features), _trainLabels.AsSpan(index * batchSize * 2, batchSize * 2));

    /// <summary>
    /// The AUC on the held-out rows of the step's current parameters; each row's score is its class-1 logit minus its
    /// class-0 logit (the forward pass in C#, the same Gemm and ReLU layers as the graph), which orders rows as the
    /// softmax probability of class 1 does.
    /// </summary>
    public double HeldOutAuc(PreparedTrainingStep step)
    {
        var sizes = step.Graph.LayerSizes;
        var weights = Enumerable.Range(0, sizes.Count - 1).Select(i => step.Parameter($"fc{i}.weight")).ToArray();
        var biases = Enumerable.Range(0, sizes.Count - 1).Select(i => step.Parameter($"fc{i}.bias")).ToArray();
        var scores = new double[_heldOutLabels.Length];
        var widest = (int)sizes.Max();
        var current = new float[widest];
        var next = new float[widest];
        for (var row = 0; row < scores.Length; row++)
        {
            _heldOutInputs.AsSpan(row * Features, Features).CopyTo(current);
            for (var layer = 0; layer + 1 < sizes.Count; layer++)
            {
                var (inWidth, outWidth) = ((int)sizes[layer], (int)sizes[layer + 1]);
                for (var o = 0; o < outWidth; o++)
                {
                    var sum = biases[layer][o];
                    for (var i = 0; i < inWidth; i++)
                    {
                        sum += current[i] * weights[layer][(i * outWidth) + o];
                    }
                    next[o] = layer + 2 < sizes.Count ? Math.Max(0f, sum) : sum;
                }
                (current, next) = (next, current);
            }
            scores[row] = current[1] - current[0];
        }
        return Auc.Compute(scores, _heldOutLabels);
    }
}
