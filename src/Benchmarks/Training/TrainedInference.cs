using System.Globalization;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Onnx;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.Training;

/// <summary>The model a dataset training step ended with: its parameters when it reached its target AUC (or after its last epoch) and the held-out rows it is scored on.</summary>
internal sealed record TrainedModel(string Model, string Dataset, int SequenceLength, IReadOnlyList<TrainingParameter> Parameters, HeldOutRows HeldOut);

/// <summary>
/// Inference of a trained model at one precision (docs/benchmarking.md, "The trained model at inference"): the training
/// step's forward pass with the trained weights inside, at fp32 or quantized to int8 by the reference models' path, built
/// once, scored once on the held-out rows (its AUC at that precision) and timed at each batch size like any inference
/// benchmark, so fp32 and int8 show both what quantization saves in time and what it costs in quality.
/// </summary>
internal sealed class TrainedInference(TrainedModel trained, Precision precision, InferenceGraph graph, BuiltModel built, double buildSeconds, double auc)
{
    private bool _measured;

    /// <summary>The AUC of the model at this precision on the held-out rows.</summary>
    public double HeldOutAuc { get; } = auc;

    public static TrainedInference Prepare(TrainedModel trained, Precision precision, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(context);
        var start = context.Clock.GetTimestamp();
        var graph = TrainableModels.BuildInference(trained.Model, trained.Dataset, trained.SequenceLength, precision, trained.Parameters);
        var built = new BuiltModel(trained.Model, trained.Dataset, precision, graph.OnnxBytes,
            [new TensorSpec(TrainingGraph.Input, OnnxDataType.Float, [Dim.Batch, .. graph.SampleShape.Select(Dim.Of)])],
            [new TensorSpec(TrainingGraph.Logits, OnnxDataType.Float, [Dim.Batch, Dim.Of(graph.Classes)])],
            graph.ParameterBytes);
        var buildSeconds = context.Clock.GetElapsedTime(start).TotalSeconds;
        using var options = ExecutionProviders.CreateOptions(context.Provider.Provider, context.Threads);
        using var session = built.CreateSession(options);
        var auc = trained.HeldOut.Auc(session, graph.SampleShape, graph.Classes, [], []);
        return new TrainedInference(trained, precision, graph, built, buildSeconds, auc);
    }

    /// <summary>Samples/s at <paramref name="batchSize"/>, with the held-out AUC of this precision; the first result carries the build time.</summary>
    public BenchmarkResult Measure(int batchSize, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var setup = _measured
            ? new ModelSetup(graph.ShapeHash, ModelSetup.Reused, 0, 0)
            : new ModelSetup(graph.ShapeHash, ModelSetup.Off, buildSeconds, 0);
        _measured = true;
        int? steps = ManufacturingDatasets.Kind(trained.Dataset) == DatasetKind.Sequence ? trained.SequenceLength : null;
        var work = new MeasuredWork(trained.Model, trained.Dataset, precision.ToName(), BenchmarkResult.Inference, batchSize, steps, batchSize,
            Units.SamplesPerSecond, graph.FlopsPerSample * batchSize);
        return InferenceBenchmark.Run(built, setup, new WorkloadShape(batchSize), work, context, cancellationToken)
            with { Auc = HeldOutAuc, Rows = trained.HeldOut.Count, Parameters = graph.Parameters };
    }

    /// <summary>Why a trained model's inference was not measured, when its training step left no model.</summary>
    public static string NotTrained(string model, string dataset) =>
        string.Create(CultureInfo.InvariantCulture, $"{model} was not trained on {dataset}: its training step was cancelled or failed, so there is no trained model to measure");
}
