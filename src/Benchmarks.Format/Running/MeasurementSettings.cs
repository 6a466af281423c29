using Planner.CostModel;

namespace Planner.Benchmarks.Running;

/// <summary>
/// How long and how often one benchmark is measured: warm-up iterations, then timed iterations
/// until BOTH the minimum duration and the minimum iteration count are reached, capped by the
/// maximum duration and iteration count. A result whose CV exceeds <see cref="MaxCv"/> is invalid.
/// </summary>
public sealed record MeasurementSettings(
    int WarmupIterations = 5,
    int MinIterations = 20,
    double MinDurationSeconds = 1.0,
    double MaxDurationSeconds = 30.0,
    int MaxIterations = 1_000_000,
    double MaxCv = 0.25)
{
    /// <summary>Problems with the values, each naming its field and allowed range; empty when valid.</summary>
    public IReadOnlyList<string> Problems(string prefix)
    {
        var problems = new List<string>();
        Check(WarmupIterations is >= 0 and <= 1_000_000, "warmupIterations", "between 0 and 1000000", WarmupIterations);
        Check(MinIterations is >= 1 and <= 1_000_000, "minIterations", "between 1 and 1000000", MinIterations);
        Check(MinDurationSeconds is >= 0 and <= 3600, "minDurationSeconds", "between 0 and 3600", MinDurationSeconds);
        Check(MaxDurationSeconds > 0 && MaxDurationSeconds <= 36000 && MaxDurationSeconds >= MinDurationSeconds, "maxDurationSeconds", "above 0, at most 36000 and at least minDurationSeconds", MaxDurationSeconds);
        Check(MaxIterations >= MinIterations && MaxIterations <= 10_000_000, "maxIterations", "between minIterations and 10000000", MaxIterations);
        Check(MaxCv is > 0 and <= 100, "maxCv", "above 0 and at most 100", MaxCv);
        return problems;

        void Check(bool ok, string field, string range, object value)
        {
            if (!ok)
            {
                problems.Add($"{prefix}{field}: must be {range}, got {value}.");
            }
        }
    }

    /// <summary>
    /// Whether a loop that has timed <paramref name="iterations"/> iterations in <paramref name="elapsedSeconds"/> stops: both
    /// minimums reached, or a cap (duration or count) hit.
    /// </summary>
    public bool Done(int iterations, double elapsedSeconds) =>
        (iterations >= MinIterations && elapsedSeconds >= MinDurationSeconds) || elapsedSeconds >= MaxDurationSeconds || iterations >= MaxIterations;

    public void Validate(string prefix = "measurement.")
    {
        var problems = Problems(prefix);
        InputException.ThrowIfAny(problems);
    }
}
