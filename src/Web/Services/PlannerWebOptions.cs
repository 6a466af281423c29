namespace Planner.Web.Services;

/// <summary>Settings of the web host, bound from the "Planner" configuration section.</summary>
public sealed class PlannerWebOptions
{
    public const string Section = "Planner";

    /// <summary>Folder holding the scenario templates (the repository's examples/, copied into the app's output).</summary>
    public string ExamplesPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "examples");

    /// <summary>Folder holding the documents the app renders (docs/methodology.md, copied into the app's output).</summary>
    public string DocsPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "docs");

    /// <summary>Seconds one report download may take before it is cancelled with 503 (default <see cref="CostModel.Limits.ReportTimeBudget"/>).</summary>
    public double ReportTimeBudgetSeconds { get; set; } = CostModel.Limits.ReportTimeBudget.TotalSeconds;
}
