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

    /// <summary>
    /// The language of every text the PDF prints, and the culture its numbers and dates are formatted with. The library
    /// never reads the thread's culture: a host passes the user's choice here.
    /// </summary>
    public ReportLanguage Language { get; init; } = ReportLanguage.English;

    /// <summary>The stored scenario's version, shown in the footer; null for a scenario read from a file.</summary>
    public int? ScenarioVersion { get; init; }

    /// <summary>True for a report of a scenario as edited on screen, not (or not yet) saved: the footer says so.</summary>
    public bool UnsavedEdits { get; init; }
}
