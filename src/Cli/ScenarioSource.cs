using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.Data;
using Planner.Data.Scenarios;

namespace Planner.Cli;

/// <summary>A scenario as the CLI verbs load it: resolved and evaluated; <see cref="Version"/> is the stored version, null for a file.</summary>
internal sealed record LoadedScenario(Scenario Scenario, ScenarioEvaluation Evaluation, int? Version);

/// <summary>
/// Loads the scenario a verb names (a JSON file, or the id of a stored scenario in PLANNER_DB) through
/// <see cref="ScenarioService"/>, the path every host takes. The store is opened only when the scenario needs it
/// (a stored id, or a file that names catalog rows, benchmark results or projections).
/// </summary>
internal static class ScenarioSource
{
    /// <exception cref="CostModel.InputException">Every problem that stopped the scenario.</exception>
    public static async Task<LoadedScenario> LoadAsync(string fileOrId, CancellationToken ct)
    {
        PlannerStore? store = null;
        try
        {
            var service = new ScenarioService(async token =>
            {
                store ??= await PlannerStore.OpenFromEnvironmentAsync(token);
                return new ScenarioStoreAccess(store.Scenarios, store.Resolver);
            });
            var outcome = await service.EvaluateAsync(fileOrId, ct);
            return new LoadedScenario(outcome.ResolvedOrThrow(), outcome.EvaluationOrThrow(), outcome.Saved?.Version);
        }
        finally
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }
        }
    }
}
