using Planner.Benchmarks.Models;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.Profiles;

/// <summary>
/// A profile shrunk to seconds of CPU work with the same steps (<c>planner bench run --quick</c>, and what the tests
/// run the template profiles at): every model at its smallest preset (by parameters) and sequences of at most
/// <see cref="MaxSequenceLength"/>, datasets of at most <see cref="MaxRows"/> rows, at most <see cref="MaxEpochs"/>
/// epochs and one timed ML.NET fit, and a short measurement (one warm-up, at least three iterations, at most two
/// seconds, no spread limit) without the bandwidth probe. Its figures show that the lifecycle runs, not what the
/// hardware does: the run is named "NAME-quick", so its results are never mistaken for the full profile's.
/// </summary>
public static class QuickSize
{
    public const int MaxRows = 4_000;
    public const int MaxEpochs = 5;
    public const int MaxSequenceLength = 32;

    public static BenchmarkProfile Of(BenchmarkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile with
        {
            Name = profile.Name + "-quick",
            Measurement = new MeasurementSettings(WarmupIterations: 1, MinIterations: 3, MinDurationSeconds: 0, MaxDurationSeconds: 2,
                MaxIterations: profile.Measurement.MaxIterations, MaxCv: 100),
            BandwidthProbeMegabytes = 0,
            Inference = [.. profile.Inference.Select(Smallest)],
            OnnxTraining = [.. profile.OnnxTraining.Select(s => s with
            {
                Rows = Math.Min(s.Rows, MaxRows),
                MaxEpochs = Math.Min(s.MaxEpochs, MaxEpochs),
                SequenceLength = s.SequenceLength is { } steps ? Math.Min(steps, MaxSequenceLength) : null,
                BatchSizes = [.. s.BatchSizes.Select(b => s.Dataset is null ? b : Math.Min(b, Math.Min(s.Rows, MaxRows) * 4 / 5))],
            })],
            MlNetTraining = [.. profile.MlNetTraining.Select(s => s with { Rows = Math.Min(s.Rows, MaxRows), Repetitions = 1 })],
        };
    }

    private static InferenceSpec Smallest(InferenceSpec spec)
    {
        var model = ModelCatalog.Get(spec.Model);
        return spec with
        {
            Preset = model.Presets.MinBy(model.ParameterCount),
            SequenceLength = spec.SequenceLength is { } s ? Math.Min(s, MaxSequenceLength) : null,
            ContextLength = spec.ContextLength is { } c ? Math.Min(c, MaxSequenceLength) : null,
        };
    }
}
