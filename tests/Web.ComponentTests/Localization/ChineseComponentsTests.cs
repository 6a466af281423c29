using Planner.CostModel.Evaluation;
using Planner.Web.Components.Shared;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests.Localization;

/// <summary>Converted components render their words from the zh-CN resources, with the cost model's names translated too.</summary>
public sealed class ChineseComponentsTests : MudTestContext
{
    [Fact]
    public void The_comparison_renders_its_metrics_charts_and_inputs_in_Chinese()
    {
        using var culture = new CultureScope("zh-CN");
        var scenario = Example();
        var evaluation = CostEngine.Evaluate(scenario);
        Render<MudBlazor.MudPopoverProvider>();

        var cut = Render<ComparisonView>(p => p.Add(c => c.Scenarios, [new ComparedScenario("", null, scenario, evaluation)]));

        Assert.Contains("指标", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("成本现值", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("累计现金支出", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("输入项及其来源", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("每月请求数（首月）", cut.Markup, StringComparison.Ordinal);
        Assert.Contains(CompareCharts.TornadoMetricLabel(evaluation), cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_results_panel_renders_in_Chinese()
    {
        using var culture = new CultureScope("zh-CN");
        var evaluation = CostEngine.Evaluate(Example());

        var cut = Render<ResultsPanel>(p => p.Add(c => c.Evaluation, evaluation));

        Assert.Contains("推荐方案：", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("每百万 token", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Recommended:", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_note_that_the_number_of_irr_rates_is_not_settled_is_shown_in_Chinese_with_its_sign_changes()
    {
        using var culture = new CultureScope("zh-CN");
        var evaluation = CostEngine.Evaluate(Example(), includeTornado: false);
        var first = evaluation.Comparisons[0] with { IrrAnnual = 0.12, IrrRatesAnnual = null, IrrNote = IrrNotes.MultipleRates(3).ToString(), IrrSignChanges = 3 };
        var unsettled = evaluation with { Comparisons = [first, .. evaluation.Comparisons.Skip(1)] };

        var cut = Render<ResultsPanel>(p => p.Add(c => c.Evaluation, unsettled));

        Assert.Contains(cut.FindAll("[data-testid=irr-note]"), n => n.TextContent ==
            $"* {unsettled.GetOption(first.Option).Name}: 节省变号 3 次，无法确定存在多少个利率；此处为牛顿法从每月 1% 出发得到的利率.");
        Assert.DoesNotContain("could not be settled", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hybrids_overflow_at_the_latency_targets_is_named_and_sized_in_Chinese()
    {
        using var culture = new CultureScope("zh-CN");
        var example = Example("hybrid-support-assistant");
        var scenario = example with
        {
            Workload = example.Workload with { TtftP95Seconds = 2, ItlP95Seconds = 0.06 },
            Options = [.. example.Options.Select(o => o is CostModel.Scenarios.CloudOption cloud ? cloud with { ReplicaRequestsPerSecond = 1.3, GpusPerReplica = 2 } : o)],
        };
        var evaluation = CostEngine.Evaluate(scenario, includeTornado: false);

        var cut = Render<ResultsPanel>(p => p.Add(c => c.Evaluation, evaluation));

        var cells = cut.Find("[data-testid=at-targets] tr[data-option=hybrid-cloud][data-sized=overflow]").QuerySelectorAll("td");
        Assert.Equal($"{evaluation.GetOption("hybrid-cloud").Name}：溢出至 {evaluation.GetOption("cloud").Name}", cells[0].TextContent);
        Assert.StartsWith("溢出租用，随负载曲线调整", cells[1].TextContent, StringComparison.Ordinal);
    }
}
