using Planner.Reports;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Uncertainty;
using Planner.Data.Benchmarks;
using Planner.Data.Scenarios;
using Planner.Web.Benchmarks;
using Planner.Web.Services;

namespace Planner.Web.Api;

/// <summary>The HTTP API (docs/web.md): evaluation with the numbers of <c>planner evaluate</c>, and saved scenarios.</summary>
public static class PlannerApi
{
    /// <summary>Who the web app records as the author of saves made through it.</summary>
    public const string Owner = "web";

    public static IEndpointRouteBuilder MapPlannerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/evaluate", EvaluateAsync)
            .WithName("Evaluate")
            .WithSummary("Evaluate a scenario")
            .WithDescription("Scenario JSON in (docs/scenario-format.md; catalog and benchmark references are resolved against the store); "
                + "the evaluation JSON of `planner evaluate` out, with identical numbers. Bad input gets 400 with one line per problem, keyed by the field's JSON path.")
            .Accepts<JsonObject>("application/json")
            .Produces<ScenarioEvaluation>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem();

        var scenarios = api.MapGroup("/scenarios").WithTags("Scenarios");
        scenarios.MapGet("/", ListScenariosAsync)
            .WithName("ListScenarios").WithSummary("List saved scenarios, most recently saved first")
            .Produces<IReadOnlyList<ScenarioSummary>>();
        scenarios.MapGet("/{id}", GetScenarioAsync)
            .WithName("GetScenario").WithSummary("A saved scenario's current version: summary and scenario JSON; the ETag is the version")
            .Produces<StoredScenarioDocument>().ProducesProblem(StatusCodes.Status404NotFound);
        scenarios.MapPost("/", CreateScenarioAsync)
            .WithName("CreateScenario").WithSummary("Save a new scenario (version 1); the id is generated")
            .Accepts<JsonObject>("application/json")
            .Produces<ScenarioSummary>(StatusCodes.Status201Created).ProducesValidationProblem();
        scenarios.MapPut("/{id}", SaveScenarioAsync)
            .WithName("SaveScenario")
            .WithSummary("Save a new version of a scenario (or create it with this id)")
            .WithDescription("Send the version you edited as `If-Match: \"N\"` (or `?expectedVersion=N`). "
                + "409 when someone saved a newer version since; nothing is written.")
            .Accepts<JsonObject>("application/json")
            .Produces<ScenarioSummary>().Produces<ScenarioSummary>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        scenarios.MapGet("/{id}/cash-flows.csv", CashFlowsCsvAsync)
            .WithName("ScenarioCashFlows").WithSummary("The saved scenario's monthly cash flows as CSV (the columns of `planner evaluate --format csv`)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status404NotFound);

        scenarios.MapGet("/{id}/report.{format}", ReportAsync)
            .WithName("ScenarioReport")
            .WithSummary("The saved scenario's report: `pdf` (for the meeting; `?paper=a4|letter`), `csv` (a zip of cash flows, summary, assumptions, benchmarks, projections and risk) or `xlsx` (the auditable workbook). A scenario with distributions is simulated first (`?trials=` default 10,000, `?seed=` default 42) and gets a risk section")
            .Produces(StatusCodes.Status200OK).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var benchmarks = api.MapGroup("/benchmarks/runs").WithTags("Benchmarks");
        benchmarks.MapPost("/", UploadRunAsync)
            .WithName("UploadBenchmarkRun")
            .WithSummary("Upload a results file made by `planner bench run` (docs/benchmark-results.md)")
            .WithDescription("Validated against the results schema; 201 when stored, 200 when the same file was already stored, 400 with the reasons otherwise.")
            .Accepts<JsonObject>("application/json")
            .Produces<BenchmarkRunSummary>(StatusCodes.Status201Created).Produces<BenchmarkRunSummary>()
            .ProducesValidationProblem();
        benchmarks.MapGet("/", ListRunsAsync)
            .WithName("ListBenchmarkRuns").WithSummary("Stored benchmark runs, newest first; filter by model and by device (substring)")
            .Produces<IReadOnlyList<BenchmarkRunSummary>>();
        benchmarks.MapGet("/{runId}/results.csv", RunCsvAsync)
            .WithName("BenchmarkRunCsv").WithSummary("A stored run's results as CSV")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> UploadRunAsync(HttpRequest request, BenchmarkStore store, CancellationToken ct)
    {
        var json = await ReadBodyAsync(request, ct);
        return await Problems.GuardAsync(async () =>
        {
            var imported = await store.ImportAsync(json, "uploaded results", "api", ct);
            var summary = BenchmarkRunSummary.From(imported.Run);
            return imported.AlreadyImported ? Results.Ok(summary) : Results.Created($"/api/benchmarks/runs/{summary.RunId}/results.csv", summary);
        });
    }

    private static async Task<IResult> ListRunsAsync(string? model, string? device, BenchmarkStore store, CancellationToken ct) =>
        Results.Ok((await store.ListRunsAsync(model, device, ct)).Select(BenchmarkRunSummary.From).ToList());

    private static async Task<IResult> RunCsvAsync(string runId, BenchmarkStore store, CancellationToken ct) =>
        await store.FindRunAsync(runId, ct) is { } run
            ? Results.File(System.Text.Encoding.UTF8.GetBytes(BenchmarkResultsCsv.Write(run)), "text/csv", $"{runId}.csv")
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no imported benchmark run has the id '{runId}'");

    internal static async Task<IResult> EvaluateAsync(HttpRequest request, ScenarioResolver resolver, CancellationToken ct)
    {
        var json = await ReadBodyAsync(request, ct);
        return await Problems.GuardAsync(async () =>
        {
            var evaluation = CostEngine.Evaluate(await resolver.ResolveAsync(ScenarioJson.Parse(json), ct));
            return Results.Text(PlannerJson.SerializeEvaluation(evaluation), "application/json");
        });
    }

    private static async Task<IResult> ListScenariosAsync(ScenarioStore store, CancellationToken ct) =>
        Results.Ok(await store.ListAsync(ct));

    private static async Task<IResult> GetScenarioAsync(string id, ScenarioStore store, HttpResponse response, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } stored)
        {
            return NotFound(id);
        }
        response.Headers.ETag = new EntityTagHeaderValue($"\"{stored.Version}\"").ToString();
        return Results.Ok(StoredScenarioDocument.From(stored));
    }

    private static async Task<IResult> CreateScenarioAsync(HttpRequest request, ScenarioStore store, CancellationToken ct)
    {
        var json = await ReadBodyAsync(request, ct);
        return await Problems.GuardAsync(async () =>
        {
            var stored = await store.SaveAsync(new ScenarioSave { Json = json, Owner = Owner }, ct);
            return Results.Created($"/api/scenarios/{stored.Id}", ScenarioStore.Summarize(stored));
        });
    }

    private static async Task<IResult> SaveScenarioAsync(string id, int? expectedVersion, HttpRequest request, ScenarioStore store, CancellationToken ct)
    {
        var json = await ReadBodyAsync(request, ct);
        var expected = expectedVersion ?? VersionFromIfMatch(request);
        return await Problems.GuardAsync(async () =>
        {
            var existed = await store.FindAsync(id, ct) is not null;
            var stored = await store.SaveAsync(new ScenarioSave { Id = id, Json = json, ExpectedVersion = expected, Owner = Owner }, ct);
            var summary = ScenarioStore.Summarize(stored);
            return existed ? Results.Ok(summary) : Results.Created($"/api/scenarios/{stored.Id}", summary);
        });
    }

    private static async Task<IResult> CashFlowsCsvAsync(string id, ScenarioStore store, ScenarioResolver resolver, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } stored)
        {
            return NotFound(id);
        }
        return await Problems.GuardAsync(async () =>
        {
            var evaluation = CostEngine.Evaluate(await resolver.ResolveAsync(ScenarioJson.Parse(stored.CurrentJson), ct));
            return Results.File(System.Text.Encoding.UTF8.GetBytes(CsvReport.CashFlows(evaluation)), "text/csv", FileNames.For(stored.Name, "cash-flows.csv"));
        });
    }

    private static async Task<IResult> ReportAsync(string id, string format, string? paper, int? trials, long? seed, ScenarioStore store, ScenarioResolver resolver,
        TimeProvider time, CancellationToken ct)
    {
        if (format is not ("pdf" or "csv" or "xlsx"))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"format must be one of pdf, csv, xlsx (got \"{format}\")"] });
        }
        if (paper is not (null or "a4" or "letter"))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["paper"] = [$"paper must be a4 or letter (got \"{paper}\")"] });
        }
        if (await store.FindAsync(id, ct) is not { } stored)
        {
            return NotFound(id);
        }
        return await Problems.GuardAsync(async () =>
        {
            var scenario = await resolver.ResolveAsync(ScenarioJson.Parse(stored.CurrentJson), ct);
            var settings = new SimulationSettings { Trials = trials ?? SimulationSettings.DefaultTrials, Seed = seed ?? SimulationSettings.DefaultSeed };
            var input = await Task.Run(() => ReportInput.Simulated(scenario, settings, progress: null, ct), ct);
            var builder = new ReportBuilder(time);
            using var buffer = new MemoryStream();
            switch (format)
            {
                case "pdf":
                    var options = new ReportOptions { Paper = paper == "letter" ? PaperSize.Letter : PaperSize.A4, ScenarioVersion = stored.Version };
                    await builder.WritePdfAsync(input, buffer, options, progress: null, ct);
                    return Results.File(buffer.ToArray(), "application/pdf", FileNames.For(stored.Name, "report.pdf"));
                case "csv":
                    builder.WriteCsvZip(input, buffer);
                    return Results.File(buffer.ToArray(), "application/zip", FileNames.For(stored.Name, "report-csv.zip"));
                default:
                    builder.WriteXlsx(input, buffer);
                    return Results.File(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileNames.For(stored.Name, "report.xlsx"));
            }
        });
    }

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no stored scenario has the id '{id}'");

    private static int? VersionFromIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim().Trim('"');
        return int.TryParse(header, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : null;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(ct);
    }
}

/// <summary>A saved scenario as the API returns it: the summary fields and the scenario JSON itself.</summary>
public sealed record StoredScenarioDocument(
    string Id, string Name, string? Description, int Version, DateTime UpdatedAt, string UpdatedBy, JsonNode? Scenario)
{
    public static StoredScenarioDocument From(Planner.Data.Entities.StoredScenario stored) =>
        new(stored.Id, stored.Name, stored.Description, stored.Version, stored.UpdatedAt, stored.UpdatedBy, JsonNode.Parse(stored.CurrentJson));
}
