namespace Planner.CostModel.Scenarios;

/// <summary>
/// A training run's measured time to target as an option's <c>trainingGpuHoursPerRetrain</c> (docs/methodology.md,
/// "Training GPU-hours from a run"): the run trained on one GPU, and the time scales in proportion to the rows trained on.
/// </summary>
public static class TrainingHours
{
    /// <summary>timeToTargetSeconds x (retrainRows / trainedRows) / 3600, in GPU-hours (one GPU).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time below 0 or not finite, or a row count below 1.</exception>
    public static double PerRetrain(double timeToTargetSeconds, long trainedRows, long retrainRows)
    {
        if (!double.IsFinite(timeToTargetSeconds) || timeToTargetSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeToTargetSeconds), timeToTargetSeconds, "must be finite and >= 0");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(trainedRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(retrainRows, 1);
        return timeToTargetSeconds * ((double)retrainRows / trainedRows) / 3600;
    }

    /// <summary>The factor the measured time is multiplied by: retrainRows / trainedRows.</summary>
    public static double Scale(long trainedRows, long retrainRows) => (double)retrainRows / trainedRows;
}
