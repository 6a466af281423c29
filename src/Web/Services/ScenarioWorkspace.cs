using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.Data.Scenarios;

namespace Planner.Web.Services;

/// <summary>
/// The scenario being worked on in one browser session (a scoped service shared by the editor and the compare page):
/// the scenario as edited (references kept), its problems as the CLI words them, the scenario with catalog and
/// benchmark references resolved, and the evaluation of its latest valid state. Each change validates, resolves and
/// re-evaluates through <see cref="ScenarioService"/> (the CLI's path); input fields debounce typing, and a change
/// cancels the evaluation of the one before it.
/// </summary>
public sealed class ScenarioWorkspace(ScenarioService scenarios) : IDisposable
{
    private int _generation;
    private CancellationTokenSource? _computing;

    /// <summary>The scenario as edited, references unresolved.</summary>
    public Scenario? Scenario { get; private set; }

    /// <summary>The scenario with every reference resolved (numbers and origins from the store); null while it has problems.</summary>
    public Scenario? Resolved { get; private set; }

    /// <summary>Where the scenario came from: a template key, an uploaded file name, or a saved scenario's name.</summary>
    public string? Source { get; private set; }

    /// <summary>The id of the saved scenario this is a version of; null until saved.</summary>
    public string? StoredId { get; private set; }

    /// <summary>The saved version the edits are based on (the expected version of the next save).</summary>
    public int? StoredVersion { get; private set; }

    /// <summary>Every problem of the current scenario, each at its JSON path, worded exactly as <c>planner evaluate</c> prints them.</summary>
    public IReadOnlyList<InputProblem> Problems { get; private set; } = [];

    /// <summary>The evaluation of the latest valid scenario; stale (see <see cref="IsCurrent"/>) while there are problems.</summary>
    public ScenarioEvaluation? Evaluation { get; private set; }

    /// <summary>The resolved scenario <see cref="Evaluation"/> was computed from (charts that re-run the engine, such as demand curves, need it).</summary>
    public Scenario? EvaluatedScenario { get; private set; }

    public bool IsCurrent => Problems.Count == 0 && Evaluation is not null && !IsComputing;

    public bool IsComputing { get; private set; }

    /// <summary>True when the scenario changed since it was loaded or saved.</summary>
    public bool IsDirty { get; private set; }

    public event Action? Changed;

    public Task LoadAsync(Scenario scenario, string? source, string? storedId = null, int? storedVersion = null)
    {
        Source = source;
        StoredId = storedId;
        StoredVersion = storedVersion;
        Evaluation = null;
        EvaluatedScenario = null;
        IsDirty = false;
        return RecomputeAsync(scenario);
    }

    /// <summary>Takes up unsaved work kept earlier (a draft): the scenario as edited, based on a saved version or none.</summary>
    public Task RestoreAsync(Scenario scenario, string? source, string? storedId, int? storedVersion)
    {
        Source = source;
        StoredId = storedId;
        StoredVersion = storedVersion;
        Evaluation = null;
        EvaluatedScenario = null;
        IsDirty = true;
        return RecomputeAsync(scenario);
    }

    public Task UpdateAsync(Scenario scenario)
    {
        IsDirty = true;
        return RecomputeAsync(scenario);
    }

    /// <summary>
    /// Applies an edit to the current scenario. Forms pass edits rather than whole scenarios: an edit made before the
    /// form re-rendered with the previous one would otherwise undo it.
    /// </summary>
    public Task EditAsync(Func<Scenario, Scenario> edit) => Scenario is { } current ? UpdateAsync(edit(current)) : Task.CompletedTask;

    /// <summary>Records that the scenario was saved as <paramref name="version"/> of <paramref name="id"/>.</summary>
    public void MarkSaved(string id, int version)
    {
        StoredId = id;
        StoredVersion = version;
        Source = "saved scenario " + id;
        IsDirty = false;
        Changed?.Invoke();
    }

    /// <summary>Forgets the scenario (the editor shows the templates again).</summary>
    public void Clear()
    {
        _generation++;
        _computing?.Cancel();
        Scenario = null;
        Resolved = null;
        Source = null;
        StoredId = null;
        StoredVersion = null;
        Evaluation = null;
        EvaluatedScenario = null;
        Problems = [];
        IsDirty = false;
        IsComputing = false;
        Changed?.Invoke();
    }

    private async Task RecomputeAsync(Scenario scenario)
    {
        var generation = ++_generation;
        Scenario = scenario;
        IsComputing = true;
        Changed?.Invoke();

        _computing?.Cancel();
        _computing?.Dispose();
        _computing = new CancellationTokenSource();
        ScenarioOutcome outcome;
        try
        {
            outcome = await scenarios.EvaluateAsync(scenario, _computing.Token);
        }
        catch (OperationCanceledException) when (generation != _generation)
        {
            return; // a newer change cancelled this one
        }
        if (generation != _generation)
        {
            return; // a newer change superseded this one
        }
        Problems = outcome.Problems;
        Resolved = outcome.Resolved;
        if (outcome.Evaluation is not null)
        {
            Evaluation = outcome.Evaluation;
            EvaluatedScenario = outcome.Resolved;
        }
        IsComputing = false;
        Changed?.Invoke();
    }

    public void Dispose()
    {
        _computing?.Cancel();
        _computing?.Dispose();
    }
}
