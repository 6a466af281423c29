using Planner.Benchmarks.Results;
using Planner.Benchmarks.Serving;
using Planner.CostModel;
using Planner.CostModel.Serving;

namespace Planner.Benchmarks.UnitTests;

public class ServingImportsTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ImportSamples", name));

    [Fact]
    public void A_guidellm_report_becomes_one_serving_result_per_benchmark_with_its_percentiles_in_milliseconds()
    {
        var run = ServingImports.Convert(Sample("guidellm-benchmarks.json"), "benchmarks.json");

        Assert.Equal("guidellm", run.Profile);
        Assert.Equal(2, run.Serving!.Count);
        var poisson = run.Serving[0];
        Assert.Equal(ServingResult.GuideLlmSource, poisson.Source);
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", poisson.Model);
        Assert.Equal(2.0, poisson.Load.RatePerSecond);
        Assert.Equal((256, 128, 30.0), (poisson.Load.InputTokens, poisson.Load.OutputTokens, poisson.Load.DurationSeconds));
        Assert.Equal((60, 58, 2, 0), (poisson.Metrics.Issued, poisson.Metrics.Completed, poisson.Metrics.Failed, poisson.Metrics.Incomplete));
        Assert.Equal(new LatencyDistribution(58, 85.2, 80.1, 130.4, 160.2, 205.0, 210.5), poisson.Metrics.TimeToFirstTokenMs);
        Assert.Equal(3100, poisson.Metrics.EndToEndMs.P95, 9); // request_latency is in seconds
        Assert.Equal(7424 / 30.0, poisson.Metrics.OutputTokensPerSecond, 9);
        Assert.Equal(8, run.Serving[1].Load.Concurrency);
        Assert.Equal(3, run.Serving[1].Metrics.Incomplete);
    }

    [Fact]
    public void An_aiperf_profile_export_becomes_a_serving_result_with_errors_by_http_status()
    {
        var run = ServingImports.Convert(Sample("aiperf-profile-export.json"), "profile_export_aiperf.json");

        var serving = Assert.Single(run.Serving!);
        Assert.Equal(ServingResult.AiPerfSource, serving.Source);
        Assert.Equal("openai/gpt-oss-20b", serving.Model);
        Assert.Equal(100, serving.Load.Concurrency);
        Assert.Equal((550, 97), (serving.Load.InputTokens, serving.Load.OutputTokens));
        Assert.Equal(new LatencyDistribution(200, 1588.8, 787.54, 3695.1, 4051.43, 4119.33, 4121.09), serving.Metrics.TimeToFirstTokenMs);
        Assert.Equal(54.32, serving.Metrics.InterTokenLatencyMs.P95);
        Assert.Equal(1274.6, serving.Metrics.OutputTokensPerSecond);
        Assert.Equal(3, serving.Metrics.ErrorsByKind["http 500"]);
        Assert.Equal(2, serving.Metrics.ErrorsByKind["http 429"]);
        Assert.Equal((205, 200, 5), (serving.Metrics.Issued, serving.Metrics.Completed, serving.Metrics.Failed));
    }

    [Fact]
    public void Imported_runs_are_valid_results_files_whose_fingerprint_says_the_machine_was_not_recorded()
    {
        var run = ServingImports.Convert(Sample("guidellm-benchmarks.json"), "benchmarks.json");

        var read = BenchmarkResultsJson.Parse(BenchmarkResultsJson.Serialize(run));

        Assert.Equal("imported", read.Fingerprint.FingerprintId);
        Assert.Equal(2, read.Serving!.Count);
        Assert.Equal(run.Serving![1].Metrics.InterTokenLatencyMs, read.Serving[1].Metrics.InterTokenLatencyMs);
    }

    [Fact]
    public void A_file_of_neither_tool_or_with_a_metric_missing_is_refused_naming_what_is_wrong()
    {
        var unknown = Assert.Throws<InputException>(() => ServingImports.Convert("""{"results": []}""", "x.json"));
        var missing = Assert.Throws<InputException>(() => ServingImports.Convert(
            """{"benchmarks": [{"metrics": {"time_to_first_token_ms": {"successful": {"mean": 1}}, "request_latency": {"successful": {"mean": 1}}}}]}""", "g.json"));

        Assert.StartsWith("x.json: not a GuideLLM benchmarks.json", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(["g.json: $.benchmarks[0].metrics.inter_token_latency_ms.successful: required object is missing."], missing.Lines);
    }
}
