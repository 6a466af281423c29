using System.Globalization;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Planner.CostModel.Uncertainty;
using Planner.Data.Scenarios;
using Planner.Reports;
using Planner.Web.Services;

namespace Planner.Web.Apis;

/// <summary><c>/api/scenarios</c>: saved scenarios with versions, their cash flows and reports (docs/web.md).</summary>
public static class ScenariosApi
{
    public static RouteGroupBuilder MapScenariosApi(this RouteGroupBuilder api)
    {
        var scenarios = api.MapGroup("/scenarios").WithTags("Scenarios");
        scenarios.MapGet("/", ListAsync)
            .WithName("ListScenarios").WithSummary("List saved scenarios, most recently saved first");
        scenarios.MapGet("/{id}", GetAsync)
            .WithName("GetScenario").WithSummary("A saved scenario's current version: summary and scenario JSON; the ETag is the version")
            .ProducesProblem(StatusCodes.Status404NotFound);
        scenarios.MapPost("/", CreateAsync)
            .WithName("CreateScenario").WithSummary("Save a new scenario (version 1); the id is generated")
            .AcceptsScenario()
            .ProducesValidationProblem()
            .RequireAuthorization(Access.PlannerAccess.EditPolicy);
        scenarios.MapPut("/{id}", SaveAsync)
            .WithName("SaveScenario")
            .WithSummary("Save a new version of a scenario (or create it with this id)")
            .WithDescription("Send the version you edited as `If-Match: \"N\"` (or `?expectedVersion=N`). "
                + "409 when someone saved a newer version since; nothing is written.")
            .AcceptsScenario()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Access.PlannerAccess.EditPolicy);
        scenarios.MapGet("/{id}/cash-flows.csv", CashFlowsCsvAsync)
            .WithName("ScenarioCashFlows").WithSummary("The saved scenario's monthly cash flows as CSV (the columns of `planner evaluate --format csv`)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status404NotFound);
        scenarios.MapGet("/{id}/report.{format}", ReportAsync)
            .WithName("ScenarioReport")
            .WithSummary("The saved scenario's report: `pdf` (for the meeting; `?paper=a4|letter`; `?lang=en|zh-CN`, default the request's interface language), `csv` (a zip of cash flows, summary, assumptions, benchmarks, projections and risk) or `xlsx` (the auditable workbook). A scenario with distributions is simulated first (`?trials=` default 10,000, `?seed=` default 42) and gets a risk section")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ScenarioSummary>>> ListAsync(ScenarioStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(ct));

    private static async Task<Results<Ok<StoredScenarioDocument>, ProblemHttpResult>> GetAsync(string id, ScenarioStore store, HttpResponse response, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } stored)
        {
            return NotFound(id);
        }
        response.Headers.ETag = new EntityTagHeaderValue($"\"{stored.Version}\"").ToString();
        return TypedResults.Ok(StoredScenarioDocument.From(stored));
    }

    private static async Task<Created<ScenarioSummary>> CreateAsync(HttpRequest request, ScenarioStore store, CancellationToken ct)
    {
        var stored = await store.SaveAsync(new ScenarioSave { Json = await RequestBody.ReadAsync(request, ct), Owner = Owners.Of(request.HttpContext.User) }, ct);
        return TypedResults.Created($"/api/scenarios/{stored.Id}", ScenarioStore.Summarize(stored));
    }

    private static async Task<Results<Ok<ScenarioSummary>, Created<ScenarioSummary>, ValidationProblem>> SaveAsync(
        string id, string? expectedVersion, HttpRequest request, ScenarioStore store, CancellationToken ct)
    {
        int? version = null;
        if (expectedVersion is not null)
        {
            if (!int.TryParse(expectedVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problems.BadParameter("expectedVersion", $"expectedVersion must be a whole number, the version you edited (got \"{Problems.Quote(expectedVersion)}\")");
            }
            version = parsed;
        }
        var json = await RequestBody.ReadAsync(request, ct);
        var expected = version ?? VersionFromIfMatch(request);
        var existed = await store.FindAsync(id, ct) is not null;
        var stored = await store.SaveAsync(new ScenarioSave { Id = id, Json = json, ExpectedVersion = expected, Owner = Owners.Of(request.HttpContext.User) }, ct);
        var summary = ScenarioStore.Summarize(stored);
        return existed ? TypedResults.Ok(summary) : TypedResults.Created($"/api/scenarios/{stored.Id}", summary);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> CashFlowsCsvAsync(
        string id, ScenarioStore store, ScenarioService scenarios, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is null)
        {
            return NotFound(id);
        }
        var outcome = await scenarios.EvaluateStoredAsync(id, ct);
        if (outcome.Evaluation is not { } evaluation)
        {
            return Problems.BadInput(outcome.Problems);
        }
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(CsvReport.CashFlows(evaluation)), "text/csv", FileNames.For(outcome.Saved!.Name, "cash-flows.csv"));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> ReportAsync(
        string id, string format, string? paper, string? lang, string? trials, string? seed, ScenarioStore store, ScenarioService scenarios, TimeProvider time,
        IOptions<PlannerWebOptions> options, CancellationToken ct)
    {
        if (ReportFiles.Parse(format) is not { } kind)
        {
            return Problems.BadParameter("format", $"format must be one of pdf, csv, xlsx (got \"{format}\")");
        }
        if (paper is not (null or "a4" or "letter"))
        {
            return Problems.BadParameter("paper", $"paper must be a4 or letter (got \"{paper}\")");
        }
        // Without ?lang= the report follows the interface language the request localization chose (cookie, then
        // Accept-Language); the report library itself never reads the thread's culture.
        var language = lang is null ? ReportLanguages.FromCulture(CultureInfo.CurrentUICulture) : ReportLanguages.Parse(lang);
        if (language is null)
        {
            return Problems.BadParameter("lang", $"lang {ReportLanguages.Rule} (got \"{Problems.Quote(lang!)}\")");
        }
        var trialCount = SimulationSettings.DefaultTrials;
        if (trials is not null && (!int.TryParse(trials, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out trialCount)
            || !SimulationSettings.AllowsTrials(trialCount)))
        {
            return Problems.BadParameter("trials", $"trials {SimulationSettings.TrialsRule}, a whole number (got \"{Problems.Quote(trials)}\")");
        }
        var seedValue = SimulationSettings.DefaultSeed;
        if (seed is not null && !long.TryParse(seed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seedValue))
        {
            return Problems.BadParameter("seed", $"seed must be a whole number (got \"{Problems.Quote(seed)}\")");
        }
        if (await store.FindAsync(id, ct) is null)
        {
            return NotFound(id);
        }
        var outcome = await scenarios.EvaluateStoredAsync(id, ct);
        if (outcome is not { Resolved: { } scenario, Evaluation: { } evaluation })
        {
            return Problems.BadInput(outcome.Problems);
        }
        var stored = outcome.Saved!;
        var settings = new SimulationSettings { Trials = trialCount, Seed = seedValue };
        var reportOptions = new ReportOptions
        {
            Paper = paper == "letter" ? PaperSize.Letter : PaperSize.A4, Language = language.Value, ScenarioVersion = stored.Version,
        };
        var budget = TimeSpan.FromSeconds(options.Value.ReportTimeBudgetSeconds);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(budget);
        try
        {
            var file = await ReportFiles.WriteAsync(scenario, evaluation, stored.Name, kind, reportOptions, settings, time, timeout.Token);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The report took too long",
                detail: CostModel.Limits.ReportOverBudget(budget) + "; ask for fewer trials or a smaller scenario");
        }
    }

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"no stored scenario has the id '{id}'");

    private static int? VersionFromIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim().Trim('"');
        return int.TryParse(header, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : null;
    }
}

/// <summary>A saved scenario as the API returns it: the summary fields and the scenario JSON itself.</summary>
public sealed record StoredScenarioDocument(
    string Id, string Name, string? Description, int Version, DateTime UpdatedAt, string UpdatedBy, JsonNode? Scenario)
{
    /// <summary>The stored JSON as a JSON value; text that is not JSON (written to the store by something else) is returned as a string.</summary>
    public static StoredScenarioDocument From(Planner.Data.Entities.StoredScenario stored) =>
        new(stored.Id, stored.Name, stored.Description, stored.Version, stored.UpdatedAt, stored.UpdatedBy, ParseStored(stored.CurrentJson));

    private static JsonNode? ParseStored(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: Planner.CostModel.Json.ScenarioJson.DocumentOptions);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
