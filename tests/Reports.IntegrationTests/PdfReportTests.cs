using System.Text.RegularExpressions;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using UglyToad.PdfPig;

namespace Planner.Reports.IntegrationTests;

/// <summary>Writes real PDFs with SkiaSharp and reads them back with PdfPig.</summary>
public sealed partial class PdfReportTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pdf_says_on_its_first_page_that_figures_are_after_tax_when_the_scenario_has_a_tax_rate()
    {
        var (taxed, _) = await WriteAndReadAsync(Scenarios.Input(Scenarios.WithFinance()), new ReportOptions());
        var (untaxed, _) = await WriteAndReadAsync(Scenarios.Input(Scenarios.SixtyMonths()), new ReportOptions());

        Assert.Contains(Squash("Every figure is after tax at 25"), Squash(taxed[0]), StringComparison.Ordinal);
        Assert.DoesNotContain(Squash("after tax at"), Squash(untaxed[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_states_below_the_results_how_many_committed_gpu_hours_sat_idle_for_a_reserved_cloud_option()
    {
        var input = Scenarios.Input(Scenarios.WithFinance(reserved: true));
        var (reserved, _) = await WriteAndReadAsync(input, new ReportOptions());
        var (onDemand, _) = await WriteAndReadAsync(Scenarios.Input(Scenarios.WithFinance()), new ReportOptions());

        var cloud = input.Evaluation.GetOption("cloud");
        var sentence = Pdf.PdfReport.IdleCommitmentSentence(cloud);
        Assert.StartsWith($"{cloud.Name}: {ReportFormat.Number(cloud.IdleCommittedGpuHours!.Value)} committed (reserved) GPU-hours sat idle", sentence, StringComparison.Ordinal);
        Assert.Contains(Squash(sentence), Squash(reserved[0]), StringComparison.Ordinal);
        Assert.DoesNotContain(Squash("committed (reserved) GPU-hours"), Squash(onDemand[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_has_a_capacity_section_with_replicas_hour_by_hour_when_the_workload_has_latency_targets()
    {
        var input = Scenarios.Input(Scenarios.WithTargets());
        var (pages, _) = await WriteAndReadAsync(input, new ReportOptions());
        var (plain, _) = await WriteAndReadAsync(Scenarios.Input(Scenarios.SixtyMonths()), new ReportOptions());

        var all = Squash(string.Join(" ", pages));
        var cloud = input.Evaluation.GetOption("cloud").AtTargets!;
        Assert.Contains(Squash("Capacity at the latency targets"), all, StringComparison.Ordinal);
        Assert.Contains(Squash("Targets: p95 time to first token ≤ 2 s and p95 inter-token latency ≤ 0.06 s"), all, StringComparison.Ordinal);
        Assert.Contains(Squash("rented, following the profile"), all, StringComparison.Ordinal);
        Assert.Contains(Squash(ReportFormat.Percent(cloud.AchievedUtilization)), all, StringComparison.Ordinal);
        Assert.Contains(Squash(ReportFormat.Price(cloud.CostPerMillionTokensWithoutTargets!.Value, "USD")), all, StringComparison.Ordinal);
        Assert.Contains(Squash("Replicas hour by hour (month 1)"), all, StringComparison.Ordinal);
        var last = cloud.FirstMonthHours[23];
        Assert.Contains(Squash($"every day 23:00"), all, StringComparison.Ordinal);
        Assert.Contains(Squash($"{last.ReplicasNeeded} / {last.Replicas}"), all, StringComparison.Ordinal);
        Assert.DoesNotContain(Squash("Capacity at the latency targets"), Squash(string.Join(" ", plain)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_lists_a_hybrids_cloud_overflow_sized_at_the_latency_targets_beside_the_options()
    {
        var input = Scenarios.Input(Scenarios.WithTargetsOverflow());
        var (pages, _) = await WriteAndReadAsync(input, new ReportOptions());

        var all = Squash(string.Join(" ", pages));
        var hybrid = input.Evaluation.GetOption("hybrid-fixed");
        var overflow = hybrid.Hybrid!.OverflowAtTargets!;
        Assert.Contains(Squash($"{hybrid.Name}: overflow to {input.Evaluation.GetOption("cloud").Name}"), all, StringComparison.Ordinal);
        Assert.Contains(Squash("overflow rented, following the profile"), all, StringComparison.Ordinal);
        Assert.Contains(Squash(ReportFormat.Percent(overflow.AchievedUtilization)), all, StringComparison.Ordinal);
        Assert.Contains(Squash(ReportFormat.Price(overflow.CostPerMillionTokensWithoutTargets!.Value, "USD")), all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_flags_an_api_whose_measured_latency_misses_the_targets_on_its_first_page()
    {
        var targeted = Scenarios.WithTargets();
        var scenario = targeted with
        {
            Options = targeted.Options.Select(o => o is ApiOption api ? api with { MeasuredTtftP95Seconds = 3.5, MeasuredItlP95Seconds = 0.02 } : o).ToList(),
        };
        var (pages, _) = await WriteAndReadAsync(Scenarios.Input(scenario), new ReportOptions());

        Assert.Contains(Squash("misses the latency targets: p95 time to first token 3.5 s > target 2 s"), Squash(pages[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_states_the_recommendation_each_option_present_value_and_its_page_count()
    {
        var input = Scenarios.Input(Scenarios.SixtyMonths());
        var (pages, _) = await WriteAndReadAsync(input, new ReportOptions { ScenarioVersion = 7 });

        var first = Squash(pages[0]);
        Assert.Contains(Squash(new ReportBuilder(TimeProvider.System).RecommendationSentence(input)), first, StringComparison.Ordinal);
        foreach (var option in input.Evaluation.Options)
        {
            Assert.Contains(Squash(ReportFormat.Money(option.PresentValue, input.Evaluation.Currency)), first, StringComparison.Ordinal);
            Assert.Contains(Squash(option.Name), first, StringComparison.Ordinal);
        }
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains(Squash($"page {i + 1} of {pages.Count}"), Squash(pages[i]), StringComparison.Ordinal);
            Assert.Contains(Squash($"Scenario {input.Evaluation.Scenario} v7 · generated 2026-11-23T09:30:00Z"), Squash(pages[i]), StringComparison.Ordinal);
        }
        var all = Squash(string.Concat(pages));
        foreach (var heading in new[] { "Monthly cost by category", "Levelized cost vs demand", "What decides the answer", "Assumptions", "Benchmark evidence", "Methodology" })
        {
            Assert.Contains(Squash(heading), all, StringComparison.Ordinal);
        }
        Assert.Contains(Squash("NVIDIA H100 80GB HBM3, driver 550.54, CUDA 12.4"), all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Methodology_appendix_is_laid_out_from_the_methodology_document()
    {
        var markdown = Pdf.MethodologyAppendix.Markdown();
        var (pages, _) = await WriteAndReadAsync(Scenarios.Input(Scenarios.Example()), ReportOptions.Default);

        var all = Squash(string.Concat(pages));
        var headings = markdown.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => Pdf.MethodologyAppendix.Plain(l[3..].Trim())).ToList();
        Assert.True(headings.Count >= 10, $"{headings.Count} sections");
        Assert.All(headings, heading => Assert.Contains(Squash(heading), all, StringComparison.Ordinal));
        Assert.Contains(Squash("m = (1 + r)^(1/12) - 1"), all, StringComparison.Ordinal);
        Assert.Contains(Squash("gpuHours_t = max(gpuSeconds_t / 3600 / targetUtilization, minGpus * 730)"), all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PaperSize.A4, 595, 842)]
    [InlineData(PaperSize.Letter, 612, 792)]
    public async Task Every_page_has_the_chosen_paper_size(PaperSize paper, double width, double height)
    {
        var (_, sizes) = await WriteAndReadAsync(Scenarios.Input(Scenarios.Example()), new ReportOptions { Paper = paper });
        Assert.NotEmpty(sizes);
        Assert.All(sizes, size =>
        {
            Assert.Equal(width, size.Width, 0.5);
            Assert.Equal(height, size.Height, 0.5);
        });
    }

    [Fact]
    public async Task A_manufacturing_template_states_its_value_models_and_lists_their_inputs_in_the_assumptions()
    {
        var scenario = ScenarioJson.ReadFile(Path.Combine(Scenarios.ExamplesFolder, "predictive-maintenance.json"));
        var input = Scenarios.Input(scenario with
        {
            Benefits = scenario.Benefits! with
            {
                QualityInspection = new QualityInspectionValue { DefectRate = 0.02, DetectionRate = 0.9, EscapedDefectCost = 50, FalseRejectRate = 0.01, FalseRejectCost = 2 },
            },
        });
        var (pages, _) = await WriteAndReadAsync(input, ReportOptions.Default);

        // 8.4 x 36,000 - 6 x 400 = 300,000 a month; 0.02 x 0.9 x 50 - 0.98 x 0.01 x 2 = 0.8804 per item.
        Assert.Contains(Squash("quality inspection $0.8804 per inspected item; predictive maintenance $300,000 a month."), Squash(pages[0]), StringComparison.Ordinal);
        var all = Squash(string.Concat(pages));
        foreach (var label in new[] { "Unplanned downtime avoided", "Cost of an escaped defect" })
        {
            Assert.Contains(Squash(label), all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_scenario_named_in_Chinese_renders_its_name_as_text()
    {
        var input = Scenarios.Input(Scenarios.Chinese());
        var (pages, _) = await WriteAndReadAsync(input, ReportOptions.Default);
        Assert.Contains("客服助手", Squash(pages[0]), StringComparison.Ordinal);
        Assert.Contains("个月", Squash(pages[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_assumptions_table_continues_across_pages_with_its_header_repeated()
    {
        var example = Scenarios.Example();
        // Twelve options make an assumptions table of well over a page.
        var options = Enumerable.Range(1, 4).SelectMany(n => example.Options.Select(o => o with { Id = $"{o.Id}{n}", Name = $"{o.DisplayName} #{n}" })).ToList();
        var scenario = example with { Options = options, Baseline = "api1" };
        var input = Scenarios.Input(scenario);
        var (pages, _) = await WriteAndReadAsync(input, ReportOptions.Default);

        var header = Squash("Input Value Unit Origin");
        var tablePages = pages.Select(Squash).Where(p => p.Contains(Squash("onprem4: Server price"), StringComparison.Ordinal)
            || p.Contains(Squash("api2: Input price"), StringComparison.Ordinal)
            || p.Contains(Squash("cloud3: GPU-hour price"), StringComparison.Ordinal)).ToList();
        Assert.True(tablePages.Count >= 2, $"the table should span pages, found it on {tablePages.Count}");
        Assert.All(tablePages, p => Assert.Contains(header, p, StringComparison.Ordinal));
        Assert.Equal(input.Evaluation.Inputs.Count, input.Evaluation.Inputs.Count(i => string.Concat(pages.Select(Squash)).Contains(Squash(i.Unit), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Progress_is_reported_and_a_cancelled_report_stops()
    {
        var input = Scenarios.Input(Scenarios.Example());
        var messages = new List<string>();
        var builder = new ReportBuilder(new FixedTime(GeneratedAt));
        using (var buffer = new MemoryStream())
        {
            await builder.WritePdfAsync(input, buffer, ReportOptions.Default, new SynchronousProgress(messages.Add), CancellationToken.None);
        }
        Assert.Contains(messages, m => m.StartsWith("Drawing page 1 of", StringComparison.Ordinal));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var output = new MemoryStream();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => builder.WritePdfAsync(input, output, ReportOptions.Default, null, cancelled.Token));
    }

    [Fact]
    public async Task A_simulated_scenario_gets_the_risk_section_and_a_projected_one_the_projection_table()
    {
        var input = Scenarios.SimulatedWithProjection();
        var simulation = input.Simulation!;
        var (pages, _) = await WriteAndReadAsync(input, ReportOptions.Default);
        var all = Squash(string.Concat(pages));

        Assert.Contains(Squash("Risk: the odds of each answer"), all, StringComparison.Ordinal);
        Assert.Contains(Squash(Pdf.PdfReport.RiskSentence(input.Scenario, simulation)), all, StringComparison.Ordinal);
        foreach (var option in simulation.Options)
        {
            Assert.Contains(Squash($"{ReportFormat.Money(option.PresentValue.Mean, simulation.Currency)} ± {ReportFormat.Money(option.PresentValue.StandardError, simulation.Currency)}"), all, StringComparison.Ordinal);
            Assert.Contains(Squash(ReportFormat.Money(option.PresentValue.P90, simulation.Currency)), all, StringComparison.Ordinal);
        }
        foreach (var bar in simulation.Tornado)
        {
            Assert.Contains(Squash(bar.RankCorrelation.ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture)), all, StringComparison.Ordinal);
        }
        // The correlations the scenario imposes (api ~ cloud price change 0.6, the two decode throughputs 0.9), listed after the inputs.
        var intro = Squash("The simulation imposed these Spearman rank correlations between uncertain inputs");
        Assert.Contains(intro, all, StringComparison.Ordinal);
        var correlations = all[(all.IndexOf(intro, StringComparison.Ordinal) + intro.Length)..];
        Assert.Contains(Squash("Correlated with"), correlations, StringComparison.Ordinal);
        Assert.Contains("+0.60", correlations, StringComparison.Ordinal);
        Assert.Contains("+0.90", correlations, StringComparison.Ordinal);

        var p = input.Projections[0].Projection;
        Assert.Contains(Squash("Throughput projections"), all, StringComparison.Ordinal);
        Assert.Contains(Squash($"{p.Model} on 1x {p.Gpu}, bf16, batch 16, context 4096"), all, StringComparison.Ordinal);
        Assert.Contains(Squash($"{ReportFormat.Number(p.DecodeTokensPerSecondPerGpu)} ({p.DecodeBound})"), all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_without_distributions_or_projections_has_neither_section()
    {
        var (pages, _) = await WriteAndReadAsync(Scenarios.Input(Scenarios.Example()), ReportOptions.Default);
        var all = Squash(string.Concat(pages));
        Assert.DoesNotContain(Squash("Risk: the odds"), all, StringComparison.Ordinal);
        Assert.DoesNotContain(Squash("Throughput projections"), all, StringComparison.Ordinal);
    }

    [Fact]
    public void Tornado_sentence_names_the_inputs_that_flip_the_recommendation()
    {
        var evaluation = Scenarios.Input(Scenarios.SixtyMonths()).Evaluation;
        var flips = evaluation.Tornado.Where(b => b.ChangesRecommendation).ToList();
        Assert.NotEmpty(flips);
        var sentence = Pdf.PdfReport.TornadoSentence(evaluation);
        Assert.All(flips, b => Assert.Contains(b.Label, sentence, StringComparison.Ordinal));
        Assert.DoesNotContain(evaluation.Tornado.First(b => !b.ChangesRecommendation).Label, sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_with_benefits_gets_the_value_tornado_and_one_without_does_not()
    {
        var input = Scenarios.Input(Scenarios.Example());
        Assert.NotEmpty(input.Evaluation.ValueTornado!);
        var (pages, _) = await WriteAndReadAsync(input, ReportOptions.Default);
        var (costOnly, _) = await WriteAndReadAsync(Scenarios.Input(Scenarios.Example() with { Benefits = null }), ReportOptions.Default);

        var all = Squash(string.Concat(pages));
        Assert.Contains(Squash("What decides the value"), all, StringComparison.Ordinal);
        Assert.Contains(Squash(Pdf.PdfReport.ValueTornadoSentence(input.Evaluation)), all, StringComparison.Ordinal);
        Assert.DoesNotContain(Squash("What decides the value"), Squash(string.Concat(costOnly)), StringComparison.Ordinal);
    }

    [Fact]
    public void Value_tornado_sentence_names_the_inputs_at_whose_low_or_high_value_the_npv_changes_sign()
    {
        var evaluation = Scenarios.Input(Scenarios.Example()).Evaluation;
        var npv = evaluation.ValueTornadoBase();
        Assert.True(npv > 0);
        var bars = evaluation.ValueTornado!;
        var crossing = bars[1] with { LowResult = -0.5 * npv, HighResult = 1.5 * npv };
        var positive = bars[0] with { LowResult = 0.1 * npv, HighResult = 3 * npv };
        var withCrossing = evaluation with { ValueTornado = [positive, crossing] };

        var sentence = Pdf.PdfReport.ValueTornadoSentence(withCrossing);
        Assert.Contains("changes sign", sentence, StringComparison.Ordinal);
        Assert.Contains(crossing.Label, sentence, StringComparison.Ordinal);
        Assert.DoesNotContain(positive.Label, sentence, StringComparison.Ordinal);

        var allPositive = Pdf.PdfReport.ValueTornadoSentence(evaluation with { ValueTornado = [positive] });
        Assert.Contains("stays positive", allPositive, StringComparison.Ordinal);
        Assert.Contains(positive.Label, allPositive, StringComparison.Ordinal);
    }

    private static async Task<(List<string> Pages, List<(double Width, double Height)> Sizes)> WriteAndReadAsync(ReportInput input, ReportOptions options)
    {
        using var buffer = new MemoryStream();
        await new ReportBuilder(new FixedTime(GeneratedAt)).WritePdfAsync(input, buffer, options, null, CancellationToken.None);
        using var pdf = PdfDocument.Open(buffer.ToArray());
        var pages = pdf.GetPages().ToList();
        return (pages.Select(p => p.Text).ToList(), pages.Select(p => (p.Width, p.Height)).ToList());
    }

    /// <summary>Text without whitespace: PdfPig joins positioned glyphs without reconstructing every space.</summary>
    private static string Squash(string text) => Whitespace().Replace(text, "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, so messages could arrive late).</summary>
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
