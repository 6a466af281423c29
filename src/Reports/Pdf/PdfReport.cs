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
        Methodology(layout);

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
        var version = options.ScenarioVersion is { } v ? " v" + v.ToString(Invariant) : "";
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
            $"{ReportFormat.Number(w.OutputTokensPerRequest)} output tokens per request; peak {ReportFormat.Number(w.PeakToAverage)}x average) " +
            $"costs least over {e.HorizonMonths} months, at a discount rate of {ReportFormat.Percent(e.DiscountRateAnnual)} a year, in {e.Currency}?");

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
                c?.IrrAnnual is { } irr ? ReportFormat.Percent(irr) : c is null ? "" : "none",
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
        }
        foreach (var c in e.Comparisons.Where(c => c.IrrNote is not null))
        {
            layout.Note($"{e.GetOption(c.Option).Name}: {c.IrrNote}.");
        }

        layout.Heading("Cumulative cash by option");
        var plot = ReportCharts.CumulativeCash(e);
        layout.Block(250, (canvas, rect) => ReportCharts.Draw(plot, canvas, rect));
    }

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

    private static void AssumptionsSection(PdfLayout layout, ScenarioEvaluation e)
    {
        layout.NewPage();
        layout.Heading("Assumptions");
        layout.Paragraph("Every input the evaluation used, with its value and where it came from: a catalog row (source and date), a benchmark run (device and date), a projection, a default, or typed by the user.");
        TableColumn[] columns = [new("Input", 2.6f), new("Value", 1.1f, Align.Right), new("Unit", 1.6f), new("Origin", 3.1f)];
        layout.Table(columns, e.Inputs.Select(i => new[] { Describe(i), ReportFormat.Number(i.Value), i.Unit, Origin(i.Origin) }), maxLines: 6);
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

    private static void Methodology(PdfLayout layout)
    {
        layout.NewPage();
        layout.Heading("Methodology");
        string[] lines =
        [
            "Months t = 0..H. Month 0 is today: set-up costs and the first servers. Running costs of month t are paid at its end; servers for month t are bought at its start (end of month t - 1).",
            "Discounting: monthly rate m = (1 + r)^(1/12) - 1 for the annual rate r; discount factor d(t) = (1 + m)^-t. Present value PV = Σ cash(t)·d(t).",
            "Demand: requests(t) = R·(1 + g)^(t - 1) for first-month requests R and monthly growth g; tokens(t) = requests(t)·(input + output tokens per request).",
            "API: usage(t) = requests(t)·(input tokens·input price + output tokens·output price) / 10^6 · (1 + a)^((t - 1)/12), a the annual price change; plus the fixed monthly cost.",
            "GPU work: s = input tokens / prefill tokens per GPU-second + output tokens / decode tokens per GPU-second, GPU-seconds per request.",
            "Cloud: GPU-hours(t) = max(requests(t)·s / 3600 / u, minimum GPUs·730), u the target utilization; compute(t) = GPU-hours(t)·GPU-hour price·(1 + a)^((t - 1)/12); staff = FTE·annual cost / 12.",
            "Owned servers: busy GPUs(t) = requests(t)·s / (730·3600); GPUs needed(t) = ⌈peak-to-average·busy GPUs(t) / u⌉; servers(t) = max(servers(t - 1), minimum servers, ⌈GPUs needed(t) / GPUs per server⌉) (the fleet never shrinks; a ceiling treats values within 1e-9 of a whole number as that number). Purchases (servers(t) - servers(t - 1))·server price at t - 1.",
            "Energy kWh(t) = servers(t)·730·(idle kW + (full kW - idle kW)·load(t))·PUE, load(t) = min(1, busy GPUs(t) / installed GPUs(t)); energy cost = kWh·price; colocation = servers·full kW·price per kW-month; maintenance = servers·server price·annual rate / 12; staff and fixed as above.",
            "Resale at H: each purchase at its remaining straight-line book value, max(0, 1 - age / (12·life years)) with age = H - t + 1 months, times the resale fraction; shown as negative cash. Depreciation is reported for accounting and is not cash.",
            "Levelized cost per 1M tokens = PV / Σ tokens(t)·d(t) · 10^6.",
            "Against the baseline: savings(t) = baseline cash(t) - option cash(t); NPV savings = Σ savings(t)·d(t); IRR = (1 + monthly IRR of the savings)^12 - 1 (none when the savings never change sign); payback = the first month from which cumulative savings stay ≥ 0 (discounted payback with discounted savings).",
            "Break-even volume: the lowest first-month demand at which the option's PV equals the baseline's, found by scanning demand (doubling from 1/1024 of the scenario's) and bisection to half a request a month.",
            "Benefits: PV of benefits = Σ (requests(t)·value per request + fixed monthly value)·d(t); NPV = benefits PV - cost PV; ROI = NPV / cost PV.",
            "Recommendation: the option with the lowest PV of cost; margin = PV of the runner-up - PV of the recommendation.",
            "Tornado: each input moved alone to its low and high value (default 0.8x and 1.2x, or the scenario's ranges); the metric is the recommendation's NPV savings against the baseline, or the baseline's PV when the baseline is recommended. A * marks an input whose low or high value makes another option the cheapest.",
            "Risk (when inputs carry distributions): each trial draws every uncertain input by its inverse CDF from a counter-based uniform (trial and input number with the seed; rank correlations through a Gaussian copula), clamps it to the field's allowed range and computes every option's PV as above. Over n trials: mean, standard deviation s, standard error s/√n, percentiles by linear interpolation (spreadsheet PERCENTILE.INC), the share of trials each option is cheapest, and Spearman's rank correlation of each input with the decision metric.",
            "Projection (for throughput taken from one): weights = parameters·bytes per value; memory = 1.2·weights + batch·KV cache, KV cache per sequence = 2·layers·KV heads·head size·bytes·context; FLOPs per token = 2·matrix-product weights + 4·layers·heads·head size·mean context; a pass's time = max(C, M) + (1 - o)·min(C, M) + layers·t_layer with C = FLOPs / (GPUs·peak·η_c(d)), M = bytes / (GPUs·bandwidth·η_m) (times η_tp when GPUs > 1), η_c(d) = η_c·d / (d + n½) for hidden size d and o the overlap (1 by default: the roofline); prefill reads the weights once for batch·context tokens, a decode step reads them once plus every sequence's KV cache and yields one token per sequence.",
        ];
        foreach (var line in lines)
        {
            layout.Paragraph(line);
        }
    }
}
