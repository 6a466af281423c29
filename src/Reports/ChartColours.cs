using Planner.CostModel.Evaluation;

namespace Planner.Reports;

/// <summary>
/// The one colour table of every chart, on screen (Plotly, web) and in the PDF (ScottPlot): an option has the same colour
/// in both, and so has a cost category and each side of the tornado. Colours are CSS hex strings (#RRGGBB); the PDF
/// parses the same strings.
/// </summary>
public static class ChartColours
{
    /// <summary>
    /// Colours by option position within its scenario (Tableau 10: distinct hues that read on a light page and on the
    /// dark theme's background).
    /// </summary>
    public static readonly IReadOnlyList<string> Options =
    [
        "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF",
    ];

    /// <summary>The colour of the option at <paramref name="position"/> (0-based) in its scenario; the table repeats past its end.</summary>
    public static string ForOption(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        return Options[position % Options.Count];
    }

    /// <summary>Monthly cost categories in the order they are stacked, each with its colour; resale is negative (cash in).</summary>
    public static readonly IReadOnlyList<CostCategory> CostCategories =
    [
        new("Usage", m => m.Usage, "#1F77B4"),
        new("Compute", m => m.Compute, "#9467BD"),
        new("Energy", m => m.Energy, "#BCBD22"),
        new("Colocation", m => m.Colocation, "#FF7F0E"),
        new("Maintenance", m => m.Maintenance, "#8C564B"),
        new("Staff", m => m.Staff, "#2CA02C"),
        new("Capex", m => m.Capex, "#D62728"),
        new("Setup", m => m.Setup, "#17BECF"),
        new("Fixed", m => m.Fixed, "#E377C2"),
        new("Resale", m => m.Resale, "#7F7F7F"),
    ];

    /// <summary>The tornado's bar for the result with an input at its low value.</summary>
    public const string TornadoLow = "#D62728";

    /// <summary>The tornado's bar for the result with an input at its high value.</summary>
    public const string TornadoHigh = "#1F77B4";

    /// <summary>Reference lines (break-even months, the tornado's base result, demand): a grey that reads on light and dark.</summary>
    public const string Reference = "#8A8A8A";
}

/// <summary>A monthly cost category of the cash-by-category charts: its name, its value in a month, and its colour.</summary>
public sealed record CostCategory(string Name, Func<MonthlyCash, double> Value, string Colour);
