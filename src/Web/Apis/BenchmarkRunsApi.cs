using Planner.Benchmarks.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Planner.Data.Benchmarks;
using Planner.Web.Benchmarks;

namespace Planner.Web.Apis;

/// <summary><c>/api/benchmarks/runs</c>: results files uploaded by benchmark agents, listed and exported (docs/web.md).</summary>
public static class BenchmarkRunsApi
{
    public static RouteGroupBuilder MapBenchmarkRunsApi(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/benchmarks/runs").WithTags("Benchmarks");
        runs.MapPost("/", UploadAsync)
            .WithName("UploadBenchmarkRun")
            .WithSummary("Upload a results file made by `planner bench run` (docs/benchmark-results.md)")
            .WithDescription("Validated against the results schema; 201 when stored, 200 when the same file was already stored, 400 with the reasons otherwise.")
            .Accepts<BenchmarkRun>("application/json")
            .ProducesValidationProblem()
            .RequireAuthorization(Access.PlannerAccess.EditPolicy);
        runs.MapGet("/", ListAsync)
            .WithName("ListBenchmarkRuns").WithSummary("Stored benchmark runs, newest first; filter by model and by device (substring)");
        runs.MapGet("/{runId}/results.csv", CsvAsync)
            .WithName("BenchmarkRunCsv").WithSummary("A stored run's results as CSV")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Created<BenchmarkRunSummary>, Ok<BenchmarkRunSummary>>> UploadAsync(
        HttpRequest request, BenchmarkStore store, CancellationToken ct)
    {
        var imported = await store.ImportAsync(await RequestBody.ReadAsync(request, ct), "uploaded results", Owners.Of(request.HttpContext.User), ct);
        var summary = BenchmarkRunSummary.From(imported.Run);
        return imported.AlreadyImported
            ? TypedResults.Ok(summary)
            : TypedResults.Created($"/api/benchmarks/runs/{summary.RunId}/results.csv", summary);
    }

    private static async Task<Ok<List<BenchmarkRunSummary>>> ListAsync(string? model, string? device, BenchmarkStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListRunsAsync(model, device, ct)).Select(BenchmarkRunSummary.From).ToList());

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CsvAsync(string runId, BenchmarkStore store, CancellationToken ct) =>
        await store.FindRunAsync(runId, ct) is { } run
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(BenchmarkResultsCsv.Write(run)), "text/csv", $"{runId}.csv")
            : Problems.NotFound($"no imported benchmark run has the id '{runId}'");
}
