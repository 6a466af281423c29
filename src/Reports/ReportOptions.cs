namespace Planner.Reports;

public enum PaperSize
{
    A4,
    Letter,
}

/// <summary>How a PDF report is laid out and labelled.</summary>
public sealed record ReportOptions
{
    public static readonly ReportOptions Default = new();

    public PaperSize Paper { get; init; } = PaperSize.A4;

    /// <summary>The stored scenario's version, shown in the footer; null for a scenario read from a file.</summary>
    public int? ScenarioVersion { get; init; }
}
