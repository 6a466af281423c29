using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;

namespace Planner.Web.Api;

/// <summary>The HTTP API: the same evaluation as <c>planner evaluate</c>, for automation.</summary>
public static class PlannerApi
{
    public static IEndpointRouteBuilder MapPlannerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/evaluate", EvaluateAsync)
            .WithName("Evaluate")
            .WithSummary("Evaluate a scenario")
            .WithDescription("Scenario JSON in (docs/scenario-format.md); the evaluation JSON of `planner evaluate` out, with identical numbers. "
                + "Bad input gets 400 with one line per problem, keyed by the field's JSON path.")
            .Accepts<JsonObject>("application/json")
            .Produces<ScenarioEvaluation>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem();
        return app;
    }

    internal static async Task<IResult> EvaluateAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        return Problems.Guard(() =>
        {
            var evaluation = CostEngine.Evaluate(ScenarioJson.Parse(json));
            return Results.Text(PlannerJson.SerializeEvaluation(evaluation), "application/json");
        });
    }
}
