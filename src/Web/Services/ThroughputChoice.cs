using Planner.Benchmarks.Results;
using Planner.CostModel.Projection;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Serving;

namespace Planner.Web.Services;

/// <summary>
/// What a choice hands to an option: its throughput (throughputFrom), its replica capacity at the latency targets
/// (capacityFrom), an API's measured latency (latencyFrom), or the GPU-hours one retraining takes (trainingFrom).
/// </summary>
public enum HandOff
{
    Throughput,
    Capacity,
    Latency,
    Training,
}

/// <summary>
/// Evidence the user can hand to a scenario's option: a stored benchmark result or a projection as a GPU option's
/// throughput (<see cref="Reference"/>), or a stored serving result (<see cref="ServingRun"/>) as a GPU option's capacity
/// at the latency targets or an API option's measured latency, as <see cref="Kind"/> says. <see cref="Preferred"/> marks
/// the choice offered first.
/// </summary>
public sealed record ThroughputChoice(string Key, string Label, ThroughputReference? Reference, bool Preferred = false)
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Text = Localization.ResourceText.For(typeof(ThroughputChoice));

    public HandOff Kind { get; init; } = HandOff.Throughput;

    /// <summary>The serving result a <see cref="HandOff.Capacity"/> or <see cref="HandOff.Latency"/> choice names.</summary>
    public ServingRunReference? ServingRun { get; init; }

    /// <summary>The training result a <see cref="HandOff.Training"/> choice names.</summary>
    public TrainingReference? Training { get; init; }

    /// <summary>The option reference the choice fills.</summary>
    public ReferenceField Fills => Kind switch
    {
        HandOff.Throughput => ReferenceField.ThroughputFrom,
        HandOff.Capacity => ReferenceField.CapacityFrom,
        HandOff.Latency => ReferenceField.LatencyFrom,
        HandOff.Training => ReferenceField.TrainingFrom,
    };

    /// <summary>The scenario field the choice fills: throughputFrom, capacityFrom, latencyFrom or trainingFrom.</summary>
    public string Field => Fills.JsonName();

    /// <summary>
    /// Whether the choice can go to <paramref name="option"/>: whether the option's kind takes the reference it fills
    /// (an API's latency goes to an API option, a training time to a cloud or on-premises option, the rest to an option
    /// that runs on GPUs), the rule the store's resolution applies.
    /// </summary>
    public bool Fits(SourcingOption option) => OptionKinds.Of(option.Kind).References.Contains(Fills);

    /// <summary>
    /// The run's valid inference results, one choice per model, preset, precision and batch (decoders, prefill + decode,
    /// preferred); then each decoder serving result with a step-time fit (a capacity) and each endpoint load test with
    /// completed requests (an API's latency), one per load; then each valid training result that reached its target AUC
    /// (the GPU-hours per retrain), one per model, dataset and batch.
    /// </summary>
    public static IReadOnlyList<ThroughputChoice> FromRun(BenchmarkRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [.. Inference(run), .. Serving(run), .. TrainingResults(run)];
    }

    /// <summary>
    /// Training results with a time to target, as trainingFrom names them (run, model, dataset, batch). A model, dataset
    /// and batch the run trained more than once is not offered: trainingFrom could not tell the results apart.
    /// </summary>
    private static IEnumerable<ThroughputChoice> TrainingResults(BenchmarkRun run) =>
        run.Results
            .Where(r => r.Task == BenchmarkResult.Training)
            .GroupBy(r => (Model: r.Model.ToLowerInvariant(), Preset: r.Preset.ToLowerInvariant(), r.BatchSize))
            .Where(g => g.Count() == 1)
            .Select(g => g.Single())
            .Where(r => r.Valid && r.TimeToTargetSeconds is not null && r.Rows is > 0)
            .Select(r => new ThroughputChoice($"training|{r.Model}|{r.Preset}|{r.BatchSize}",
                Text["TrainingChoice", r.Model, r.Preset, r.BatchSize, r.Provider, Display.Number(r.TargetAuc ?? 0, 2),
                    Display.Number(r.TimeToTargetSeconds!.Value, 2), Display.Number(r.Rows!.Value, 0)], null)
            {
                Kind = HandOff.Training,
                Training = new TrainingReference { Run = run.RunId, Model = r.Model, Dataset = r.Preset, Batch = r.BatchSize },
            });

    private static IEnumerable<ThroughputChoice> Serving(BenchmarkRun run)
    {
        foreach (var s in run.Serving ?? [])
        {
            var reference = new ServingRunReference { Run = run.RunId, Rate = s.Load.RatePerSecond, Concurrency = s.Load.Concurrency };
            var key = $"serving|{s.Source}|{s.Load.RatePerSecond}|{s.Load.Concurrency}";
            if (ServingResultChoice.HasStepTimeFit(s))
            {
                yield return new ThroughputChoice(key, Text["CapacityChoice", $"{s.Model} {s.Preset}", s.Load.Describe(), s.MaxBatch ?? ServingLoop.MaxBatchLimit], null)
                {
                    Kind = HandOff.Capacity,
                    ServingRun = reference,
                };
            }
            else if (s.Source != ServingResult.DecoderSource && s.Metrics.Completed > 0 && s.Metrics.InterTokenLatencyMs.Count > 0)
            {
                yield return new ThroughputChoice(key, Text["LatencyChoice", s.Endpoint ?? s.Model, s.Model, s.Load.Describe(),
                    Display.Number(s.Metrics.TimeToFirstTokenMs.P95, 1), Display.Number(s.Metrics.InterTokenLatencyMs.P95, 2)], null)
                {
                    Kind = HandOff.Latency,
                    ServingRun = reference,
                };
            }
        }
    }

    private static IEnumerable<ThroughputChoice> Inference(BenchmarkRun run)
    {
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
            });
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
