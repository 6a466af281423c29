namespace Planner.CostModel;

/// <summary>
/// Every size and work limit of the product in one place (docs/security.md, "Limits"). Numeric inputs keep their
/// bounds beside their definitions in the one table of input fields (<see cref="Inputs.InputFields"/>, ADR 011).
/// </summary>
public static class Limits
{
    /// <summary>Longest scenario, option, catalog row or benchmark run name, in characters.</summary>
    public const int NameLength = 200;

    /// <summary>Longest free text (scenario description, notes), in characters.</summary>
    public const int TextLength = 20_000;

    /// <summary>Longest reason given for overriding the evidence guard's model-size rule (<c>throughputFrom.overrideModelSize</c>), in characters.</summary>
    public const int OverrideReasonLength = 500;

    /// <summary>Most sourcing options in one scenario.</summary>
    public const int OptionsPerScenario = 50;

    /// <summary>Most Monte Carlo trials in one simulation.</summary>
    public const int MonteCarloTrials = 1_000_000;

    /// <summary>Most results in one benchmark run (a push or import with more is refused).</summary>
    public const int ResultsPerRun = 1_000;

    /// <summary>
    /// Per-iteration latencies a benchmark result stores (<c>latencySamplesMs</c>); a longer loop keeps evenly spaced ones.
    /// 1,000 results of 200 samples stay under <see cref="RequestBodyBytes"/>.
    /// </summary>
    public const int LatencySamplesPerResult = 200;

    /// <summary>
    /// Most rows a calibration cross-validates (leave-one-out refits once per row, so its work grows with the square of
    /// the rows); a larger run gets the fit over every row without the leave-one-out errors.
    /// </summary>
    public const int CalibrationCrossValidationRows = 48;

    /// <summary>Calibrations the web app keeps, by benchmark run, so that /projection does not recalibrate on each view.</summary>
    public const int CachedCalibrations = 16;

    /// <summary>Largest HTTP request body, in bytes (larger bodies get 413).</summary>
    public const long RequestBodyBytes = 8 * 1024 * 1024;

    /// <summary>The time one report (PDF, CSV or workbook, or the CLI's set of them) may take before it is cancelled.</summary>
    public static readonly TimeSpan ReportTimeBudget = TimeSpan.FromSeconds(120);

    /// <summary>The longest time budget the CLI accepts for a report (<c>planner report --time-budget</c>): a day.</summary>
    public static readonly TimeSpan MaxReportTimeBudget = TimeSpan.FromDays(1);

    /// <summary>What a report cancelled at its time budget says, before the host's remedy.</summary>
    public static string ReportOverBudget(TimeSpan budget) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"the report was cancelled after its time budget of {budget.TotalSeconds:0.###} s (docs/security.md, Limits)");
}
