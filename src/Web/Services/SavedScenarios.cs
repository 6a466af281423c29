using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.Data.Scenarios;

namespace Planner.Web.Services;

/// <summary>
/// A saved scenario as it is stored now: its summary, the scenario with references resolved and its evaluation, or
/// the problems (the CLI's lines) that stop it resolving or evaluating.
/// </summary>
public sealed record SavedScenarioResult(string Id, ScenarioSummary? Summary, Scenario? Resolved, ScenarioEvaluation? Evaluation, IReadOnlyList<InputProblem> Problems)
{
    /// <summary>The saved name, or the id when no scenario has it.</summary>
    public string Name => Summary?.Name ?? Id;
}

/// <summary>
/// Saved scenarios for the dashboard and the compare page: each one's current version is parsed, resolved against the
/// store (catalog rows, benchmark runs, projections) and evaluated by <see cref="ScenarioService"/>, the path the
/// editor and <c>planner evaluate ID</c> take.
/// </summary>
public sealed class SavedScenarios(ScenarioStore store, ScenarioService scenarios)
{
    /// <summary>Saved scenarios, most recently saved first.</summary>
    public Task<IReadOnlyList<ScenarioSummary>> ListAsync(CancellationToken ct) => store.ListAsync(ct);

    /// <summary>Loads, resolves and evaluates the saved scenario <paramref name="id"/>; an unknown id or a bad scenario gives problems, not an exception.</summary>
    public async Task<SavedScenarioResult> EvaluateAsync(string id, CancellationToken ct)
    {
        var outcome = await scenarios.EvaluateStoredAsync(id, ct);
        return new SavedScenarioResult(id, outcome.Saved, outcome.Resolved, outcome.Evaluation, outcome.Problems);
    }

    /// <summary>Each of <paramref name="ids"/> evaluated, in order (duplicates once).</summary>
    public async Task<IReadOnlyList<SavedScenarioResult>> EvaluateAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var results = new List<SavedScenarioResult>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            results.Add(await EvaluateAsync(id, ct));
        }
        return results;
    }
}
