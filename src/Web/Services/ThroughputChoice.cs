using Planner.Benchmarks.Results;
using Planner.CostModel.Projection;
using Planner.CostModel.Scenarios;

namespace Planner.Web.Services;

/// <summary>
/// A throughput source the user can hand to a scenario's GPU option (its <c>throughputFrom</c>): a stored benchmark
/// result or a projection. <see cref="Preferred"/> marks the choice offered first.
/// </summary>
public sealed record ThroughputChoice(string Key, string Label, ThroughputReference Reference, bool Preferred = false)
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Text = Planner.Web.Localization.ResourceText.For(typeof(ThroughputChoice));

    /// <summary>The run's valid inference results, one choice per model, preset, precision and batch; decoders (prefill + decode) preferred.</summary>
    public static IReadOnlyList<ThroughputChoice> FromRun(BenchmarkRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Results
            .Where(r => r.Task == BenchmarkResult.Inference && r.Valid)
            .GroupBy(r => (r.Model, r.Preset, r.Precision, r.BatchSize))
            .Select(g =>
            {
                var phased = g.Any(r => r.Phase is not null);
                return new ThroughputChoice(
                    RunKey(g.Key.Model, g.Key.Preset, g.Key.Precision, g.Key.BatchSize),
                    (string)Text[phased ? "RunResultPhased" : "RunResult", g.Key.Model, g.Key.Preset, g.Key.Precision, g.Key.BatchSize],
                    new ThroughputReference { Run = run.RunId, Model = g.Key.Model, Preset = g.Key.Preset, Precision = g.Key.Precision, Batch = g.Key.BatchSize },
                    phased);
            })
            .ToList();
    }

    /// <summary>The key of a run's result as a choice: model, preset, precision and batch.</summary>
    public static string RunKey(string model, string preset, string precision, int batchSize) => $"{model}|{preset}|{precision}|{batchSize}";

    /// <summary>
    /// The projection as a scenario names it: model, GPU, GPUs, precision, batch and the lengths it was projected at —
    /// its input and output tokens when <paramref name="byInputAndOutput"/> (the page was given them), else its context.
    /// </summary>
    public static ThroughputChoice FromProjection(Projection projection, bool byInputAndOutput)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var lengths = byInputAndOutput
            ? $"{projection.InputTokens} in + {projection.OutputTokens} out"
            : $"context {projection.ContextLength}";
        return new ThroughputChoice(
            $"projection|{projection.Model}|{projection.Gpu}|{projection.Gpus}|{projection.Precision}|{projection.Batch}|{lengths}",
            Text["Projection", projection.Model, projection.Gpus, projection.Gpu, projection.Precision, projection.Batch,
                byInputAndOutput ? Text["Lengths", projection.InputTokens, projection.OutputTokens] : Text["Context", projection.ContextLength]],
            new ThroughputReference
            {
                Projection = new ProjectionReference
                {
                    Model = projection.Model,
                    Gpu = projection.Gpu,
                    Gpus = projection.Gpus,
                    Precision = projection.Precision,
                    Batch = projection.Batch,
                    ContextLength = byInputAndOutput ? null : projection.ContextLength,
                    InputTokens = byInputAndOutput ? projection.InputTokens : null,
                    OutputTokens = byInputAndOutput ? projection.OutputTokens : null,
                },
            },
            Preferred: true);
    }
}
