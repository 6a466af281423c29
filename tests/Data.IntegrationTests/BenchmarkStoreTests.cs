using System.Text.Json.Nodes;
using Planner.CostModel;
using Planner.CostModel.Inputs;

namespace Planner.Data.IntegrationTests;

public sealed class BenchmarkStoreTests : IAsyncLifetime
{
    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    [Fact]
    public async Task Import_keeps_the_file_verbatim_and_one_row_per_result()
    {
        var json = BenchmarkFiles.Json();

        var result = await _temp.Store.Benchmarks.ImportAsync(json, "run.json", "ann", default);

        Assert.False(result.AlreadyImported);
        var run = await _temp.Store.Benchmarks.GetRunAsync("20260110-120000-abcdef12", default);
        Assert.Equal(json, run.Json);
        Assert.Equal("Test CPU 9000", run.Device);
        Assert.Equal("feedc0de12345678", run.FingerprintId);
        Assert.Equal(6, run.Results.Count);
        var prefill = run.Results[0];
        Assert.Equal(("gpt-decoder", "small", "fp32", "inference", "prefill", 32, 128, "cpu"),
            (prefill.Model, prefill.Preset, prefill.Precision, prefill.Task, prefill.Phase, prefill.BatchSize, prefill.SequenceLength, prefill.Provider));
        Assert.Equal((1234.5, "tokens/s", 2, 2.2, 2.3), (prefill.ThroughputValue, prefill.ThroughputUnit, prefill.LatencyP50Ms, prefill.LatencyP95Ms, prefill.LatencyP99Ms));
        Assert.False(run.Results[5].Valid);
        Assert.Equal(new DateTime(2026, 1, 10, 12, 0, 0), run.StartedAt);
    }

    [Fact]
    public async Task Runs_filter_by_model_and_device()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(), "a.json", "ann", default);
        var other = BenchmarkFiles.Run("20260111-120000-00000000") with { Results = [BenchmarkFiles.Result("resnet", "tiny", 8, 700)] };
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(other), "b.json", "ann", default);

        Assert.Equal(2, (await _temp.Store.Benchmarks.ListRunsAsync(null, null, default)).Count);
        Assert.Equal(["20260111-120000-00000000"], (await _temp.Store.Benchmarks.ListRunsAsync("ResNet", null, default)).Select(r => r.RunId));
        Assert.Equal(2, (await _temp.Store.Benchmarks.ListRunsAsync(null, "cpu 9000", default)).Count);
        Assert.Empty(await _temp.Store.Benchmarks.ListRunsAsync(null, "H100", default));
    }

    [Fact]
    public async Task A_file_that_breaks_the_schema_is_rejected_with_the_reason_and_nothing_is_written()
    {
        var node = JsonNode.Parse(BenchmarkFiles.Json())!;
        node["results"]![0]!["throughput"]!["unit"] = "frames/s";
        node["fingerprint"]!.AsObject().Remove("cpuModel");

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Benchmarks.ImportAsync(node.ToJsonString(), "bad.json", "ann", default));

        Assert.Contains("bad.json: $.fingerprint.cpuModel: required non-empty string is missing.", ex.Lines);
        Assert.Contains(ex.Lines, p => p.StartsWith("bad.json: $.results[0].throughput.unit: must be one of samples/s, tokens/s, rows/s", StringComparison.Ordinal));
        Assert.Empty(await _temp.Store.Benchmarks.ListRunsAsync(null, null, default));
    }

    [Fact]
    public async Task The_same_file_twice_is_a_no_op_and_a_different_file_with_the_same_run_id_is_refused()
    {
        var json = BenchmarkFiles.Json();
        await _temp.Store.Benchmarks.ImportAsync(json, "run.json", "ann", default);

        var again = await _temp.Store.Benchmarks.ImportAsync(json, "run.json", "bob", default);
        Assert.True(again.AlreadyImported);
        Assert.Equal("ann", again.Run.ImportedBy);

        var changed = BenchmarkFiles.Json(BenchmarkFiles.Run() with { Profile = "quick" });
        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Benchmarks.ImportAsync(changed, "changed.json", "bob", default));
        Assert.StartsWith("changed.json: run '20260110-120000-abcdef12' is already imported", ex.Message, StringComparison.Ordinal);
        Assert.Single(await _temp.Store.Benchmarks.ListRunsAsync(null, null, default));
    }

    [Fact]
    public async Task ThroughputFrom_a_decoder_run_supplies_prefill_and_decode_with_the_run_as_origin()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(BenchmarkFiles.GpuRun()), "run.json", "ann", default);
        var json = ScenarioResolverTests.Scenario(Cloud("""{ "run": "20260110-120000-abcdef12", "model": "gpt-decoder", "preset": "small", "batch": 32 }"""));

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default);

        var inputs = evaluation.Inputs.ToDictionary(i => i.Key);
        var prefill = inputs["cloud.prefillTokensPerGpuSecond"];
        Assert.Equal(1234.5, prefill.Value);
        Assert.Equal(OriginKind.Benchmark, prefill.Origin.Kind);
        Assert.Equal("benchmark run 20260110-120000-abcdef12 on NVIDIA H100 80GB HBM3", prefill.Origin.Source);
        Assert.Equal("2026-01-10", prefill.Origin.AsOf);
        Assert.Equal("gpt-decoder/small fp32 batch 32 (prefill 1234.5 tokens/s); "
            + "model not checked: the workload names no served model (workload.model), so gpt-decoder/small's size was not compared with it", prefill.Origin.Reference);
        Assert.Equal(321.25, inputs["cloud.decodeTokensPerGpuSecond"].Value);
        Assert.StartsWith("gpt-decoder/small fp32 batch 32 (decode 321.25 tokens/s); model not checked: ", inputs["cloud.decodeTokensPerGpuSecond"].Origin.Reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThroughputFrom_a_run_records_the_result_with_its_fingerprint_and_settings_as_evidence()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(BenchmarkFiles.GpuRun()), "run.json", "ann", default);
        var json = ScenarioResolverTests.Scenario(Cloud("""{ "run": "20260110-120000-abcdef12", "model": "gpt-decoder", "preset": "small", "batch": 32 }"""));

        var scenario = await _temp.Store.Evaluation.ResolveAsync(json, default);

        var evidence = Assert.Single(scenario.Evidence);
        Assert.Equal("cloud", evidence.OptionId);
        Assert.Null(evidence.Projection);
        var b = evidence.Benchmark!;
        Assert.Equal("20260110-120000-abcdef12", b.Run);
        Assert.Equal("gpt-decoder", b.Model);
        Assert.Equal("small fp32 batch 32, cuda, ONNX Runtime's default threads, profile llm", b.Settings);
        Assert.Equal("NVIDIA H100 80GB HBM3 (79.6 GB, driver 570.86); CPU Test CPU 9000, 2 logical cores, 24 GB; Linux; .NET 10, ONNX Runtime 1.31.1; fingerprint feedc0de12345678", b.Device);
        Assert.Equal("2026-01-10T12:05:00Z", b.MeasuredAt);
        Assert.Equal(1234.5, b.PrefillTokensPerSecond);
        Assert.Equal(321.25, b.DecodeTokensPerSecond);
        Assert.Equal((2.0, 2.2, 2.3), (b.LatencyP50Ms!.Value, b.LatencyP95Ms!.Value, b.LatencyP99Ms!.Value));
        Assert.True(b.Valid);
    }

    [Fact]
    public async Task ThroughputFrom_matching_several_results_lists_them()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(), "run.json", "ann", default);
        var json = ScenarioResolverTests.Scenario(Cloud("""{ "run": "20260110-120000-abcdef12", "model": "gpt-decoder" }"""));

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        Assert.Equal(
            ["options[0].throughputFrom: run '20260110-120000-abcdef12' has 2 decode results for gpt-decoder; name preset, precision and batch to pick one: "
                + "gpt-decoder/small fp32 batch 32 seq 128; gpt-decoder/small fp32 batch 8 seq 128"],
            ex.Lines);
    }

    [Fact]
    public async Task ThroughputFrom_a_non_generative_model_needs_a_workload_without_output_tokens()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(BenchmarkFiles.GpuRun()), "run.json", "ann", default);
        var reference = """{ "run": "20260110-120000-abcdef12", "model": "mlp", "batch": 256 }""";

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(ScenarioResolverTests.Scenario(Cloud(reference)), default));
        Assert.StartsWith("options[0].throughputFrom: model 'mlp' is not generative", Assert.Single(ex.Lines), StringComparison.Ordinal);

        var images = ScenarioResolverTests.Scenario(Cloud(reference)).Replace("\"outputTokensPerRequest\": 100", "\"outputTokensPerRequest\": 0", StringComparison.Ordinal);
        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(images, default);
        Assert.Equal(900_000, evaluation.Inputs.Single(i => i.Key == "cloud.prefillTokensPerGpuSecond").Value);
    }

    [Fact]
    public async Task ThroughputFrom_an_unknown_run_or_an_invalid_result_is_an_error_naming_the_path()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(), "run.json", "ann", default);

        var unknown = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            ScenarioResolverTests.Scenario(Cloud("""{ "run": "nope", "model": "mlp" }""")), default));
        Assert.Equal(["options[0].throughputFrom.run: no imported benchmark run has the id 'nope' (newest runs: 20260110-120000-abcdef12)"], unknown.Lines);

        var invalid = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            ScenarioResolverTests.Scenario(Cloud("""{ "run": "20260110-120000-abcdef12", "model": "lenet5" }""")), default));
        Assert.Equal(["options[0].throughputFrom: the results of run '20260110-120000-abcdef12' for lenet5 are marked invalid: cv 0.4 above 0.25"], invalid.Lines);
    }

    [Fact]
    public async Task ThroughputFrom_a_cpu_run_for_a_gpu_option_is_refused_with_the_reason()
    {
        // Issue #15: the tiny decoder measured on this CPU was taken as the throughput of rented H100s.
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(), "run.json", "ann", default);
        var json = ScenarioResolverTests.Scenario(Cloud("""{ "run": "20260110-120000-abcdef12", "model": "gpt-decoder", "preset": "small", "batch": 32 }"""));

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("options[0].throughputFrom", problem.Path);
        Assert.Equal("options[0].throughputFrom is refused: run '20260110-120000-abcdef12' was measured on a CPU (Test CPU 9000), and option 'cloud' runs on NVIDIA H100 SXM; "
            + "a CPU's throughput says nothing about a GPU's. Use a run measured on NVIDIA H100 SXM, or a projection", problem.Message);
    }

    [Fact]
    public async Task ThroughputFrom_a_run_or_projection_on_another_gpu_model_is_refused()
    {
        var a100 = BenchmarkFiles.GpuRun("20260110-120000-a100a100");
        a100 = a100 with { Fingerprint = a100.Fingerprint with { FingerprintId = "a100a100a100a100", Gpu = new Planner.Benchmarks.Results.GpuInfo("NVIDIA A100-SXM4-80GB", 80, "570.86") } };
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(a100), "a100.json", "ann", default);

        var run = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            ScenarioResolverTests.Scenario(Cloud("""{ "run": "20260110-120000-a100a100", "model": "gpt-decoder", "preset": "small", "batch": 32 }""")), default));
        var projection = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(
            ScenarioResolverTests.Scenario(Cloud("""{ "projection": { "model": "llama-3-8b", "gpu": "NVIDIA A100 SXM 80GB", "gpus": 1 } }""")), default));

        Assert.StartsWith("options[0].throughputFrom is refused: run '20260110-120000-a100a100' is for an A100 (NVIDIA A100-SXM4-80GB), and option 'cloud' runs on NVIDIA H100 SXM (an H100)",
            Assert.Single(run.Lines), StringComparison.Ordinal);
        Assert.StartsWith("options[0].throughputFrom is refused: the projection is for an A100", Assert.Single(projection.Lines), StringComparison.Ordinal);
    }

    private static string Cloud(string throughputFrom) =>
        $$"""{ "id": "cloud", "kind": "cloud", "cloudOffer": "aws-p5-48xlarge-ondemand", "throughputFrom": {{throughputFrom}} }""";
}
