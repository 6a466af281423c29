using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.Training;

/// <summary>Measures SGD steps of a training graph on its fixed teacher batch: samples/s and achieved GFLOP/s (forward + backward).</summary>
internal static class OnnxTrainingBenchmark
{
    public static BenchmarkResult Run(TrainingGraph graph, int batchSize, float learningRate, RunContext context, CancellationToken cancellationToken)
    {
        using var options = ExecutionProviders.CreateOptions(context.Provider.Provider, context.Threads);
        using var training = new PreparedTrainingStep(graph, batchSize, learningRate, options, context.Seed);
        using var energy = EnergyMeter.Start(context.Provider.Provider);
        var measurement = MeasurementLoop.Run(training.Step, context.Measurement, context.Clock, cancellationToken);
        var reading = energy.Stop();
        var work = new MeasuredWork(graph.Model, graph.Preset, Precision.Fp32.ToName(), BenchmarkResult.Training, batchSize, null,
            batchSize, Units.SamplesPerSecond, graph.FlopsPerSample * batchSize);
        return ResultFactory.Create(work, context.Provider.Provider, measurement, reading, context.Measurement) with { Loss = training.Loss };
    }
}
