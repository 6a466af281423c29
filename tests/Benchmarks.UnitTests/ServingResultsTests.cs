using System.Text.Json.Nodes;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Serving;

namespace Planner.Benchmarks.UnitTests;

public class ServingResultsTests
{
    private static readonly ServingLoad Load = new(4, null, 2, 16, 8, 100, 60, 42);

    /// <summary>A serving result from the simulator (a real run of the loop), so its metrics are consistent.</summary>
    internal static ServingResult Simulated(double decodeSeconds = 0.01, ServingLoad? load = null)
    {
        load ??= Load;
        var model = new StepTimeModel(0.002, 0.0001, decodeSeconds, 0.001, 0);
        var trace = ServingSimulator.Run(load, 4, model);
        var metrics = ServingSummary.Summarize(trace.Requests, trace.WallSeconds, new ServingTargets(50, 20));
        var fit = StepTimeFitter.Fit(trace.Prefills, trace.Decodes);
        return new ServingResult(ServingResult.DecoderSource, "gpt-decoder", "tiny", null, "cpu", load, 4, new ServingTargets(50, 20),
            metrics, fit, PredictionError.Compare(load, 4, fit.Model, metrics), false, null);
    }

    [Fact]
    public void A_run_with_serving_results_survives_writing_and_reading_back()
    {
        var run = TestRuns.Run("20260102-030405-serving") with { Serving = [Simulated()] };

        var read = BenchmarkResultsJson.Parse(BenchmarkResultsJson.Serialize(run));

        var serving = Assert.Single(read.Serving!);
        Assert.Equal(3, read.SchemaVersion);
        Assert.Equal(run.Serving![0].Metrics.TimeToFirstTokenMs, serving.Metrics.TimeToFirstTokenMs);
        Assert.Equal(run.Serving[0].StepTimeFit, serving.StepTimeFit);
        Assert.Equal(run.Serving[0].Load, serving.Load);
        Assert.Equal(6, serving.Prediction!.Count);
        Assert.True(serving.Metrics.Completed > 0);
    }

    [Fact]
    public void A_version_1_file_without_serving_still_reads()
    {
        var node = JsonNode.Parse(BenchmarkResultsJson.Serialize(TestRuns.Run("20260102-030405-version1", TestRuns.Result())))!;
        node["schemaVersion"] = 1;

        var read = BenchmarkResultsJson.Parse(node.ToJsonString());

        Assert.Null(read.Serving);
        Assert.Single(read.Results);
    }

    [Fact]
    public void Serving_problems_name_their_json_path()
    {
        var node = JsonNode.Parse(BenchmarkResultsJson.Serialize(TestRuns.Run("20260102-030405-bad") with { Serving = [Simulated()] }))!;
        node["serving"]![0]!["source"] = "locust";
        node["serving"]![0]!["metrics"]!["goodput"] = 1.5;
        node["serving"]![0]!["metrics"]!["timeToFirstTokenMs"]!.AsObject().Remove("p95");

        var problems = Assert.Throws<InputException>(() => BenchmarkResultsJson.Parse(node.ToJsonString(), "f.json")).Lines;

        Assert.Contains(problems, p => p.StartsWith("f.json: $.serving[0].source: must be one of decoder, endpoint, guidellm, aiperf", StringComparison.Ordinal));
        Assert.Contains("f.json: $.serving[0].metrics.goodput: must be between 0 and 1, got 1.5.", problems);
        Assert.Contains("f.json: $.serving[0].metrics.timeToFirstTokenMs.p95: required number is missing.", problems);
    }

    [Fact]
    public void Compare_matches_serving_results_by_load_and_gives_throughput_and_latency_ratios()
    {
        var a = TestRuns.Run("a") with { Serving = [Simulated(0.01), Simulated(0.01, Load with { RatePerSecond = 8 })] };
        var b = TestRuns.Run("b") with { Serving = [Simulated(0.02)] };

        var comparison = ResultComparer.Compare(a, b);

        var matched = Assert.Single(comparison.ServingMatched);
        Assert.Equal(a.Serving![0].Metrics.OutputTokensPerSecond, matched.OutputTokensPerSecondA);
        Assert.True(matched.InterTokenLatencyP95Ratio > 1.5, $"ITL ratio {matched.InterTokenLatencyP95Ratio}");
        Assert.Contains(comparison.OnlyInA, k => k.Contains("rate 8/s", StringComparison.Ordinal));
    }

    [Fact]
    public void The_documented_serving_measurement_reproduces_its_simulator_errors_from_its_fitted_model()
    {
        // docs/measurements/: bench serve of the small decoder on the 2-core build machine, quoted in docs/benchmarking.md.
        var run = BenchmarkResultsJson.Read(Path.Combine(AppContext.BaseDirectory, "measurements", "serving-small-cpu-20261201-070451-733f182a.json"));

        Assert.Equal(2, run.Serving!.Count);
        foreach (var serving in run.Serving)
        {
            var replayed = PredictionError.Compare(serving.Load, serving.MaxBatch!.Value, serving.StepTimeFit!.Model, serving.Metrics);
            Assert.Equal(serving.Prediction!.Select(p => Math.Round(p.PredictedMs, 6)), replayed.Select(p => Math.Round(p.PredictedMs, 6)));
        }
        var atOne = run.Serving.Single(s => s.Load.RatePerSecond == 1);
        Assert.All(atOne.Prediction!, p => Assert.InRange(p.ErrorPercent, -1, 11));
        var atHalf = run.Serving.Single(s => s.Load.RatePerSecond == 0.5).Prediction!.ToDictionary(p => p.Metric, p => p.ErrorPercent);
        Assert.Equal(-31, atHalf["ttftMs.p50"], 0);
        Assert.Equal(38, atHalf["itlMs.p50"], 0);
    }
}
