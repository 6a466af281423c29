using Microsoft.AspNetCore.Components;
using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.Data.Scenarios;
using Planner.Web.Services;

namespace Planner.Web.Components.Pages;

public partial class Home
{
    private const int RecentCount = 10;

    [Inject] private ScenarioWorkspace Workspace { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private ScenarioStore Store { get; set; } = default!;

    [Inject] private ScenarioResolver Resolver { get; set; } = default!;

    private List<RecentScenario>? _recent;

    /// <summary>A saved scenario with its current evaluation, or the first problem that stops it evaluating.</summary>
    private sealed record RecentScenario(ScenarioSummary Summary, ScenarioEvaluation? Evaluation, string? Problem);

    protected override async Task OnInitializedAsync()
    {
        var recent = new List<RecentScenario>();
        foreach (var summary in (await Store.ListAsync(CancellationToken.None)).Take(RecentCount))
        {
            recent.Add(await EvaluateAsync(summary));
        }
        _recent = recent;
    }

    private async Task<RecentScenario> EvaluateAsync(ScenarioSummary summary)
    {
        try
        {
            var stored = await Store.GetAsync(summary.Id, CancellationToken.None);
            var scenario = await Resolver.ResolveAsync(ScenarioJson.Parse(stored.CurrentJson), CancellationToken.None);
            return new RecentScenario(summary, CostEngine.Evaluate(scenario), null);
        }
        catch (InputException ex)
        {
            return new RecentScenario(summary, null, ex.Problems[0]);
        }
    }

    private async Task Pick(ScenarioTemplate template)
    {
        await Workspace.LoadAsync(template.Scenario, template.Key);
        Navigation.NavigateTo("/editor");
    }
}
