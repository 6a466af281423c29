namespace Planner.Benchmarks.Training;

/// <summary>
/// A manufacturing dataset as the ONNX training step takes it: the first 80 % of the rows for training, the rest held
/// out, every value standardized with the mean and standard deviation of its channel over the training rows (a tabular
/// feature is its own channel, an image has one, a sensor sequence one per sensor: <see cref="ManufacturingDatasets.Channels"/>),
/// labels one-hot over two classes (0: normal, 1: failure, defect or run below target).
/// </summary>
internal sealed class StandardizedSplit
{
    private readonly float[] _trainInputs;
    private readonly float[] _trainLabels;

    private StandardizedSplit(int features, float[] trainInputs, float[] trainLabels, HeldOutRows heldOut)
    {
        Features = features;
        _trainInputs = trainInputs;
        _trainLabels = trainLabels;
        HeldOut = heldOut;
    }

    /// <summary>The held-out 20 %, standardized with the training rows' statistics.</summary>
    public HeldOutRows HeldOut { get; }

    /// <summary>Values in one row.</summary>
    public int Features { get; }

    public int TrainCount => _trainLabels.Length / 2;

    /// <summary>The standardized training rows, row-major.</summary>
    public ReadOnlySpan<float> TrainInputs => _trainInputs;

    public static StandardizedSplit Create(string dataset, int rows, int seed, int sequenceLength = ManufacturingDatasets.DefaultSequenceLength)
    {
        var all = ManufacturingDatasets.Generate(dataset, rows, seed, sequenceLength);
        var features = ManufacturingDatasets.FeatureCount(dataset, sequenceLength);
        var channels = ManufacturingDatasets.Channels(dataset);
        var trainCount = rows * 4 / 5;
        var train = all.Take(trainCount).ToArray();
        var heldOut = all.Skip(trainCount).ToArray();
        var mean = new double[channels];
        var spread = new double[channels];
        var perChannel = (double)trainCount * (features / channels);
        for (var c = 0; c < channels; c++)
        {
            var sum = 0.0;
            foreach (var row in train)
            {
                for (var f = c; f < features; f += channels)
                {
                    sum += row.Features[f];
                }
            }
            mean[c] = sum / perChannel;
            var squares = 0.0;
            foreach (var row in train)
            {
                for (var f = c; f < features; f += channels)
                {
                    squares += (row.Features[f] - mean[c]) * (row.Features[f] - mean[c]);
                }
            }
            var sd = Math.Sqrt(squares / perChannel);
            spread[c] = sd > 0 ? sd : 1;
        }
        float[] Inputs(ManufacturingRow[] part)
        {
            var values = new float[part.Length * features];
            for (var r = 0; r < part.Length; r++)
            {
                for (var f = 0; f < features; f++)
                {
                    values[(r * features) + f] = (float)((part[r].Features[f] - mean[f % channels]) / spread[f % channels]);
                }
            }
            return values;
        }
        return new StandardizedSplit(features, Inputs(train), train.SelectMany(r => r.Label ? new[] { 0f, 1f } : [1f, 0f]).ToArray(),
            new HeldOutRows(Inputs(heldOut), heldOut.Select(r => r.Label).ToArray()));
    }

    /// <summary>Copies training batch <paramref name="index"/> (rows index x batchSize onwards) into the step.</summary>
    public void Load(PreparedTrainingStep step, int index, int batchSize) =>
        step.LoadBatch(_trainInputs.AsSpan(index * batchSize * Features, batchSize * Features), _trainLabels.AsSpan(index * batchSize * 2, batchSize * 2));

    /// <summary>The AUC on the held-out rows of the step's current parameters (<see cref="HeldOutRows"/>).</summary>
    public double HeldOutAuc(PreparedTrainingStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.HeldOutAuc(HeldOut);
    }
}
