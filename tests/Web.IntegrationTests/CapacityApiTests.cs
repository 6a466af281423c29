using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Planner.CostModel.Json;
using Planner.Data.Projections;

namespace Planner.Web.IntegrationTests;

/// <summary><c>POST /api/capacity</c>: the JSON of <c>planner capacity</c> from the same service, and 400 naming each bad field.</summary>
public sealed class CapacityApiTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_plan_is_the_services_plan_byte_for_byte_with_replicas_for_the_rate()
    {
        const string body = """
            {"model": "llama-3-70b", "gpu": "H100 SXM", "gpusPerReplica": 4, "precision": "fp8", "inputTokens": 1024, "outputTokens": 256,
             "ttftMs": 2000, "itlMs": 60, "rate": 20, "maxBatch": 64, "curveBatches": [8, 64], "sweepPoints": 4, "duration": 60}
            """;

        var response = await _client.PostAsync("/api/capacity", Json(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var expected = await factory.Services.GetRequiredService<CapacityService>().PlanAsync(new CapacitySettings
        {
            Model = "llama-3-70b", Gpu = "H100 SXM", GpusPerReplica = 4, Precision = "fp8", InputTokens = 1024, OutputTokens = 256,
            TtftMs = 2000, ItlMs = 60, Rate = 20, MaxBatch = 64, CurveBatches = [8, 64], SweepPoints = 4, Duration = 60,
        }, f => f, null, CancellationToken.None);
        Assert.Equal(PlannerJson.Serialize(expected), text);
        var root = JsonNode.Parse(text)!;
        var rate = root["maxRatePerSecond"]!.GetValue<double>();
        Assert.True(rate > 0);
        Assert.Equal((int)Math.Ceiling(20 / rate), root["replicas"]!.GetValue<int>());
        Assert.Equal(root["replicas"]!.GetValue<int>() * 4, root["gpus"]!.GetValue<int>());
        Assert.Equal(4, root["sweep"]!.AsArray().Count);
        Assert.Equal(2, root["curve"]!.AsArray().Count);
    }

    [Fact]
    public async Task Closed_loop_users_in_the_body_give_the_services_closed_loop_plan_and_a_think_time_alone_is_400()
    {
        const string body = """
            {"model": "llama-3-8b", "gpu": "H100 SXM", "inputTokens": 512, "outputTokens": 128, "ttftMs": 1000, "itlMs": 40,
             "clients": 300, "thinkTime": 10, "maxBatch": 64, "duration": 60}
            """;

        var response = await _client.PostAsync("/api/capacity", Json(body));
        var alone = await _client.PostAsync("/api/capacity", Json("""{"model": "llama-3-8b", "gpu": "H100 SXM", "ttftMs": 1000, "itlMs": 40, "thinkTime": 10}"""));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var expected = await factory.Services.GetRequiredService<CapacityService>().PlanAsync(new CapacitySettings
        {
            Model = "llama-3-8b", Gpu = "H100 SXM", InputTokens = 512, OutputTokens = 128, TtftMs = 1000, ItlMs = 40, Clients = 300, ThinkTime = 10, MaxBatch = 64, Duration = 60,
        }, f => f, null, CancellationToken.None);
        Assert.Equal(PlannerJson.Serialize(expected), text);
        var users = JsonNode.Parse(text)!["closedLoop"]!;
        Assert.Equal(300, users["peakClients"]!.GetValue<int>());
        Assert.Equal((int)Math.Ceiling(300.0 / users["maxClientsPerReplica"]!.GetValue<int>()), JsonNode.Parse(text)!["replicas"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, alone.StatusCode);
        Assert.Equal("thinkTime is the think time of closed-loop users: give clients too",
            JsonNode.Parse(await alone.Content.ReadAsStringAsync())!["errors"]!["thinkTime"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stored_serving_runs_step_time_fit_replaces_the_projection_at_the_runs_batch_limit()
    {
        var fit = new Planner.CostModel.Serving.StepTimeFit(new Planner.CostModel.Serving.StepTimeModel(0.02, 0.0001, 0.015, 0.0002, 0), 0.99, 0.98, 12, 400);
        var load = new Planner.CostModel.Serving.ServingLoad(2, null, 60, 64, 16, 1000, 60, 42);
        var serving = new Planner.CostModel.Serving.ServingResult(Planner.CostModel.Serving.ServingResult.DecoderSource, "gpt-decoder", "small", null, "cpu", load, 16, null,
            new Planner.CostModel.Serving.ServingMetrics(10, 10, 0, 0, new Dictionary<string, int>(), 60, Planner.CostModel.Serving.LatencyDistribution.Empty,
                Planner.CostModel.Serving.LatencyDistribution.Empty, Planner.CostModel.Serving.LatencyDistribution.Empty, 160, 2.6, 0.16, null, null, null),
            fit, null, false, null);
        var run = BenchmarkApiTests.Run("20260110-120000-5e7e0001") with { Profile = "serve", Results = [], Serving = [serving] };
        var posted = await _client.PostAsync("/api/benchmarks/runs", Json(Planner.Benchmarks.Results.BenchmarkResultsJson.Serialize(run)));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var response = await _client.PostAsync("/api/capacity", Json("""
            {"stepTimes": {"run": "20260110-120000-5e7e0001", "rate": 2}, "inputTokens": 500, "outputTokens": 100, "ttftMs": 1000, "itlMs": 50, "rate": 10, "duration": 120}
            """));
        var missing = await _client.PostAsync("/api/capacity", Json("""{"stepTimes": {"run": "nope"}, "ttftMs": 1000, "itlMs": 50}"""));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var expected = CostModel.Serving.CapacityPlanner.Plan(new CostModel.Serving.CapacityPlanRequest
        {
            Measured = fit,
            MeasuredSource = JsonNode.Parse(text)!["stepTimesSource"]!.GetValue<string>(),
            PeakRatePerSecond = 10,
            Query = new CostModel.Serving.CapacityQuery
            {
                Model = new CostModel.Serving.StepTimeModel(0, 0, 0, 0, 0),
                Settings = new CostModel.Serving.FleetSettings { MaxBatch = 16 },
                Targets = new CostModel.Serving.ServingTargets(1000, 50),
                InputTokens = 500,
                OutputTokens = 100,
                DurationSeconds = 120,
            },
        });
        Assert.Equal(PlannerJson.Serialize(expected), text);
        Assert.StartsWith("step times fitted to gpt-decoder small served on Test CPU", expected.StepTimesSource, StringComparison.Ordinal);
        Assert.Equal(16, expected.MaxBatch);
        var missingText = await missing.Content.ReadAsStringAsync();
        Assert.True(missing.StatusCode == HttpStatusCode.BadRequest, missingText);
        Assert.StartsWith("stepTimes.run: no imported benchmark run has the id 'nope'", JsonNode.Parse(missingText)!["errors"]!["stepTimes.run"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_fields_are_400_each_naming_the_field_and_its_range()
    {
        const string body = """{"model": "llama-3-8b", "gpu": "H100 SXM", "ttftMs": 0, "itlMs": 50, "maxBatch": 0, "gpusPerReplica": 2000, "schedulerSteps": 65, "kvAllocation": "paged", "sweepPoints": 41}""";

        var response = await _client.PostAsync("/api/capacity", Json(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.Contains("must be greater than 0 and at most 3600000 ms", errors["ttftMs"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("maxBatch must be >= 1 and <= ", errors["maxBatch"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("gpusPerReplica must be >= 1 and <= 1024 (got 2000)", errors["gpusPerReplica"]![0]!.GetValue<string>());
        Assert.Equal("schedulerSteps must be >= 1 and <= 64 (got 65)", errors["schedulerSteps"]![0]!.GetValue<string>());
        Assert.Equal("kvAllocation must be one of reserve, onDemand (got \"paged\")", errors["kvAllocation"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_duration_over_an_hour_an_unknown_model_and_a_missing_gpu_are_400()
    {
        var longRun = await _client.PostAsync("/api/capacity", Json("""{"model": "llama-3-8b", "gpu": "H100 SXM", "ttftMs": 2000, "itlMs": 50, "duration": 86400}"""));
        var text = await longRun.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, longRun.StatusCode);
        Assert.Equal("duration must be >= 1 and <= 3600 seconds in an API call (got 86400)", JsonNode.Parse(text)!["errors"]!["duration"]![0]!.GetValue<string>());

        var unknown = await _client.PostAsync("/api/capacity", Json("""{"model": "no-such-model", "ttftMs": 2000, "itlMs": 50}"""));
        var errors = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.StartsWith("gpu is required", errors["gpu"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var noModel = await _client.PostAsync("/api/capacity", Json("""{"model": "no-such-model", "gpu": "H100 SXM", "ttftMs": 2000, "itlMs": 50}"""));
        var noModelErrors = JsonNode.Parse(await noModel.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(HttpStatusCode.BadRequest, noModel.StatusCode);
        Assert.Contains("no-such-model", noModelErrors["model"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_documents_the_capacity_endpoint_and_its_body()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json"))!;

        var post = document["paths"]!["/api/capacity"]!["post"]!;
        Assert.Equal("PlanCapacity", post["operationId"]!.GetValue<string>());
        var body = post["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        var schema = document["components"]!["schemas"]![body.Split('/')[^1]]!;
        Assert.NotNull(schema["properties"]!["ttftMs"]);
        Assert.NotNull(schema["properties"]!["gpusPerReplica"]);
        Assert.NotNull(post["responses"]!["400"]);
    }
}
