using Planner.CostModel;

namespace Planner.Data.IntegrationTests;

/// <summary>
/// The evidence guard's model rule at resolution (docs/methodology.md, "Which evidence an option accepts"): a run of a
/// model far smaller than the workload's, or a projection of another model, is refused unless overridden with a reason,
/// which every origin the reference supplies records.
/// </summary>
public sealed class ServedModelGuardTests : IAsyncLifetime
{
    private const string RunId = "20260110-120000-abcdef12";
    private const string DecoderRun = $$"""{ "run": "{{RunId}}", "model": "gpt-decoder", "preset": "small", "batch": 32 }""";

    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    [Fact]
    public async Task A_run_of_a_far_smaller_model_is_refused_for_a_workload_serving_a_70b_model_naming_both_models_and_sizes()
    {
        // The file carries no parameter count (written before results did): the models catalog's gpt-decoder-small row gives it.
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(BenchmarkFiles.GpuRun()), "run.json", "ann", default);

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(Serving("\"model\": \"llama-3-70b\"", DecoderRun), default));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("options[0].throughputFrom", problem.Path);
        Assert.Equal($"options[0].throughputFrom is refused: run '{RunId}' measured gpt-decoder/small (163.1M parameters), and the workload serves llama-3-70b (70.55B), "
            + "433 times larger; throughput per GPU falls about in proportion to parameters, so it would overstate option 'cloud''s throughput about 433-fold "
            + "(evidence may be at most 2 times smaller). Use a run of a model of at least 35.28B parameters, or a projection of llama-3-70b, "
            + "or give options[0].throughputFrom.overrideModelSize with the reason to use it anyway", problem.Message);
    }

    [Fact]
    public async Task The_results_file_parameter_count_is_compared_before_the_catalog_and_the_check_is_noted_in_the_origin()
    {
        var run = BenchmarkFiles.GpuRun();
        run = run with { Results = [.. run.Results.Select(r => r with { Parameters = 40_000_000_000 })] };
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(run), "run.json", "ann", default);

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(Serving("\"model\": \"llama-3-70b\"", DecoderRun), default);

        var prefill = evaluation.Inputs.Single(i => i.Key == "cloud.prefillTokensPerGpuSecond");
        Assert.Equal("gpt-decoder/small fp32 batch 32 (prefill 1234.5 tokens/s); "
            + "model checked: gpt-decoder/small (40B parameters) for the served llama-3-70b (70.55B), at most 2 times smaller", prefill.Origin.Reference);
    }

    [Fact]
    public async Task An_override_accepts_the_run_and_every_origin_it_supplies_records_the_reason()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(BenchmarkFiles.GpuRun()), "run.json", "ann", default);
        var overridden = DecoderRun.Replace(" }", ", \"overrideModelSize\": \"pilot figure until the 70B run\" }", StringComparison.Ordinal);

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(Serving("\"model\": \"llama-3-70b\"", overridden), default);

        const string Note = "model size overridden: gpt-decoder/small (163.1M parameters) for the served llama-3-70b (70.55B), 433 times smaller, "
            + "used because \"pilot figure until the 70B run\"";
        Assert.Equal(1234.5, evaluation.Inputs.Single(i => i.Key == "cloud.prefillTokensPerGpuSecond").Value);
        Assert.All(evaluation.Inputs.Where(i => i.Key is "cloud.prefillTokensPerGpuSecond" or "cloud.decodeTokensPerGpuSecond"),
            i => Assert.EndsWith("; " + Note, i.Origin.Reference, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_projection_of_another_model_is_refused_and_one_of_the_served_model_accepted()
    {
        const string Of8B = """{ "projection": { "model": "llama-3-8b", "gpu": "H100 SXM", "gpus": 1 } }""";
        const string Of70B = """{ "projection": { "model": "llama-3.3-70b", "gpu": "H100 SXM", "gpus": 4, "contextLength": 2048 } }""";

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(Serving("\"model\": \"llama-3-70b\"", Of8B), default));
        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(Serving("\"model\": \"llama-3-70b\"", Of70B), default);

        Assert.Equal(["options[0].throughputFrom is refused: the projection is of llama-3-8b (8.03B parameters), and the workload serves llama-3-70b (70.55B); "
            + "a projection's throughput is its model's only. Project llama-3-70b, or give options[0].throughputFrom.overrideModelSize with the reason to use it anyway"], ex.Lines);
        Assert.EndsWith("; model checked: a projection of llama-3.3-70b (70.55B parameters) for the served llama-3-70b (70.55B)",
            evaluation.Inputs.Single(i => i.Key == "cloud.decodeTokensPerGpuSecond").Origin.Reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_served_model_given_by_its_parameter_count_is_checked_without_the_catalog()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(BenchmarkFiles.GpuRun()), "run.json", "ann", default);

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(Serving("\"modelParametersBillions\": 70", DecoderRun), default));

        Assert.StartsWith($"options[0].throughputFrom is refused: run '{RunId}' measured gpt-decoder/small (163.1M parameters), and the workload serves a 70B-parameter model (70B), 429 times larger",
            Assert.Single(ex.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_served_model_the_catalog_lacks_is_an_error_listing_close_names_even_without_references()
    {
        const string Typed = """{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 3, "prefillTokensPerGpuSecond": 10000, "decodeTokensPerGpuSecond": 1000 }""";

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(Serving("\"model\": \"llama-3-71b\"", null, Typed), default));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("workload.model", problem.Path);
        Assert.StartsWith("workload.model 'llama-3-71b': ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("llama-3-70b", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("; or give workload.modelParametersBillions for a model the catalog lacks", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_served_model_nothing_is_refused_and_the_origin_says_the_model_was_not_checked()
    {
        await _temp.Store.Benchmarks.ImportAsync(BenchmarkFiles.Json(BenchmarkFiles.GpuRun()), "run.json", "ann", default);

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(ScenarioResolverTests.Scenario(Cloud(DecoderRun)), default);

        Assert.EndsWith("; model not checked: the workload names no served model (workload.model), so gpt-decoder/small's size was not compared with it",
            evaluation.Inputs.Single(i => i.Key == "cloud.prefillTokensPerGpuSecond").Origin.Reference, StringComparison.Ordinal);
    }

    /// <summary>The resolver tests' scenario with <paramref name="served"/> in its workload and one cloud option on the p5 offer.</summary>
    private static string Serving(string served, string? throughputFrom, string? option = null) =>
        ScenarioResolverTests.Scenario(option ?? Cloud(throughputFrom!))
            .Replace("\"outputTokensPerRequest\": 100 }", $"\"outputTokensPerRequest\": 100, {served} }}", StringComparison.Ordinal);

    private static string Cloud(string throughputFrom) =>
        $$"""{ "id": "cloud", "kind": "cloud", "cloudOffer": "aws-p5-48xlarge-ondemand", "throughputFrom": {{throughputFrom}} }""";
}
