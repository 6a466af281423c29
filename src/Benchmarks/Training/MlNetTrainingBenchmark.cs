using System.Globalization;
using Microsoft.ML;
using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.Training;

/// <summary>
/// ML.NET training on a synthetic manufacturing dataset: rows/s over repeated full fits, and
/// MLPerf-style time to reach a target AUC on a held-out 20 % split, training on growing
/// fractions (1/8, 1/4, 1/2, all) of the training rows and counting every fit and evaluation.
/// </summary>
internal static class MlNetTrainingBenchmark
{
    private static readonly double[] Fractions = [0.125, 0.25, 0.5, 1.0];

    public static BenchmarkResult Run(string dataset, int rows, string trainer, double targetAuc, int repetitions, RunContext context, CancellationToken cancellationToken)
    {
        var mlContext = new MLContext(context.Seed);
        var all = ManufacturingDatasets.Generate(dataset, rows, context.Seed);
        var trainRows = all.Take(rows * 4 / 5).ToArray();
        var schema = ManufacturingDatasets.Schema(dataset);
        var train = mlContext.Data.LoadFromEnumerable(trainRows, schema);
        var test = mlContext.Data.LoadFromEnumerable(all.Skip(trainRows.Length), schema);
        var pipeline = MlNetTrainers.Pipeline(mlContext, trainer);

        ITransformer? model = null;
        var settings = new MeasurementSettings(
            WarmupIterations: 1,
            MinIterations: repetitions,
            MinDurationSeconds: 0,
            MaxDurationSeconds: context.Measurement.MaxDurationSeconds,
            MaxIterations: repetitions,
            MaxCv: context.Measurement.MaxCv);
        using var energy = EnergyMeter.Start(ExecutionProviders.Cpu);
        var measurement = MeasurementLoop.Run(() => model = pipeline.Fit(train), settings, context.Clock, cancellationToken);
        var reading = energy.Stop();
        var work = new MeasuredWork(trainer, dataset, Precision.Fp32.ToName(), BenchmarkResult.Training, trainRows.Length, null,
            trainRows.Length, Units.RowsPerSecond, null);
        var result = ResultFactory.Create(work, ExecutionProviders.Cpu, measurement, reading, settings) with { Rows = trainRows.Length, TargetAuc = targetAuc };
        if (model is null || measurement.Cancelled)
        {
            return result with { TimeToTargetNote = "not measured: the run was cancelled" };
        }

        var (seconds, auc, note) = TimeToTarget(mlContext, pipeline, trainRows, test, schema, targetAuc, context.Clock, cancellationToken);
        return result with { Auc = auc, TimeToTargetSeconds = seconds, TimeToTargetNote = note };
    }

    private static (double? Seconds, double Auc, string Note) TimeToTarget(
        MLContext mlContext, IEstimator<ITransformer> pipeline, ManufacturingRow[] trainRows, IDataView test,
        Microsoft.ML.Data.SchemaDefinition schema, double targetAuc, TimeProvider clock, CancellationToken cancellationToken)
    {
        var start = clock.GetTimestamp();
        var bestAuc = 0.0;
        foreach (var fraction in Fractions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = (int)(trainRows.Length * fraction);
            var subset = mlContext.Data.LoadFromEnumerable(trainRows.Take(count), schema);
            var model = pipeline.Fit(subset);
            var auc = mlContext.BinaryClassification.EvaluateNonCalibrated(model.Transform(test)).AreaUnderRocCurve;
            bestAuc = Math.Max(bestAuc, auc);
            if (auc >= targetAuc)
            {
                var seconds = clock.GetElapsedTime(start).TotalSeconds;
                return (seconds, auc, string.Create(CultureInfo.InvariantCulture, $"AUC {auc:0.####} >= target {targetAuc} with {count} training rows ({fraction:P1}); time counts every fit and evaluation until then"));
            }
        }
        return (null, bestAuc, string.Create(CultureInfo.InvariantCulture, $"target AUC {targetAuc} not reached: best {bestAuc:0.####} with all {trainRows.Length} training rows"));
    }
}
