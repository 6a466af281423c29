using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;

namespace Planner.Web.IntegrationTests;

/// <summary>
/// The adversarial cases of issue 17 kept as a suite: a corpus of bad bodies and parameters for every API endpoint with
/// the status each must get (never 500), and bad scenarios generated from the table of input fields, each refused with
/// its field's path.
/// </summary>
public sealed class AdversarialCorpusTests(AdversarialCorpusTests.UnthrottledWebFactory factory) : IClassFixture<AdversarialCorpusTests.UnthrottledWebFactory>
{
    /// <summary>
    /// The corpus sends more requests than the API's default limit of 600 a minute per user (OperationsTests checks the
    /// limiter); here every request must reach the endpoint it tests.
    /// </summary>
    public sealed class UnthrottledWebFactory : PlannerWebFactory
    {
        protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Access:ApiRequestsPerMinute", "1000000");
    }

    private readonly HttpClient _client = factory.CreateClient();

    private static string ExampleJson(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name + ".json"));

    private static readonly string[] BadBodies =
    [
        "", " ", "null", "[]", "{", "}", "\"text\"", "1e308", "true", "{}", "{\"name\": 1}",
        new string('[', 5000) + new string(']', 5000),
        "{\"name\": \"\\ud800\"}",
        "{\"name\": \"x\", \"horizonMonths\": 1e999}",
        "{\"runId\": \"../../etc\", \"results\": []}",
        "<xml/>",
    ];

    public static TheoryData<string, string, int> Corpus()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var body in BadBodies)
        {
            data.Add("POST /api/evaluate", body, 400);
            data.Add("POST /api/scenarios", body, 400);
            data.Add("PUT /api/scenarios/adversarial-1", body, 400);
            data.Add("POST /api/benchmarks/runs", body, 400);
        }
        data.Add("PUT /api/scenarios/Not%20An%20Id", ExampleJson("support-assistant"), 400);
        data.Add("PUT /api/scenarios/adversarial-2?expectedVersion=-1e9", ExampleJson("support-assistant"), 400);
        data.Add("GET /api/scenarios/nope0000", "", 404);
        data.Add("GET /api/scenarios/nope0000/cash-flows.csv", "", 404);
        data.Add("GET /api/scenarios/nope0000/report.exe", "", 400);
        data.Add("GET /api/scenarios/nope0000/report.pdf?paper=a0", "", 400);
        data.Add("GET /api/scenarios/nope0000/report.pdf?lang=klingon", "", 400);
        data.Add("GET /api/scenarios/nope0000/report.csv?trials=-5", "", 400);
        data.Add("GET /api/scenarios/nope0000/report.csv?trials=99999999999999999999", "", 400);
        data.Add("GET /api/scenarios/nope0000/report.csv?seed=0x10", "", 400);
        data.Add("GET /api/benchmarks/runs/nope/results.csv", "", 404);
        data.Add("GET /api/benchmarks/runs/..%2F..%2Fetc/results.csv", "", 404);
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Every_bad_request_gets_its_status_and_never_a_500(string request, string body, int status)
    {
        var (method, url) = (request[..request.IndexOf(' ', StringComparison.Ordinal)], request[(request.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        using var message = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "GET")
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await _client.SendAsync(message);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{request} with {body[..Math.Min(body.Length, 40)]}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
    }

    /// <summary>For every input of the example, values out of range or of the wrong type; each must be refused at that input's path.</summary>
    public static IEnumerable<(string Path, JsonNode? Value)> BadScenarios()
    {
        var scenario = ScenarioJson.Parse(ExampleJson("support-assistant"));
        foreach (var input in ScenarioInputs.List(scenario))
        {
            var range = input.Field.Range;
            yield return (input.JsonPath, JsonValue.Create(range.Max * 10 + 1));
            yield return (input.JsonPath, JsonValue.Create(range.Min - Math.Max(1, Math.Abs(range.Min))));
            yield return (input.JsonPath, JsonValue.Create(1e308));
            yield return (input.JsonPath, JsonValue.Create(-1e308));
            yield return (input.JsonPath, JsonValue.Create("12"));
            yield return (input.JsonPath, JsonValue.Create(true));
            yield return (input.JsonPath, new JsonArray(1, 2));
            if (input.Field.IsInteger)
            {
                yield return (input.JsonPath, JsonValue.Create(range.Min + 0.5));
            }
        }
    }

    [Fact]
    public async Task Every_generated_bad_scenario_is_refused_with_its_path_and_never_a_500()
    {
        var cases = BadScenarios().ToList();
        Assert.True(cases.Count > 100, $"{cases.Count} cases");
        foreach (var (path, value) in cases)
        {
            var root = JsonNode.Parse(ExampleJson("support-assistant"))!.AsObject();
            Set(root, path, value);

            var response = await _client.PostAsync("/api/evaluate", new StringContent(root.ToJsonString(), Encoding.UTF8, "application/json"));

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} = {value?.ToJsonString()}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
            var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(path), $"{path} = {value?.ToJsonString()}: errors name {string.Join(", ", errors.Select(e => e.Key))}");
        }
    }

    /// <summary>Sets "options[1].gpuHourPrice", "workload.requestsPerMonth" or "horizonMonths" in the scenario JSON.</summary>
    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonObject owner = root;
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            owner = bracket < 0
                ? (owner[part] ??= new JsonObject()).AsObject()
                : owner[part[..bracket]]!.AsArray()[int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!.AsObject();
        }
        owner[parts[^1]] = value;
    }
}
