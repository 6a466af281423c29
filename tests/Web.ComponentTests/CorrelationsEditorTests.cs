using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;
using Planner.Web.Components.Pages;
using Planner.Web.Components.Shared;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>
/// Issue 15: correlations between uncertain inputs are edited in the editor (docs/scenario-format.md, "Uncertain
/// inputs"): added, their inputs and coefficient changed, removed; a coefficient outside -1..1 and a set no joint
/// distribution can have are said where they are; what the editor writes is the JSON a person would write.
/// </summary>
public sealed class CorrelationsEditorTests : MudTestContext
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    private async Task<(IRenderedComponent<Editor> Cut, ScenarioWorkspace Workspace)> RenderAsync(Scenario scenario)
    {
        Render<MudPopoverProvider>();
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(scenario, "correlations");
        return (Render<Editor>(), workspace);
    }

    /// <summary>The hand-written scenario of <see cref="DistributionEditorTests"/> (four uncertain inputs) with <paramref name="correlations"/> as JSON.</summary>
    private static Scenario Hand(string correlations = "") => ScenarioJson.Parse(correlations.Length == 0
        ? DistributionEditorTests.HandWritten
        : DistributionEditorTests.HandWritten.TrimEnd()[..^1] + $$""", "correlations": [ {{correlations}} ] }""");

    [Fact]
    public async Task A_correlation_added_and_changed_in_the_editor_is_written_as_the_hand_written_one()
    {
        var (cut, workspace) = await RenderAsync(Hand());
        Assert.Empty(workspace.Scenario!.Correlations);

        cut.Find("[data-testid=add-correlation]").Click();
        Eventually(() => Assert.NotNull(cut.Find("[data-correlation='0']")), Slow);
        // The first two uncertain inputs, independent (0) until a coefficient is typed.
        Assert.Equal(new RankCorrelation("workload.monthlyGrowth", "api.annualPriceChange", 0), Assert.Single(workspace.Scenario!.Correlations));

        await ChooseAsync(cut, "correlation-second-0", "cloud.gpuHourPrice");
        Eventually(() => Assert.Equal("cloud.gpuHourPrice", workspace.Scenario!.Correlations[0].Second), Slow);
        Type(cut, "correlations[0].rank", "-0.4");
        Eventually(() => Assert.Equal(-0.4, workspace.Scenario!.Correlations[0].Coefficient), Slow);

        Eventually(() => Assert.Empty(workspace.Problems), Slow);
        var hand = Hand("""{ "inputs": ["workload.monthlyGrowth", "cloud.gpuHourPrice"], "rank": -0.4 }""");
        Assert.Equal(ScenarioJsonWriter.Write(hand), ScenarioJsonWriter.Write(workspace.Scenario!));
        // The picker names an option's input with the option's name.
        Assert.Contains("cloud: GPU-hour price", cut.Find("[data-correlation='0']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coefficient_outside_minus_one_to_one_is_said_under_its_field_with_the_range()
    {
        var (cut, workspace) = await RenderAsync(Hand("""{ "inputs": ["api.annualPriceChange", "cloud.gpuHourPrice"], "rank": 0.5 }"""));

        Type(cut, "correlations[0].rank", "1.5");

        Eventually(() =>
        {
            var field = cut.Find("[data-field='correlations[0].rank']");
            Assert.Contains("correlations[0].rank must be >= -1 and <= 1 (got 1.5)", field.TextContent, StringComparison.Ordinal);
            Assert.Equal("true", field.GetAttribute("data-invalid"));
        }, Slow);
        Assert.NotNull(cut.Find("[data-testid=results-stale]"));
        Assert.Empty(cut.FindAll("[data-testid=scenario-problems]"));
        Assert.Equal(1.5, workspace.Scenario!.Correlations[0].Coefficient);
    }

    [Fact]
    public async Task A_set_of_correlations_no_joint_distribution_has_is_said_where_the_correlations_are()
    {
        // 0.9, 0.9 and 0.8 around three inputs can be had together; with -0.9 for the third, or with the third left out
        // (an implied 0), the matrix of their normal correlations is not positive semi-definite.
        var (cut, workspace) = await RenderAsync(Hand("""
            { "inputs": ["api.annualPriceChange", "cloud.gpuHourPrice"], "rank": 0.9 },
            { "inputs": ["cloud.gpuHourPrice", "workload.monthlyGrowth"], "rank": 0.9 },
            { "inputs": ["api.annualPriceChange", "workload.monthlyGrowth"], "rank": 0.8 }
            """));
        Assert.Empty(workspace.Problems);
        const string Inconsistent = "correlations are inconsistent: their matrix is not positive semi-definite";

        Type(cut, "correlations[2].rank", "-0.9");
        Eventually(() => Assert.Contains(Inconsistent, cut.Find("[data-testid=correlations-problem]").TextContent, StringComparison.Ordinal), Slow);
        Assert.Empty(cut.FindAll("[data-testid=scenario-problems]"));
        Assert.NotNull(cut.Find("[data-testid=results-stale]"));

        Type(cut, "correlations[2].rank", "0.8");
        Eventually(() => Assert.Empty(cut.FindAll("[data-testid=correlations-problem]")), Slow);

        cut.Find("[data-testid=remove-correlation-2]").Click();
        Eventually(() => Assert.Contains(Inconsistent, cut.Find("[data-testid=correlations-problem]").TextContent, StringComparison.Ordinal), Slow);
        cut.Find("[data-testid=remove-correlation-0]").Click();
        Eventually(() => Assert.Empty(cut.FindAll("[data-testid=correlations-problem]")), Slow);
        Assert.Equal(new RankCorrelation("cloud.gpuHourPrice", "workload.monthlyGrowth", 0.9), Assert.Single(workspace.Scenario!.Correlations));
        Eventually(() => Assert.Empty(workspace.Problems), Slow);
    }

    [Fact]
    public async Task Correlations_cannot_be_added_until_two_inputs_carry_a_distribution()
    {
        var (cut, _) = await RenderAsync(Example("risk-support-assistant") is var risky
            ? risky with { Uncertainties = risky.Uncertainties.Take(1).ToList(), Correlations = [] }
            : throw new InvalidOperationException());

        Assert.True(cut.Find("[data-testid=add-correlation]").HasAttribute("disabled"));
        Assert.Contains("give a second input a distribution", cut.Find("[data-testid=correlations]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_pairs_each_two_uncertain_inputs_once_and_removing_drops_only_the_one()
    {
        var scenario = Hand();
        var keys = scenario.Uncertainties.Select(u => u.Key).ToList();
        for (var i = 0; i < keys.Count * (keys.Count - 1) / 2; i++)
        {
            scenario = ScenarioEdits.AddCorrelation(scenario);
        }
        Assert.Equal(6, scenario.Correlations.Count);
        Assert.Equal(6, scenario.Correlations.Select(c => string.Join("~", new[] { c.First, c.Second }.Order(StringComparer.Ordinal))).Distinct().Count());
        // Every pair has one: nothing more to add.
        Assert.Same(scenario, ScenarioEdits.AddCorrelation(scenario));
        var removed = ScenarioEdits.RemoveCorrelation(scenario, 2);
        Assert.Equal(scenario.Correlations.Where((_, i) => i != 2), removed.Correlations);
    }

    private static async Task ChooseAsync(IRenderedComponent<Editor> cut, string testId, string key)
    {
        var select = cut.FindComponent<CorrelationsEditor>().FindComponents<MudSelect<string>>()
            .Single(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == testId);
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(key));
    }
}
