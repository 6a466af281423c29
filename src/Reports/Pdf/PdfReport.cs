using System.Globalization;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;
using Planner.Reports.Localization;
using SkiaSharp;

namespace Planner.Reports.Pdf;

/// <summary>
/// The meeting PDF: an executive summary on page 1, then monthly cost by category, levelized cost vs demand, the
/// tornado, the Monte Carlo risk analysis (when simulated), the assumptions, the benchmark evidence, the throughput
/// projections and a methodology appendix (docs/reports.md).
/// </summary>
internal static class PdfReport
{
    public static SKSize PageSize(PaperSize paper) => paper switch
    {
        PaperSize.A4 => new SKSize(595, 842),
        PaperSize.Letter => new SKSize(612, 792),
        _ => throw new ArgumentOutOfRangeException(nameof(paper), paper, null),
    };

    public static void Write(ReportInput input, Stream output, ReportOptions options, DateTimeOffset generatedAt,
        IProgress<string>? progress, CancellationToken ct)
    {
        var t = ReportText.For(options.Language);
        using var fonts = new ReportFonts();
        var layout = new PdfLayout(fonts, PageSize(options.Paper));
        var e = input.Evaluation;
        // The scenario's name and description in the report's language when it has them (its "localized" object).
        var title = ScenarioLanguages.TextFor(input.Scenario, t.Culture);

        progress?.Report("Laying out the executive summary");
        ExecutiveSummary(layout, input, title, t);
        ct.ThrowIfCancellationRequested();

        progress?.Report("Laying out monthly cost by category");
        layout.NewPage();
        layout.Heading(t["Heading.MonthlyCost"]);
        layout.Paragraph(t["MonthlyCost.Intro"]);
        foreach (var option in e.Options)
        {
            var plot = ReportCharts.MonthlyCost(option, e.Currency, t);
            layout.Block(190, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));
        }
        ct.ThrowIfCancellationRequested();

        progress?.Report("Laying out levelized cost vs demand");
        DemandSection(layout, input, t);
        ct.ThrowIfCancellationRequested();

        if (input.Scenario.Workload.HasLatencyTargets)
        {
            progress?.Report("Laying out capacity at the latency targets");
            TargetsSection(layout, input, t);
            ct.ThrowIfCancellationRequested();
        }

        progress?.Report("Laying out the tornado");
        TornadoSection(layout, e, t);
        ValueTornadoSection(layout, e, t);
        ct.ThrowIfCancellationRequested();

        if (input.Simulation is { } simulation)
        {
            progress?.Report("Laying out the risk analysis");
            RiskSection(layout, input.Scenario, simulation, t);
            ct.ThrowIfCancellationRequested();
        }

        progress?.Report("Laying out the assumptions");
        AssumptionsSection(layout, e, t);
        BenchmarkSection(layout, input, t);
        ProjectionSection(layout, input, t);
        ct.ThrowIfCancellationRequested();

        progress?.Report("Laying out the methodology");
        MethodologyAppendix.Write(layout, t);

        var metadata = new SKDocumentPdfMetadata
        {
            Title = title.Name,
            Subject = t["Pdf.Subject"],
            Creator = "Planner",
            Producer = "Planner (SkiaSharp)",
            Creation = generatedAt.UtcDateTime,
            Modified = generatedAt.UtcDateTime,
            RasterDpi = 150,
        };
        using var document = SKDocument.CreatePdf(output, metadata);
        var version = (options.ScenarioVersion is { } v ? t.Format("Footer.Version", v) : "")
            + (options.UnsavedEdits ? (options.ScenarioVersion is null ? t["Footer.NotSaved"] : t["Footer.UnsavedEdits"]) : "");
        var stamp = generatedAt.ToUniversalTime().ToString(t["Footer.Timestamp"], t.Culture);
        var footer = t.Format("Footer.Scenario", title.Name, version, stamp);
        layout.Render(document, (page, count) => (footer, t.Format("Footer.Page", page, count)), progress, ct);
        document.Close();
    }

    private static void ExecutiveSummary(PdfLayout layout, ReportInput input, LocalizedText title, ReportText t)
    {
        var e = input.Evaluation;
        var s = input.Scenario;
        var w = s.Workload;
        layout.Title(title.Name);
        if (!string.IsNullOrWhiteSpace(title.Description))
        {
            layout.Note(title.Description);
        }
        layout.Paragraph(t.Format("Summary.Question",
            t.Number(w.RequestsPerMonth), t.Percent(w.MonthlyGrowth), t.Number(w.InputTokensPerRequest), t.Number(w.OutputTokensPerRequest),
            t.Number(DemandShape.PeakToAverage(w)), w.HourlyShares is null ? "" : t["Summary.QuestionBusiestHour"],
            e.HorizonMonths, t.Percent(e.DiscountRateAnnual), e.Currency));
        if (s.TaxRateAnnual > 0)
        {
            layout.Note(t.Format("Summary.AfterTax", t.Percent(s.TaxRateAnnual)));
        }

        layout.Space(4);
        layout.Text(RecommendationSentence(e, t), 12, bold: true, new SKColor(0x0B, 0x4F, 0x8A), spaceAfter: 6);

        var comparisons = e.Comparisons.ToDictionary(c => c.Option, StringComparer.Ordinal);
        var hasBenefits = e.BenefitsPresentValue is not null;
        List<TableColumn> columns =
        [
            new(t["Column.Option"], 2f), new(t["Column.TotalCost"], 1.3f, Align.Right), new(t["Column.PresentValue"], 1.3f, Align.Right),
            new(t["Column.PerMillionTokens"], 1f, Align.Right), new(t.Format("Column.NpvSavingsVs", e.GetOption(e.Baseline).Name), 1.5f, Align.Right),
            new(t["Column.IrrAnnual"], 1.1f, Align.Right), new(t["Column.Payback"], 1.1f, Align.Right),
        ];
        if (hasBenefits)
        {
            columns.Add(new(t["Column.Roi"], 1.2f, Align.Right));
        }
        var rows = e.Options.Select(o =>
        {
            comparisons.TryGetValue(o.Id, out var c);
            List<string> cells =
            [
                o.Id == e.Recommendation ? t.Format("Cell.Recommended", o.Name) : o.Name,
                t.Money(o.TotalCost, e.Currency),
                t.Money(o.PresentValue, e.Currency),
                o.LevelizedCostPerMillionTokens is { } l ? t.Price(l, e.Currency) : "-",
                c is null ? t["Cell.Baseline"] : t.Money(c.NpvSavings, e.Currency),
                c is null ? "" : t.Irr(c) + (c.IrrNote is null ? "" : " *"),
                c is null ? "" : t.Month(c.PaybackMonth),
            ];
            if (hasBenefits)
            {
                cells.Add(o.Roi is { } roi ? t.Percent(roi) : "-");
            }
            return cells.ToArray();
        }).ToList();
        var recommendedIndex = e.Options.ToList().FindIndex(o => o.Id == e.Recommendation);
        layout.Table(columns, rows, size: 8, highlight: i => i == recommendedIndex);
        if (hasBenefits)
        {
            layout.Note(t.Format("Summary.Benefits", t.Money(e.BenefitsPresentValue!.Value, e.Currency)));
            if (ValueModelsSentence(e, t) is { } models)
            {
                layout.Note(models);
            }
        }
        foreach (var c in e.Comparisons.Where(c => c.IrrNote is not null))
        {
            layout.Note(t.Format("Summary.IrrNote", e.GetOption(c.Option).Name, t.IrrNote(c)));
        }
        foreach (var o in e.Options.Where(o => o.IdleCommittedGpuHours is not null))
        {
            layout.Note(IdleCommitmentSentence(o, t));
        }
        foreach (var o in e.Options.Where(o => o.Hybrid is not null))
        {
            layout.Note(HybridSentence(e, o));
        }
        foreach (var o in e.Options.Where(o => o.Latency is { MeetsTargets: not true }))
        {
            layout.Note(t.Format("Summary.Latency", o.Name, t.Phrase(o.Latency!.Text)));
        }

        layout.Heading(t["Heading.CumulativeCash"]);
        var plot = ReportCharts.CumulativeCash(e, t);
        layout.Block(250, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));
    }

    /// <summary>How a hybrid split the demand between its owned fleet and its overflow option (methodology, "Hybrid: owned base, overflow elsewhere").</summary>
    public static string HybridSentence(ScenarioEvaluation e, OptionResult option)
    {
        var split = option.Hybrid!;
        var fleet = split.BasePercentile is { } p
            ? $"owned servers bought for the {ReportFormat.Number(p)}th percentile hour ({ReportFormat.Number(split.PercentileHourFactor ?? 0)} x the average rate; "
                + (split.BaseServers is { } least ? $"never fewer than {least}; " : "") + $"{option.Servers} at the horizon)"
            : $"{split.BaseServers} owned servers";
        return $"{option.Name}: {fleet} served {ReportFormat.Number(split.OwnedShare * 100)}% of the requests; "
            + $"{ReportFormat.Number(split.OverflowRequests)} overflowed to {e.GetOption(split.OverflowTo).Name} for {ReportFormat.Money(split.OverflowCost, e.Currency)} (before tax, undiscounted).";
    }

    /// <summary>How much of a reserved cloud option's commitment sat idle (methodology, "Reserved cloud GPUs").</summary>
    public static string IdleCommitmentSentence(OptionResult option, ReportText? text = null)
    {
        var t = text ?? ReportText.English;
        return t.Format("Summary.IdleCommitment", option.Name, t.Number(option.IdleCommittedGpuHours ?? 0),
            option.Months.Count(m => m.IdleCommittedGpuHours > 0), option.Months.Count - 1);
    }

    public static string RecommendationSentence(ScenarioEvaluation e, ReportText? text = null)
    {
        var t = text ?? ReportText.English;
        var recommended = e.GetOption(e.Recommendation);
        return e.RunnerUp is null
            ? t.Format("Summary.Recommendation", recommended.Name)
            : t.Format("Summary.RecommendationMargin", recommended.Name, t.Money(e.RecommendationMargin, e.Currency), e.GetOption(e.RunnerUp).Name);
    }

    private static void DemandSection(PdfLayout layout, ReportInput input, ReportText t)
    {
        var e = input.Evaluation;
        var demand = input.Scenario.Workload.RequestsPerMonth;
        layout.NewPage();
        layout.Heading(t["Heading.Demand"]);
        var breakEvens = e.Comparisons.Where(c => c.BreakEvenRequestsPerMonth is > 0).Select(c => c.BreakEvenRequestsPerMonth!.Value).ToList();
        if (demand <= 0)
        {
            layout.Paragraph(t["Demand.Zero"]);
            return;
        }
        var low = Math.Min(demand, breakEvens.DefaultIfEmpty(demand).Min()) / 10;
        var high = Math.Max(demand, breakEvens.DefaultIfEmpty(demand).Max()) * 10;
        const int points = 41;
        var demands = Enumerable.Range(0, points).Select(i => low * Math.Pow(high / low, i / (double)(points - 1))).ToArray();
        var curve = CostEngine.DemandCurve(input.Scenario, demands);
        layout.Paragraph(t["Demand.Intro"]);
        var plot = ReportCharts.LevelizedVsDemand(input.Scenario, e, curve, t);
        layout.Block(270, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));
        foreach (var c in e.Comparisons)
        {
            var name = e.GetOption(c.Option).Name;
            layout.Paragraph(c.BreakEvenRequestsPerMonth is { } b
                ? t.Format("Demand.BreakEven", name, e.GetOption(c.Baseline).Name, t.Number(b), t.Number(b / demand))
                : t.Format("Demand.NoBreakEven", name, t.Term(c.BreakEvenNote)));
        }
    }

    private static void TornadoSection(PdfLayout layout, ScenarioEvaluation e, ReportText t)
    {
        var chartHeight = 60 + 22 * Math.Min(10, e.Tornado.Count);
        layout.Need(chartHeight + 90);
        layout.Heading(t["Heading.Tornado"]);
        if (e.Tornado.Count == 0)
        {
            layout.Paragraph(t["Tornado.None"]);
            return;
        }
        layout.Paragraph(TornadoSentence(e, t));
        var axis = t.Format(e.TornadoMetric == ResultMetrics.NpvSavings.Name ? "Chart.NpvSavingsVsBaseline" : "Chart.BaselinePresentValue", e.Currency);
        var plot = ReportCharts.Tornado(e, e.Tornado.Take(10).ToList(), e.TornadoBase(), e.Currency, axis, t);
        layout.Block(chartHeight, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));
        layout.Note(t["Tornado.Footnote"]);
    }

    /// <summary>
    /// With benefits, the value tornado: the recommendation's NPV (benefits minus cost) with each input, benefit and
    /// value-model inputs included, at its low and high value (docs/decisions/022-value-inputs-in-sensitivity-and-risk.md).
    /// </summary>
    private static void ValueTornadoSection(PdfLayout layout, ScenarioEvaluation e, ReportText t)
    {
        if (e.ValueTornado is not { Count: > 0 } valueTornado)
        {
            return;
        }
        var chartHeight = 60 + 22 * Math.Min(10, valueTornado.Count);
        layout.Need(chartHeight + 90);
        layout.Heading(t["Heading.ValueTornado"]);
        layout.Paragraph(ValueTornadoSentence(e, t));
        var name = e.GetOption(e.Recommendation).Name;
        var plot = ReportCharts.Tornado(e, valueTornado.Take(10).ToList(), e.ValueTornadoBase(), e.Currency, t.Format("Chart.RecommendationNpv", name, e.Currency), t);
        layout.Block(chartHeight, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));
        layout.Note(t["ValueTornado.Footnote"]);
    }

    /// <summary>
    /// Names the inputs at whose low or high value the recommendation's NPV changes sign (the investment stops or starts
    /// paying), else the three that move it most.
    /// </summary>
    public static string ValueTornadoSentence(ScenarioEvaluation e, ReportText? text = null)
    {
        var t = text ?? ReportText.English;
        var bars = e.ValueTornado ?? [];
        var baseNpv = e.ValueTornadoBase();
        var name = e.GetOption(e.Recommendation).Name;
        var flips = bars.Where(b => Math.Sign(b.LowResult) != Math.Sign(baseNpv) || Math.Sign(b.HighResult) != Math.Sign(baseNpv)).ToList();
        if (flips.Count > 0)
        {
            var names = string.Join(t["Tornado.FlipSeparator"],
                flips.Select(b => t.Format("Tornado.FlipItem", t.Label(e, b.Input, b.Label), t.Number(b.LowValue), t.Number(b.HighValue), t.Unit(b.Unit, e.Currency))));
            return t.Format("ValueTornado.SignChanges", name, t.Money(baseNpv, e.Currency), names);
        }
        var top = bars.Take(3).Select(b => t.Format("Tornado.TopItem", t.Label(e, b.Input, b.Label), t.Money(b.Swing, e.Currency)));
        return t.Format(baseNpv >= 0 ? "ValueTornado.StaysPositive" : "ValueTornado.StaysNegative",
            name, t.Money(baseNpv, e.Currency), string.Join(t["Tornado.TopSeparator"], top));
    }

    /// <summary>Names the inputs whose low or high value changes the recommendation, else the three that move the metric most.</summary>
    public static string TornadoSentence(ScenarioEvaluation e, ReportText? text = null)
    {
        var t = text ?? ReportText.English;
        var flips = e.Tornado.Where(b => b.ChangesRecommendation).ToList();
        var metric = e.TornadoMetric == ResultMetrics.NpvSavings.Name ? t["Tornado.MetricSavings"] : t["Tornado.MetricBaseline"];
        if (flips.Count > 0)
        {
            var names = string.Join(t["Tornado.FlipSeparator"],
                flips.Select(b => t.Format("Tornado.FlipItem", t.Label(e, b.Input, b.Label), t.Number(b.LowValue), t.Number(b.HighValue), t.Unit(b.Unit, e.Currency))));
            return t.Format("Tornado.Flips", names);
        }
        var top = e.Tornado.Take(3).Select(b => t.Format("Tornado.TopItem", t.Label(e, b.Input, b.Label), t.Money(b.Swing, e.Currency)));
        return t.Format("Tornado.NoFlips", metric, string.Join(t["Tornado.TopSeparator"], top));
    }

    private static void RiskSection(PdfLayout layout, Scenario scenario, SimulationResult r, ReportText t)
    {
        layout.NewPage();
        layout.Heading(t["Heading.Risk"]);
        layout.Paragraph(RiskSentence(scenario, r, t));
        var cheapest = r.Options.MaxBy(o => o.ProbabilityCheapest)!;
        TableColumn[] pvColumns =
        [
            new(t["Column.Option"], 2f), new(t["Column.CheapestIn"], 1f, Align.Right), new(t.Format("Column.Beats", r.GetOption(r.Baseline).Name), 1.1f, Align.Right),
            new(t["Column.MeanPv"], 1.9f, Align.Right), new("P10", 1.2f, Align.Right), new("P50", 1.2f, Align.Right), new("P90", 1.2f, Align.Right),
        ];
        layout.Table(pvColumns, r.Options.Select(o => new[]
        {
            o.Name,
            t.Percent(o.ProbabilityCheapest),
            o.ProbabilityBeatsBaseline is { } beats ? t.Percent(beats) : t["Cell.Baseline"],
            $"{t.Money(o.PresentValue.Mean, r.Currency)} ± {t.Money(o.PresentValue.StandardError, r.Currency)}",
            t.Money(o.PresentValue.P10, r.Currency),
            t.Money(o.PresentValue.P50, r.Currency),
            t.Money(o.PresentValue.P90, r.Currency),
        }).ToList(), size: 8, highlight: i => r.Options[i] == cheapest);

        var savings = r.Options.Where(o => o.NpvSavings is not null).ToList();
        if (savings.Count > 0)
        {
            layout.Space(4);
            TableColumn[] savingsColumns =
            [
                new(t.Format("Column.NpvSavingsVs", r.GetOption(r.Baseline).Name), 2f), new(t["Column.Mean"], 1.9f, Align.Right), new("P5", 1.2f, Align.Right),
                new("P10", 1.2f, Align.Right), new("P50", 1.2f, Align.Right), new("P90", 1.2f, Align.Right), new("P95", 1.2f, Align.Right),
            ];
            layout.Table(savingsColumns, savings.Select(o =>
            {
                var s = o.NpvSavings!;
                return new[]
                {
                    o.Name, $"{t.Money(s.Mean, r.Currency)} ± {t.Money(s.StandardError, r.Currency)}",
                    t.Money(s.P5, r.Currency), t.Money(s.P10, r.Currency), t.Money(s.P50, r.Currency),
                    t.Money(s.P90, r.Currency), t.Money(s.P95, r.Currency),
                };
            }).ToList(), size: 8);
        }

        layout.Heading(t["Heading.PvDistribution"]);
        var plot = ReportCharts.PresentValueHistograms(r, t);
        layout.Block(230, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));

        layout.Heading(t["Heading.Uncertainties"]);
        var metric = r.TornadoMetric == ResultMetrics.NpvSavings.Name
            ? t.Format("Risk.MetricSavings", r.GetOption(r.Recommendation).Name, r.GetOption(r.Baseline).Name)
            : t.Format("Risk.MetricBaseline", r.GetOption(r.Baseline).Name);
        layout.Paragraph(t.Format("Risk.RankIntro", metric));
        var inputs = r.Inputs.ToDictionary(i => i.Input, StringComparer.Ordinal);
        TableColumn[] inputColumns =
        [
            new(t["Column.Input"], 2.4f), new(t["Column.Distribution"], 2.6f), new(t["Column.Sampled"], 1.9f, Align.Right), new(t["Column.RankCorrelation"], 1.1f, Align.Right),
        ];
        layout.Table(inputColumns, r.Tornado.Select(b =>
        {
            var input = inputs[b.Input];
            return new[]
            {
                input.ClampedFraction > 0 ? t.Format("Cell.Clamped", t.Label(scenario, b.Input, b.Label), t.Percent(input.ClampedFraction)) : t.Label(scenario, b.Input, b.Label),
                input.Distribution.Describe(),
                $"{t.Number(input.P5)} .. {t.Number(input.P95)} {t.Unit(b.Unit, r.Currency)}",
                b.RankCorrelation.ToString("+0.00;-0.00;0.00", t.Culture),
            };
        }).ToList(), size: 8);

        // The correlations the simulation imposed between inputs, as the scenario gives them (named as in the table above).
        if (scenario.Correlations.Count > 0)
        {
            string Named(string key) => r.Tornado.FirstOrDefault(b => b.Input == key) is { } bar ? t.Label(scenario, key, bar.Label) : key;
            layout.Space(4);
            layout.Paragraph(t["Risk.CorrelationsIntro"]);
            TableColumn[] correlationColumns =
            [
                new(t["Column.Input"], 3f), new(t["Column.CorrelatedWith"], 3f), new(t["Column.RankCorrelation"], 1.1f, Align.Right),
            ];
            layout.Table(correlationColumns, scenario.Correlations.Select(c => new[]
            {
                Named(c.First), Named(c.Second), c.Coefficient.ToString("+0.00;-0.00;0.00", t.Culture),
            }).ToList(), size: 8);
        }
    }

    /// <summary>What was simulated and what it says, in words: trials, seed, inputs, correlations, and the recommendation's odds.</summary>
    public static string RiskSentence(Scenario scenario, SimulationResult r, ReportText? text = null)
    {
        var t = text ?? ReportText.English;
        var recommended = r.GetOption(r.Recommendation);
        var correlations = scenario.Correlations.Count == 0 ? "" : t.Format("Risk.Correlations", scenario.Correlations.Count);
        var worstError = r.Options.Max(o => o.PresentValue.Mean == 0 ? 0 : o.PresentValue.StandardError / Math.Abs(o.PresentValue.Mean));
        return t.Format("Risk.Sentence", r.Trials.ToString("N0", t.Culture), r.Seed.ToString(t.Culture), r.Inputs.Count, correlations,
            recommended.Name, t.Percent(recommended.ProbabilityCheapest), t.Percent(worstError));
    }

    /// <summary>"Value models (methodology, Value models): quality inspection $0.005753 per inspected item." or null without any.</summary>
    internal static string? ValueModelsSentence(ScenarioEvaluation e, ReportText? text = null)
    {
        var t = text ?? ReportText.English;
        var parts = e.Benefits?.DescribeModels(item => Currencies.Symbol(e.Currency) + t.Number(item), month => t.Money(month, e.Currency)) ?? [];
        return parts.Count == 0 ? null : t.Format("Summary.ValueModels", string.Join(t["Summary.ValueModelSeparator"], parts.Select(t.Term)));
    }

    private static void AssumptionsSection(PdfLayout layout, ScenarioEvaluation e, ReportText t)
    {
        layout.NewPage();
        layout.Heading(t["Heading.Assumptions"]);
        layout.Paragraph(t["Assumptions.Intro"]);
        TableColumn[] columns = [new(t["Column.Input"], 2.6f), new(t["Column.Value"], 1.1f, Align.Right), new(t["Column.Unit"], 1.6f), new(t["Column.Origin"], 3.1f)];
        layout.Table(columns, e.Inputs.Select(i => new[] { Describe(e, i, t), t.Number(i.Value), t.Unit(i.Unit, e.Currency), Origin(i.Origin, t) }), maxLines: 6);
        foreach (var o in e.Options.Where(o => o.Hybrid is not null))
        {
            layout.Note(t.Format("Assumptions.HybridOverflow", o.Id, o.Hybrid!.OverflowTo, e.GetOption(o.Hybrid.OverflowTo).Name, t.Kind(o.Hybrid.OverflowKind)));
        }
    }

    private static string Describe(ScenarioEvaluation e, InputValue input, ReportText t)
    {
        var dot = input.Key.IndexOf('.', StringComparison.Ordinal);
        var option = dot < 0 ? null : e.Options.FirstOrDefault(o => string.Equals(o.Id, input.Key[..dot], StringComparison.Ordinal));
        if (option is null)
        {
            return t.Language == ReportLanguage.English ? input.Label : CostModelText.Label(input.Key, input.Label, null, t.Culture);
        }
        var label = t.Language == ReportLanguage.English ? input.Label : CostModelText.Label(input.Key, input.Label, option.Kind, t.Culture);
        return t.Format("Cell.OptionInput", option.Id, label);
    }

    internal static string Origin(InputOrigin origin, ReportText? text = null)
    {
        var t = text ?? ReportText.English;
        var parts = new List<string>
        {
            origin.Kind switch
            {
                OriginKind.Typed or OriginKind.Default => t.Term(origin.Source),
                OriginKind.Catalog => t.Format("Origin.Catalog", origin.Source),
                OriginKind.Benchmark => t.Format("Origin.Benchmark", origin.Source),
                OriginKind.Projection => t.Format("Origin.Projection", origin.Source),
            },
        };
        if (!string.IsNullOrEmpty(origin.AsOf))
        {
            parts.Add(t.Format("Origin.AsOf", origin.AsOf));
        }
        if (!string.IsNullOrEmpty(origin.Reference))
        {
            parts.Add(origin.Reference);
        }
        if (!string.IsNullOrEmpty(origin.SourceUrl))
        {
            parts.Add(origin.SourceUrl);
        }
        return string.Join(t["Origin.Separator"], parts);
    }

    private static void BenchmarkSection(PdfLayout layout, ReportInput input, ReportText t)
    {
        layout.Heading(t["Heading.Benchmarks"]);
        var measured = input.Evaluation.Inputs.Where(i => i.Origin.Kind is OriginKind.Benchmark or OriginKind.Projection).ToList();
        if (input.Benchmarks.Count == 0 && measured.Count == 0)
        {
            layout.Paragraph(t["Benchmarks.None"]);
            return;
        }
        if (input.Benchmarks.Count > 0)
        {
            TableColumn[] columns =
            [
                new(t["Column.RunModel"], 1.8f), new(t["Column.Device"], 2.2f), new(t["Column.Measured"], 1.2f), new(t["Column.PrefillTokens"], 1f, Align.Right),
                new(t["Column.DecodeTokens"], 1f, Align.Right), new(t["Column.Latency"], 1.5f, Align.Right), new(t["Column.Validity"], 1.6f),
            ];
            layout.Table(columns, input.Benchmarks.Select(b => new[]
            {
                $"{b.Run}: {b.Model}{(b.Settings is null ? "" : ", " + b.Settings)}",
                b.Device,
                b.MeasuredAt,
                b.PrefillTokensPerSecond is { } p ? t.Number(p) : "-",
                b.DecodeTokensPerSecond is { } d ? t.Number(d) : "-",
                string.Join(" / ", new[] { b.LatencyP50Ms, b.LatencyP95Ms, b.LatencyP99Ms }.Select(v => v is { } x ? t.Number(x) : "-")),
                (b.Valid ? t["Cell.Valid"] : t["Cell.NotValid"]) + (b.Validity is null ? "" : ": " + b.Validity),
            }));
        }
        foreach (var i in measured)
        {
            layout.Note(t.Format("Benchmarks.Measured", Describe(input.Evaluation, i, t), t.Number(i.Value), t.Unit(i.Unit, input.Evaluation.Currency), Origin(i.Origin, t)));
        }
    }

    /// <summary>
    /// The workload's latency targets: each GPU option sized in replicas at them (busiest hour, utilization, cost per
    /// million tokens beside today's sizing), the options that are not, and the replicas hour by hour in month 1.
    /// </summary>
    private static void TargetsSection(PdfLayout layout, ReportInput input, ReportText t)
    {
        var e = input.Evaluation;
        var w = input.Scenario.Workload;
        layout.NewPage();
        layout.Heading(t["Heading.Targets"]);
        var shape = w.HourlyShares is null
            ? t.Format("Targets.ShapeFlat", t.Number(w.PeakToAverage))
            : w.WeekendHourlyShares is null ? t["Targets.ShapeHourly"] : t["Targets.ShapeWeekend"];
        layout.Paragraph(t.Format("Targets.Intro", t.Number(w.TtftP95Seconds), t.Number(w.ItlP95Seconds), shape));
        // Options sized at the targets, then hybrids' cloud overflows sized at them (their rows named after the hybrid).
        var sized = e.Options.Where(o => o.AtTargets is not null).Select(o => (o.Name, AtTargets: o.AtTargets!))
            .Concat(e.Options.Where(o => o.Hybrid?.OverflowAtTargets is not null)
                .Select(o => (Name: t.Format("Targets.Overflow", o.Name, e.GetOption(o.Hybrid!.OverflowTo).Name), AtTargets: o.Hybrid!.OverflowAtTargets!)))
            .ToList();
        if (sized.Count > 0)
        {
            TableColumn[] columns =
            [
                new(t["Column.Option"], 1.4f), new(t["Column.Replica"], 1.3f), new(t["Column.Sizing"], 1.3f), new(t["Column.BusiestHour"], 1.3f, Align.Right),
                new(t["Column.Utilization"], 0.8f, Align.Right), new(t["Column.AtTargets"], 1.1f, Align.Right), new(t["Column.WithoutTargets"], 1.1f, Align.Right),
            ];
            layout.Table(columns, sized.Select(o =>
            {
                var a = o.AtTargets;
                return new[]
                {
                    o.Name,
                    t.Format(a.GpusPerReplica == 1 ? "Cell.ReplicaOneGpu" : "Cell.ReplicaGpus", t.Number(a.ReplicaRequestsPerSecond), a.GpusPerReplica),
                    t.Term(a.Sizing),
                    t.Format("Cell.BusiestHour", t.Number(a.PeakRequestsPerSecond), a.PeakReplicas),
                    t.Percent(a.AchievedUtilization),
                    a.CostPerMillionTokensAtTargets is { } at ? t.Price(at, e.Currency) : "-",
                    a.CostPerMillionTokensWithoutTargets is { } without ? t.Price(without, e.Currency) : "-",
                };
            }).ToList(), size: 8);
        }
        foreach (var o in e.Options.Where(o => o.Latency is not null))
        {
            layout.Note(o.Latency!.MeetsTargets is null
                ? t.Format("Targets.ApiNote", o.Name, t.Phrase(o.Latency.Text))
                : t.Format("Targets.ApiNoteMeasured", o.Name, t.Phrase(o.Latency.Text),
                    t.Number(o.Latency.MeasuredTtftP95Seconds!.Value), t.Number(o.Latency.MeasuredItlP95Seconds!.Value)));
        }
        var unsized = e.Options.Where(o => o.AtTargets is null && input.Scenario.FindOption(o.Id) is GpuOption).Select(o => o.Name).ToList();
        if (unsized.Count > 0)
        {
            layout.Note(t.Format("Targets.Unsized", string.Join(t["Targets.UnsizedSeparator"], unsized)));
        }
        var hourly = sized.Where(o => o.AtTargets.FirstMonthHours.Count > 0).ToList();
        if (hourly.Count == 0)
        {
            return;
        }
        layout.Heading(t["Heading.HourByHour"]);
        layout.Paragraph(t["Targets.HourIntro"]);
        var first = hourly[0].AtTargets.FirstMonthHours;
        TableColumn[] hourColumns =
        [
            new(t["Column.DayHour"], 1.2f), new(t["Column.RequestsPerSecond"], 0.9f, Align.Right),
            .. hourly.Select(o => new TableColumn(o.Name, 1f, Align.Right)),
        ];
        layout.Table(hourColumns, first.Select((h, i) =>
        {
            string[] cells =
            [
                string.Create(t.Culture, $"{t.Term(h.Day)} {h.Hour:00}:00"),
                t.Number(h.RequestsPerSecond),
                .. hourly.Select(o => o.AtTargets.FirstMonthHours[i] is var x ? string.Create(t.Culture, $"{x.ReplicasNeeded} / {x.Replicas}") : ""),
            ];
            return cells;
        }).ToList(), size: 7.5f, maxLines: 1);
    }

    private static void ProjectionSection(PdfLayout layout, ReportInput input, ReportText t)
    {
        if (input.Projections.Count == 0)
        {
            return;
        }
        layout.Heading(t["Heading.Projections"]);
        layout.Paragraph(t["Projections.Intro"]);
        TableColumn[] columns =
        [
            new(t["Column.Option"], 1.5f), new(t["Column.ModelOnGpus"], 2.2f), new(t["Column.Memory"], 1.5f, Align.Right),
            new(t["Column.PrefillPerGpu"], 1.2f, Align.Right), new(t["Column.DecodePerGpu"], 1.2f, Align.Right), new(t["Column.MsPerToken"], 0.9f, Align.Right),
            new(t["Column.LargestBatch"], 0.8f, Align.Right),
        ];
        layout.Table(columns, input.Projections.Select(o =>
        {
            var p = o.Projection;
            return new[]
            {
                o.Option,
                t.Format("Cell.ModelOnGpus", p.Model, p.Gpus, p.Gpu, p.Precision, p.Batch, p.ContextLength),
                t.Format("Cell.Memory", t.Number(p.TotalMemoryGb), t.Number(p.AvailableMemoryGb)) + (p.Fits ? "" : t["Cell.DoesNotFit"]),
                $"{t.Number(p.PrefillTokensPerSecondPerGpu)} ({t.Bound(p.PrefillBound)})",
                $"{t.Number(p.DecodeTokensPerSecondPerGpu)} ({t.Bound(p.DecodeBound)})",
                t.Number(p.MsPerOutputToken),
                p.MaxBatchThatFits.ToString("N0", t.Culture),
            };
        }).ToList(), size: 8);
        foreach (var source in input.Projections.Select(o => o.Projection.Efficiency).Distinct())
        {
            layout.Note(t.Format("Projections.Efficiency", source.Compute, source.Bandwidth, source.TensorParallel,
                source.LayerOverheadMicroseconds, source.HalfEfficiencyHiddenSize, source.Overlap, source.Source));
        }
    }
}
