using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.Data.Scenarios;
using Planner.Web.Components.Charts;
using Planner.Web.Components.Pages;
using Planner.Web.Components.Shared;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class CompareSavedScenariosTests : MudTestContext
{
    private static string ExampleJson(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name + ".json"));

    private async Task<string> SaveAsync(string json) =>
        (await Services.GetRequiredService<ScenarioStore>().SaveAsync(null, json, null, "test", CancellationToken.None)).Id;

    private static string WithChange(string json, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(json)!;
        change(node);
        return node.ToJsonString();
    }

    private IRenderedComponent<Compare> RenderCompare(string address)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        Render<MudPopoverProvider>();
        return Render<Compare>();
    }

    [Fact]
    public async Task Saved_scenarios_show_each_recommendation_a_metrics_group_per_scenario_and_shared_charts()
    {
        var support = await SaveAsync(ExampleJson("support-assistant"));
        var summaries = await SaveAsync(ExampleJson("document-summarization"));

        var cut = RenderCompare($"compare?scenarios={support},{summaries}");

        cut.WaitForElement("[data-testid=compared-scenarios]", Patience);
        foreach (var (id, example) in new[] { (support, "support-assistant"), (summaries, "document-summarization") })
        {
            var expected = CostEngine.Evaluate(Example(example));
            var row = cut.Find($"[data-testid=compared-scenarios] tr[data-scenario='{id}']");
            Assert.Equal(expected.Recommendation, row.QuerySelector("[data-testid=recommendation]")!.GetAttribute("data-option"));
            Assert.Contains(expected.Scenario, cut.Find($"[data-testid=metrics] th[data-scenario='{id}']").TextContent, StringComparison.Ordinal);
            foreach (var option in expected.Options)
            {
                Assert.Contains(cut.FindAll("[data-testid=metrics] tbody tr:nth-child(2) td"), td => td.TextContent == Display.Money(option.PresentValue, "USD"));
            }
        }
        var cash = cut.FindComponent<CumulativeCashChart>().Instance.Chart;
        Assert.Equal(6, cash.Series.Count);
        Assert.Contains(cash.Series, s => s.Name == "Support assistant, 36 months · Hosted API");
        Assert.Single(cut.FindComponents<DemandChart>());
        Assert.Equal(["horizonMonths", "discountRate"], cut.FindAll("[data-testid=scenario-difference]").Select(a => a.GetAttribute("data-field")));
        Assert.Equal(2, cut.FindAll("[data-testid=inputs-by-scenario] .mud-tab").Count);
    }

    [Fact]
    public async Task An_api_that_misses_the_scenarios_latency_targets_is_flagged_on_the_compare_page()
    {
        var targeted = await SaveAsync(WithChange(ExampleJson("support-assistant"), n =>
        {
            n["workload"]!["ttftP95Seconds"] = 1;
            n["workload"]!["itlP95Seconds"] = 0.05;
            n["options"]![0]!["measuredTtftP95Seconds"] = 1.8;
            n["options"]![0]!["measuredItlP95Seconds"] = 0.03;
        }));
        var plain = await SaveAsync(ExampleJson("document-summarization"));

        var cut = RenderCompare($"compare?scenarios={targeted},{plain}");

        cut.WaitForElement("[data-testid=compared-scenarios]", Patience);
        var flag = Assert.Single(cut.FindAll("[data-testid=latency-flag]"));
        Assert.Equal("api", flag.GetAttribute("data-option"));
        Assert.Equal("false", flag.GetAttribute("data-meets"));
        Assert.Contains("misses the latency targets: p95 time to first token 1.8 s > target 1 s", flag.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenarios_that_do_not_evaluate_show_the_cli_problems_and_the_others_are_still_compared()
    {
        var support = await SaveAsync(ExampleJson("support-assistant"));
        var summaries = await SaveAsync(ExampleJson("document-summarization"));
        var broken = await SaveAsync(WithChange(ExampleJson("catalog-referenced"), n => n["options"]![0]!["apiPrice"] = "nobody/no-such-model"));
        var cliProblems = (await Assert.ThrowsAsync<InputException>(() =>
            Services.GetRequiredService<ScenarioService>().EvaluateOrThrowAsync(broken, CancellationToken.None))).Lines;

        var cut = RenderCompare($"compare?scenarios={support},{broken},no-such-id,{summaries}");

        cut.WaitForElement("[data-testid=compared-scenarios]", Patience);
        var problems = cut.Find($"[data-testid=scenario-problems][data-scenario='{broken}']");
        Assert.Equal(cliProblems, problems.QuerySelectorAll("li").Select(li => li.TextContent));
        Assert.Contains("no stored scenario has the id 'no-such-id'", cut.Find("[data-testid=scenario-problems][data-scenario='no-such-id']").TextContent, StringComparison.Ordinal);
        Assert.Equal([support, summaries], cut.FindAll("[data-testid=compared-scenarios] tbody tr").Select(tr => tr.GetAttribute("data-scenario")));
    }

    [Fact]
    public async Task Scenarios_in_two_currencies_get_a_warning_and_one_chart_per_currency()
    {
        var dollars = await SaveAsync(ExampleJson("support-assistant"));
        var euros = await SaveAsync(WithChange(ExampleJson("support-assistant"), n =>
        {
            n["currency"] = "EUR";
            n["name"] = "Support assistant in euros";
        }));

        var cut = RenderCompare($"compare?scenarios={dollars},{euros}");

        cut.WaitForElement("[data-testid=compared-scenarios]", Patience);
        var warning = cut.Find("[data-testid=scenario-difference][data-field=currency]");
        Assert.Contains("nothing is converted or added across currencies", warning.TextContent, StringComparison.Ordinal);
        var cash = cut.FindComponents<CumulativeCashChart>();
        Assert.Equal(["USD", "EUR"], cash.Select(c => CompareCharts.Currency(c.Instance.Scenarios)));
        Assert.Equal(2, cut.FindComponents<DemandChart>().Count);
        Assert.Contains(cut.FindAll("[data-testid=metrics] td"), td => td.TextContent.StartsWith('€'));
    }

    [Fact]
    public async Task With_fewer_than_two_saved_scenarios_the_page_explains_and_links_to_the_dashboard_and_editor()
    {
        await SaveAsync(ExampleJson("support-assistant"));

        var cut = RenderCompare("compare?scenarios=");

        cut.WaitForElement("[data-testid=compare-too-few]", Patience);
        Assert.Contains("only one is", cut.Find("[data-testid=compare-too-few]").TextContent, StringComparison.Ordinal);
        var links = cut.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/", links);
        Assert.Contains("/editor", links);
        Assert.Empty(cut.FindComponents<ComparisonView>());
    }

    [Fact]
    public async Task Ticking_two_dashboard_scenarios_links_to_their_comparison()
    {
        var first = await SaveAsync(ExampleJson("support-assistant"));
        var second = await SaveAsync(ExampleJson("visual-inspection"));

        var cut = Render<Home>();
        cut.WaitForElement("[data-testid=recent-scenarios]", Patience);
        cut.Find($"tr[data-scenario='{second}'] input[type=checkbox]").Change(true);
        cut.Find($"tr[data-scenario='{first}'] input[type=checkbox]").Change(true);

        Assert.Equal(Compare.SavedScenariosUrl([second, first]), cut.Find("[data-testid=compare-selected]").GetAttribute("href"));
        Assert.Equal($"/compare?scenarios={second},{first}", Compare.SavedScenariosUrl([second, first]));
    }

    [Fact]
    public async Task This_scenario_mode_draws_the_demand_curve_of_a_scenario_priced_from_the_catalogs()
    {
        await Services.GetRequiredService<ScenarioWorkspace>().LoadAsync(Example("catalog-referenced"), "catalog-referenced");

        var cut = RenderCompare("compare");

        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        var demand = cut.FindComponent<DemandChart>().Instance.Chart;
        var evaluation = workspace.Evaluation!;
        Assert.Equal(evaluation.Options.Count, demand.Series.Count);
        Assert.Equal(evaluation.Options.Select(o => o.Name), demand.Series.Select(s => s.Name));
    }
}
