using Planner.Reports.Localization;
using Planner.Reports;
using Planner.CostModel.Uncertainty;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.Data.Scenarios;
using Planner.Web.Services;

namespace Planner.Web.Components.Pages;

public partial class Editor
{
    [Inject] private ScenarioWorkspace Workspace { get; set; } = default!;

    [Inject] private ScenarioTemplates Templates { get; set; } = default!;

    [Inject] private IJSRuntime Js { get; set; } = default!;

    /// <summary>Deep link: /editor?template=support-assistant starts from that template.</summary>
    [SupplyParameterFromQuery(Name = "template")] public string? Template { get; set; }

    /// <summary>A saved scenario's id (/scenarios/{id}).</summary>
    [Parameter] public string? Id { get; set; }

    [Inject] private ScenarioStore Store { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private IReadOnlyList<string> _outside = [];
    private ConcurrencyConflictException? _conflict;
    private IReadOnlyList<ScenarioVersionInfo>? _history;
    private bool _saving;
    private bool _reporting;

    [Inject] private SavedScenarioOpener Opener { get; set; } = default!;

    /// <summary>The load of the scenario the address names; the draft is looked at once it is done.</summary>
    private Task _loading = Task.CompletedTask;

    /// <summary>Drafts are written only once the kept one was looked at (writing first would overwrite it).</summary>
    private bool _draftsReady;

    /// <summary>When the draft restored on opening was kept; null when none was restored.</summary>
    private DateTimeOffset? _restoredFrom;

    [Inject] private TimeProvider Time { get; set; } = default!;

    private bool CanReport => Workspace.IsCurrent && !_reporting;

    /// <summary>What the report buttons print: always the scenario on screen, and whether that is a saved version.</summary>
    private string ReportBasis => (Workspace.Problems.Count > 0, Workspace.StoredVersion, Workspace.IsDirty) switch
    {
        (true, _, _) => L["ReportBasisProblems"],
        (false, null, _) => L["ReportBasisUnsaved"],
        (false, { } version, true) => L["ReportBasisEdited", version, version + 1],
        (false, { } version, false) => L["ReportBasisSaved", version],
    };

    /// <summary>The problems of a saved scenario that could not be opened.</summary>
    private IReadOnlyList<InputProblem>? _brokenStored;

    /// <summary>The id of the address (/scenarios/{id}) when no saved scenario has it.</summary>
    private string? _missingId;

    protected override async Task OnParametersSetAsync()
    {
        if (Id is null)
        {
            _missingId = null;
        }
        if (Id is { } id && Workspace.StoredId != id)
        {
            _loading = LoadStoredAsync(id);
            await _loading;
        }
    }

    private async Task LoadStoredAsync(string id)
    {
        _conflict = null;
        _history = null;
        try
        {
            if (!await Opener.OpenAsync(id, version: null, Aborted))
            {
                // Said on the page, so a stale link or bookmark explains itself (issue 15).
                _missingId = id;
                return;
            }
            _missingId = null;
            _brokenStored = null;
        }
        catch (InputException ex)
        {
            // A stored version that no longer reads (written by an older version or straight into the store) is shown
            // as broken; the editor stays up.
            _brokenStored = ex.Problems;
            Snackbar.Add(L["CannotOpenSnack", id, CostModelText.Problem(ex.Problems[0])], Severity.Error);
        }
    }

    private Task SaveAsync() => SaveCoreAsync(Workspace.StoredVersion);

    /// <summary>After a conflict: save the user's version over the newer one (it becomes the next version; nothing is lost from history).</summary>
    private Task OverwriteAsync() => SaveCoreAsync(_conflict?.CurrentVersion);

    private async Task ReloadAsync()
    {
        if (Workspace.StoredId is { } id)
        {
            await LoadStoredAsync(id);
        }
    }

    private async Task SaveCoreAsync(int? expectedVersion)
    {
        if (!CanEdit)
        {
            return;
        }
        var scenario = Workspace.Scenario!;
        _saving = true;
        try
        {
            var stored = await Store.SaveAsync(new ScenarioSave
            {
                Id = Workspace.StoredId,
                Json = ScenarioJsonWriter.Write(scenario),
                ExpectedVersion = Workspace.StoredId is null ? null : expectedVersion,
                Owner = UserName,
            }, UntilDone);
            _conflict = null;
            Workspace.MarkSaved(stored.Id, stored.Version);
            _history = _history is null ? null : await Store.HistoryAsync(stored.Id, Aborted);
            Snackbar.Add(L["SavedAs", stored.Name, stored.Version], Severity.Success);
            if (Id != stored.Id)
            {
                Navigation.NavigateTo($"/scenarios/{stored.Id}");
            }
        }
        catch (ConcurrencyConflictException ex)
        {
            _conflict = ex;
        }
        catch (InputException ex)
        {
            Snackbar.Add(string.Join(" · ", ex.Problems), Severity.Error);
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>One action of the toolbar, drawn as a button on a wide screen and as an item of the "More" menu on a phone.</summary>
    private sealed record ToolbarAction(string Label, string Icon, string TestId, bool Disabled, Func<Task>? Run, string? Href = null)
    {
        public Color Color { get; init; } = Color.Default;

        public Variant Variant { get; init; } = Variant.Outlined;
    }

    /// <summary>The toolbar's actions after Save, in order; those of a saved scenario only once it is saved, Delete for admins.</summary>
    private List<ToolbarAction> ToolbarActions()
    {
        var actions = new List<ToolbarAction>(11);
        if (Workspace.StoredId is not null)
        {
            actions.Add(new(L["History"], Icons.Material.Filled.History, "history", false, ToggleHistoryAsync));
            actions.Add(new(L["Duplicate"], Icons.Material.Filled.FileCopy, "duplicate", !CanEdit, DuplicateAsync));
            if (IsAdmin)
            {
                actions.Add(new(L["Delete"], Icons.Material.Filled.Delete, "delete", false, DeleteAsync) { Color = Color.Error });
            }
        }
        actions.Add(new(L["Compare"], Icons.Material.Filled.StackedLineChart, "compare", Workspace.Evaluation is null, null,
            ScenarioLinks.Compare(Workspace.StoredId, Workspace.StoredVersion)));
        actions.Add(new(L["ScenarioJson"], Icons.Material.Filled.Download, "scenario-json", false, DownloadJsonAsync));
        actions.Add(new(L["CashFlowsCsv"], Icons.Material.Filled.TableView, "cash-flows-csv", !Workspace.IsCurrent, DownloadCashFlowsAsync));
        actions.Add(new(L["ReportPdf"], Icons.Material.Filled.PictureAsPdf, "report-pdf", !CanReport, () => ReportAsync(ReportKind.Pdf)));
        actions.Add(new(L["Workbook"], Icons.Material.Filled.GridOn, "report-xlsx", !CanReport, () => ReportAsync(ReportKind.Xlsx)));
        actions.Add(new(L["ReportCsv"], Icons.Material.Filled.FolderZip, "report-csv", !CanReport, () => ReportAsync(ReportKind.Csv)));
        actions.Add(new(L["New"], Icons.Material.Filled.NoteAdd, "new-scenario", false, () => { CloseScenario(); return Task.CompletedTask; }) { Variant = Variant.Text });
        return actions;
    }

    private async Task ToggleHistoryAsync() =>
        _history = _history is null && Workspace.StoredId is { } id ? await Store.HistoryAsync(id, Aborted) : null;

    private async Task RestoreAsync(int version)
    {
        if (!CanEdit)
        {
            return;
        }
        try
        {
            var stored = await Store.RestoreAsync(Workspace.StoredId!, version, Workspace.StoredVersion!.Value, UserName, UntilDone);
            await LoadStoredAsync(stored.Id);
            _history = await Store.HistoryAsync(stored.Id, Aborted);
            Snackbar.Add(L["RestoredAs", version, stored.Version], Severity.Success);
        }
        catch (ConcurrencyConflictException ex)
        {
            _conflict = ex;
        }
    }

    private async Task DuplicateAsync()
    {
        if (!CanEdit)
        {
            return;
        }
        var copy = await Store.DuplicateAsync(Workspace.StoredId!, UserName, null, UntilDone);
        Snackbar.Add(L["SavedCopy", copy.Name], Severity.Success);
        Navigation.NavigateTo($"/scenarios/{copy.Id}");
    }

    private async Task DeleteAsync()
    {
        if (!IsAdmin)
        {
            return;
        }
        var name = Workspace.Scenario?.Name ?? Workspace.StoredId;
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["DeleteTitle"],
            L["DeleteQuestion", name ?? ""], yesText: L["Delete"], cancelText: L["Cancel"]);
        if (confirmed != true)
        {
            return;
        }
        try
        {
            await Store.DeleteAsync(Workspace.StoredId!, Workspace.StoredVersion, UserName, UntilDone);
            Workspace.Clear();
            Snackbar.Add(L["Deleted", name ?? ""], Severity.Success);
            Navigation.NavigateTo("/");
        }
        catch (ConcurrencyConflictException ex)
        {
            _conflict = ex;
        }
    }

    protected override async Task OnInitializedAsync()
    {
        Workspace.Changed += OnWorkspaceChanged;
        if (Template is { } key && Templates.Find(key) is { } template && Workspace.Source != template.Key)
        {
            _loading = Workspace.LoadAsync(template.Scenario, template.Key);
            await _loading;
        }
        Refresh();
    }

    private Task Pick(ScenarioTemplate template) => Workspace.LoadAsync(template.Scenario, template.Key);

    private Task Open((Scenario Scenario, string FileName) opened) => Workspace.LoadAsync(opened.Scenario, opened.FileName);

    private void CloseScenario()
    {
        Workspace.Clear();
        Navigation.NavigateTo("/editor");
    }

    private async Task DownloadJsonAsync()
    {
        var scenario = Workspace.Scenario!;
        await Js.InvokeVoidAsync("plannerDownload", FileNames.For(scenario.Name, "json"), "application/json", ScenarioJsonWriter.Write(scenario));
    }

    private async Task DownloadCashFlowsAsync()
    {
        var evaluation = Workspace.Evaluation!;
        await Js.InvokeVoidAsync("plannerDownload", FileNames.For(evaluation.Scenario, "cash-flows.csv"), "text/csv", CsvReport.CashFlows(evaluation));
    }

    /// <summary>A report of what is on screen: the current, valid scenario as resolved and evaluated in this workspace.</summary>
    private async Task ReportAsync(ReportKind kind)
    {
        if (!Workspace.IsCurrent || Workspace.EvaluatedScenario is not { } resolved || Workspace.Evaluation is not { } evaluation)
        {
            return;
        }
        _reporting = true;
        try
        {
            var options = new ReportOptions
            {
                // The circuit runs in the culture the request localization chose for this user (the language switch).
                Language = ReportLanguages.FromCulture(System.Globalization.CultureInfo.CurrentUICulture),
                ScenarioVersion = Workspace.StoredVersion,
                UnsavedEdits = Workspace.StoredId is null || Workspace.IsDirty,
            };
            var settings = new SimulationSettings { Trials = SimulationSettings.DefaultTrials, Seed = SimulationSettings.DefaultSeed };
            var file = await ReportFiles.WriteAsync(resolved, evaluation, Workspace.Scenario!.Name, kind, options, settings, Time, Aborted);
            using var stream = new MemoryStream(file.Content);
            using var reference = new DotNetStreamReference(stream);
            await Js.InvokeVoidAsync("plannerDownloadStream", Aborted, file.FileName, file.ContentType, reference);
        }
        finally
        {
            _reporting = false;
        }
    }

    private void Refresh() => _outside = Workspace.Scenario is { } s ? ScenarioProblems.OutsideFields(s, Workspace.Problems) : [];

    private void OnWorkspaceChanged() => _ = InvokeAsync(async () =>
    {
        Refresh();
        StateHasChanged();
        await KeepDraftAsync();
    });

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }
        await _loading;
        await RestoreDraftAsync();
        _draftsReady = true;
        await KeepDraftAsync();
    }

    /// <summary>
    /// After a reload (or on coming back), takes up the unsaved work kept in this browser for the scenario the address
    /// names (/scenarios/{id}: a draft of that saved scenario; /editor: a draft never saved), unless this session
    /// already holds edits.
    /// </summary>
    private async Task RestoreDraftAsync()
    {
        if (Workspace.IsDirty || await ScenarioDraft.LoadAsync(Js, Aborted) is not { } draft)
        {
            return;
        }
        var matches = draft.StoredId == Id && (Id is not null || Template is null || draft.Source == Template);
        var current = Workspace.Scenario is { } shown ? ScenarioJsonWriter.Write(shown) : null;
        if (!matches || draft.Json == current)
        {
            return;
        }
        if (ScenarioJson.ReadAsEdited(draft.Json) is not { } scenario)
        {
            return; // a draft this version of the app cannot read: the saved scenario stays
        }
        await Workspace.RestoreAsync(scenario, draft.Source, draft.StoredId, draft.StoredVersion);
        _restoredFrom = draft.KeptAt;
        StateHasChanged();
    }

    /// <summary>Keeps unsaved work (never saved, or edited since the save) in this browser; forgets it once saved.</summary>
    private async Task KeepDraftAsync()
    {
        if (!_draftsReady)
        {
            return;
        }
        if (Workspace.Scenario is { } scenario && (Workspace.StoredId is null || Workspace.IsDirty))
        {
            await new ScenarioDraft(ScenarioJsonWriter.Write(scenario), Workspace.StoredId, Workspace.StoredVersion, Workspace.Source, Time.GetUtcNow()).SaveAsync(Js, Aborted);
        }
        else
        {
            _restoredFrom = Workspace.IsDirty ? _restoredFrom : null;
            await ScenarioDraft.ClearAsync(Js, Aborted);
        }
    }

    /// <summary>Drops the restored draft: back to the saved version, or to the templates for a scenario never saved.</summary>
    private async Task DiscardDraftAsync()
    {
        _restoredFrom = null;
        if (Workspace.StoredId is { } id)
        {
            await LoadStoredAsync(id);
        }
        else
        {
            CloseScenario();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Workspace.Changed -= OnWorkspaceChanged;
        }
        base.Dispose(disposing);
    }
}
