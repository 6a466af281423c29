using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.Data.Scenarios;

/// <summary>
/// Loads a scenario from wherever it is (JSON text, a file, a stored id), resolves its references and evaluates it:
/// the one path the CLI and the web app use.
/// </summary>
public sealed class ScenarioService(ScenarioStore store, ScenarioResolver resolver)
{
    /// <summary>
    /// Scenario JSON for <paramref name="reference"/>: JSON text itself (starts with '{'), an existing file, or a stored scenario id.
    /// </summary>
    /// <exception cref="InputException">No such file, and no stored scenario with that id.</exception>
    public async Task<string> LoadJsonAsync(string reference, CancellationToken ct)
    {
        var trimmed = reference.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return reference;
        }
        if (File.Exists(reference))
        {
            return await File.ReadAllTextAsync(reference, ct);
        }
        if (!ScenarioStore.LooksLikeId(reference))
        {
            throw new InputException($"scenario file not found: {reference}");
        }
        var stored = await store.FindAsync(reference, ct);
        return stored?.CurrentJson ?? throw new InputException($"no scenario file or stored scenario named {reference}");
    }

    /// <summary>Parses and resolves; the result is valid and ready for <see cref="CostEngine"/>.</summary>
    public async Task<Scenario> ResolveAsync(string reference, CancellationToken ct)
    {
        var scenario = ScenarioJson.Parse(await LoadJsonAsync(reference, ct), allowUnresolvedReferences: true);
        return await resolver.ResolveAsync(scenario, ct);
    }

    /// <summary>Load, resolve, evaluate. The evaluation's inputs list every resolved value with its origin.</summary>
    public async Task<ScenarioEvaluation> EvaluateAsync(string reference, CancellationToken ct) =>
        CostEngine.Evaluate(await ResolveAsync(reference, ct));
}
