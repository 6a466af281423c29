using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Sizing at the latency targets (docs/methodology.md, "Sizing at the latency targets"), worked by hand. The workload: 26,280,000
/// requests a month = 10 requests/s on average (730 × 3,600 = 2,628,000 s), 500 output tokens each; hours 0-11 at half the
/// average rate (5/s) and hours 12-23 at 1.5 times it (15/s). One replica of 2 GPUs serves 4 requests/s within the targets.
/// </summary>
public class TargetSizingTests
{
    private static readonly Workload Shaped = Workload(26_280_000) with
    {
        HourlyShares = DemandShapeTests.QuietMorning,
        TtftP95Seconds = 2,
        ItlP95Seconds = 0.05,
    };

    private static CloudOption Rented(int step = 1, int minReplicas = 0) =>
        Cloud() with { ReplicaRequestsPerSecond = 4, GpusPerReplica = 2, ReplicaScalingStep = step, MinReplicas = minReplicas };

    private static OnPremOption Owned() => OnPrem() with { ReplicaRequestsPerSecond = 4, GpusPerReplica = 2 };

    [Fact]
    public void Owned_replicas_are_bought_for_the_busiest_hour()
    {
        // Busiest hour 15/s → ⌈15 / 4⌉ = 4 replicas = 8 GPUs = 2 servers of 4 at $100,000. Today's sizing: 10 busy GPUs × 1.5 = 15 GPUs, in whole 2-GPU replicas 16 = 4 servers.
        // One month, 1-year straight line, resold at book value: PV = 200,000 × 1/12 at the targets, 400,000 / 12 today.
        var result = CostEngine.Evaluate(Scenario(1, 0, Shaped, Owned())).GetOption("onprem");
        var at = result.AtTargets!;

        Assert.Equal(2, result.Servers);
        Assert.Equal(8, result.PeakGpus);
        Assert.Equal(200_000, result.Capex, 9);
        Assert.Equal(200_000.0 / 12, result.PresentValue, 6);
        Assert.Equal("owned", at.Sizing);
        Assert.Equal(4, at.PeakReplicas);
        Assert.Equal(15, at.PeakRequestsPerSecond, 9);
        Assert.Equal(1.5, at.PeakToAverage, 12);
        // 26,280,000 requests / (4 replicas × 730 h × 3,600 s × 4 requests/s = 42,048,000) = 0.625.
        Assert.Equal(0.625, at.AchievedUtilization, 12);
        // 13,140 million tokens: 16,666.67 / 13,140 = 1.26839 at the targets, 33,333.33 / 13,140 = 2.53678 today.
        Assert.Equal(200_000.0 / 12 / 13_140, at.CostPerMillionTokensAtTargets!.Value, 9);
        Assert.Equal(400_000.0 / 12 / 13_140, at.CostPerMillionTokensWithoutTargets!.Value, 9);
        Assert.Equal(16, at.PeakGpusWithoutTargets);
        Assert.Equal(new HourReplicas("every day", 0, 5, 2, 4), at.FirstMonthHours[0]);
        Assert.Equal(new HourReplicas("every day", 12, 15, 4, 4), at.FirstMonthHours[12]);
        Assert.Equal(24, at.LastMonthHours.Count);
    }

    [Fact]
    public void Rented_replicas_follow_the_profile_hour_by_hour()
    {
        // 12 hours × 2 replicas + 12 hours × 4 = 72 replica-hours a day; 730 / 168 × 7 × 72 = 2,190 replica-hours a month
        // = 4,380 GPU-hours at $2 = $8,760. Utilization 26,280,000 / (2,190 × 3,600 × 4) = 5/6.
        var result = CostEngine.Evaluate(Scenario(1, 0, Shaped, Rented())).GetOption("cloud");
        var at = result.AtTargets!;

        Assert.Equal(8_760, result.Months[1].Compute, 9);
        Assert.Equal(4_380 / 730.0, result.Months[1].Gpus, 9);
        Assert.Equal(8, result.PeakGpus);
        Assert.Equal("rented, following the profile", at.Sizing);
        Assert.Equal(5.0 / 6, at.AchievedUtilization, 12);
        Assert.Equal(new HourReplicas("every day", 3, 5, 2, 2), at.FirstMonthHours[3]);
        // Today's sizing: 26,280,000 GPU-seconds = 7,300 GPU-hours at $2 = $14,600 for 13,140 million tokens.
        Assert.Equal(14_600.0 / 13_140, at.CostPerMillionTokensWithoutTargets!.Value, 9);
        Assert.Equal(8_760.0 / 13_140, at.CostPerMillionTokensAtTargets!.Value, 9);
    }

    [Fact]
    public void Rented_replicas_keep_the_minimum_and_move_in_whole_steps()
    {
        // Step 3, at least 3: quiet hours need 2 → 3, busy hours need 4 → 6; 12 × 3 + 12 × 6 = 108 a day;
        // 730 / 168 × 7 × 108 = 3,285 replica-hours = 6,570 GPU-hours = $13,140.
        var result = CostEngine.Evaluate(Scenario(1, 0, Shaped, Rented(step: 3, minReplicas: 3))).GetOption("cloud");

        Assert.Equal(13_140, result.Months[1].Compute, 9);
        Assert.Equal(6, result.AtTargets!.PeakReplicas);
        Assert.Equal(new HourReplicas("every day", 0, 5, 2, 3), result.AtTargets.FirstMonthHours[0]);
    }

    [Fact]
    public void Rented_flat_pays_the_busiest_hours_replicas_around_the_clock()
    {
        // 4 replicas × 730 h × 2 GPUs = 5,840 GPU-hours = $11,680; utilization 26,280,000 / (2,920 × 3,600 × 4) = 0.625.
        var result = CostEngine.Evaluate(Scenario(1, 0, Shaped, Rented(step: 0))).GetOption("cloud");

        Assert.Equal(11_680, result.Months[1].Compute, 9);
        Assert.Equal("rented, flat", result.AtTargets!.Sizing);
        Assert.Equal(0.625, result.AtTargets.AchievedUtilization, 12);
        Assert.Equal(new HourReplicas("every day", 0, 5, 2, 4), result.AtTargets.FirstMonthHours[0]);
    }

    [Fact]
    public void Weekends_with_their_own_profile_and_volume_are_rented_for_separately()
    {
        // v = 0.5, flat weekends: weekday rates 10 × 0.5 × 7/6 = 5.83/s (2 replicas) and 10 × 1.75 = 17.5/s (5 replicas),
        // weekend hours 5.83/s (2). A week: 5 × (12 × 2 + 12 × 5) + 2 × 24 × 2 = 516 replica-hours; a month 730 / 168 × 516
        // = 2,242.14 replica-hours = 4,484.29 GPU-hours = $8,968.57.
        var workload = Shaped with { WeekendHourlyShares = DemandShapeTests.Flat, WeekendDayVolume = 0.5 };

        var result = CostEngine.Evaluate(Scenario(1, 0, workload, Rented(), Owned())).Options;
        var cloud = result[0];
        var onprem = result[1];

        Assert.Equal(730.0 / 168 * 516 * 2 * 2, cloud.Months[1].Compute, 9);
        Assert.Equal(48, cloud.AtTargets!.FirstMonthHours.Count);
        Assert.Equal(new HourReplicas("weekday", 12, 17.5, 5, 5), cloud.AtTargets.FirstMonthHours[12]);
        Assert.Equal("weekend", cloud.AtTargets.FirstMonthHours[24].Day);
        Assert.Equal(2, cloud.AtTargets.FirstMonthHours[24].Replicas);
        // Owned: ⌈17.5 / 4⌉ = 5 replicas = 10 GPUs = 3 servers of 4, whose 12 GPUs run 6 replicas.
        Assert.Equal(3, onprem.Servers);
        Assert.Equal(6, onprem.AtTargets!.PeakReplicas);
        Assert.Equal(new HourReplicas("weekday", 12, 17.5, 5, 6), onprem.AtTargets.FirstMonthHours[12]);
    }

    [Fact]
    public void Without_a_profile_rented_replicas_are_flat_at_the_peak_to_average()
    {
        // peakToAverage 1.5 without hours: 15/s at the busiest hour → 4 replicas all month = $11,680 whatever the step.
        var workload = Workload(26_280_000, peakToAverage: 1.5) with { TtftP95Seconds = 2, ItlP95Seconds = 0.05 };

        var result = CostEngine.Evaluate(Scenario(1, 0, workload, Rented())).GetOption("cloud");

        Assert.Equal(11_680, result.Months[1].Compute, 9);
        Assert.Equal("rented, flat", result.AtTargets!.Sizing);
        Assert.Empty(result.AtTargets.FirstMonthHours);
    }

    [Fact]
    public void Growth_moves_the_busiest_month_and_the_owned_fleet_never_shrinks()
    {
        // Demand doubles in month 2: 30/s at the busiest hour → ⌈30 / 4⌉ = 8 replicas = 16 GPUs = 4 servers.
        var workload = Shaped with { MonthlyGrowth = 1 };

        var result = CostEngine.Evaluate(Scenario(2, 0, workload, Owned())).GetOption("onprem");

        Assert.Equal([0, 2, 4], result.Months.Select(m => m.Servers));
        Assert.Equal(8, result.AtTargets!.PeakReplicas);
        Assert.Equal(30, result.AtTargets.PeakRequestsPerSecond, 9);
        Assert.Equal(new HourReplicas("every day", 12, 30, 8, 8), result.AtTargets.LastMonthHours[12]);
        // Served 26.28M + 52.56M over (4 + 8) replicas × 730 h × 3,600 s × 4/s.
        Assert.Equal(78_840_000 / (12 * 2_628_000 * 4.0), result.AtTargets.AchievedUtilization, 12);
    }

    [Fact]
    public void Targets_without_a_replica_capacity_leave_the_option_sized_as_today()
    {
        var plain = CostEngine.Evaluate(Scenario(12, 0.08, Workload(26_280_000, peakToAverage: 1.5), Cloud(), OnPrem()));
        var targeted = CostEngine.Evaluate(Scenario(12, 0.08, Workload(26_280_000, peakToAverage: 1.5) with { TtftP95Seconds = 2, ItlP95Seconds = 0.05 }, Cloud(), OnPrem()));

        Assert.Equal(plain.Options.Select(o => o.PresentValue), targeted.Options.Select(o => o.PresentValue));
        Assert.All(targeted.Options, o => Assert.Null(o.AtTargets));
    }

    [Fact]
    public void Spot_capacity_at_the_targets_adds_its_interruption_overhead()
    {
        // Flat 4 replicas: 5,840 GPU-hours × 1.1 = 6,424 at $2 × (1 - 0.6) = $5,139.20.
        var spot = Rented(step: 0) with { SpotDiscount = 0.6, SpotInterruptionOverhead = 0.1 };

        var result = CostEngine.Evaluate(Scenario(1, 0, Shaped, spot)).GetOption("cloud");

        Assert.Equal(5_139.2, result.Months[1].Compute, 9);
    }
}
