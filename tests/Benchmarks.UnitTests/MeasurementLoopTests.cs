using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.UnitTests;

public class MeasurementLoopTests
{
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Runs_until_the_minimum_duration_when_the_minimum_count_comes_first()
    {
        var clock = new SteppingClock();
        var settings = new MeasurementSettings(WarmupIterations: 0, MinIterations: 10, MinDurationSeconds: 0.5, MaxDurationSeconds: 10);

        var measurement = MeasurementLoop.Run(() => clock.Advance(OneMillisecond), settings, clock, CancellationToken.None);

        Assert.Equal(500, measurement.Iterations);
        Assert.Equal(0.5, measurement.ElapsedSeconds, 9);
        Assert.All(measurement.LatenciesMs, l => Assert.Equal(1.0, l, 9));
    }

    [Fact]
    public void Runs_until_the_minimum_count_when_the_minimum_duration_comes_first()
    {
        var clock = new SteppingClock();
        var settings = new MeasurementSettings(WarmupIterations: 0, MinIterations: 50, MinDurationSeconds: 0.01, MaxDurationSeconds: 10);

        var measurement = MeasurementLoop.Run(() => clock.Advance(OneMillisecond), settings, clock, CancellationToken.None);

        Assert.Equal(50, measurement.Iterations);
    }

    [Fact]
    public void Warm_up_iterations_run_but_are_not_timed()
    {
        var clock = new SteppingClock();
        var calls = 0;
        var settings = new MeasurementSettings(WarmupIterations: 7, MinIterations: 3, MinDurationSeconds: 0, MaxDurationSeconds: 10);

        var measurement = MeasurementLoop.Run(() =>
        {
            calls++;
            clock.Advance(calls <= 7 ? TimeSpan.FromSeconds(1) : OneMillisecond);
        }, settings, clock, CancellationToken.None);

        Assert.Equal(10, calls);
        Assert.Equal(3, measurement.Iterations);
        Assert.Equal(0.003, measurement.ElapsedSeconds, 9);
    }

    [Fact]
    public void Maximum_duration_stops_a_slow_benchmark_and_the_gate_marks_it_invalid()
    {
        var clock = new SteppingClock();
        var settings = new MeasurementSettings(WarmupIterations: 0, MinIterations: 100, MinDurationSeconds: 1, MaxDurationSeconds: 2);

        var measurement = MeasurementLoop.Run(() => clock.Advance(TimeSpan.FromMilliseconds(500)), settings, clock, CancellationToken.None);
        var reason = LatencyStatistics.InvalidReason(measurement, LatencyStatistics.Summarize(measurement.LatenciesMs), settings);

        Assert.Equal(4, measurement.Iterations);
        Assert.StartsWith("too few iterations: 4 < minIterations 100", reason);
    }

    [Fact]
    public void Cancellation_stops_the_loop_and_keeps_the_samples_taken()
    {
        var clock = new SteppingClock();
        using var cancellation = new CancellationTokenSource();
        var calls = 0;
        var settings = new MeasurementSettings(WarmupIterations: 0, MinIterations: 1000, MinDurationSeconds: 100, MaxDurationSeconds: 1000);

        var measurement = MeasurementLoop.Run(() =>
        {
            clock.Advance(OneMillisecond);
            if (++calls == 25)
            {
                cancellation.Cancel();
            }
        }, settings, clock, cancellation.Token);

        Assert.True(measurement.Cancelled);
        Assert.Equal(25, measurement.Iterations);
        Assert.Equal("cancelled after 25 iterations", LatencyStatistics.InvalidReason(measurement, LatencyStatistics.Summarize(measurement.LatenciesMs), settings));
    }

    [Fact]
    public void Maximum_iterations_bound_the_sample_array()
    {
        var clock = new SteppingClock();
        var settings = new MeasurementSettings(WarmupIterations: 0, MinIterations: 5, MinDurationSeconds: 100, MaxDurationSeconds: 1000, MaxIterations: 40);

        var measurement = MeasurementLoop.Run(() => clock.Advance(OneMillisecond), settings, clock, CancellationToken.None);

        Assert.Equal(40, measurement.Iterations);
    }
}
