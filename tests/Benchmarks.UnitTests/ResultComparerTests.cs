using Planner.Benchmarks.Results;

namespace Planner.Benchmarks.UnitTests;

public class ResultComparerTests
{
    [Fact]
    public void Doubling_with_low_noise_is_faster_with_an_interval_around_two()
    {
        var comparison = ResultComparer.Compare(TestRuns.Result(throughput: 1000, cv: 0.05), TestRuns.Result(throughput: 2000, cv: 0.05));

        Assert.Equal(2.0, comparison.Ratio, 12);
        Assert.InRange(comparison.RatioLow!.Value, 1.97, 2.0);
        Assert.InRange(comparison.RatioHigh!.Value, 2.0, 2.03);
        Assert.Equal(ResultComparer.Faster, comparison.Verdict);
        Assert.True(comparison.Significant);
    }

    [Fact]
    public void A_small_change_within_wide_spread_is_no_significant_difference()
    {
        // cv 0.3 over 5 iterations a side: SE = sqrt(2 * 0.09 / 5) = 0.19, so a 1.2x ratio's interval spans 1.
        var a = TestRuns.Result(throughput: 1000, cv: 0.3) with { Iterations = 5 };
        var b = TestRuns.Result(throughput: 1200, cv: 0.3) with { Iterations = 5 };

        var comparison = ResultComparer.Compare(a, b);

        Assert.Equal(1.2, comparison.Ratio, 12);
        Assert.True(comparison.RatioLow < 1 && comparison.RatioHigh > 1);
        Assert.Equal(ResultComparer.NoSignificantDifference, comparison.Verdict);
        Assert.False(comparison.Significant);
    }

    [Fact]
    public void A_drop_to_a_third_with_noisy_iterations_is_slower_not_within_noise()
    {
        // Issue #15: a 0.31x drop was called "within noise" because the old band did not divide by sqrt(n).
        var comparison = ResultComparer.Compare(TestRuns.Result(throughput: 1000, cv: 0.6), TestRuns.Result(throughput: 310, cv: 0.6));

        Assert.Equal(0.26224, comparison.RatioLow!.Value, 3);
        Assert.Equal(0.36646, comparison.RatioHigh!.Value, 3);
        Assert.Equal(ResultComparer.Slower, comparison.Verdict);
    }

    [Fact]
    public void Stored_latencies_decide_the_interval_when_both_sides_have_them()
    {
        var steady = Enumerable.Range(0, 50).Select(i => 10.0 + (i % 2 == 0 ? 0.1 : -0.1)).ToArray();
        var a = TestRuns.Result(throughput: 1000, cv: 5) with { LatencySamplesMs = steady };
        var b = TestRuns.Result(throughput: 1050, cv: 5) with { LatencySamplesMs = [.. steady.Select(x => x / 1.05)] };

        var comparison = ResultComparer.Compare(a, b);

        Assert.Equal(ThroughputSpread.FromSamples, comparison.SpreadA.Source);
        Assert.Equal(ResultComparer.Faster, comparison.Verdict);
    }

    [Fact]
    public void An_invalid_side_is_reported_as_such()
    {
        var comparison = ResultComparer.Compare(TestRuns.Result(), TestRuns.Result(throughput: 5000) with { Valid = false, InvalidReason = "too noisy" });

        Assert.Equal(ResultComparer.Invalid, comparison.Verdict);
        Assert.False(comparison.Significant);
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
