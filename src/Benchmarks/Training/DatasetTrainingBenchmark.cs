using System.Globalization;
using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.Training;

/// <summary>
/// The ONNX Runtime training step on a synthetic manufacturing dataset: the model for the dataset's kind
/// (<see cref="TrainableModels"/>: the MLP on tabular rows, the LeNet-5-shaped CNN on the inspection images, the LSTM on
/// the sensor sequences) trained with SGD batch by batch on standardized values. It reports the
/// samples/s of the timed loop and the time to reach a target AUC on the held-out 20 %: whole epochs over the training
/// rows, the AUC evaluated after each, the time counting every step and evaluation until the AUC first reaches the
/// target (the session and the data are made ready before the clock starts). Runs on the run's execution provider, so
/// on CUDA it measures GPU training time.
/// </summary>
internal static class DatasetTrainingBenchmark
{
    /// <returns>The result, and the model the time-to-target loop ended with (null when cancelled before it).</returns>
    public static (BenchmarkResult Result, TrainedModel? Trained) Run(string model, string dataset, int rows, int sequenceLength, int batchSize, float learningRate, double targetAuc,
        int maxEpochs, RunContext context, CancellationToken cancellationToken)
    {
        var data = StandardizedSplit.Create(dataset, rows, context.Seed, sequenceLength);
        var graph = TrainableModels.Build(model, dataset, sequenceLength);
        var batches = data.TrainCount / batchSize;
        if (batches == 0)
        {
            // ProfileLoader refuses such a profile before a run starts.
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"at most the {data.TrainCount} training rows");
        }

        using var options = ExecutionProviders.CreateOptions(context.Provider.Provider, context.Threads);
        MeasurementResult throughput;
        using (var step = new PreparedTrainingStep(graph, batchSize, learningRate, options, context.Seed))
        {
            var next = 0;
            void Iteration()
            {
                data.Load(step, next, batchSize);
                step.Step();
                next = (next + 1) % batches;
            }
            using var energy = EnergyMeter.Start(context.Provider.Provider);
            var measurement = MeasurementLoop.Run(Iteration, context.Measurement, context.Clock, cancellationToken);
            throughput = new(measurement, energy.Stop(), step.Loss);
        }
        int? steps = ManufacturingDatasets.Kind(dataset) == DatasetKind.Sequence ? sequenceLength : null;
        var work = new MeasuredWork(model, dataset, Precision.Fp32.ToName(), BenchmarkResult.Training, batchSize, steps,
            batchSize, Units.SamplesPerSecond, graph.FlopsPerSample * batchSize);
        var result = ResultFactory.Create(work, context.Provider.Provider, throughput.Measurement, throughput.Energy, context.Measurement)
            with { Loss = throughput.Loss, Rows = data.TrainCount, TargetAuc = targetAuc };
        if (throughput.Measurement.Cancelled || cancellationToken.IsCancellationRequested)
        {
            return (result with { TimeToTargetNote = "not measured: the run was cancelled" }, null);
        }

        using var training = new PreparedTrainingStep(graph, batchSize, learningRate, options, context.Seed);
        var (seconds, auc, note, parameters) = TimeToTarget(training, data, batches, batchSize, targetAuc, maxEpochs, context.Clock, cancellationToken);
        var trained = new TrainedModel(model, dataset, sequenceLength, parameters, data.HeldOut);
        return (result with { Auc = auc, TimeToTargetSeconds = seconds, TimeToTargetNote = note }, trained);
    }

    /// <returns>The time, the AUC reported (at the target, or the best), the note, and the parameters that scored that AUC: the trained model.</returns>
    private static (double? Seconds, double Auc, string Note, IReadOnlyList<TrainingParameter> Parameters) TimeToTarget(PreparedTrainingStep training, StandardizedSplit data, int batches,
        int batchSize, double targetAuc, int maxEpochs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var start = clock.GetTimestamp();
        var bestAuc = 0.0;
        IReadOnlyList<TrainingParameter> best = training.TrainedParameters();
        for (var epoch = 1; epoch <= maxEpochs; epoch++)
        {
            for (var b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                data.Load(training, b, batchSize);
                training.Step();
            }
            var auc = data.HeldOutAuc(training);
            if (auc > bestAuc)
            {
                bestAuc = auc;
                best = training.TrainedParameters();
            }
            if (auc >= targetAuc)
            {
                var seconds = clock.GetElapsedTime(start).TotalSeconds;
                return (seconds, auc, string.Create(CultureInfo.InvariantCulture,
                    $"AUC {auc:0.####} >= target {targetAuc} after {epoch} epoch(s) of {data.TrainCount} training rows in batches of {batchSize}; time counts every step and evaluation until then"),
                    best);
            }
        }
        return (null, bestAuc, string.Create(CultureInfo.InvariantCulture,
            $"target AUC {targetAuc} not reached: best {bestAuc:0.####} in {maxEpochs} epoch(s) of {data.TrainCount} training rows"), best);
    }

    private sealed record MeasurementResult(Measurement Measurement, EnergyReading Energy, double Loss);
}
