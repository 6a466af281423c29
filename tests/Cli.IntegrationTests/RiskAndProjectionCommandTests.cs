using System.Text.Json;

namespace Planner.Cli.IntegrationTests;

/// <summary><c>planner simulate</c>, <c>planner project</c> and <c>planner project calibrate</c> through the real process (store on a temporary PLANNER_DB).</summary>
public sealed class RiskAndProjectionCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planner-risk-cli-" + Guid.NewGuid().ToString("N"));

    public RiskAndProjectionCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<PlannerResult> Planner(params string[] args) =>
        PlannerProcess.RunAsync(args, new Dictionary<string, string> { ["PLANNER_DB"] = Path.Combine(_folder, "db", "planner.db") });

    [Fact]
    public async Task Simulate_with_the_same_seed_prints_identical_json_with_every_summary_field()
    {
        string[] args = ["simulate", PlannerProcess.Example("risk-support-assistant.json"), "--trials", "2000", "--seed", "7", "--format", "json"];

        var first = await Planner(args);
        var second = await Planner(args);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(first.Stdout, second.Stdout);
        using var document = JsonDocument.Parse(first.Stdout);
        var root = document.RootElement;
        Assert.Equal(2000, root.GetProperty("trials").GetInt32());
        Assert.Equal(7, root.GetProperty("seed").GetInt64());
        foreach (var field in new[] { "scenario", "currency", "baseline", "recommendation", "tornadoMetric", "tornado", "inputs" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }
        var options = root.GetProperty("options").EnumerateArray().ToArray();
        Assert.True(options.Length >= 2);
        Assert.Equal(1.0, options.Sum(o => o.GetProperty("probabilityCheapest").GetDouble()), 9);
        foreach (var option in options)
        {
            var pv = option.GetProperty("presentValue");
            Assert.True(pv.GetProperty("p5").GetDouble() <= pv.GetProperty("p50").GetDouble());
            Assert.True(pv.GetProperty("p50").GetDouble() <= pv.GetProperty("p95").GetDouble());
            Assert.NotEmpty(pv.GetProperty("histogram").EnumerateArray());
        }
        Assert.All(root.GetProperty("tornado").EnumerateArray(), bar => Assert.InRange(bar.GetProperty("rankCorrelation").GetDouble(), -1, 1));
    }

    [Fact]
    public async Task Simulate_and_evaluate_of_a_value_model_with_a_distribution_print_the_npv_and_what_drives_the_value()
    {
        // The line-optimization template with its gain uncertain.
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(PlannerProcess.Example("line-optimization.json")))!;
        json["benefits"]!["lineOptimization"]!["gainFraction"] = System.Text.Json.Nodes.JsonNode.Parse(
            """{ "distribution": "triangular", "min": 0, "mode": 0.01, "max": 0.03 }""");
        var file = Path.Combine(_folder, "line-uncertain.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var simulated = await Planner("simulate", file, "--trials", "500", "--format", "table");
        var evaluated = await Planner("evaluate", file, "--format", "table");

        Assert.True(simulated.ExitCode == 0, simulated.ToString());
        Assert.Contains("NPV with the benefits", simulated.Stdout, StringComparison.Ordinal);
        Assert.Contains("P(NPV > 0)", simulated.Stdout, StringComparison.Ordinal);
        Assert.Contains("What drives the value", simulated.Stdout, StringComparison.Ordinal);
        Assert.Contains("Throughput or yield gain (line optimization)", simulated.Stdout, StringComparison.Ordinal);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.Contains("What moves the value", evaluated.Stdout, StringComparison.Ordinal);
        Assert.Contains("Margin per extra unit", evaluated.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_risky_scenario_with_projected_throughput_simulates_and_reports_its_risk_and_projection()
    {
        // The risk example with the cloud option's throughput projected (Llama-3-8B on one H100 SXM) instead of typed.
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(PlannerProcess.Example("risk-support-assistant.json")))!;
        var cloud = json["options"]![1]!.AsObject();
        cloud.Remove("prefillTokensPerGpuSecond");
        cloud.Remove("decodeTokensPerGpuSecond");
        cloud["throughputFrom"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "projection": { "model": "llama-3-8b", "gpu": "H100 SXM", "gpus": 1, "precision": "bf16", "batch": 16 } }""");
        json["correlations"]!.AsArray().RemoveAt(1);
        var file = Path.Combine(_folder, "risky-projected.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var simulate = await Planner("simulate", file, "--trials", "1000", "--format", "table");
        Assert.True(simulate.ExitCode == 0, simulate.ToString());
        Assert.Contains("1,000 trials", simulate.Stdout, StringComparison.Ordinal);

        var pdf = Path.Combine(_folder, "risky.pdf");
        var csv = Path.Combine(_folder, "risky.csv");
        var report = await Planner("report", file, "--pdf", pdf, "--csv", csv, "--trials", "1000", "--seed", "3");
        Assert.True(report.ExitCode == 0, report.ToString());
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            var text = string.Concat(document.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal);
            Assert.Contains("1,000MonteCarlotrials(seed3)", text, StringComparison.Ordinal);
            Assert.Contains("Throughputprojections", text, StringComparison.Ordinal);
            Assert.Contains("llama-3-8bon1xNVIDIAH100SXM,bf16,batch16", text, StringComparison.Ordinal);
        }
        var risk = await File.ReadAllLinesAsync(Path.Combine(_folder, "risky-risk.csv"));
        Assert.Equal(4, risk.Length);
        Assert.All(risk.Skip(1), line => Assert.Contains(",1000,3,", line, StringComparison.Ordinal));
        var projections = await File.ReadAllLinesAsync(Path.Combine(_folder, "risky-projections.csv"));
        Assert.StartsWith("Rented H100s,llama-3-8b,NVIDIA H100 SXM,1,bf16,16,", projections[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_with_too_few_trials_for_a_risky_scenario_exits_2_naming_trials()
    {
        var result = await Planner("report", PlannerProcess.Example("risk-support-assistant.json"), "--csv", Path.Combine(_folder, "r.csv"), "--trials", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("--trials must be >= ", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(_folder, "r.csv")));
    }

    [Fact]
    public async Task Simulate_with_too_few_trials_exits_2_naming_trials_and_the_range()
    {
        var result = await Planner("simulate", PlannerProcess.Example("risk-support-assistant.json"), "--trials", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("--trials must be >= ", StringComparison.Ordinal) && l.Contains("(got 5)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Simulate_of_a_scenario_without_distributions_exits_2_saying_so()
    {
        var result = await Planner("simulate", PlannerProcess.Example("support-assistant.json"), "--trials", "1000");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("no input carries a distribution", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Project_prints_memory_and_throughput_as_json_for_a_model_that_fits()
    {
        var result = await Planner("project", "--model", "llama-3-70b", "--gpu", "h100 sxm", "--gpus", "4", "--batch", "8", "--input-tokens", "1000",
            "--output-tokens", "200", "--kv-precision", "fp8", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        Assert.Equal("llama-3-70b", root.GetProperty("model").GetString());
        Assert.Equal("NVIDIA H100 SXM", root.GetProperty("gpu").GetString());
        Assert.Equal(4, root.GetProperty("gpus").GetInt32());
        Assert.True(root.GetProperty("fits").GetBoolean());
        Assert.Equal(320, root.GetProperty("availableMemoryGb").GetDouble(), 6);
        // 70.55e9 parameters × 2 bytes (bf16).
        Assert.Equal(141.107, root.GetProperty("weightMemoryGb").GetDouble(), 2);
        Assert.True(root.GetProperty("prefillTokensPerSecondPerGpu").GetDouble() > root.GetProperty("decodeTokensPerSecondPerGpu").GetDouble());
        Assert.Equal("memory", root.GetProperty("decodeBound").GetString());
        Assert.StartsWith("TensorRT-LLM-like", root.GetProperty("efficiency").GetProperty("engine").GetString(), StringComparison.Ordinal);
        // A static batch of 8 requests of 200 output tokens over the batch's wall time, per GPU.
        Assert.Equal(8 * 200 / (root.GetProperty("batchLatencyMs").GetDouble() / 1000) / 4, root.GetProperty("outputTokensPerSecondPerGpu").GetDouble(), 6);
        Assert.Equal(1000, root.GetProperty("inputTokens").GetInt32());
        Assert.Equal("fp8", root.GetProperty("kvCachePrecision").GetString());
        Assert.True(root.GetProperty("timeToFirstTokenMs").GetDouble() > 0);
        Assert.True(root.GetProperty("batchLatencyMs").GetDouble() > root.GetProperty("timeToFirstTokenMs").GetDouble());
        Assert.True(root.GetProperty("msPerOutputToken").GetDouble() > 0);
        Assert.True(root.GetProperty("totalMemoryGb").GetDouble() > 141);
        Assert.Contains(root.GetProperty("operators").EnumerateArray(), o => o.GetProperty("phase").GetString() == "decode" && o.GetProperty("operator").GetString() == "attention");
    }

    [Fact]
    public async Task Project_validate_reports_every_published_case_and_the_held_out_accuracy()
    {
        var result = await Planner("project", "validate", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        var heldOut = root.GetProperty("heldOut");
        Assert.True(root.GetProperty("errors").GetArrayLength() >= 30);
        Assert.Equal(root.GetProperty("errors").EnumerateArray().Count(e => e.GetProperty("case").GetProperty("heldOut").GetBoolean()), heldOut.GetProperty("cases").GetInt32());
        Assert.InRange(heldOut.GetProperty("medianAbsoluteError").GetDouble(), 0, 0.12);
    }

    [Fact]
    public async Task Project_with_an_unknown_engine_exits_2_listing_the_presets()
    {
        var result = await Planner("project", "--model", "llama-3-70b", "--gpu", "h100 sxm", "--gpus", "4", "--engine", "sglang");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--engine must be one of tensorrt-llm, vllm (got \"sglang\")", result.ErrorLines);
    }

    [Fact]
    public async Task Project_on_one_gpu_too_small_exits_1_saying_how_many_gb_are_missing()
    {
        var result = await Planner("project", "--model", "llama-3-70b", "--gpu", "h100 sxm", "--gpus", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("does not fit: ", StringComparison.Ordinal) && l.EndsWith("needs 152.5 GB, 1x NVIDIA H100 SXM has 80.0 GB: 72.5 GB missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Project_settings_out_of_range_exit_2_naming_each_flag()
    {
        var result = await Planner("project", "--model", "llama-3-70b", "--gpu", "H100 SXM", "--gpus", "0", "--batch", "0", "--context", "100000");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--gpus must be >= 1 and <= 1024 (got 0)", result.ErrorLines);
        Assert.Contains("--batch must be >= 1 and <= 1000000 (got 0)", result.ErrorLines);
        Assert.Contains("--context must be >= 1 and <= 8192, the model's context (got 100000)", result.ErrorLines);
    }

    [Fact]
    public async Task Project_of_an_unknown_model_exits_2_listing_the_known_models()
    {
        var result = await Planner("project", "--model", "llama-9-900b", "--gpu", "h100 sxm");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines, l => l.StartsWith("--model: ", StringComparison.Ordinal));
        Assert.Contains("llama-3-70b", line, StringComparison.Ordinal);
        Assert.Contains("mixtral-8x7b", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_list_models_prints_the_seeded_model_shapes()
    {
        var result = await Planner("catalog", "list", "models", "--format", "csv");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("name,parameters,activeParameters,layers,", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("llama-3-70b,70553706496,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Project_calibrate_reports_projected_against_measured_for_a_real_benchmark_run()
    {
        var profile = Path.Combine(_folder, "decoder.json");
        await File.WriteAllTextAsync(profile, """
            {
              "name": "decoder-calibration-test", "device": "cpu",
              "measurement": { "warmupIterations": 1, "minIterations": 5, "minDurationSeconds": 0.05, "maxDurationSeconds": 2, "maxIterations": 10000, "maxCv": 100 },
              "bandwidthProbeMegabytes": 8,
              "inference": [ { "model": "gpt-decoder", "preset": "tiny", "precisions": ["fp32"], "batchSizes": [2], "sequenceLength": 16, "contextLength": 32 } ]
            }
            """);
        var bench = await Planner("bench", "run", "--profile", profile, "--device", "cpu", "--out", Path.Combine(_folder, "runs"));
        Assert.True(bench.ExitCode == 0, bench.ToString());
        var results = bench.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];

        var table = await Planner("project", "calibrate", results);
        var json = await Planner("project", "calibrate", results, "--format", "json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("gpt-decoder/tiny", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("error %", table.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Stdout);
        var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["prefill", "decode"], rows.Select(r => r.GetProperty("phase").GetString()));
        foreach (var row in rows)
        {
            var measured = row.GetProperty("measuredTokensPerSecond").GetDouble();
            var projected = row.GetProperty("projectedTokensPerSecond").GetDouble();
            Assert.True(measured > 0 && projected > 0);
            Assert.Equal((projected - measured) / measured * 100, row.GetProperty("errorPercent").GetDouble(), 6);
        }
    }
}
