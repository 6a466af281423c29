using Planner.Benchmarks.Results;

namespace Planner.Benchmarks.UnitTests;

public class ResultComparerTests
{
    [Fact]
    public void Noise_threshold_is_twice_the_combined_cv()
    {
        Assert.Equal(2 * Math.Sqrt(0.09 + 0.16), ResultComparer.NoiseThreshold(0.3, 0.4), 12);
    }

    [Fact]
    public void Doubling_with_low_noise_is_beyond_noise()
    {
        var comparison = ResultComparer.Compare(TestRuns.Result(throughput: 1000, cv: 0.05), TestRuns.Result(throughput: 2000, cv: 0.05));

        Assert.Equal(2.0, comparison.Ratio, 12);
        Assert.True(comparison.BeyondNoise);
    }

    [Fact]
    public void Small_change_with_high_noise_is_within_noise()
    {
        var comparison = ResultComparer.Compare(TestRuns.Result(throughput: 1000, cv: 0.3), TestRuns.Result(throughput: 1200, cv: 0.3));

        Assert.Equal(1.2, comparison.Ratio, 12);
        Assert.False(comparison.BeyondNoise);
    }

    [Fact]
    public void Runs_are_matched_by_key_and_unmatched_results_are_listed()
    {
        var a = TestRuns.Run("a", TestRuns.Result(batch: 1), TestRuns.Result(batch: 32));
        var b = TestRuns.Run("b", TestRuns.Result(batch: 1, throughput: 900), TestRuns.Result(model: "lenet5"));

        var comparison = ResultComparer.Compare(a, b);

        var matched = Assert.Single(comparison.Matched);
        Assert.Equal(0.9, matched.Ratio, 12);
        Assert.Single(comparison.OnlyInA);
        Assert.Single(comparison.OnlyInB);
        Assert.True(comparison.SameDevice);
    }
}
