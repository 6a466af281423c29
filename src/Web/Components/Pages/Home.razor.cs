using Microsoft.AspNetCore.Components;
using Planner.Web.Services;

namespace Planner.Web.Components.Pages;

public partial class Home
{
    private const int RecentCount = 10;

    [Inject] private ScenarioWorkspace Workspace { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private SavedScenarios Saved { get; set; } = default!;

    /// <summary>Recent saved scenarios, each with its current evaluation or the problems that stop it evaluating.</summary>
    private IReadOnlyList<SavedScenarioResult>? _recent;

    /// <summary>The scenarios ticked for comparison, in the order they were ticked.</summary>
    private readonly List<string> _selected = [];

    protected override async Task OnInitializedAsync()
    {
        var summaries = await Saved.ListAsync(Aborted);
        var recent = await Saved.EvaluateAsync(summaries.Take(RecentCount).Select(s => s.Id), Aborted);
        _recent = recent.Where(r => r.Summary is not null).ToList(); // one deleted since it was listed is left out
    }

    private void Select(string id, bool selected)
    {
        _selected.Remove(id);
        if (selected)
        {
            _selected.Add(id);
        }
    }

    private async Task Pick(ScenarioTemplate template)
    {
        await Workspace.LoadAsync(template.Scenario, template.Key);
        Navigation.NavigateTo("/editor");
    }
}
