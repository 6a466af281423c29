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
}
