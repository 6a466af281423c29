using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Results;

namespace Planner.Benchmarks.Running;

/// <summary>Measures one model at one workload shape on one provider.</summary>
internal static class InferenceBenchmark
{
    /// <param name="phase">For gpt-decoder: <c>prefill</c> (sequence tokens, empty cache) or <c>decode</c> (1 token, cache of contextLength).</param>
    /// <param name="setup">How the model was made ready; the session's time is filled in here.</param>
    public static BenchmarkResult Run(ReferenceModel model, IOnnxModel built, ModelSetup setup, WorkloadShape shape, string? phase, RunContext context, CancellationToken cancellationToken)
    {
        var tokens = model.ThroughputUnit == Units.TokensPerSecond;
        var work = new MeasuredWork(
            model.Name,
            built.Preset,
            built.Precision.ToName(),
            BenchmarkResult.Inference,
            shape.BatchSize,
            model.HasSequence ? shape.SequenceLength : null,
            tokens ? (double)shape.BatchSize * shape.SequenceLength : shape.BatchSize,
            model.ThroughputUnit,
            model.FlopsPerSample(built.Preset, built.Precision, shape) * shape.BatchSize);
        var result = Run(built, setup, shape, work, context, cancellationToken) with { Parameters = model.ParameterCount(built.Preset) };
        return phase is null ? result : result with { Phase = phase, ContextLength = shape.PastLength + shape.SequenceLength };
    }

    /// <summary>Times <paramref name="built"/> at <paramref name="shape"/>, reported as <paramref name="work"/>; the session is created outside the timed loop.</summary>
    public static BenchmarkResult Run(IOnnxModel built, ModelSetup setup, WorkloadShape shape, MeasuredWork work, RunContext context, CancellationToken cancellationToken)
    {
        using var options = ExecutionProviders.CreateOptions(context.Provider.Provider, context.Threads);
        var sessionStart = context.Clock.GetTimestamp();
        using var prepared = new PreparedInference(built, shape, options, context.Seed);
        var sessionSeconds = context.Clock.GetElapsedTime(sessionStart).TotalSeconds;
        using var energy = EnergyMeter.Start(context.Provider.Provider);
        var measurement = MeasurementLoop.Run(prepared.Run, context.Measurement, context.Clock, cancellationToken);
        var reading = energy.Stop();
        return ResultFactory.Create(work, context.Provider.Provider, measurement, reading, context.Measurement)
            with { ModelSetup = setup with { SessionSeconds = sessionSeconds } };
    }
}
