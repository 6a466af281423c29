using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Demand with a shape (docs/methodology.md, "Demand with a shape"): hour factor f_h = 24 × D × s_h / Σs with the day
/// volume D = 1, or 7 / (5 + 2v) on weekdays and 7v / (5 + 2v) on weekend days; the busiest hour = max f replaces peakToAverage.
/// </summary>
public class DemandShapeTests
{
    /// <summary>Hours 0-11 carry 1/48 of the day each, hours 12-23 3/48: factors 0.5 and 1.5.</summary>
    internal static readonly double[] QuietMorning = [.. Enumerable.Repeat(1.0 / 48, 12), .. Enumerable.Repeat(3.0 / 48, 12)];

    internal static readonly double[] Flat = [.. Enumerable.Repeat(1.0 / 24, 24)];

    [Fact]
    public void Hour_factors_are_24_times_the_share_and_the_busiest_hour_is_the_peak()
    {
        var workload = Workload(1_000) with { HourlyShares = QuietMorning };

        var (weekday, weekend) = DemandShape.HourFactors(workload)!.Value;

        Assert.Equal(0.5, weekday[0], 12);
        Assert.Equal(1.5, weekday[23], 12);
        Assert.Equal(weekday, weekend);
        Assert.Equal(1.5, DemandShape.PeakToAverage(workload), 12);
    }

    [Fact]
    public void A_weekend_profile_splits_the_week_by_day_volume_and_factors_average_one()
    {
        // v = 0.5: a week holds 5 + 2 × 0.5 = 6 weekday-days; weekdays D = 7/6, weekend days D = 3.5/6 = 7/12.
        var workload = Workload(1_000) with { HourlyShares = QuietMorning, WeekendHourlyShares = Flat, WeekendDayVolume = 0.5 };

        var (weekday, weekend) = DemandShape.HourFactors(workload)!.Value;

        Assert.Equal(0.5 * 7 / 6, weekday[0], 12);
        Assert.Equal(1.75, weekday[12], 12);
        Assert.Equal(7.0 / 12, weekend[5], 12);
        Assert.Equal(1.75, DemandShape.PeakToAverage(workload), 12);
        Assert.Equal(1, ((5 * weekday.Sum()) + (2 * weekend.Sum())) / 168, 12);
    }

    [Fact]
    public void Shares_that_add_up_within_the_tolerance_are_used_divided_by_their_sum()
    {
        var shares = QuietMorning.Select(s => s * 1.0009).ToArray();

        var workload = Workload(1_000) with { HourlyShares = shares };

        Assert.Empty(DemandShape.Problems(workload));
        Assert.Equal(1.5, DemandShape.PeakToAverage(workload), 12);
    }

    [Fact]
    public void Without_a_profile_the_peak_is_the_workloads_peak_to_average()
    {
        Assert.Null(DemandShape.HourFactors(Workload(1_000, peakToAverage: 2.5)));
        Assert.Equal(2.5, DemandShape.PeakToAverage(Workload(1_000, peakToAverage: 2.5)));
    }

    [Fact]
    public void The_profile_replaces_peak_to_average_in_todays_owned_sizing()
    {
        // 10 requests/s on average, 1 GPU-second each (500 output tokens at 500/s): 10 busy GPUs, 15 at the 1.5 peak → 4 servers of 4.
        var shaped = Scenario(1, 0, Workload(26_280_000) with { HourlyShares = QuietMorning }, OnPrem());
        var peaked = Scenario(1, 0, Workload(26_280_000, peakToAverage: 1.5), OnPrem());

        var fromProfile = CostEngine.Evaluate(shaped).GetOption("onprem");
        var fromFactor = CostEngine.Evaluate(peaked).GetOption("onprem");

        Assert.Equal(4, fromProfile.Servers);
        Assert.Equal(15, fromProfile.PeakGpus);
        Assert.Equal(fromFactor.PresentValue, fromProfile.PresentValue);
    }

    [Theory]
    [InlineData(23, "workload.hourlyShares must list exactly 24 hourly shares, hour 0 (00:00-01:00) first (got 23)")]
    [InlineData(25, "workload.hourlyShares must list exactly 24 hourly shares, hour 0 (00:00-01:00) first (got 25)")]
    public void A_profile_needs_24_hours(int hours, string line)
    {
        var scenario = Scenario(1, 0, Workload(1_000) with { HourlyShares = [.. Enumerable.Repeat(1.0 / hours, hours)] }, Api());

        Assert.Contains(line, ScenarioValidator.Validate(scenario).Select(p => p.ToString()));
    }

    [Fact]
    public void Shares_must_add_up_to_one_and_each_lie_between_0_and_1()
    {
        var short10 = QuietMorning.Select(s => s * 0.9).ToArray();
        var negative = (double[])Flat.Clone();
        negative[3] = -0.01;
        negative[4] += 0.01;

        var sum = ScenarioValidator.Validate(Scenario(1, 0, Workload(1_000) with { HourlyShares = short10 }, Api()));
        var sign = ScenarioValidator.Validate(Scenario(1, 0, Workload(1_000) with { HourlyShares = Flat, WeekendHourlyShares = negative }, Api()));

        Assert.Equal("workload.hourlyShares must add up to 1 (within 0.001): each is the share of a day's requests in that hour (got a sum of 0.9)",
            Assert.Single(sum).ToString());
        // The hour out of range, and (since ADR 046) the sum too, which an hour out of range no longer hides.
        Assert.Equal(
        [
            "workload.weekendHourlyShares[3] must be >= 0 and <= 1 (a share of the day's requests; got -0.01)",
            "workload.weekendHourlyShares must add up to 1 (within 0.001): each is the share of a day's requests in that hour (got a sum of 0.958333)",
        ], sign.Select(p => p.ToString()));
    }

    [Fact]
    public void Hourly_counts_are_named_hour_by_hour_and_by_their_sum_with_the_tolerance()
    {
        // 1, 2, ..., 24 requests an hour: every hour above 1 is out of range, and they add up to 300.
        var counts = Enumerable.Range(1, 24).Select(h => (double)h).ToArray();

        var problems = ScenarioValidator.Validate(Scenario(1, 0, Workload(1_000) with { HourlyShares = counts }, Api())).Select(p => p.ToString()).ToList();

        Assert.Equal(23, problems.Count(p => p.StartsWith("workload.hourlyShares[", StringComparison.Ordinal)));
        Assert.Contains("workload.hourlyShares must add up to 1 (within 0.001): each is the share of a day's requests in that hour (got a sum of 300)", problems);
    }

    [Fact]
    public void Targets_come_in_pairs_and_the_profile_parts_need_each_other()
    {
        var workload = Workload(1_000, peakToAverage: 2) with { TtftP95Seconds = 2, WeekendDayVolume = 0.4, HourlyShares = QuietMorning };

        var lines = ScenarioValidator.Validate(Scenario(1, 0, workload, Api())).Select(p => p.ToString()).ToArray();

        Assert.Equal(
        [
            "workload.itlP95Seconds is required with ttftP95Seconds (latency targets come in pairs: p95 time to first token and p95 inter-token latency, both > 0)",
            "workload.weekendDayVolume needs weekendHourlyShares (without a weekend profile every day is alike; got weekendDayVolume 0.4)",
            "workload.peakToAverage must be left out with hourlyShares (the profile's busiest hour sets the peak; got peakToAverage 2)",
        ], lines);
        Assert.Contains("workload.weekendHourlyShares needs hourlyShares (the weekday profile; got a weekend profile alone)",
            ScenarioValidator.Validate(Scenario(1, 0, Workload(1_000) with { WeekendHourlyShares = Flat }, Api())).Select(p => p.ToString()));
    }

    [Fact]
    public void A_replica_capacity_needs_the_workloads_targets()
    {
        var scenario = Scenario(1, 0, Workload(1_000), Cloud() with { ReplicaRequestsPerSecond = 4 });

        Assert.Equal("options[0].replicaRequestsPerSecond needs the workload's latency targets (workload.ttftP95Seconds and itlP95Seconds): it is one replica's capacity at them (got 4 without targets)",
            Assert.Single(ScenarioValidator.Validate(scenario)).ToString());
    }

    [Fact]
    public void Targets_and_profiles_read_and_write_back_unchanged()
    {
        const string Json = """
            {
              "name": "shaped", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "outputTokensPerRequest": 500, "ttftP95Seconds": 2, "itlP95Seconds": 0.05,
                            "hourlyShares": [0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.0525, 0.0525, 0.0525, 0.0525,
                                             0.0525, 0.0525, 0.0525, 0.0525, 0.0525, 0.0525, 0.0525, 0.0525, 0.0525, 0.0525, 0.0525, 0.0525],
                            "weekendHourlyShares": [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.0375, 0.0375, 0.0375, 0.0375,
                                                    0.0375, 0.0375, 0.0375, 0.0375, 0.0375, 0.0375, 0.0375, 0.0375, 0.0375, 0.0375, 0.0375, 0.0375],
                            "weekendDayVolume": 0.5 },
              "options": [ { "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "decodeTokensPerGpuSecond": 500,
                             "replicaRequestsPerSecond": 4, "gpusPerReplica": 2, "minReplicas": 1, "replicaScalingStep": 0 } ]
            }
            """;

        var scenario = ScenarioJson.Parse(Json);
        var again = ScenarioJson.Parse(ScenarioJsonWriter.Write(scenario));

        foreach (var read in new[] { scenario, again })
        {
            Assert.Equal(2, read.Workload.TtftP95Seconds);
            Assert.Equal(0.05, read.Workload.ItlP95Seconds);
            Assert.Equal(0.0525, read.Workload.HourlyShares![12]);
            Assert.Equal(24, read.Workload.WeekendHourlyShares!.Count);
            Assert.Equal(0.5, read.Workload.WeekendDayVolume);
            var cloud = (CloudOption)read.Options[0];
            Assert.Equal((4.0, 2, 1, 0), (cloud.ReplicaRequestsPerSecond, cloud.GpusPerReplica, cloud.MinReplicas, cloud.ReplicaScalingStep));
        }
        Assert.Equal(ScenarioJsonWriter.Write(scenario), ScenarioJsonWriter.Write(again));
    }

    [Fact]
    public void A_profile_that_is_not_an_array_of_numbers_is_refused_at_its_path()
    {
        const string Json = """
            { "name": "x", "horizonMonths": 1, "workload": { "requestsPerMonth": 1, "hourlyShares": [0.5, "a"] },
              "options": [ { "id": "api", "kind": "api", "inputPricePerMillion": 1, "outputPricePerMillion": 1 } ] }
            """;

        var problems = Assert.Throws<InputException>(() => ScenarioJson.Parse(Json)).Lines;

        Assert.Contains("workload.hourlyShares[1] must be a finite number (got string \"a\")", problems);
    }
}
