using System.Text.Json.Nodes;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.CostModel;
using Planner.CostModel.Uncertainty;

namespace Planner.Benchmarks.UnitTests;

/// <summary>Known answers of the comparison statistic (docs/methodology.md, "Comparing benchmark runs").</summary>
public class ThroughputIntervalTests
{
    [Theory]
    [InlineData(1, 12.70620474)]
    [InlineData(10, 2.22813885)]
    [InlineData(30, 2.04227246)]
    [InlineData(1e7, 1.95996398)]
    public void Student_t_quantile_matches_printed_tables(double degreesOfFreedom, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.StudentTQuantile(0.975, degreesOfFreedom), 6);
        Assert.Equal(-expected, SpecialFunctions.StudentTQuantile(0.025, degreesOfFreedom), 6);
    }

    [Fact]
    public void Equal_spreads_of_six_iterations_give_ten_degrees_of_freedom_and_the_hand_worked_interval()
    {
        var spread = new ThroughputSpread(0.1, 6, ThroughputSpread.FromSamples);

        var interval = ThroughputInterval.Of(1.2, spread, spread)!;

        Assert.Equal(10, interval.DegreesOfFreedom, 9);
        Assert.Equal(2.228139, interval.T, 5);
        Assert.Equal(Math.Sqrt(2 * 0.01 / 6), interval.StandardError, 12);
        Assert.Equal(1.055147, interval.Low, 5);
        Assert.Equal(1.364739, interval.High, 5);
    }

    [Fact]
    public void Unequal_spreads_use_the_welch_satterthwaite_degrees_of_freedom()
    {
        // va = 0.01/10 = 0.001, vb = 0.04/10 = 0.004: nu = 0.005^2 / ((0.001^2 + 0.004^2) / 9) = 13.2353.
        var interval = ThroughputInterval.Of(1, new ThroughputSpread(0.1, 10, ThroughputSpread.FromSamples), new ThroughputSpread(0.2, 10, ThroughputSpread.FromSamples))!;

        Assert.Equal(0.000025 * 9 / 0.000017, interval.DegreesOfFreedom, 9);
        Assert.True(interval.Low < 1 && interval.High > 1);
    }

    [Fact]
    public void The_spread_of_stored_latencies_is_the_standard_deviation_of_their_logs()
    {
        var result = TestRuns.Result() with { LatencySamplesMs = [1, 2, 4] };

        var spread = ThroughputInterval.Spread(result);

        Assert.Equal(Math.Log(2), spread.LogStdDev, 12);
        Assert.Equal(3, spread.Count);
        Assert.Equal(ThroughputSpread.FromSamples, spread.Source);
    }

    [Fact]
    public void A_result_without_stored_latencies_falls_back_on_its_cv_and_iterations()
    {
        var spread = ThroughputInterval.Spread(TestRuns.Result(cv: 0.3));

        Assert.Equal(new ThroughputSpread(0.3, 100, ThroughputSpread.FromCv), spread);
    }

    [Fact]
    public void Fewer_than_two_iterations_give_no_interval()
    {
        Assert.Null(ThroughputInterval.Of(1.5, new ThroughputSpread(0.1, 1, ThroughputSpread.FromSamples), new ThroughputSpread(0.1, 50, ThroughputSpread.FromSamples)));
    }

    [Fact]
    public void A_short_loop_stores_every_latency_to_four_significant_digits()
    {
        var stored = LatencyStatistics.StoredSamples([1.234567, 12.34567, 0.001234567, 1234.567]);

        Assert.Equal([1.235, 12.35, 0.001235, 1235], stored);
    }

    [Fact]
    public void A_long_loop_stores_evenly_spaced_latencies_up_to_the_limit()
    {
        var latencies = Enumerable.Range(0, 1000).Select(i => (double)i + 1).ToArray();

        var stored = LatencyStatistics.StoredSamples(latencies);

        Assert.Equal(Limits.LatencySamplesPerResult, stored.Length);
        Assert.Equal(1, stored[0]);
        Assert.Equal(6, stored[1]);
        Assert.Equal(996, stored[^1]);
    }

    [Fact]
    public void Stored_latencies_survive_writing_and_reading_back_in_a_version_3_file()
    {
        var run = TestRuns.Run("20260102-030405-samples", TestRuns.Result() with { LatencySamplesMs = [1.5, 1.25, 2] });

        var read = BenchmarkResultsJson.Parse(BenchmarkResultsJson.Serialize(run));

        Assert.Equal(3, BenchmarkRun.CurrentSchemaVersion);
        Assert.Equal(3, read.SchemaVersion);
        Assert.Equal([1.5, 1.25, 2], read.Results[0].LatencySamplesMs!);
    }

    [Fact]
    public void A_version_2_file_without_latencies_still_reads_and_compares()
    {
        var node = JsonNode.Parse(BenchmarkResultsJson.Serialize(TestRuns.Run("20260102-030405-version2", TestRuns.Result())))!;
        node["schemaVersion"] = 2;

        var read = BenchmarkResultsJson.Parse(node.ToJsonString());
        var comparison = ResultComparer.Compare(read.Results[0], read.Results[0] with { Throughput = new Throughput(2000, "samples/s") });

        Assert.Null(read.Results[0].LatencySamplesMs);
        Assert.Equal(ThroughputSpread.FromCv, comparison.SpreadA.Source);
        Assert.Equal(ResultComparer.Faster, comparison.Verdict);
    }

    [Fact]
    public void Too_many_or_negative_stored_latencies_are_refused_naming_the_path()
    {
        var node = JsonNode.Parse(BenchmarkResultsJson.Serialize(TestRuns.Run("20260102-030405-bad", TestRuns.Result() with { LatencySamplesMs = [1, 2] }, TestRuns.Result(batch: 2))))!;
        node["results"]![0]!["latencySamplesMs"]![1] = -3;
        node["results"]![1]!["latencySamplesMs"] = new JsonArray([.. Enumerable.Range(0, Limits.LatencySamplesPerResult + 1).Select(i => JsonValue.Create(1.0))]);

        var problems = Assert.Throws<InputException>(() => BenchmarkResultsJson.Parse(node.ToJsonString(), "f.json")).Lines;

        Assert.Contains("f.json: $.results[0].latencySamplesMs[1]: must be a number of milliseconds >= 0, got -3.", problems);
        Assert.Contains($"f.json: $.results[1].latencySamplesMs: must hold at most {Limits.LatencySamplesPerResult} latencies (got {Limits.LatencySamplesPerResult + 1}).", problems);
    }
}
