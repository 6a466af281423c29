using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.UnitTests;

public class LatencyStatisticsTests
{
    [Fact]
    public void Summary_of_one_to_ten_matches_hand_computed_values()
    {
        var stats = LatencyStatistics.Summarize([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

        Assert.Equal(5.5, stats.Mean, 12);
        Assert.Equal(Math.Sqrt(82.5 / 9), stats.StdDev, 12); // sample standard deviation
        Assert.Equal(stats.StdDev / 5.5, stats.Cv, 12);
        Assert.Equal(5.5, stats.P50, 12);
        Assert.Equal(9.1, stats.P90, 12);
        Assert.Equal(9.55, stats.P95, 12);
        Assert.Equal(9.91, stats.P99, 12);
    }

    [Fact]
    public void Single_sample_has_zero_spread()
    {
        var stats = LatencyStatistics.Summarize([3.0]);

        Assert.Equal(new Results.LatencyStats(3, 0, 0, 3, 3, 3, 3), stats);
    }

    [Fact]
    public void Gate_marks_a_noisy_result_invalid_with_its_cv()
    {
        var settings = new MeasurementSettings(MinIterations: 2, MaxCv: 0.1);
        var measurement = new Measurement([1, 3, 1, 3], 0.008, Cancelled: false);

        var reason = LatencyStatistics.InvalidReason(measurement, LatencyStatistics.Summarize(measurement.LatenciesMs), settings);

        Assert.Equal("too noisy: CV 0.577 above maxCv 0.1", reason);
    }

    [Fact]
    public void Gate_passes_a_steady_result_with_enough_iterations()
    {
        var settings = new MeasurementSettings(MinIterations: 4, MaxCv: 0.1);
        var measurement = new Measurement([2, 2.01, 1.99, 2], 0.008, Cancelled: false);

        Assert.Null(LatencyStatistics.InvalidReason(measurement, LatencyStatistics.Summarize(measurement.LatenciesMs), settings));
    }
}
