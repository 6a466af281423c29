using Planner.Reports;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Planner.Web.IntegrationTests;

public sealed class ApiTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string ExamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name + ".json");

    /// <summary>The example with one option field set to a value (to make precise bad input).</summary>
    private static async Task<string> ExampleWithAsync(string example, int option, string field, double value)
    {
        var node = JsonNode.Parse(await File.ReadAllTextAsync(ExamplePath(example)))!;
        node["options"]![option]![field] = value;
        return node.ToJsonString();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static TheoryData<string> TypedExamples => ["support-assistant", "document-summarization", "visual-inspection", "predictive-maintenance", "line-optimization"];

    [Fact]
    public void The_dashboard_offers_the_manufacturing_templates_with_their_value_models()
    {
        var templates = factory.Services.GetRequiredService<ScenarioTemplates>().List().ToDictionary(t => t.Key);

        Assert.NotNull(templates["visual-inspection"].Scenario.Benefits!.QualityInspection);
        Assert.NotNull(templates["predictive-maintenance"].Scenario.Benefits!.PredictiveMaintenance);
        Assert.NotNull(templates["line-optimization"].Scenario.Benefits!.LineOptimization);
    }

    [Fact]
    public async Task Healthz_reports_healthy()
    {
        var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(TypedExamples))]
    public async Task Evaluate_returns_the_cli_evaluation_json_of_each_example(string example)
    {
        var json = await File.ReadAllTextAsync(ExamplePath(example));

        var response = await _client.PostAsync("/api/evaluate", Json(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = PlannerJson.SerializeEvaluation(CostEngine.Evaluate(ScenarioJson.Parse(json)));
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Evaluate_resolves_catalog_references_against_the_store()
    {
        var json = await File.ReadAllTextAsync(ExamplePath("catalog-referenced"));

        var response = await _client.PostAsync("/api/evaluate", Json(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var evaluation = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var origin = evaluation["inputs"]!.AsArray().First(i => (string?)i!["key"] == "cloud.gpuHourPrice")!["origin"]!;
        Assert.Equal("catalog", (string?)origin["kind"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)origin["asOf"]));
    }

    [Fact]
    public async Task Evaluate_answers_bad_input_with_400_problem_details_keyed_by_field()
    {
        var json = await ExampleWithAsync("support-assistant", 1, "targetUtilization", 1.5);

        var response = await _client.PostAsync("/api/evaluate", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)problem["status"]!);
        var messages = problem["errors"]!["options[1].targetUtilization"]!.AsArray().Select(m => (string?)m).ToList();
        Assert.Contains("options[1].targetUtilization must be >= 0.01 and <= 1 (got 1.5)", messages);
        Assert.Contains("options[1].targetUtilization must be >= 0.01 and <= 1 (got 1.5)", problem["problems"]!.AsArray().Select(m => (string?)m));
    }

    [Fact]
    public async Task Evaluate_answers_malformed_json_with_400_naming_the_scenario()
    {
        var response = await _client.PostAsync("/api/evaluate", Json("{ not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("the scenario is not valid JSON", (string?)problem["errors"]!["scenario"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenarios_can_be_created_listed_read_and_saved_as_new_versions()
    {
        var json = await File.ReadAllTextAsync(ExamplePath("support-assistant"));

        var created = await _client.PostAsync("/api/scenarios", Json(json));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        Assert.Equal($"/api/scenarios/{id}", created.Headers.Location?.ToString());

        var list = JsonNode.Parse(await _client.GetStringAsync("/api/scenarios"))!.AsArray();
        Assert.Contains(list, s => (string?)s!["id"] == id && (int)s["version"]! == 1);

        var read = await _client.GetAsync($"/api/scenarios/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        var document = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        Assert.Equal("Support assistant, 36 months", (string?)document["scenario"]!["name"]);

        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/scenarios/{id}") { Content = Json(json.Replace("Support assistant, 36 months", "Support assistant v2", StringComparison.Ordinal)) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var saved = await _client.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var summary = JsonNode.Parse(await saved.Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)summary["version"]!);
        Assert.Equal("Support assistant v2", (string?)summary["name"]);
    }

    [Fact]
    public async Task Saving_over_a_version_someone_else_replaced_is_409_and_writes_nothing()
    {
        var json = await File.ReadAllTextAsync(ExamplePath("support-assistant"));
        var id = (string)JsonNode.Parse(await (await _client.PostAsync("/api/scenarios", Json(json))).Content.ReadAsStringAsync())!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync($"/api/scenarios/{id}?expectedVersion=1", Json(json))).StatusCode);

        var stale = await _client.PutAsync($"/api/scenarios/{id}?expectedVersion=1", Json(json.Replace("36 months", "stale edit", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = JsonNode.Parse(await stale.Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)problem["currentVersion"]!);
        var document = JsonNode.Parse(await _client.GetStringAsync($"/api/scenarios/{id}"))!;
        Assert.Equal(2, (int)document["version"]!);
        Assert.Equal("Support assistant, 36 months", (string?)document["name"]);
    }

    [Fact]
    public async Task Saving_an_invalid_scenario_is_400_with_the_field_message()
    {
        var json = await ExampleWithAsync("support-assistant", 1, "gpuHourPrice", -1);

        var response = await _client.PostAsync("/api/scenarios", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("options[1].gpuHourPrice must be >= 0 and <= 100000 (got -1)", problem["errors"]!["options[1].gpuHourPrice"]!.AsArray().Select(m => (string?)m));
    }

    [Fact]
    public async Task Unknown_scenario_is_404_problem_details()
    {
        var response = await _client.GetAsync("/api/scenarios/no-such-id");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cash_flow_csv_of_a_saved_scenario_has_one_row_per_option_and_month()
    {
        var json = await File.ReadAllTextAsync(ExamplePath("support-assistant"));
        var id = (string)JsonNode.Parse(await (await _client.PostAsync("/api/scenarios", Json(json))).Content.ReadAsStringAsync())!["id"]!;

        var csv = await _client.GetStringAsync($"/api/scenarios/{id}/cash-flows.csv");

        var expected = CsvReport.CashFlows(CostEngine.Evaluate(ScenarioJson.Parse(json)));
        Assert.Equal(expected, csv);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api_and_openapi_points_to_it()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json"))!;
        Assert.NotNull(document["paths"]!["/api/evaluate"]);
        Assert.NotNull(document["paths"]!["/api/scenarios/{id}"]);

        var noRedirects = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var redirect = await noRedirects.GetAsync("/openapi");
        Assert.Equal("/openapi/v1.json", redirect.Headers.Location?.ToString());
    }

    [Fact]
    public async Task OpenApi_says_how_to_authenticate_and_what_each_operation_needs()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json"))!;

        var bearer = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", bearer["type"]!.GetValue<string>());
        Assert.Equal("bearer", bearer["scheme"]!.GetValue<string>());
        Assert.Equal("cookie", document["components"]!["securitySchemes"]!["SignInCookie"]!["in"]!.GetValue<string>());
        var required = document["security"]!.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)).ToList();
        Assert.Equal(["Bearer", "SignInCookie"], required);

        var create = document["paths"]!["/api/scenarios"]!["post"]!;
        Assert.Contains("editor role or higher, with a `write` token", create["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(create["responses"]!["401"]);
        Assert.NotNull(create["responses"]!["403"]);
        Assert.NotNull(create["responses"]!["503"]);
        var list = document["paths"]!["/api/scenarios"]!["get"]!;
        Assert.Contains("a `read` token is enough", list["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(list["responses"]!["503"]);
        Assert.Contains("admin role, with a `write` token", document["paths"]!["/api/catalogs/{kind}"]!["post"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_describes_request_bodies_with_the_real_schemas()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json"))!;
        string BodyReference(string path, string method) =>
            document["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();

        // Scenario bodies: the published JSON Schema, its definitions as components.
        Assert.Equal("#/components/schemas/Scenario", BodyReference("/api/evaluate", "post"));
        Assert.Equal("#/components/schemas/Scenario", BodyReference("/api/scenarios", "post"));
        Assert.Equal("#/components/schemas/Scenario", BodyReference("/api/scenarios/{id}", "put"));
        var schemas = document["components"]!["schemas"]!;
        var scenario = schemas["Scenario"]!;
        Assert.Contains("horizonMonths", scenario["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.NotNull(scenario["properties"]!["workload"]);
        Assert.NotNull(scenario["properties"]!["options"]);
        Assert.NotNull(schemas["ScenarioDistribution"]);
        Assert.DoesNotContain("#/$defs/", document.ToJsonString());

        // Results files: the results format's own type.
        var run = BodyReference("/api/benchmarks/runs", "post");
        Assert.Equal("#/components/schemas/BenchmarkRun", run);
        Assert.NotNull(schemas["BenchmarkRun"]!["properties"]!["fingerprint"]);
    }

    [Fact]
    public async Task Pages_render_on_the_server_with_the_app_shell()
    {
        var html = await _client.GetStringAsync("/");

        Assert.Contains("Dashboard", html, StringComparison.Ordinal);
        Assert.Contains("_content/MudBlazor/MudBlazor.min", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/methodology")).StatusCode);
        Assert.Contains("Methodology", await _client.GetStringAsync("/methodology"), StringComparison.Ordinal);
    }
}
