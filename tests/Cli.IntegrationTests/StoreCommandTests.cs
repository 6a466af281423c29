using System.Text.Json;
using Planner.Benchmarks.Results;

namespace Planner.Cli.IntegrationTests;

/// <summary>The store verbs (scenario, catalog, bench import/runs, evaluate ID) through the real planner process, on a temporary PLANNER_DB.</summary>
public sealed class StoreCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<PlannerResult> Planner(params string[] args) =>
        PlannerProcess.RunAsync(args, new Dictionary<string, string> { ["PLANNER_DB"] = Path.Combine(_folder, "db", "planner.db") }, _folder);

    [Fact]
    public async Task Saved_scenario_evaluates_by_id_with_catalog_origins()
    {
        var save = await Planner("scenario", "save", PlannerProcess.Example("catalog-referenced.json"), "--tag", "demo", "--by", "ann");
        Assert.True(save.ExitCode == 0, save.ToString());
        var id = save.Stdout.Split(' ')[0];
        Assert.Matches("^[a-z0-9]{8}$", id);

        var evaluate = await Planner("evaluate", id);

        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        using var json = JsonDocument.Parse(evaluate.Stdout);
        var input = json.RootElement.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "cloud.gpuHourPrice");
        Assert.Equal(2.35, input.GetProperty("value").GetDouble());
        Assert.Equal("catalog", input.GetProperty("origin").GetProperty("kind").GetString());
        Assert.Equal("2026-03-01", input.GetProperty("origin").GetProperty("asOf").GetString());

        var history = await Planner("scenario", "history", id, "--format", "json");
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Equal(1, JsonDocument.Parse(history.Stdout).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Evaluate_of_an_unknown_id_exits_2_naming_it()
    {
        var result = await Planner("evaluate", "nosuchid");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["no scenario file or stored scenario named nosuchid"], result.ErrorLines);
    }

    [Fact]
    public async Task Catalog_list_json_gives_rows_with_the_documented_fields()
    {
        var result = await Planner("catalog", "list", "gpus", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        foreach (var field in new[] { "name", "vendor", "bf16DenseTflops", "fp8DenseTflops", "memoryGb", "bandwidthGbPerS", "tdpW", "purchasePriceUsd", "source", "sourceUrl", "asOf" })
        {
            Assert.All(rows, row => Assert.True(row.TryGetProperty(field, out _), $"missing {field}"));
        }
        var h100 = rows.Single(r => r.GetProperty("name").GetString() == "NVIDIA H100 SXM");
        Assert.Equal(989, h100.GetProperty("bf16DenseTflops").GetDouble());
    }

    [Fact]
    public async Task Catalog_import_of_a_bad_csv_exits_2_with_row_errors_and_changes_nothing()
    {
        var before = await Planner("catalog", "export", "api");
        var csv = Path.Combine(_folder, "bad.csv");
        await File.WriteAllTextAsync(csv, """
            vendor,model,inputPerMillionUsd,outputPerMillionUsd,contextWindowTokens,source,sourceUrl,asOf
            acme,good,1,2,,Acme prices,,2026-01-01
            acme,negative,-1,2,,Acme prices,,2026-01-01
            acme,date,1,2,,Acme prices,,yesterday
            """);

        var result = await Planner("catalog", "import", "api", csv);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
        [
            "row 3, column inputPerMillionUsd, value '-1': must be a number >= 0 and <= 1,000,000,000",
            "row 4, column asOf, value 'yesterday': must be a date yyyy-MM-dd from 1990-01-01 on",
            "api: 2 bad rows; nothing was imported",
        ], result.ErrorLines);
        Assert.Equal(before.Stdout, (await Planner("catalog", "export", "api")).Stdout);
    }

    [Fact]
    public async Task Bench_import_then_runs_lists_the_run_and_its_results()
    {
        var file = Path.Combine(_folder, "run.json");
        BenchmarkResultsJson.Write(SampleRun(), file);

        var import = await Planner("bench", "import", file);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal("20260110-120000-abcdef12: imported 1 results on Test CPU 9000", import.Stdout.Trim());
        var again = await Planner("bench", "import", file);
        Assert.Contains("already imported", again.Stdout, StringComparison.Ordinal);

        var runs = await Planner("bench", "runs", "--model", "mlp", "--format", "json");

        Assert.True(runs.ExitCode == 0, runs.ToString());
        var run = Assert.Single(JsonDocument.Parse(runs.Stdout).RootElement.EnumerateArray().ToList());
        Assert.Equal("20260110-120000-abcdef12", run.GetProperty("runId").GetString());
        Assert.Equal(59_000, run.GetProperty("results")[0].GetProperty("throughput").GetProperty("value").GetDouble());
        Assert.Empty(JsonDocument.Parse((await Planner("bench", "runs", "--device", "H100", "--format", "json")).Stdout).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Bench_import_of_a_file_off_the_schema_exits_2_with_the_reason()
    {
        var file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, BenchmarkResultsJson.Serialize(SampleRun()).Replace("\"samples/s\"", "\"frames/s\"", StringComparison.Ordinal));

        var result = await Planner("bench", "import", file);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"{file}: $.results[0].throughput.unit: must be one of samples/s, tokens/s, rows/s", result.ErrorLines.Single(), StringComparison.Ordinal);
        Assert.Empty(JsonDocument.Parse((await Planner("bench", "runs", "--format", "json")).Stdout).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task A_template_profile_runs_at_quick_size_and_its_cpu_training_time_is_refused_as_retraining_gpu_hours()
    {
        // The lifecycle end to end: train and measure with the line-optimization profile, import the run, hand its training
        // time to a GPU option. Measured on this CPU, it is refused (docs/methodology.md, "Training GPU-hours from a run").
        var bench = await Planner("bench", "run", "--profile", "line-optimization", "--quick", "--device", "cpu", "--out", _folder);
        Assert.True(bench.ExitCode == 0, bench.ToString());
        var file = Directory.GetFiles(_folder, "*.json").Single();
        var run = BenchmarkResultsJson.Parse(await File.ReadAllTextAsync(file), file);
        Assert.Equal("line-optimization-quick", run.Profile);
        var onnx = run.Results.Single(r => r.Task == BenchmarkResult.Training && r.Model == "mlp");
        Assert.Equal("line-optimization", onnx.Preset);
        Assert.NotNull(onnx.Auc);
        Assert.True((await Planner("bench", "import", file)).ExitCode == 0);
        var scenario = Path.Combine(_folder, "retrained.json");
        await File.WriteAllTextAsync(scenario, $$"""
            {
              "name": "retrained from a run", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "inputTokensPerRequest": 1, "outputTokensPerRequest": 0 },
              "options": [ { "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "prefillTokensPerGpuSecond": 100, "retrainsPerMonth": 4,
                "trainingFrom": { "run": "{{run.RunId}}", "model": "lightgbm" } } ]
            }
            """);

        var evaluate = await Planner("evaluate", scenario);

        Assert.Equal(2, evaluate.ExitCode);
        Assert.StartsWith($"options[0].trainingFrom is refused: run '{run.RunId}' was measured on a CPU", evaluate.ErrorLines.Single(), StringComparison.Ordinal);
        Assert.Contains("a CPU's training time says nothing about a GPU's", evaluate.ErrorLines.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_refuses_a_small_decoder_run_for_a_70b_workload_and_records_an_override_in_the_origins()
    {
        var run = Path.Combine(_folder, "h100.json");
        BenchmarkResultsJson.Write(H100DecoderRun(), run);
        Assert.Equal(0, (await Planner("bench", "import", run)).ExitCode);
        var refused = Path.Combine(_folder, "refused.json");
        var overridden = Path.Combine(_folder, "overridden.json");
        await File.WriteAllTextAsync(refused, ServingScenario(""));
        await File.WriteAllTextAsync(overridden, ServingScenario(", \"overrideModelSize\": \"pilot only\""));

        var refusal = await Planner("evaluate", refused);
        var accepted = await Planner("evaluate", overridden);

        Assert.Equal(2, refusal.ExitCode);
        Assert.StartsWith("options[0].throughputFrom is refused: run '20260110-120000-0123abcd' measured gpt-decoder/small (163.1M parameters), "
            + "and the workload serves llama-3-70b (70.55B), 433 times larger", refusal.ErrorLines.Single(), StringComparison.Ordinal);
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        using var json = JsonDocument.Parse(accepted.Stdout);
        var origin = json.RootElement.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "cloud.decodeTokensPerGpuSecond").GetProperty("origin");
        Assert.EndsWith("; model size overridden: gpt-decoder/small (163.1M parameters) for the served llama-3-70b (70.55B), 433 times smaller, used because \"pilot only\"",
            origin.GetProperty("reference").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A workload serving llama-3-70b on rented H100s whose throughput comes from the small decoder's run.</summary>
    private static string ServingScenario(string overrideField) => $$"""
        {
          "name": "70B on H100s",
          "horizonMonths": 12,
          "workload": { "requestsPerMonth": 100000, "inputTokensPerRequest": 500, "outputTokensPerRequest": 100, "model": "llama-3-70b" },
          "options": [ { "id": "cloud", "kind": "cloud", "cloudOffer": "aws-p5-48xlarge-ondemand",
            "throughputFrom": { "run": "20260110-120000-0123abcd", "model": "gpt-decoder", "preset": "small"{{overrideField}} } } ]
        }
        """;

    /// <summary>gpt-decoder/small measured with CUDA on an H100, with its parameter count as `bench run` records it.</summary>
    private static BenchmarkRun H100DecoderRun()
    {
        BenchmarkResult Phase(string phase, double tokensPerSecond) =>
            new("gpt-decoder", "small", "fp32", BenchmarkResult.Inference, 8, 128, "cuda", 100, 1.0, new Throughput(tokensPerSecond, "tokens/s"),
                new LatencyStats(2, 0.1, 0.05, 2, 2.1, 2.2, 2.3), 2.5, 120, null, "energy: test", true, null) { Phase = phase, Parameters = 163_087_441 };
        var sample = SampleRun();
        return sample with
        {
            RunId = "20260110-120000-0123abcd",
            Settings = sample.Settings with { Device = "cuda", Provider = "cuda", ProviderNote = null },
            Fingerprint = sample.Fingerprint with { Gpu = new GpuInfo("NVIDIA H100 80GB HBM3", 79.6, "570.86"), GpuNote = null, ProvidersAvailable = ["CUDAExecutionProvider", "CPUExecutionProvider"] },
            Results = [Phase(BenchmarkResult.Prefill, 40_000), Phase(BenchmarkResult.Decode, 2_000)],
        };
    }

    private static BenchmarkRun SampleRun() =>
        new(BenchmarkRun.CurrentSchemaVersion, "20260110-120000-abcdef12", new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 10, 12, 5, 0, TimeSpan.Zero), "smoke", false,
            new RunSettings("auto", "cpu", "auto: CUDA unavailable (test)", 0, 1, 3, 10, 0.3, 3, 1000, 0.5, 42),
            new Fingerprint("feedc0de12345678", "Test CPU 9000", 2, 24, "Linux", ".NET 10", "1.31.1", ["CPUExecutionProvider"], null, "no NVIDIA driver"),
            new Calibration(2.5, "mlp/mnist/fp32 inference batch 1", 14.2, "probe"),
            [
                new BenchmarkResult("mlp", "mnist", "fp32", BenchmarkResult.Inference, 1, null, "cpu", 100, 1.0,
                    new Throughput(59_000, "samples/s"), new LatencyStats(2, 0.1, 0.05, 2, 2.1, 2.2, 2.3), 2.5, 120, null, "CPU energy unavailable: test", true, null),
            ],
            []);
}
