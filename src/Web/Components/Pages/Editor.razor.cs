using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.Web.Services;

namespace Planner.Web.Components.Pages;

public partial class Editor
{
    [Inject] private ScenarioWorkspace Workspace { get; set; } = default!;

    [Inject] private ScenarioTemplates Templates { get; set; } = default!;

    [Inject] private IJSRuntime Js { get; set; } = default!;

    /// <summary>Deep link: /editor?template=support-assistant starts from that template.</summary>
    [SupplyParameterFromQuery(Name = "template")] public string? Template { get; set; }

    private IReadOnlyList<string> _outside = [];

    protected override void OnInitialized()
    {
        Workspace.Changed += OnWorkspaceChanged;
        if (Template is { } key && Templates.Find(key) is { } template && Workspace.Source != template.Key)
        {
            Workspace.Load(template.Scenario, template.Key);
        }
        Refresh();
    }

    private void Pick(ScenarioTemplate template) => Workspace.Load(template.Scenario, template.Key);

    private void Open((Scenario Scenario, string FileName) opened) => Workspace.Load(opened.Scenario, opened.FileName);

    private void CloseScenario() => Workspace.Clear();

    private async Task DownloadJsonAsync()
    {
        var scenario = Workspace.Scenario!;
        await Js.InvokeVoidAsync("plannerDownload", FileNames.For(scenario.Name, "json"), "application/json", ScenarioJsonWriter.Write(scenario));
    }

    private async Task DownloadCashFlowsAsync()
    {
        var evaluation = Workspace.Evaluation!;
        await Js.InvokeVoidAsync("plannerDownload", FileNames.For(evaluation.Scenario, "cash-flows.csv"), "text/csv", CashFlowCsv.Write(evaluation));
    }

    private void Refresh() => _outside = Workspace.Scenario is { } s ? ScenarioProblems.OutsideFields(s, Workspace.Problems) : [];

    private void OnWorkspaceChanged() => _ = InvokeAsync(() =>
    {
        Refresh();
        StateHasChanged();
    });

    public void Dispose() => Workspace.Changed -= OnWorkspaceChanged;
}
