using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace Planner.Web.Components.Charts;

/// <summary>The look shared by every chart: transparent background (follows light and dark mode), grey text, legend below.</summary>
internal static class ChartStyle
{
    public static readonly Config Config = new() { Responsive = true, DisplayLogo = false };

    /// <summary>The colour of the option at a position, from the table the PDF report uses too, so an option keeps its colour on every chart and in print.</summary>
    public static string OptionColour(int position) => Planner.Reports.ChartColours.ForOption(position);

    public static Plotly.Blazor.Layout Layout(string? xTitle, string? yTitle, string? yPrefix) => new()
    {
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Color = "#8a8a8a", Family = "Roboto, Helvetica, Arial, sans-serif" },
        Separators = ".,",
        Height = 380,
        Margin = new Margin { L = 70, R = 20, T = 20, B = 60 },
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.2m }],
        HoverMode = HoverModeEnum.XUnified,
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle }, GridColor = "rgba(127,127,127,0.2)", ZeroLineColor = "rgba(127,127,127,0.4)" }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle }, TickPrefix = yPrefix, GridColor = "rgba(127,127,127,0.2)", ZeroLineColor = "rgba(127,127,127,0.4)", TickFormat = ",.0f" }],
        Shapes = [],
        Annotations = [],
    };

    /// <summary>
    /// Makes the chart taller by a legend row (20 px) for each legend entry beyond three: Plotly takes the legend's room
    /// from the chart's height, so a long legend (several scenarios' options) would otherwise squeeze the plot.
    /// </summary>
    public static void FitLegend(Plotly.Blazor.Layout layout, int entries) => layout.Height += Math.Max(0, entries - 3) * 20;

    /// <summary>Adds a dashed vertical line with a label at each marker.</summary>
    public static void Mark(Plotly.Blazor.Layout layout, IEnumerable<Planner.Web.Services.ChartMarker> markers)
    {
        var i = 0;
        foreach (var marker in markers)
        {
            layout.Shapes.Add(new Shape
            {
                Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
                XRef = "x", YRef = "paper", X0 = marker.At, X1 = marker.At, Y0 = 0m, Y1 = 1m,
                Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Dash = "dash", Width = 1.5m, Color = Planner.Reports.ChartColours.Reference },
            });
            layout.Annotations.Add(new Annotation
            {
                XRef = "x", YRef = "paper", X = marker.At, Y = 1m - (0.08m * i), Text = marker.Label, ShowArrow = false,
                XAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.XAnchorEnum.Left, Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Size = 11 },
            });
            i++;
        }
    }

    /// <summary>Line styles by scenario position when several scenarios share a chart.</summary>
    private static readonly string[] Dashes = ["solid", "dot", "dash", "dashdot", "longdash", "longdashdot"];

    /// <summary>
    /// One line per series. The colour follows the option's position within its scenario (so an option keeps its colour
    /// on every chart) and the line style follows the scenario's position.
    /// </summary>
    public static IList<ITrace> Lines(IReadOnlyList<Planner.Web.Services.ChartSeries> series) =>
        series.Select((s, i) => (ITrace)new Plotly.Blazor.Traces.Scatter
        {
            Name = s.Name,
            X = Values(s.X),
            Y = Values(s.Y),
            Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
            Line = new Plotly.Blazor.Traces.ScatterLib.Line
            {
                Color = OptionColour(series.Take(i).Count(p => p.Group == s.Group)),
                Dash = Dashes[s.Group % Dashes.Length],
                Width = 2.5m,
            },
        }).ToList();

    /// <summary>Plotly's value list: NaN (no value) becomes a gap.</summary>
    public static List<object> Values(IEnumerable<double> values) => values.Select(v => double.IsFinite(v) ? (object)v : null!).ToList();
}
