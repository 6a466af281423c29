using System.Globalization;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;
using SkiaSharp;

namespace Planner.Reports.Pdf;

/// <summary>
/// The meeting PDF: an executive summary on page 1, then monthly cost by category, levelized cost vs demand, the
/// tornado, the Monte Carlo risk analysis (when simulated), the assumptions, the benchmark evidence, the throughput
/// projections and a methodology appendix (docs/reports.md).
/// </summary>
internal static class PdfReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static SKSize PageSize(PaperSize paper) => paper switch
    {
        PaperSize.A4 => new SKSize(595, 842),
        PaperSize.Letter => new SKSize(612, 792),
        _ => throw new ArgumentOutOfRangeException(nameof(paper), paper, null),
    };

    public static void Write(ReportInput input, Stream output, ReportOptions options, DateTimeOffset generatedAt,
        IProgress<string>? progress, CancellationToken ct)
    {
        using var fonts = new ReportFonts();
        var layout = new PdfLayout(fonts, PageSize(options.Paper));
        var e = input.Evaluation;

        progress?.Report("Laying out the executive summary");
        ExecutiveSummary(layout, input);
        ct.ThrowIfCancellationRequested();

        progress?.Report("Laying out monthly cost by category");
        layout.NewPage();
        layout.Heading("Monthly cost by category");
        layout.Paragraph("Cash paid each month, stacked by category; resale of owned servers at the horizon shows below zero. Month 0 holds set-up costs and the first purchases.");
        foreach (var option in e.Options)
        {
            var plot = ReportCharts.MonthlyCost(option, e.Currency);
            layout.Block(190, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));
        }
        ct.ThrowIfCancellationRequested();

        progress?.Report("Laying out levelized cost vs demand");
        DemandSection(layout, input);
        ct.ThrowIfCancellationRequested();

        if (input.Scenario.Workload.HasLatencyTargets)
        {
            progress?.Report("Laying out capacity at the latency targets");
            TargetsSection(layout, input);
            ct.ThrowIfCancellationRequested();
        }

        progress?.Report("Laying out the tornado");
        TornadoSection(layout, e);
        ct.ThrowIfCancellationRequested();

        if (input.Simulation is { } simulation)
        {
            progress?.Report("Laying out the risk analysis");
            RiskSection(layout, input.Scenario, simulation);
            ct.ThrowIfCancellationRequested();
        }

        progress?.Report("Laying out the assumptions");
        AssumptionsSection(layout, e);
        BenchmarkSection(layout, input);
        ProjectionSection(layout, input);
        ct.ThrowIfCancellationRequested();

        progress?.Report("Laying out the methodology");
        MethodologyAppendix.Write(layout);

        var metadata = new SKDocumentPdfMetadata
        {
            Title = e.Scenario,
            Subject = "Planner report",
            Creator = "Planner",
            Producer = "Planner (SkiaSharp)",
            Creation = generatedAt.UtcDateTime,
            Modified = generatedAt.UtcDateTime,
            RasterDpi = 150,
        };
        using var document = SKDocument.CreatePdf(output, metadata);
        var version = (options.ScenarioVersion is { } v ? " v" + v.ToString(Invariant) : "")
            + (options.UnsavedEdits ? (options.ScenarioVersion is null ? " (not saved)" : " with unsaved edits") : "");
        var stamp = generatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant);
        layout.Render(document, (page, count) => ($"Scenario {e.Scenario}{version} · generated {stamp}", $"page {page} of {count}"), progress, ct);
        document.Close();
    }

    private static void ExecutiveSummary(PdfLayout layout, ReportInput input)
    {
        var e = input.Evaluation;
        var s = input.Scenario;
        var w = s.Workload;
        layout.Title(e.Scenario);
        if (!string.IsNullOrWhiteSpace(s.Description))
        {
            layout.Note(s.Description);
        }
        layout.Paragraph(
            $"The question: which way of serving {ReportFormat.Number(w.RequestsPerMonth)} requests a month " +
            $"(growing {ReportFormat.Percent(w.MonthlyGrowth)} a month; {ReportFormat.Number(w.InputTokensPerRequest)} input and " +
            $"{ReportFormat.Number(w.OutputTokensPerRequest)} output tokens per request; peak {ReportFormat.Number(DemandShape.PeakToAverage(w))}x average{(w.HourlyShares is null ? "" : " at the busiest hour of the daily profile")}) " +
            $"costs least over {e.HorizonMonths} months, at a discount rate of {ReportFormat.Percent(e.DiscountRateAnnual)} a year, in {e.Currency}?");
        if (s.TaxRateAnnual > 0)
        {
            layout.Note($"Every figure is after tax at {ReportFormat.Percent(s.TaxRateAnnual)} of profit: running costs deductible when paid, "
                + "purchases through their straight-line depreciation, sales against book value (methodology, \"Tax\").");
        }

        layout.Space(4);
        layout.Text(RecommendationSentence(e), 12, bold: true, new SKColor(0x0B, 0x4F, 0x8A), spaceAfter: 6);

        var comparisons = e.Comparisons.ToDictionary(c => c.Option, StringComparer.Ordinal);
        var hasBenefits = e.BenefitsPresentValue is not null;
        List<TableColumn> columns =
        [
            new("Option", 2f), new("Total cost", 1.3f, Align.Right), new("Present value", 1.3f, Align.Right),
            new("Per 1M tokens", 1f, Align.Right), new($"NPV savings vs {e.GetOption(e.Baseline).Name}", 1.5f, Align.Right),
            new("IRR (annual)", 1.1f, Align.Right), new("Payback", 1.1f, Align.Right),
        ];
        if (hasBenefits)
        {
            columns.Add(new("ROI", 1.2f, Align.Right));
        }
        var rows = e.Options.Select(o =>
        {
            comparisons.TryGetValue(o.Id, out var c);
            List<string> cells =
            [
                o.Id == e.Recommendation ? o.Name + " (recommended)" : o.Name,
                ReportFormat.Money(o.TotalCost, e.Currency),
                ReportFormat.Money(o.PresentValue, e.Currency),
                o.LevelizedCostPerMillionTokens is { } l ? ReportFormat.Price(l, e.Currency) : "-",
                c is null ? "baseline" : ReportFormat.Money(c.NpvSavings, e.Currency),
                c is null ? "" : IrrNotes.Shown(c.IrrAnnual) + (c.IrrNote is null ? "" : " *"),
                c is null ? "" : ReportFormat.Month(c.PaybackMonth),
            ];
            if (hasBenefits)
            {
                cells.Add(o.Roi is { } roi ? ReportFormat.Percent(roi) : "-");
            }
            return cells.ToArray();
        }).ToList();
        var recommendedIndex = e.Options.ToList().FindIndex(o => o.Id == e.Recommendation);
        layout.Table(columns, rows, size: 8, highlight: i => i == recommendedIndex);
        if (hasBenefits)
        {
            layout.Note($"Benefits: present value {ReportFormat.Money(e.BenefitsPresentValue!.Value, e.Currency)}; ROI = (benefits PV - cost PV) / cost PV.");
            if (ValueModelsSentence(e) is { } models)
            {
                layout.Note(models);
            }
        }
        foreach (var c in e.Comparisons.Where(c => c.IrrNote is not null))
        {
            layout.Note($"* {e.GetOption(c.Option).Name}: {c.IrrNote}.");
        }
        foreach (var o in e.Options.Where(o => o.IdleCommittedGpuHours is not null))
        {
            layout.Note(IdleCommitmentSentence(o));
        }
        foreach (var o in e.Options.Where(o => o.Hybrid is not null))
        {
            layout.Note(HybridSentence(e, o));
        }
        foreach (var o in e.Options.Where(o => o.Latency is { MeetsTargets: not true }))
        {
            layout.Note($"Latency: {o.Name} {o.Latency!.Note}.");
        }

        layout.Heading("Cumulative cash by option");
        var plot = ReportCharts.CumulativeCash(e);
        layout.Block(250, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));
    }

    /// <summary>How a hybrid split the demand between its owned fleet and its overflow option (methodology, "Hybrid: owned base, overflow elsewhere").</summary>
    public static string HybridSentence(ScenarioEvaluation e, OptionResult option)
    {
        var split = option.Hybrid!;
        var fleet = split.BasePercentile is { } p
            ? $"owned servers bought for the {ReportFormat.Number(p)}th percentile hour ({ReportFormat.Number(split.PercentileHourFactor ?? 0)} x the average rate; {option.Servers} at the horizon)"
            : $"{split.BaseServers} owned servers";
        return $"{option.Name}: {fleet} served {ReportFormat.Number(split.OwnedShare * 100)}% of the requests; "
            + $"{ReportFormat.Number(split.OverflowRequests)} overflowed to {e.GetOption(split.OverflowTo).Name} for {ReportFormat.Money(split.OverflowCost, e.Currency)} (before tax, undiscounted).";
    }

    /// <summary>How much of a reserved cloud option's commitment sat idle (methodology, "Reserved cloud GPUs").</summary>
    public static string IdleCommitmentSentence(OptionResult option) =>
        $"{option.Name}: {ReportFormat.Number(option.IdleCommittedGpuHours ?? 0)} committed (reserved) GPU-hours sat idle over the horizon, "
        + $"in {option.Months.Count(m => m.IdleCommittedGpuHours > 0)} of {option.Months.Count - 1} months.";

    public static string RecommendationSentence(ScenarioEvaluation e)
    {
        var recommended = e.GetOption(e.Recommendation);
        return e.RunnerUp is null
            ? $"Recommendation: {recommended.Name}."
            : $"Recommendation: {recommended.Name}, {ReportFormat.Money(e.RecommendationMargin, e.Currency)} cheaper in present value than {e.GetOption(e.RunnerUp).Name}.";
    }

    private static void DemandSection(PdfLayout layout, ReportInput input)
    {
        var e = input.Evaluation;
        var demand = input.Scenario.Workload.RequestsPerMonth;
        layout.NewPage();
        layout.Heading("Levelized cost vs demand");
        var breakEvens = e.Comparisons.Where(c => c.BreakEvenRequestsPerMonth is > 0).Select(c => c.BreakEvenRequestsPerMonth!.Value).ToList();
        if (demand <= 0)
        {
            layout.Paragraph("The scenario's demand is zero, so there is no cost per token to chart.");
            return;
        }
        var low = Math.Min(demand, breakEvens.DefaultIfEmpty(demand).Min()) / 10;
        var high = Math.Max(demand, breakEvens.DefaultIfEmpty(demand).Max()) * 10;
        const int points = 41;
        var demands = Enumerable.Range(0, points).Select(i => low * Math.Pow(high / low, i / (double)(points - 1))).ToArray();
        var curve = CostEngine.DemandCurve(input.Scenario, demands);
        layout.Paragraph("Present value per million tokens served, for first-month demand from a tenth of the lowest to ten times the highest " +
            "volume of interest (growth and everything else as in the scenario). Where the lines cross, the cheaper option changes.");
        var plot = ReportCharts.LevelizedVsDemand(input.Scenario, e, curve);
        layout.Block(270, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));
        foreach (var c in e.Comparisons)
        {
            var name = e.GetOption(c.Option).Name;
            layout.Paragraph(c.BreakEvenRequestsPerMonth is { } b
                ? $"{name} costs the same as {e.GetOption(c.Baseline).Name} at {ReportFormat.Number(b)} first-month requests ({ReportFormat.Number(b / demand)}x the scenario's demand)."
                : $"{name}: {c.BreakEvenNote}.");
        }
    }

    private static void TornadoSection(PdfLayout layout, ScenarioEvaluation e)
    {
        var chartHeight = 60 + 22 * Math.Min(10, e.Tornado.Count);
        layout.Need(chartHeight + 90);
        layout.Heading("What decides the answer");
        if (e.Tornado.Count == 0)
        {
            layout.Paragraph("No inputs were varied.");
            return;
        }
        layout.Paragraph(TornadoSentence(e));
        var bars = e.Tornado.Take(10).ToList();
        var baseResult = e.TornadoMetric == "npvSavings"
            ? e.Comparisons.First(c => c.Option == e.Recommendation).NpvSavings
            : e.GetOption(e.Baseline).PresentValue;
        var plot = ReportCharts.Tornado(e, bars, baseResult);
        layout.Block(chartHeight, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));
        layout.Note("* at its low or high value another option becomes the cheapest.");
    }

    /// <summary>Names the inputs whose low or high value changes the recommendation, else the three that move the metric most.</summary>
    public static string TornadoSentence(ScenarioEvaluation e)
    {
        var flips = e.Tornado.Where(b => b.ChangesRecommendation).ToList();
        var metric = e.TornadoMetric == "npvSavings" ? "the savings of the recommendation against the baseline" : "the baseline's present value";
        if (flips.Count > 0)
        {
            var names = string.Join("; ", flips.Select(b => $"{b.Label} ({ReportFormat.Number(b.LowValue)} to {ReportFormat.Number(b.HighValue)} {b.Unit})"));
            return $"The recommendation changes within the tested range of: {names}. These inputs decide the answer; check them first.";
        }
        var top = e.Tornado.Take(3).Select(b => $"{b.Label} (swing {ReportFormat.Money(b.Swing, e.Currency)})");
        return $"No single input within its tested range changes the recommendation. The inputs that move {metric} most are {string.Join(", ", top)}.";
    }

    private static void RiskSection(PdfLayout layout, Scenario scenario, SimulationResult r)
    {
        layout.NewPage();
        layout.Heading("Risk: the odds of each answer");
        layout.Paragraph(RiskSentence(scenario, r));
        var cheapest = r.Options.MaxBy(o => o.ProbabilityCheapest)!;
        TableColumn[] pvColumns =
        [
            new("Option", 2f), new("Cheapest in", 1f, Align.Right), new($"Beats {r.GetOption(r.Baseline).Name}", 1.1f, Align.Right),
            new("Mean PV ± std. error", 1.9f, Align.Right), new("P10", 1.2f, Align.Right), new("P50", 1.2f, Align.Right), new("P90", 1.2f, Align.Right),
        ];
        layout.Table(pvColumns, r.Options.Select(o => new[]
        {
            o.Name,
            ReportFormat.Percent(o.ProbabilityCheapest),
            o.ProbabilityBeatsBaseline is { } beats ? ReportFormat.Percent(beats) : "baseline",
            $"{ReportFormat.Money(o.PresentValue.Mean, r.Currency)} ± {ReportFormat.Money(o.PresentValue.StandardError, r.Currency)}",
            ReportFormat.Money(o.PresentValue.P10, r.Currency),
            ReportFormat.Money(o.PresentValue.P50, r.Currency),
            ReportFormat.Money(o.PresentValue.P90, r.Currency),
        }).ToList(), size: 8, highlight: i => r.Options[i] == cheapest);

        var savings = r.Options.Where(o => o.NpvSavings is not null).ToList();
        if (savings.Count > 0)
        {
            layout.Space(4);
            TableColumn[] savingsColumns =
            [
                new($"NPV savings vs {r.GetOption(r.Baseline).Name}", 2f), new("Mean ± std. error", 1.9f, Align.Right), new("P5", 1.2f, Align.Right),
                new("P10", 1.2f, Align.Right), new("P50", 1.2f, Align.Right), new("P90", 1.2f, Align.Right), new("P95", 1.2f, Align.Right),
            ];
            layout.Table(savingsColumns, savings.Select(o =>
            {
                var s = o.NpvSavings!;
                return new[]
                {
                    o.Name, $"{ReportFormat.Money(s.Mean, r.Currency)} ± {ReportFormat.Money(s.StandardError, r.Currency)}",
                    ReportFormat.Money(s.P5, r.Currency), ReportFormat.Money(s.P10, r.Currency), ReportFormat.Money(s.P50, r.Currency),
                    ReportFormat.Money(s.P90, r.Currency), ReportFormat.Money(s.P95, r.Currency),
                };
            }).ToList(), size: 8);
        }

        layout.Heading("Distribution of present value");
        var plot = ReportCharts.PresentValueHistograms(r);
        layout.Block(230, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));

        layout.Heading("Which uncertainties matter");
        var metric = r.TornadoMetric == "npvSavings"
            ? $"the NPV savings of {r.GetOption(r.Recommendation).Name} against {r.GetOption(r.Baseline).Name}"
            : $"the present value of {r.GetOption(r.Baseline).Name}";
        layout.Paragraph($"Spearman rank correlation between each uncertain input's sampled values and {metric}: near ±1 the input decides the outcome, near 0 it hardly matters.");
        var inputs = r.Inputs.ToDictionary(i => i.Input, StringComparer.Ordinal);
        TableColumn[] inputColumns =
        [
            new("Input", 2.4f), new("Distribution", 2.6f), new("P5 .. P95 sampled", 1.9f, Align.Right), new("Rank correlation", 1.1f, Align.Right),
        ];
        layout.Table(inputColumns, r.Tornado.Select(b =>
        {
            var input = inputs[b.Input];
            return new[]
            {
                b.Label + (input.ClampedFraction > 0 ? $" ({ReportFormat.Percent(input.ClampedFraction)} clamped)" : ""),
                input.Distribution.Describe(),
                $"{ReportFormat.Number(input.P5)} .. {ReportFormat.Number(input.P95)} {b.Unit}",
                b.RankCorrelation.ToString("+0.00;-0.00;0.00", Invariant),
            };
        }).ToList(), size: 8);
    }

    /// <summary>What was simulated and what it says, in words: trials, seed, inputs, correlations, and the recommendation's odds.</summary>
    public static string RiskSentence(Scenario scenario, SimulationResult r)
    {
        var recommended = r.GetOption(r.Recommendation);
        var correlations = scenario.Correlations.Count == 0 ? "" : $", {scenario.Correlations.Count} of them rank-correlated in pairs (Gaussian copula)";
        var worstError = r.Options.Max(o => o.PresentValue.Mean == 0 ? 0 : o.PresentValue.StandardError / Math.Abs(o.PresentValue.Mean));
        return $"{r.Trials.ToString("N0", Invariant)} Monte Carlo trials (seed {r.Seed.ToString(Invariant)}) drew the {r.Inputs.Count} uncertain inputs "
            + $"from their distributions{correlations}. At the base values {recommended.Name} is cheapest; across the trials it is cheapest in "
            + $"{ReportFormat.Percent(recommended.ProbabilityCheapest)} of them. The standard error of each mean present value is at most "
            + $"{ReportFormat.Percent(worstError)} of the mean (more trials shrink it by √n).";
    }

    /// <summary>"Value models (methodology, Value models): quality inspection $0.005753 per inspected item." or null without any.</summary>
    internal static string? ValueModelsSentence(ScenarioEvaluation e)
    {
        var parts = e.Benefits?.DescribeModels(item => ReportFormat.CurrencySymbol(e.Currency) + ReportFormat.Number(item), month => ReportFormat.Money(month, e.Currency)) ?? [];
        return parts.Count == 0 ? null : $"Value models (methodology, \"Value models\"; inputs in the assumptions): {string.Join("; ", parts)}.";
    }

    private static void AssumptionsSection(PdfLayout layout, ScenarioEvaluation e)
    {
        layout.NewPage();
        layout.Heading("Assumptions");
        layout.Paragraph("Every input the evaluation used, with its value and where it came from: a catalog row (source and date), a benchmark run (device and date), a projection, a default, or typed by the user.");
        TableColumn[] columns = [new("Input", 2.6f), new("Value", 1.1f, Align.Right), new("Unit", 1.6f), new("Origin", 3.1f)];
        layout.Table(columns, e.Inputs.Select(i => new[] { Describe(i), ReportFormat.Number(i.Value), i.Unit, Origin(i.Origin) }), maxLines: 6);
        foreach (var o in e.Options.Where(o => o.Hybrid is not null))
        {
            layout.Note($"{o.Id}: the demand above its owned servers overflows to {o.Hybrid!.OverflowTo} ({e.GetOption(o.Hybrid.OverflowTo).Name}, a {o.Hybrid.OverflowKind} option), priced with that option's inputs above.");
        }
    }

    private static string Describe(InputValue input)
    {
        var option = input.Key.Contains('.', StringComparison.Ordinal) ? input.Key[..input.Key.IndexOf('.', StringComparison.Ordinal)] : "";
        return option is "" or "workload" or "benefits" ? input.Label : $"{option}: {input.Label}";
    }

    internal static string Origin(InputOrigin origin)
    {
        var parts = new List<string>
        {
            origin.Kind is OriginKind.Typed or OriginKind.Default ? origin.Source : origin.Kind.ToString().ToLowerInvariant() + ": " + origin.Source,
        };
        if (!string.IsNullOrEmpty(origin.AsOf))
        {
            parts.Add("as of " + origin.AsOf);
        }
        if (!string.IsNullOrEmpty(origin.Reference))
        {
            parts.Add(origin.Reference);
        }
        if (!string.IsNullOrEmpty(origin.SourceUrl))
        {
            parts.Add(origin.SourceUrl);
        }
        return string.Join(", ", parts);
    }

    private static void BenchmarkSection(PdfLayout layout, ReportInput input)
    {
        layout.Heading("Benchmark evidence");
        var measured = input.Evaluation.Inputs.Where(i => i.Origin.Kind is OriginKind.Benchmark or OriginKind.Projection).ToList();
        if (input.Benchmarks.Count == 0 && measured.Count == 0)
        {
            layout.Paragraph("No benchmark results were used: every throughput figure was typed or came from a catalog (see the assumptions).");
            return;
        }
        if (input.Benchmarks.Count > 0)
        {
            TableColumn[] columns =
            [
                new("Run / model", 1.8f), new("Device", 2.2f), new("Measured", 1.2f), new("Prefill tok/s", 1f, Align.Right),
                new("Decode tok/s", 1f, Align.Right), new("Latency p50 / p95 / p99 ms", 1.5f, Align.Right), new("Validity", 1.6f),
            ];
            layout.Table(columns, input.Benchmarks.Select(b => new[]
            {
                $"{b.Run}: {b.Model}{(b.Settings is null ? "" : ", " + b.Settings)}",
                b.Device,
                b.MeasuredAt,
                b.PrefillTokensPerSecond is { } p ? ReportFormat.Number(p) : "-",
                b.DecodeTokensPerSecond is { } d ? ReportFormat.Number(d) : "-",
                string.Join(" / ", new[] { b.LatencyP50Ms, b.LatencyP95Ms, b.LatencyP99Ms }.Select(v => v is { } x ? ReportFormat.Number(x) : "-")),
                (b.Valid ? "valid" : "NOT VALID") + (b.Validity is null ? "" : ": " + b.Validity),
            }));
        }
        foreach (var i in measured)
        {
            layout.Note($"{Describe(i)} = {ReportFormat.Number(i.Value)} {i.Unit}: {Origin(i.Origin)}.");
        }
    }

    /// <summary>
    /// The workload's latency targets: each GPU option sized in replicas at them (busiest hour, utilization, cost per
    /// million tokens beside today's sizing), the options that are not, and the replicas hour by hour in month 1.
    /// </summary>
    private static void TargetsSection(PdfLayout layout, ReportInput input)
    {
        var e = input.Evaluation;
        var w = input.Scenario.Workload;
        layout.NewPage();
        layout.Heading("Capacity at the latency targets");
        var shape = w.HourlyShares is null
            ? $"peak-to-average {ReportFormat.Number(w.PeakToAverage)} (no hourly profile: rented capacity is sized flat for the busiest hour)"
            : w.WeekendHourlyShares is null ? "the hourly profile" : "the weekday and weekend hourly profiles";
        layout.Paragraph(string.Create(Invariant,
            $"Targets: p95 time to first token ≤ {ReportFormat.Number(w.TtftP95Seconds)} s and p95 inter-token latency ≤ {ReportFormat.Number(w.ItlP95Seconds)} s, at the busiest hour from {shape}. ")
            + "A GPU option with one replica's capacity at the targets is bought for the busiest hour (owned) or rented hour by hour or flat (cloud), in whole replicas; "
            + "its cost per million tokens is shown next to the same option sized from average throughput and target utilization (see the methodology, \"Sizing at the latency targets\").");
        var sized = e.Options.Where(o => o.AtTargets is not null).ToList();
        if (sized.Count > 0)
        {
            TableColumn[] columns =
            [
                new("Option", 1.4f), new("Replica", 1.3f), new("Sizing", 1.3f), new("Busiest hour", 1.3f, Align.Right),
                new("Utilization", 0.8f, Align.Right), new("Per 1M tokens at targets", 1.1f, Align.Right), new("Per 1M tokens without", 1.1f, Align.Right),
            ];
            layout.Table(columns, sized.Select(o =>
            {
                var a = o.AtTargets!;
                return new[]
                {
                    o.Name,
                    string.Create(Invariant, $"{ReportFormat.Number(a.ReplicaRequestsPerSecond)} req/s on {a.GpusPerReplica} GPU{(a.GpusPerReplica == 1 ? "" : "s")}"),
                    a.Sizing,
                    string.Create(Invariant, $"{ReportFormat.Number(a.PeakRequestsPerSecond)} req/s, {a.PeakReplicas} replicas"),
                    ReportFormat.Percent(a.AchievedUtilization),
                    a.CostPerMillionTokensAtTargets is { } at ? ReportFormat.Price(at, e.Currency) : "-",
                    a.CostPerMillionTokensWithoutTargets is { } without ? ReportFormat.Price(without, e.Currency) : "-",
                };
            }).ToList(), size: 8);
        }
        foreach (var o in e.Options.Where(o => o.Latency is not null))
        {
            layout.Note($"{o.Name} (API): {o.Latency!.Note}" + (o.Latency.MeetsTargets is null ? "." : string.Create(Invariant,
                $" (measured p95 time to first token {ReportFormat.Number(o.Latency.MeasuredTtftP95Seconds!.Value)} s, inter-token latency {ReportFormat.Number(o.Latency.MeasuredItlP95Seconds!.Value)} s).")));
        }
        var unsized = e.Options.Where(o => o.AtTargets is null && input.Scenario.FindOption(o.Id) is GpuOption).Select(o => o.Name).ToList();
        if (unsized.Count > 0)
        {
            layout.Note($"Sized from throughput and target utilization, with no replica capacity at the targets: {string.Join(", ", unsized)} (give replicaRequestsPerSecond, or a throughputFrom projection).");
        }
        var hourly = sized.Where(o => o.AtTargets!.FirstMonthHours.Count > 0).ToList();
        if (hourly.Count == 0)
        {
            return;
        }
        layout.Heading("Replicas hour by hour (month 1)");
        layout.Paragraph("Each hour of the profile: its request rate, and for each option the replicas needed at the targets / running (owned: the fleet; rented: what is rented that hour).");
        var first = hourly[0].AtTargets!.FirstMonthHours;
        TableColumn[] hourColumns =
        [
            new("Day, hour", 1.2f), new("Requests/s", 0.9f, Align.Right),
            .. hourly.Select(o => new TableColumn(o.Name, 1f, Align.Right)),
        ];
        layout.Table(hourColumns, first.Select((h, i) =>
        {
            string[] cells =
            [
                string.Create(Invariant, $"{h.Day} {h.Hour:00}:00"),
                ReportFormat.Number(h.RequestsPerSecond),
                .. hourly.Select(o => o.AtTargets!.FirstMonthHours[i] is var x ? string.Create(Invariant, $"{x.ReplicasNeeded} / {x.Replicas}") : ""),
            ];
            return cells;
        }).ToList(), size: 7.5f, maxLines: 1);
    }

    private static void ProjectionSection(PdfLayout layout, ReportInput input)
    {
        if (input.Projections.Count == 0)
        {
            return;
        }
        layout.Heading("Throughput projections");
        layout.Paragraph("Throughput of models too large to benchmark here, projected from the model's shape and the GPU's datasheet with the roofline model "
            + "(memory = weights × 1.2 + batch × KV cache; prefill bound by compute, decode by memory bandwidth; see the methodology).");
        TableColumn[] columns =
        [
            new("Option", 1.5f), new("Model on GPUs", 2.2f), new("Memory needed / available", 1.5f, Align.Right),
            new("Prefill tok/s per GPU", 1.2f, Align.Right), new("Decode tok/s per GPU", 1.2f, Align.Right), new("ms per output token", 0.9f, Align.Right),
            new("Largest batch", 0.8f, Align.Right),
        ];
        layout.Table(columns, input.Projections.Select(o =>
        {
            var p = o.Projection;
            return new[]
            {
                o.Option,
                $"{p.Model} on {p.Gpus.ToString(Invariant)}x {p.Gpu}, {p.Precision}, batch {p.Batch.ToString(Invariant)}, context {p.ContextLength.ToString(Invariant)}",
                $"{ReportFormat.Number(p.TotalMemoryGb)} / {ReportFormat.Number(p.AvailableMemoryGb)} GB" + (p.Fits ? "" : " (does not fit)"),
                $"{ReportFormat.Number(p.PrefillTokensPerSecondPerGpu)} ({p.PrefillBound})",
                $"{ReportFormat.Number(p.DecodeTokensPerSecondPerGpu)} ({p.DecodeBound})",
                ReportFormat.Number(p.MsPerOutputToken),
                p.MaxBatchThatFits.ToString("N0", Invariant),
            };
        }).ToList(), size: 8);
        foreach (var source in input.Projections.Select(o => o.Projection.Efficiency).Distinct())
        {
            layout.Note(string.Create(Invariant,
                $"Efficiency: compute {source.Compute:0.##}, bandwidth {source.Bandwidth:0.##}, tensor parallel {source.TensorParallel:0.##}, "
                + $"fixed time per layer {source.LayerOverheadMicroseconds:0.#} µs, half-efficiency hidden size {source.HalfEfficiencyHiddenSize:0}, overlap {source.Overlap:0.##}; {source.Source}."));
        }
    }
}
