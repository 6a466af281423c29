using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.Data;
using Planner.Data.Scenarios;

namespace Planner.Cli;

/// <summary>A scenario as the CLI verbs load it; <see cref="Version"/> is the stored version, null for a file.</summary>
internal sealed record LoadedScenario(Scenario Scenario, int? Version);

/// <summary>Loads the scenario a verb names: a JSON file, or the id of a stored scenario (PLANNER_DB).</summary>
internal static class ScenarioSource
{
    /// <summary>
    /// A file is read directly and opens the store (PLANNER_DB) only when it names catalog rows or benchmark results;
    /// an argument that is no file but could be a scenario id is looked up in the store.
    /// </summary>
    public static async Task<LoadedScenario> LoadAsync(string fileOrId, CancellationToken ct)
    {
        if (File.Exists(fileOrId) || !ScenarioStore.LooksLikeId(fileOrId))
        {
            var scenario = ScenarioJson.ReadFile(fileOrId);
            if (!ScenarioResolver.HasReferences(scenario))
            {
                return new LoadedScenario(scenario, null);
            }
            await using var fileStore = await PlannerStore.OpenFromEnvironmentAsync(ct);
            return new LoadedScenario(await fileStore.Resolver.ResolveAsync(scenario, ct), null);
        }
        await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
        var resolved = await store.Evaluation.ResolveAsync(fileOrId, ct);
        var stored = await store.Scenarios.FindAsync(fileOrId, ct);
        return new LoadedScenario(resolved, stored?.Version);
    }
}
