using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.Data.Scenarios;

namespace Planner.Web.Services;

/// <summary>A scenario resolved and evaluated, or the problems (the CLI's lines) that stopped it; never an exception for bad input.</summary>
public sealed record ScenarioOutcome(Scenario? Resolved, ScenarioEvaluation? Evaluation, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// Loads the scenario (parsing may find problems), resolves its catalog, benchmark and projection references and
    /// evaluates it with <see cref="CostEngine.Evaluate"/>; bad input and numbers too large to compute become problems.
    /// </summary>
    public static async Task<ScenarioOutcome> EvaluateAsync(ScenarioResolver resolver, Func<Scenario> load, CancellationToken ct)
    {
        try
        {
            var scenario = load();
            var resolved = ScenarioResolver.HasReferences(scenario) ? await resolver.ResolveAsync(scenario, ct) : scenario;
            return new ScenarioOutcome(resolved, CostEngine.Evaluate(resolved), []);
        }
        catch (InputException ex)
        {
            return new ScenarioOutcome(null, null, ex.Problems);
        }
        catch (OverflowException ex)
        {
            return new ScenarioOutcome(null, null, [InputException.Overflow(ex)]);
        }
    }
}
