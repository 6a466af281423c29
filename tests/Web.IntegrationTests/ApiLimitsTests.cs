using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Planner.Benchmarks.Results;
using Planner.CostModel;

namespace Planner.Web.IntegrationTests;

/// <summary>
/// 400, 409 and 413 where a 500 used to answer (issue 17): values of the wrong type in pushes, races between creates
/// and pushes, oversized bodies, malformed query parameters, too many results or trials, and the report time budget.
/// </summary>
public sealed class ApiLimitsTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string ExampleJson(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name + ".json"));

    private static JsonObject RunNode(string runId) => JsonNode.Parse(BenchmarkResultsJson.Serialize(BenchmarkApiTests.Run(runId)))!.AsObject();

    private async Task<string> BadRequestTextAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    [Fact]
    public async Task A_push_with_batch_size_1_5_is_400_naming_the_field()
    {
        var run = RunNode("20260110-120000-limits01");
        run["results"]![0]!["batchSize"] = 1.5;

        var text = await BadRequestTextAsync(await _client.PostAsync("/api/benchmarks/runs", Json(run.ToJsonString())));

        Assert.Contains("$.results[0].batchSize", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_push_with_the_seed_as_a_string_is_400_naming_the_field()
    {
        var run = RunNode("20260110-120000-limits02");
        run["settings"]!["seed"] = "42";

        var text = await BadRequestTextAsync(await _client.PostAsync("/api/benchmarks/runs", Json(run.ToJsonString())));

        Assert.Contains("$.settings.seed", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20260110\r\n-injected")]
    [InlineData("../../etc/passwd")]
    [InlineData("run/with/slashes")]
    [InlineData("a..b")]
    public async Task A_push_with_an_unsafe_run_id_is_400_and_stores_nothing(string runId)
    {
        var text = await BadRequestTextAsync(await _client.PostAsync("/api/benchmarks/runs", Json(RunNode(runId).ToJsonString())));

        Assert.Contains("$.runId: must be 1-128 letters, digits", text, StringComparison.Ordinal);
        var runs = JsonNode.Parse(await _client.GetStringAsync("/api/benchmarks/runs"))!.AsArray();
        Assert.DoesNotContain(runs, r => (string?)r!["runId"] == runId);
    }

    [Fact]
    public async Task A_push_with_more_results_than_the_limit_is_400_naming_the_limit()
    {
        var run = RunNode("20260110-120000-limits03");
        var results = run["results"]!.AsArray();
        var first = results[0]!.ToJsonString();
        while (results.Count <= Limits.ResultsPerRun)
        {
            results.Add(JsonNode.Parse(first));
        }

        var text = await BadRequestTextAsync(await _client.PostAsync("/api/benchmarks/runs", Json(run.ToJsonString())));

        Assert.Contains("$.results: must hold at most 1,000 results per run (got 1,001)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_run_pushed_eight_times_at_once_is_stored_once_and_never_a_500()
    {
        var json = BenchmarkResultsJson.Serialize(BenchmarkApiTests.Run("20260110-120000-limits04"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.PostAsync("/api/benchmarks/runs", Json(json))));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
    }

    [Fact]
    public async Task Different_runs_with_one_id_pushed_at_once_are_one_201_and_the_rest_400_or_409()
    {
        var pushes = Enumerable.Range(0, 6).Select(i =>
        {
            var run = RunNode("20260110-120000-limits05");
            run["profile"] = $"smoke-{i}";
            return run.ToJsonString();
        }).ToArray();

        var responses = await Task.WhenAll(pushes.Select(p => _client.PostAsync("/api/benchmarks/runs", Json(p))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.Conflict }));
    }

    [Fact]
    public async Task Creating_one_id_eight_times_at_once_is_one_201_and_the_rest_400_or_409()
    {
        var json = ExampleJson("support-assistant");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.PutAsync("/api/scenarios/race-create-1", Json(json))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.Conflict }));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_with_the_limit_in_the_message()
    {
        var huge = new string(' ', (int)Limits.RequestBodyBytes + 1);

        var response = await _client.PostAsync("/api/evaluate", Json(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("the request body is larger than the limit of 8 MiB (8,388,608 bytes); send a smaller document (docs/security.md, Limits)", (string?)problem["detail"]);
    }

    [Theory]
    [InlineData("trials=abc", "trials")]
    [InlineData("trials=1.5", "trials")]
    [InlineData("trials=10000000", "trials")]
    [InlineData("seed=forty-two", "seed")]
    [InlineData("lang=fr", "lang")]
    [InlineData("lang=", "lang")]
    public async Task A_malformed_report_parameter_is_400_naming_the_parameter(string query, string name)
    {
        var created = await _client.PostAsync("/api/scenarios", Json(ExampleJson("support-assistant")));
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

        var problem = JsonNode.Parse(await BadRequestTextAsync(await _client.GetAsync($"/api/scenarios/{id}/report.csv?{query}")))!;

        var message = Assert.Single(problem["errors"]![name]!.AsArray());
        Assert.StartsWith($"{name} must be", (string?)message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_expected_version_is_400_naming_it()
    {
        var problem = JsonNode.Parse(await BadRequestTextAsync(
            await _client.PutAsync("/api/scenarios/some-id?expectedVersion=latest", Json(ExampleJson("support-assistant")))))!;

        Assert.Equal("expectedVersion must be a whole number, the version you edited (got \"latest\")", (string?)problem["errors"]!["expectedVersion"]![0]);
    }

    [Fact]
    public async Task A_report_over_its_time_budget_is_cancelled_with_a_clear_503()
    {
        await using var slow = factory.WithWebHostBuilder(b => b.UseSetting("Planner:ReportTimeBudgetSeconds", "0.05"));
        var client = slow.CreateClient();
        var created = await client.PostAsync("/api/scenarios", Json(ExampleJson("risk-support-assistant")));
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

        var response = await client.GetAsync($"/api/scenarios/{id}/report.csv?trials=1000000");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("cancelled after its time budget of 0.05 s", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>/projection's calibration is computed once per stored run and shared, not recomputed on every view (issue 17).</summary>
public sealed class CalibrationCacheTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    [Fact]
    public async Task A_runs_calibration_is_computed_once_and_shared()
    {
        var client = factory.CreateClient();
        var json = BenchmarkResultsJson.Serialize(BenchmarkApiTests.Run("20260110-120000-calib001"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/benchmarks/runs", new StringContent(json, Encoding.UTF8, "application/json"))).StatusCode);
        using var scope = factory.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<Planner.Data.Benchmarks.BenchmarkStore>();
        var cache = factory.Services.GetRequiredService<Planner.Web.Services.CalibrationCache>();

        var run = (await store.FindRunAsync("20260110-120000-calib001", default))!;

        // This run has no transformer results, so its calibration is a problem: the second view gets the very same
        // outcome (the same exception object), not a second calibration.
        var first = await Assert.ThrowsAsync<InputException>(() => cache.GetAsync(run, default));
        var again = (await store.FindRunAsync("20260110-120000-calib001", default))!;
        var second = await Assert.ThrowsAsync<InputException>(() => cache.GetAsync(again, default));

        Assert.Same(first, second);
        Assert.StartsWith("the run has no valid transformer-encoder or gpt-decoder result", first.Message, StringComparison.Ordinal);
    }
}
