using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.Profiles;

/// <summary>What a run measures; read from profiles/*.json (format in docs/benchmarking.md).</summary>
public sealed record BenchmarkProfile
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda</c>; the CLI's --device overrides it.</summary>
    public string Device { get; init; } = "auto";

    public int Seed { get; init; } = 42;

    public ThreadSettings Threads { get; init; } = new();

    public MeasurementSettings Measurement { get; init; } = new();

    /// <summary>Size of the memory-bandwidth probe's input in MiB (it reads and writes this much per iteration); 0 skips the probe.</summary>
    public int BandwidthProbeMegabytes { get; init; } = 256;

    public IReadOnlyList<InferenceSpec> Inference { get; init; } = [];

    public IReadOnlyList<OnnxTrainingSpec> OnnxTraining { get; init; } = [];

    public IReadOnlyList<MlNetTrainingSpec> MlNetTraining { get; init; } = [];

    /// <summary>The reference decoder served under load (a rate or concurrency sweep); null when the profile has none.</summary>
    public ServingSpec? Serving { get; init; }
}

/// <summary>
/// A serving sweep (what <c>planner bench serve</c> runs): the gpt-decoder preset, one load point per rate (Poisson
/// arrivals per second) or per concurrency, and the load's duration, tokens, batch limit and optional targets.
/// </summary>
public sealed record ServingSpec
{
    public string Preset { get; init; } = "tiny";

    public IReadOnlyList<double> Rates { get; init; } = [];

    public IReadOnlyList<int> Concurrencies { get; init; } = [];

    public double DurationSeconds { get; init; } = 10;

    public int InputTokens { get; init; } = 32;

    public int OutputTokens { get; init; } = 32;

    public int MaxBatch { get; init; } = 8;

    public int MaxRequests { get; init; } = 1000;

    public double TimeoutSeconds { get; init; } = 60;

    public double? TtftMs { get; init; }

    public double? ItlMs { get; init; }

    /// <summary>The profile's field for a load field's problem (e.g. <c>serving.rates</c> for <c>rate</c>).</summary>
    public static string Field(string loadField) => "serving." + loadField switch
    {
        "rate" => "rates",
        "concurrency" => "concurrencies",
        "duration" => "durationSeconds",
        "timeout" => "timeoutSeconds",
        _ => loadField,
    };

    /// <summary>One load per rate, then one per concurrency.</summary>
    public IReadOnlyList<CostModel.Serving.ServingLoad> Loads(int seed)
    {
        var template = new CostModel.Serving.ServingLoad(null, null, DurationSeconds, InputTokens, OutputTokens, MaxRequests, TimeoutSeconds, seed);
        return [.. Rates.Select(r => template with { RatePerSecond = r }), .. Concurrencies.Select(c => template with { Concurrency = c })];
    }

    /// <summary>The targets, when both are given.</summary>
    public CostModel.Serving.ServingTargets? Targets => TtftMs is { } t && ItlMs is { } i ? new(t, i) : null;
}

/// <summary>
/// Inference benchmarks of one model preset: every precision × batch size. For token models
/// <see cref="SequenceLength"/> is the tokens per sequence (the prefill length for gpt-decoder);
/// for gpt-decoder <see cref="ContextLength"/> is the KV-cache length at which decode is measured.
/// </summary>
public sealed record InferenceSpec
{
    public required string Model { get; init; }

    public string? Preset { get; init; }

    public IReadOnlyList<string> Precisions { get; init; } = ["fp32"];

    public IReadOnlyList<int> BatchSizes { get; init; } = [1];

    public int? SequenceLength { get; init; }

    public int? ContextLength { get; init; }
}

/// <summary>
/// ONNX Runtime training steps: of the mlp family on a preset's fixed teacher batch (samples/s), or, when
/// <see cref="Dataset"/> names a manufacturing dataset, the <see cref="Model"/> for that dataset's kind (mlp: tabular,
/// lenet5: the inspection images, lstm-classifier: the sensor sequences) trained on it batch by batch with its time to
/// <see cref="TargetAuc"/> (docs/benchmarking.md, "Training benchmarks").
/// </summary>
public sealed record OnnxTrainingSpec
{
    public string Model { get; init; } = "mlp";

    public string? Preset { get; init; }

    public IReadOnlyList<int> BatchSizes { get; init; } = [64];

    public double LearningRate { get; init; } = 0.05;

    /// <summary>A manufacturing dataset to train on (then <see cref="Preset"/> is not given); null trains on the teacher batch.</summary>
    public string? Dataset { get; init; }

    /// <summary>Rows generated (80 % train, 20 % held out); dataset training only.</summary>
    public int Rows { get; init; } = 20_000;

    /// <summary>Held-out AUC whose first reaching is timed; dataset training only.</summary>
    public double TargetAuc { get; init; } = 0.85;

    /// <summary>Epochs after which the time to target is given up; dataset training only.</summary>
    public int MaxEpochs { get; init; } = 20;

    /// <summary>Steps of a sensor-sequence window (sensor-sequences only); default 32.</summary>
    public int? SequenceLength { get; init; }

    /// <summary>
    /// The trained model's inference (dataset training only): the model the first batch size's time-to-target loop ended
    /// with, at each precision and batch size, with its held-out AUC at each precision; null measures none.
    /// </summary>
    public TrainedInferenceSpec? Inference { get; init; }
}

/// <summary>Inference of the model a dataset training step trained: every precision (fp32, int8) × batch size.</summary>
public sealed record TrainedInferenceSpec
{
    /// <summary>The precisions a trained model runs at.</summary>
    public static IReadOnlyList<string> Allowed { get; } = ["fp32", "int8"];

    public IReadOnlyList<string> Precisions { get; init; } = Allowed;

    public IReadOnlyList<int> BatchSizes { get; init; } = [1];
}

/// <summary>ML.NET trainers on a synthetic manufacturing dataset.</summary>
public sealed record MlNetTrainingSpec
{
    public required string Dataset { get; init; }

    public int Rows { get; init; } = 100_000;

    public IReadOnlyList<string> Trainers { get; init; } = ["sdca-logistic-regression", "fasttree", "lightgbm"];

    public double TargetAuc { get; init; } = 0.85;

    /// <summary>Full-data fits timed for rows/s (after one warm-up fit).</summary>
    public int Repetitions { get; init; } = 3;
}
