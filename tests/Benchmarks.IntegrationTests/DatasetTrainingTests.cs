using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Running;
using Planner.Benchmarks.Training;

namespace Planner.Benchmarks.IntegrationTests;

/// <summary>The CNN and the LSTM trained by the ONNX Runtime training step on their synthetic datasets, at quick size.</summary>
public class DatasetTrainingTests
{
    [Theory]
    [InlineData(TrainableModels.LeNet5, ManufacturingDatasets.InspectionImages, 0.2f, 5, 0.85)]
    [InlineData(TrainableModels.Lstm, ManufacturingDatasets.SensorSequences, 0.1f, 3, 0.85)]
    public void At_quick_size_the_loss_falls_and_the_held_out_auc_beats_the_bound(string model, string dataset, float learningRate, int epochs, double minAuc)
    {
        const int batch = 64;
        var data = StandardizedSplit.Create(dataset, QuickSize.MaxRows, seed: 42, QuickSize.MaxSequenceLength);
        var graph = TrainableModels.Build(model, dataset, QuickSize.MaxSequenceLength);
        using var options = ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings(0, 1));
        using var step = new PreparedTrainingStep(graph, batch, learningRate, options, seed: 42);
        var batches = data.TrainCount / batch;
        var epochLoss = new double[epochs];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            for (var b = 0; b < batches; b++)
            {
                data.Load(step, b, batch);
                step.Step();
                epochLoss[epoch] += step.Loss / batches;
            }
        }
        var auc = data.HeldOutAuc(step);

        Assert.True(epochLoss[^1] < 0.8 * epochLoss[0], $"{model}: mean loss by epoch {string.Join(", ", epochLoss)}");
        Assert.True(auc >= minAuc, $"{model}: held-out AUC {auc} after {epochs} epochs");
    }
}
