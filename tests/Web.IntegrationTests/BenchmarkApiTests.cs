using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Planner.Benchmarks.Results;

namespace Planner.Web.IntegrationTests;

public sealed class BenchmarkApiTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A results file as `planner bench run` writes it, made with the Benchmarks types.</summary>
    internal static BenchmarkRun Run(string runId) =>
        new(BenchmarkRun.CurrentSchemaVersion, runId, new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 10, 12, 1, 0, TimeSpan.Zero), "smoke", false,
            new RunSettings("auto", "cpu", "auto: CUDA unavailable (test)", 0, 1, 3, 10, 0.3, 3, 1000, 25, 42),
            new Fingerprint("feedc0de12345678", "Test CPU 9000", 2, 24, "Linux", ".NET 10", "1.31.1", ["CPUExecutionProvider"], null, "no NVIDIA driver"),
            new Calibration(2.5, "mlp/mnist/fp32 inference batch 32", 14.2, "probe"),
            [
                new BenchmarkResult("mlp", "mnist", "fp32", BenchmarkResult.Inference, 1, null, "cpu", 100, 1.0, new Throughput(59_000, "samples/s"),
                    new LatencyStats(0.02, 0.001, 0.05, 0.017, 0.021, 0.025, 0.03), 2.5, 120, null, "CPU energy unavailable: test", true, null),
                new BenchmarkResult("mlp", "mnist", "fp32", BenchmarkResult.Inference, 32, null, "cpu", 100, 1.0, new Throughput(900_000, "samples/s"),
                    new LatencyStats(0.04, 0.002, 0.05, 0.035, 0.041, 0.045, 0.05), 2.5, 120, null, "CPU energy unavailable: test", true, null),
            ],
            []);

    /// <summary>gpt-decoder/small measured with CUDA on an H100, its parameter count recorded as `bench run` records it.</summary>
    internal static BenchmarkRun H100DecoderRun(string runId)
    {
        BenchmarkResult Phase(string phase, double tokensPerSecond) =>
            new("gpt-decoder", "small", "fp32", BenchmarkResult.Inference, 8, 128, "cuda", 100, 1.0, new Throughput(tokensPerSecond, "tokens/s"),
                new LatencyStats(2, 0.1, 0.05, 2, 2.1, 2.2, 2.3), 2.5, 120, null, "energy: test", true, null) { Phase = phase, Parameters = 163_087_441 };
        var run = Run(runId);
        return run with
        {
            Settings = run.Settings with { Device = "cuda", Provider = "cuda", ProviderNote = null },
            Fingerprint = run.Fingerprint with
            {
                FingerprintId = "0123456789abcdef",
                Gpu = new GpuInfo("NVIDIA H100 80GB HBM3", 79.6, "570.86"),
                GpuNote = null,
                ProvidersAvailable = ["CUDAExecutionProvider", "CPUExecutionProvider"],
            },
            Results = [Phase(BenchmarkResult.Prefill, 40_000), Phase(BenchmarkResult.Decode, 2_000)],
        };
    }

    [Fact]
    public async Task Evaluate_refuses_a_small_model_run_for_a_70b_workload_at_its_path_and_keeps_an_override_reason_in_the_origins()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/benchmarks/runs", Json(BenchmarkResultsJson.Serialize(H100DecoderRun("20260110-120000-h100a001"))))).StatusCode);
        string Scenario(string overrideField) => $$"""
            {
              "name": "70B on H100s",
              "horizonMonths": 12,
              "workload": { "requestsPerMonth": 100000, "inputTokensPerRequest": 500, "outputTokensPerRequest": 100, "model": "llama-3-70b" },
              "options": [ { "id": "cloud", "kind": "cloud", "cloudOffer": "aws-p5-48xlarge-ondemand",
                "throughputFrom": { "run": "20260110-120000-h100a001", "model": "gpt-decoder"{{overrideField}} } } ]
            }
            """;

        var refused = await _client.PostAsync("/api/evaluate", Json(Scenario("")));
        var overridden = await _client.PostAsync("/api/evaluate", Json(Scenario(", \"overrideModelSize\": \"pilot only\"")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.StartsWith("options[0].throughputFrom is refused: run '20260110-120000-h100a001' measured gpt-decoder/small (163.1M parameters), and the workload serves llama-3-70b (70.55B)",
            (string?)problem["errors"]!["options[0].throughputFrom"]![0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        var evaluation = JsonNode.Parse(await overridden.Content.ReadAsStringAsync())!;
        var origin = evaluation["inputs"]!.AsArray().Single(i => (string?)i!["key"] == "cloud.prefillTokensPerGpuSecond")!["origin"]!;
        Assert.EndsWith("used because \"pilot only\"", (string?)origin["reference"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploaded_results_are_stored_listed_and_downloadable_as_csv()
    {
        var json = BenchmarkResultsJson.Serialize(Run("20260110-120000-upload01"));

        var created = await _client.PostAsync("/api/benchmarks/runs", Json(json));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var runs = JsonNode.Parse(await _client.GetStringAsync("/api/benchmarks/runs?model=mlp"))!.AsArray();
        var run = runs.Single(r => (string?)r!["runId"] == "20260110-120000-upload01")!;
        Assert.Equal(2, (int)run["results"]!);
        Assert.Equal("Test CPU 9000", (string?)run["device"]);
        Assert.DoesNotContain(JsonNode.Parse(await _client.GetStringAsync("/api/benchmarks/runs?model=resnet"))!.AsArray(),
            r => (string?)r!["runId"] == "20260110-120000-upload01");

        var csv = (await _client.GetStringAsync("/api/benchmarks/runs/20260110-120000-upload01/results.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("runId,model,preset,precision", csv[0], StringComparison.Ordinal);
        Assert.Contains(",900000,samples/s,", csv[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploading_the_same_file_again_is_200_and_stores_nothing_new()
    {
        var json = BenchmarkResultsJson.Serialize(Run("20260110-120000-upload02"));
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/benchmarks/runs", Json(json))).StatusCode);

        var again = await _client.PostAsync("/api/benchmarks/runs", Json(json));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var runs = JsonNode.Parse(await _client.GetStringAsync("/api/benchmarks/runs"))!.AsArray();
        Assert.Single(runs, r => (string?)r!["runId"] == "20260110-120000-upload02");
    }

    [Fact]
    public async Task A_results_file_that_breaks_the_schema_is_400_with_the_reasons()
    {
        var node = JsonNode.Parse(BenchmarkResultsJson.Serialize(Run("20260110-120000-upload03")))!;
        node["results"]![0]!["batchSize"] = -4;

        var response = await _client.PostAsync("/api/benchmarks/runs", Json(node.ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(problem["problems"]!.AsArray(), p => ((string?)p)!.Contains("batchSize", StringComparison.Ordinal));
        var runs = JsonNode.Parse(await _client.GetStringAsync("/api/benchmarks/runs"))!.AsArray();
        Assert.DoesNotContain(runs, r => (string?)r!["runId"] == "20260110-120000-upload03");
    }

    [Fact]
    public async Task Compare_page_matches_the_results_of_two_stored_runs()
    {
        await _client.PostAsync("/api/benchmarks/runs", Json(BenchmarkResultsJson.Serialize(Run("20260110-120000-compa01"))));
        var faster = Run("20260110-120000-compb01");
        faster = faster with { Results = [.. faster.Results.Select(r => r with { Throughput = r.Throughput with { Value = r.Throughput.Value * 2 } })] };
        await _client.PostAsync("/api/benchmarks/runs", Json(BenchmarkResultsJson.Serialize(faster)));

        var html = await _client.GetStringAsync("/benchmarks/compare?a=20260110-120000-compa01&b=20260110-120000-compb01");

        Assert.Contains("data-testid=\"run-comparison\"", html, StringComparison.Ordinal);
        Assert.Contains("2.00×", html, StringComparison.Ordinal);
        Assert.Contains("faster", html, StringComparison.Ordinal);
        Assert.Contains("95% interval", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_page_says_no_significant_difference_when_the_interval_spans_one()
    {
        var samples = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 0.01 : 0.03).ToArray();
        var a = Run("20260110-120000-nsiga01");
        a = a with { Results = [.. a.Results.Select(r => r with { LatencySamplesMs = samples })] };
        var b = Run("20260110-120000-nsigb01");
        b = b with { Results = [.. b.Results.Select(r => r with { Throughput = r.Throughput with { Value = r.Throughput.Value * 1.05 }, LatencySamplesMs = samples })] };
        await _client.PostAsync("/api/benchmarks/runs", Json(BenchmarkResultsJson.Serialize(a)));
        await _client.PostAsync("/api/benchmarks/runs", Json(BenchmarkResultsJson.Serialize(b)));

        var html = await _client.GetStringAsync("/benchmarks/compare?a=20260110-120000-nsiga01&b=20260110-120000-nsigb01");

        Assert.Contains("1.05×", html, StringComparison.Ordinal);
        Assert.Contains("no significant difference", html, StringComparison.Ordinal);
        Assert.DoesNotContain("faster", html, StringComparison.Ordinal);
    }

    /// <summary>A run with one training result that reached its target: 90 s on 160,000 rows, on the device <paramref name="provider"/> names.</summary>
    private static BenchmarkRun TrainingRun(string runId, string provider)
    {
        var run = Run(runId);
        var training = run.Results[0] with
        {
            Model = "mlp", Preset = "quality-control", Task = BenchmarkResult.Training, BatchSize = 64, Provider = provider,
            Rows = 160_000, Auc = 0.91, TargetAuc = 0.9, TimeToTargetSeconds = 90, TimeToTargetNote = "AUC 0.91 >= target 0.9 after 3 epoch(s)",
        };
        return provider == "cuda"
            ? run with
            {
                Settings = run.Settings with { Device = "cuda", Provider = "cuda", ProviderNote = null },
                Fingerprint = run.Fingerprint with { Gpu = new GpuInfo("NVIDIA H100 80GB HBM3", 79.6, "570.86"), GpuNote = null },
                Results = [training],
            }
            : run with { Results = [training] };
    }

    private static string RetrainedScenario(string runId) => $$"""
        {
          "name": "retraining from a run",
          "horizonMonths": 12,
          "workload": { "requestsPerMonth": 100000, "inputTokensPerRequest": 1, "outputTokensPerRequest": 0 },
          "options": [
            { "id": "cloud", "kind": "cloud", "cloudOffer": "aws-p5-48xlarge-ondemand", "prefillTokensPerGpuSecond": 1000, "retrainsPerMonth": 4,
              "trainingFrom": { "run": "{{runId}}", "model": "mlp", "rows": 1600000 } }
          ]
        }
        """;

    [Fact]
    public async Task Evaluate_takes_the_retraining_gpu_hours_from_an_uploaded_gpu_training_run_and_refuses_a_cpu_one()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/benchmarks/runs",
            Json(BenchmarkResultsJson.Serialize(TrainingRun("20260110-120000-train0gp", "cuda"))))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync("/api/benchmarks/runs",
            Json(BenchmarkResultsJson.Serialize(TrainingRun("20260110-120000-train0cp", "cpu"))))).StatusCode);

        var gpu = await _client.PostAsync("/api/evaluate", Json(RetrainedScenario("20260110-120000-train0gp")));
        var cpu = await _client.PostAsync("/api/evaluate", Json(RetrainedScenario("20260110-120000-train0cp")));

        Assert.Equal(HttpStatusCode.OK, gpu.StatusCode);
        var input = JsonNode.Parse(await gpu.Content.ReadAsStringAsync())!["inputs"]!.AsArray()
            .Single(i => (string?)i!["key"] == "cloud.trainingGpuHoursPerRetrain")!;
        // 90 s x 1,600,000 / 160,000 rows / 3600 = 0.25 GPU-hours.
        Assert.Equal(0.25, (double)input["value"]!, 12);
        Assert.Contains("20260110-120000-train0gp", (string?)input["origin"]!["source"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, cpu.StatusCode);
        var problem = JsonNode.Parse(await cpu.Content.ReadAsStringAsync())!;
        Assert.StartsWith("options[0].trainingFrom is refused: run '20260110-120000-train0cp' was measured on a CPU (Test CPU 9000)",
            (string?)problem["errors"]!["options[0].trainingFrom"]![0], StringComparison.Ordinal);
    }
}
