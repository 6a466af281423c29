using Planner.Web.Benchmarks;

namespace Planner.Web.ComponentTests;

/// <summary>Issue 15: the benchmark history shows how long each run took.</summary>
public sealed class BenchmarkHistoryTests
{
    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(47.6, "48 s")]
    [InlineData(185, "3 min 05 s")]
    [InlineData(3720, "1 h 02 min")]
    [InlineData(-1, "—")]
    public void A_run_duration_is_written_in_seconds_minutes_or_hours(double seconds, string expected) =>
        Assert.Equal(expected, BenchmarkRunSummary.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_summary_takes_its_duration_from_the_run_start_and_finish()
    {
        var started = new DateTime(2026, 12, 2, 3, 0, 0, DateTimeKind.Utc);
        var run = new BenchmarkRunSummary("r1", "smoke", started, started.AddSeconds(125), "cpu", "fp", false, 4, 4, "web");

        Assert.Equal("2 min 05 s", run.DurationText);
    }
}
