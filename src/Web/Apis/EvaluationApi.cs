using Microsoft.AspNetCore.Http.HttpResults;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.Data.Scenarios;

namespace Planner.Web.Apis;

/// <summary><c>POST /api/evaluate</c>: scenario JSON in, the evaluation JSON of <c>planner evaluate</c> out (docs/web.md).</summary>
public static class EvaluationApi
{
    public static RouteGroupBuilder MapEvaluationApi(this RouteGroupBuilder api)
    {
        api.MapPost("/evaluate", EvaluateAsync)
            .WithName("Evaluate")
            .WithTags("Evaluation")
            .WithSummary("Evaluate a scenario")
            .WithDescription("Scenario JSON in (docs/scenario-format.md; catalog and benchmark references are resolved against the store); "
                + "the evaluation JSON of `planner evaluate` out, with identical numbers. Bad input gets 400 with one line per problem, keyed by the field's JSON path.")
            .AcceptsScenario()
            .Produces<ScenarioEvaluation>(StatusCodes.Status200OK, "application/json");
        return api;
    }

    /// <summary>The evaluation is written by <see cref="PlannerJson"/>, byte for byte what the CLI prints.</summary>
    internal static async Task<Results<ContentHttpResult, ValidationProblem>> EvaluateAsync(HttpRequest request, ScenarioService scenarios, CancellationToken ct)
    {
        var outcome = await scenarios.EvaluateJsonAsync(await RequestBody.ReadAsync(request, ct), ct);
        return outcome.Evaluation is { } evaluation
            ? TypedResults.Text(PlannerJson.SerializeEvaluation(evaluation), "application/json")
            : Problems.BadInput(outcome.Problems);
    }
}
