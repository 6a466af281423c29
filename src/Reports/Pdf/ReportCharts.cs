using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;
using ScottPlot;
using SkiaSharp;

namespace Planner.Reports.Pdf;

/// <summary>The report's charts, drawn with ScottPlot straight onto the PDF page canvas (vector).</summary>
internal static class ReportCharts
{
    /// <summary>The shared colour table (<see cref="ChartColours"/>) as ScottPlot colours, so a PDF chart matches the web page's.</summary>
    private static Color Hex(string hex) => Color.FromHex(hex);

    private static Color OptionColour(int position) => Hex(ChartColours.ForOption(position));

    private static readonly IReadOnlyList<CostCategory> Categories = ChartColours.CostCategories;

    /// <summary>Draws <paramref name="plot"/> into <paramref name="rect"/> of the page.</summary>
    public static void Draw(Plot plot, SKCanvas canvas, SKRect rect)
    {
        var width = (int)rect.Width;
        var height = (int)rect.Height;
        // ScottPlot lays out its axes during a render; without this first pass the labels are drawn twice on the canvas.
        plot.RenderInMemory(width, height);
        canvas.Save();
        canvas.Translate(rect.Left, rect.Top);
        canvas.ClipRect(SKRect.Create(0, 0, width, height));
        plot.Render(canvas, width, height);
        canvas.Restore();
    }

    /// <summary>Cumulative cash paid by each option, month by month, with each option's break-even (payback) month against the baseline.</summary>
    public static Plot CumulativeCash(ScenarioEvaluation e, ReportText t)
    {
        var plot = NewPlot(t);
        for (var i = 0; i < e.Options.Count; i++)
        {
            var option = e.Options[i];
            var cumulative = 0.0;
            var ys = option.Months.Select(m => cumulative += m.Cash).ToArray();
            var line = plot.Add.ScatterLine(option.Months.Select(m => (double)m.Month).ToArray(), ys);
            line.LegendText = option.Name;
            line.Color = OptionColour(i);
            line.LineWidth = option.Id == e.Recommendation ? 2.5f : 1.5f;
        }
        foreach (var c in e.Comparisons.Where(c => c.PaybackMonth is > 0))
        {
            var marker = plot.Add.VerticalLine(c.PaybackMonth!.Value);
            marker.Color = Colors.Black.WithAlpha(0.6);
            marker.LinePattern = LinePattern.Dashed;
            marker.LineWidth = 1;
            marker.LegendText = t.Format("Chart.BreakEvenMonth", e.GetOption(c.Option).Name, c.PaybackMonth);
        }
        plot.XLabel(t["Chart.Month"]);
        plot.YLabel(t.Format("Chart.CumulativeCash", e.Currency));
        plot.Axes.Left.TickGenerator = MoneyTicks(e.Currency);
        Legend(plot, Alignment.UpperLeft, t);
        return plot;
    }

    /// <summary>One option's monthly cash, stacked by category (resale below zero).</summary>
    public static Plot MonthlyCost(OptionResult option, string currency, ReportText t)
    {
        var plot = NewPlot(t);
        var bars = new List<Bar>();
        var used = new bool[Categories.Count];
        foreach (var month in option.Months)
        {
            var up = 0.0;
            var down = 0.0;
            for (var c = 0; c < Categories.Count; c++)
            {
                var value = Categories[c].Value(month);
                if (value == 0)
                {
                    continue;
                }
                used[c] = true;
                var from = value > 0 ? up : down;
                var to = from + value;
                if (value > 0)
                {
                    up = to;
                }
                else
                {
                    down = to;
                }
                bars.Add(new Bar { Position = month.Month, ValueBase = from, Value = to, FillColor = Hex(Categories[c].Colour), LineWidth = 0, Size = 0.8 });
            }
        }
        plot.Add.Bars(bars);
        for (var c = 0; c < Categories.Count; c++)
        {
            if (used[c])
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = t.Category(Categories[c]), FillColor = Hex(Categories[c].Colour) });
            }
        }
        plot.Title(option.Name, size: 11);
        plot.XLabel(t["Chart.Month"]);
        plot.YLabel(t.Format("Chart.Cash", currency));
        plot.Axes.Left.TickGenerator = MoneyTicks(currency);
        Legend(plot, Edge.Right, t);
        return plot;
    }

    /// <summary>Levelized cost per 1M tokens of each option as first-month demand varies (log scale), with the break-even volumes.</summary>
    public static Plot LevelizedVsDemand(Scenario scenario, ScenarioEvaluation e, IReadOnlyList<DemandPoint> curve, ReportText t)
    {
        var plot = NewPlot(t);
        var xs = curve.Select(p => Math.Log10(p.RequestsPerMonth)).ToArray();
        var atDemand = e.Options.Where(o => o.LevelizedCostPerMillionTokens is not null).Select(o => o.LevelizedCostPerMillionTokens!.Value).DefaultIfEmpty(1).Max();
        for (var i = 0; i < e.Options.Count; i++)
        {
            var ys = curve.Select(p => p.LevelizedCostPerMillionTokens[i] ?? double.NaN).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = e.Options[i].Name;
            line.Color = OptionColour(i);
            line.LineWidth = 2;
        }
        var demand = plot.Add.VerticalLine(Math.Log10(scenario.Workload.RequestsPerMonth));
        demand.Color = Colors.Black;
        demand.LineWidth = 1;
        demand.LegendText = t["Chart.ScenarioDemand"];
        foreach (var c in e.Comparisons.Where(c => c.BreakEvenRequestsPerMonth is > 0))
        {
            var marker = plot.Add.VerticalLine(Math.Log10(c.BreakEvenRequestsPerMonth!.Value));
            marker.Color = Colors.Black.WithAlpha(0.6);
            marker.LinePattern = LinePattern.Dashed;
            marker.LegendText = t.Format("Chart.BreakEvenVs", e.GetOption(c.Option).Name, e.GetOption(c.Baseline).Name);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => Compact(Math.Pow(10, v)),
            IntegerTicksOnly = true,
        };
        plot.Axes.SetLimitsY(0, atDemand * 4);
        plot.Axes.SetLimitsX(xs[0], xs[^1]);
        plot.XLabel(t["Chart.FirstMonthRequests"]);
        plot.YLabel(t.Format("Chart.PerMillionTokens", e.Currency));
        Legend(plot, Alignment.UpperRight, t);
        return plot;
    }

    /// <summary>
    /// A tornado of <paramref name="e"/> (whose options name the bars' inputs): the metric at each input's low and high
    /// value, largest swing on top, the axis named by <paramref name="axis"/>.
    /// </summary>
    public static Plot Tornado(ScenarioEvaluation e, IReadOnlyList<TornadoBar> bars, double baseResult, string currency, string axis, ReportText t)
    {
        var plot = NewPlot(t);
        var items = new List<Bar>();
        var positions = new double[bars.Count];
        var labels = new string[bars.Count];
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = bars.Count - 1 - i;
            positions[i] = y;
            labels[i] = t.Label(e, b.Input, b.Label) + (b.ChangesRecommendation ? " *" : "");
            items.Add(new Bar { Position = y, ValueBase = baseResult, Value = b.LowResult, FillColor = Hex(ChartColours.TornadoLow), LineWidth = 0, Size = 0.7 });
            items.Add(new Bar { Position = y, ValueBase = baseResult, Value = b.HighResult, FillColor = Hex(ChartColours.TornadoHigh), LineWidth = 0, Size = 0.7 });
        }
        var plottable = plot.Add.Bars(items);
        plottable.Horizontal = true;
        var center = plot.Add.VerticalLine(baseResult);
        center.Color = Colors.Black;
        center.LineWidth = 1;
        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.Bottom.TickGenerator = MoneyTicks(currency);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = t["Chart.InputLow"], FillColor = Hex(ChartColours.TornadoLow) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = t["Chart.InputHigh"], FillColor = Hex(ChartColours.TornadoHigh) });
        plot.XLabel(axis);
        Legend(plot, Edge.Bottom, t);
        return plot;
    }

    /// <summary>
    /// The simulated distribution of each option's present value: each option's histogram as a step outline (share of
    /// trials per bin, so options with different bin widths compare), with its median marked.
    /// </summary>
    public static Plot PresentValueHistograms(SimulationResult simulation, ReportText t)
    {
        var plot = NewPlot(t);
        for (var i = 0; i < simulation.Options.Count; i++)
        {
            var option = simulation.Options[i];
            var bins = option.PresentValue.Histogram;
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var bin in bins)
            {
                var share = (double)bin.Count / simulation.Trials;
                xs.AddRange([bin.From, bin.To]);
                ys.AddRange([share, share]);
            }
            var color = OptionColour(i);
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            line.LegendText = t.Format("Chart.CheapestIn", option.Name, t.Percent(option.ProbabilityCheapest));
            line.Color = color;
            line.LineWidth = 1.5f;
            var median = plot.Add.VerticalLine(option.PresentValue.P50);
            median.Color = color.WithAlpha(0.7);
            median.LinePattern = LinePattern.Dashed;
            median.LineWidth = 1;
        }
        plot.XLabel(t.Format("Chart.PvOfCost", simulation.Currency));
        plot.YLabel(t["Chart.ShareOfTrials"]);
        plot.Axes.Bottom.TickGenerator = MoneyTicks(simulation.Currency);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => t.Percent(v) };
        plot.Axes.SetLimitsY(0, simulation.Options.SelectMany(o => o.PresentValue.Histogram).Select(b => (double)b.Count / simulation.Trials).DefaultIfEmpty(1).Max() * 1.15);
        Legend(plot, Edge.Bottom, t);
        return plot;
    }

    private static Plot NewPlot(ReportText t)
    {
        var plot = new Plot();
        // Not plot.Font.Set: it also writes ScottPlot's process-wide Fonts.Default and Fonts.DefaultFontStyle, and every
        // label created after that (legend items are created at each render) draws with that typeface whatever its
        // FontName says. Two reports drawn at once, one English and one Chinese, then drew Chinese legend entries with
        // DejaVu Sans, as missing glyphs. Setting each label's FontName leaves the shared defaults untouched.
        var family = ReportFonts.ChartFamily(t.Language);
        plot.Axes.Title.Label.FontName = family;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = family;
            axis.TickLabelStyle.FontName = family;
        }
        plot.Axes.Left.Label.FontSize = 11;
        plot.Axes.Bottom.Label.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        return plot;
    }

    private static void Legend(Plot plot, Alignment alignment, ReportText t)
    {
        plot.ShowLegend(alignment);
        plot.Legend.FontSize = 9;
        plot.Legend.FontName = ReportFonts.ChartFamily(t.Language);
    }

    /// <summary>A legend outside the data area: one row below or above, one column beside.</summary>
    private static void Legend(Plot plot, Edge edge, ReportText t)
    {
        plot.ShowLegend(edge);
        plot.Legend.Orientation = edge is Edge.Bottom or Edge.Top ? Orientation.Horizontal : Orientation.Vertical;
        plot.Legend.FontSize = 9;
        plot.Legend.FontName = ReportFonts.ChartFamily(t.Language);
    }

    private static ScottPlot.TickGenerators.NumericAutomatic MoneyTicks(string currency) => new()
    {
        LabelFormatter = v => (v < 0 ? "-" : "") + Currencies.Symbol(currency) + Compact(Math.Abs(v)),
    };

    /// <summary>1234567 as "1.2M", 15000 as "15k".</summary>
    internal static string Compact(double value)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var abs = Math.Abs(value);
        return abs switch
        {
            >= 1e9 => (value / 1e9).ToString("0.##", invariant) + "B",
            >= 1e6 => (value / 1e6).ToString("0.##", invariant) + "M",
            >= 1e3 => (value / 1e3).ToString("0.##", invariant) + "k",
            _ => value.ToString("0.##", invariant),
        };
    }
}
