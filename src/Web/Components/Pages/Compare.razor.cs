using Microsoft.AspNetCore.Components;
using Planner.Data.Scenarios;
using Planner.Web.Services;

namespace Planner.Web.Components.Pages;

/// <summary>
/// The compare page in two modes: the options of the scenario open in the editor (<see cref="ScenarioWorkspace"/>), or
/// several saved scenarios named by the address (<c>/compare?scenarios=id1,id2</c>), each resolved and evaluated as saved.
/// </summary>
public sealed partial class Compare : IDisposable
{
    [Inject] private ScenarioWorkspace Workspace { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private SavedScenarios Saved { get; set; } = default!;

    /// <summary>The saved scenarios to compare, ids separated by commas; present (even empty) selects the saved-scenarios mode.</summary>
    [SupplyParameterFromQuery(Name = "scenarios")]
    public string? ScenarioIds { get; set; }

    private bool SavedMode => ScenarioIds is not null;

    private IReadOnlyList<string> SelectedIds { get; set; } = [];

    /// <summary>Every saved scenario (the picker's choices); null while loading.</summary>
    private IReadOnlyList<ScenarioSummary>? _saved;

    /// <summary>The selected scenarios evaluated, in the address's order; null while evaluating.</summary>
    private IReadOnlyList<SavedScenarioResult>? _results;

    /// <summary>The selected scenarios that evaluated, labelled by name.</summary>
    private IReadOnlyList<ComparedScenario> _compared = [];

    private string? _evaluatedIds;
    private CancellationTokenSource? _evaluating;

    /// <summary>The address of the comparison of these saved scenarios (ids in order).</summary>
    public static string SavedScenariosUrl(IEnumerable<string> ids) => "/compare?scenarios=" + string.Join(',', ids);

    protected override void OnInitialized() => Workspace.Changed += OnWorkspaceChanged;

    protected override async Task OnParametersSetAsync()
    {
        if (!SavedMode)
        {
            return;
        }
        SelectedIds = ScenarioIds!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        var key = string.Join(',', SelectedIds);
        if (_saved is not null && key == _evaluatedIds)
        {
            return;
        }
        _evaluatedIds = key;
        _results = null;
        _compared = [];
        if (_evaluating is not null)
        {
            await _evaluating.CancelAsync();
            _evaluating.Dispose();
        }
        _evaluating = new CancellationTokenSource();
        var ct = _evaluating.Token;
        try
        {
            _saved ??= await Saved.ListAsync(ct);
            if (SelectedIds.Count >= 2)
            {
                var results = await Saved.EvaluateAsync(SelectedIds, ct);
                ct.ThrowIfCancellationRequested();
                _results = results;
                _compared = Label(results);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The selection changed while these were evaluated; the newer selection's evaluation replaces them.
        }
    }

    /// <summary>Scenarios that evaluated, labelled by name (with the id where two share a name, so series names stay distinct).</summary>
    private List<ComparedScenario> Label(IReadOnlyList<SavedScenarioResult> results)
    {
        var evaluated = results.Where(r => r.Evaluation is not null).ToList();
        var shared = evaluated.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return evaluated
            .Select(r => new ComparedScenario(r.Id, shared.Contains(r.Name) ? L["SameName", r.Name, r.Id] : r.Name, r.Resolved!, r.Evaluation!))
            .ToList();
    }

    private string ScenarioName(string? id) => _saved?.FirstOrDefault(s => s.Id == id)?.Name ?? id ?? "";

    /// <summary>Puts the picked scenarios in the address: those already compared keep their order, new ones follow.</summary>
    private void Pick(IEnumerable<string>? picked)
    {
        var chosen = (picked ?? []).ToHashSet(StringComparer.Ordinal);
        var ordered = SelectedIds.Where(chosen.Contains).Concat((_saved ?? []).Select(s => s.Id).Where(id => chosen.Contains(id) && !SelectedIds.Contains(id)));
        Navigation.NavigateTo(SavedScenariosUrl(ordered));
    }

    private void SwitchMode(bool saved) => Navigation.NavigateTo(saved ? SavedScenariosUrl(SelectedIds) : "/compare");

    private void OnWorkspaceChanged() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        Workspace.Changed -= OnWorkspaceChanged;
        _evaluating?.Cancel();
        _evaluating?.Dispose();
    }
}
