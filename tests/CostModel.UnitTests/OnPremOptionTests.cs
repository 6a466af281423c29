using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>onprem: fleet sizing, purchases at t - 1, energy by load, colocation, maintenance on installed capex, resale and depreciation.</summary>
public class OnPremOptionTests
{
    // 7,884,000 requests of 500 output tokens at 500 tokens/GPU-s = 7,884,000 GPU-s = 3 busy GPUs (730 h x 3600 s).
    private const double ThreeBusyGpus = 7_884_000;

    private static OnPremOption Owned() => OnPrem() with
    {
        TargetUtilization = 0.75,
        ServerIdlePowerKw = 4,
        Pue = 1.2,
        ElectricityPerKwh = 0.10,
        ColocationPerKwMonth = 150,
        MaintenanceRateAnnual = 0.12,
        ResaleValueFraction = 0.5,
        StaffFte = 1,
        FteAnnualCost = 120_000,
        FixedMonthly = 500,
        SetupCost = 20_000,
    };

    private static OptionResult Evaluate(OnPremOption option, Workload workload, int horizon = 3, double rate = 0) =>
        CostEngine.Evaluate(Scenario(horizon, rate, workload, option)).GetOption(option.Id);

    [Fact]
    public void Growing_fleet_is_bought_a_month_ahead_and_every_running_cost_follows_the_specification()
    {
        // Busy GPUs 3, 4.5, 6.75; x 2 peak / 0.75 utilization = 8, 12, 18 GPUs -> 2, 3, 5 four-GPU servers.
        var result = Evaluate(Owned(), Workload(ThreeBusyGpus, 0, 500, monthlyGrowth: 0.5, peakToAverage: 2), rate: 0.10);

        Assert.Equal([0, 2, 3, 5], result.Months.Select(m => m.Servers));
        AssertSequence.Equal([0, 8, 12, 20], result.Months.Select(m => m.Gpus), 9);
        // Purchases at t - 1: 2 servers at t = 0, 1 at t = 1, 2 at t = 2.
        AssertSequence.Equal([200_000, 100_000, 200_000, 0], result.Months.Select(m => m.Capex), 9);
        // Load 3/8, 4.5/12, 6.75/20 -> 4 + 6 x load kW a server: 6.25, 6.25, 6.025 kW; x 730 h x servers x PUE 1.2.
        double[] kwh = [0, 6.25 * 730 * 2 * 1.2, 6.25 * 730 * 3 * 1.2, 6.025 * 730 * 5 * 1.2];
        AssertSequence.Equal(kwh, result.Months.Select(m => m.EnergyKwh), 6);
        AssertSequence.Equal([0, 1_095, 1_642.5, 2_638.95], result.Months.Select(m => m.Energy), 6);
        // Colocation: servers x 10 kW x $150; maintenance: installed capex x 12% / 12.
        AssertSequence.Equal([0, 3_000, 4_500, 7_500], result.Months.Select(m => m.Colocation), 9);
        AssertSequence.Equal([0, 2_000, 3_000, 5_000], result.Months.Select(m => m.Maintenance), 9);
        AssertSequence.Equal([0, 10_000, 10_000, 10_000], result.Months.Select(m => m.Staff), 9);
        AssertSequence.Equal([0, 500, 500, 500], result.Months.Select(m => m.Fixed), 9);
        AssertSequence.Equal([20_000, 0, 0, 0], result.Months.Select(m => m.Setup), 9);
        // Resale at H = 3, 12-month life, half of book value: ages 3, 2 and 1 months.
        var resale = 200_000 * (1 - 3 / 12.0) * 0.5 + 100_000 * (1 - 2 / 12.0) * 0.5 + 200_000 * (1 - 1 / 12.0) * 0.5;
        Assert.Equal(208_333.333333, resale, 5);
        AssertSequence.Equal([0, 0, 0, -resale], result.Months.Select(m => m.Resale), 6);

        double[] cash = [220_000, 16_595 + 100_000, 19_642.5 + 200_000, 25_638.95 - resale];
        AssertSequence.Equal(cash, CashOf(result), 6);
        Assert.Equal(373_543.116667, result.TotalCost, 5);
        Assert.Equal(Discounted(0.10, cash), result.PresentValue, 6);
        Assert.Equal(kwh.Sum(), result.EnergyKwh, 6);
        Assert.Equal(18, result.PeakGpus);
        Assert.Equal(5, result.Servers);
        Assert.Equal(500_000, result.Capex, 9);
    }

    [Fact]
    public void Without_latency_targets_the_fleet_is_bought_in_whole_replicas()
    {
        // The growing fleet above needs 8, 12, 18 GPUs; in 8-GPU replicas (a model on 8 tensor-parallel GPUs) 8, 16, 24:
        // ⌈18 / 8⌉ × 8 = 24, on six 4-GPU servers.
        var result = Evaluate(Owned() with { GpusPerReplica = 8 }, Workload(ThreeBusyGpus, 0, 500, monthlyGrowth: 0.5, peakToAverage: 2));

        Assert.Equal([0, 2, 4, 6], result.Months.Select(m => m.Servers));
        Assert.Equal(24, result.PeakGpus);
    }

    [Theory]
    [InlineData(21, 4, 24)]
    [InlineData(24, 4, 24)]
    [InlineData(1, 4, 4)]
    [InlineData(0, 4, 0)]
    [InlineData(21, 1, 21)]
    public void Gpus_round_up_to_whole_replicas(int gpus, int gpusPerReplica, int expected)
    {
        Assert.Equal(expected, OptionCashFlow.WholeReplicas(gpus, gpusPerReplica));
    }

    [Fact]
    public void Depreciation_is_straight_line_per_purchase_and_not_cash()
    {
        var result = Evaluate(Owned(), Workload(ThreeBusyGpus, 0, 500, monthlyGrowth: 0.5, peakToAverage: 2));

        AssertSequence.Equal([0, 200_000 / 12.0, 300_000 / 12.0, 500_000 / 12.0], result.Months.Select(m => m.Depreciation), 6);
        foreach (var month in result.Months)
        {
            var categories = month.Usage + month.Compute + month.Energy + month.Colocation + month.Maintenance
                + month.Staff + month.Capex + month.Setup + month.Fixed + month.Resale;
            Assert.Equal(categories, month.Cash, 6);
        }
    }

    [Fact]
    public void Depreciation_stops_at_the_remaining_book_value_and_resale_at_zero()
    {
        // One server, 0.2-year (2.4-month) life: 41,666.67 twice, then the 16,666.67 left, then nothing.
        var option = OnPrem() with { DepreciationYears = 0.2 };
        var result = Evaluate(option, Workload(0), horizon: 5);

        AssertSequence.Equal([0, 100_000 / 2.4, 100_000 / 2.4, 100_000 - 2 * 100_000 / 2.4, 0, 0], result.Months.Select(m => m.Depreciation), 6);
        Assert.Equal(100_000, result.Months.Sum(m => m.Depreciation), 6);
        Assert.Equal(0, result.Months[5].Resale);
        Assert.Equal(100_000, result.TotalCost, 9);
    }

    [Fact]
    public void Resale_counts_the_months_in_service_and_defaults_to_the_full_book_value()
    {
        // One server bought at t = 0, in service months 1..6 of a 24-month life: 1 - 6/24 = 0.75 of $100,000.
        var option = OnPrem() with { DepreciationYears = 2 };
        var result = Evaluate(option, Workload(0), horizon: 6);

        Assert.Equal(-75_000, result.Months[6].Resale, 9);
        Assert.Equal(25_000, result.TotalCost, 9);
    }

    [Fact]
    public void The_fleet_never_shrinks_when_demand_falls()
    {
        // Busy GPUs 3, 1.5, 0.75 need 8, 4, 2 GPUs: 2, then 1, then 1 server, but the two bought stay.
        var result = Evaluate(Owned(), Workload(ThreeBusyGpus, 0, 500, monthlyGrowth: -0.5, peakToAverage: 2));

        Assert.Equal([0, 2, 2, 2], result.Months.Select(m => m.Servers));
        AssertSequence.Equal([200_000, 0, 0, 0], result.Months.Select(m => m.Capex), 9);
        // The load falls with demand on the same fleet: 3/8, 1.5/8, 0.75/8.
        double[] kw = [4 + 6 * 3 / 8.0, 4 + 6 * 1.5 / 8, 4 + 6 * 0.75 / 8];
        AssertSequence.Equal(kw.Select(k => k * 730 * 2 * 1.2).Prepend(0), result.Months.Select(m => m.EnergyKwh), 6);
        Assert.Equal(8, result.PeakGpus);
        // Maintenance stays on the installed $200,000.
        Assert.All(result.Months.Skip(1), m => Assert.Equal(2_000, m.Maintenance, 9));
    }

    [Fact]
    public void One_server_is_kept_even_without_demand_and_draws_idle_power()
    {
        var option = Owned() with { ResaleValueFraction = 0 };
        var result = Evaluate(option, Workload(0), horizon: 2);

        Assert.Equal([0, 1, 1], result.Months.Select(m => m.Servers));
        Assert.Equal(4 * 730 * 1.2, result.Months[1].EnergyKwh, 9);
        Assert.Equal(0, result.PeakGpus);
        Assert.Equal(100_000, result.Capex, 9);
    }

    [Fact]
    public void Min_servers_sets_the_first_purchase()
    {
        var option = Owned() with { MinServers = 3 };
        var result = Evaluate(option, Workload(ThreeBusyGpus, 0, 500, peakToAverage: 2));

        Assert.Equal([0, 3, 3, 3], result.Months.Select(m => m.Servers));
        Assert.Equal(300_000 + 20_000, result.Months[0].Cash, 9);
        // 3 busy GPUs on 12 installed: load 0.25.
        Assert.Equal(3 * 730 * (4 + 6 * 0.25) * 1.2, result.Months[1].EnergyKwh, 9);
    }

    [Fact]
    public void Idle_power_defaults_to_full_power_so_energy_ignores_the_load()
    {
        var option = Owned() with { ServerIdlePowerKw = null };
        var result = Evaluate(option, Workload(ThreeBusyGpus, 0, 500, peakToAverage: 2));

        Assert.Equal(2 * 730 * 10 * 1.2, result.Months[1].EnergyKwh, 9);
    }

    [Fact]
    public void Peak_to_average_and_utilization_size_the_needed_gpus()
    {
        // 3 busy GPUs: x 1 / 1 = 3 GPUs -> 1 server; x 2 / 0.75 = 8 -> 2 servers; x 2.5 / 0.6 = 12.5 -> 13 GPUs -> 4 servers.
        Assert.Equal(1, Evaluate(OnPrem(), Workload(ThreeBusyGpus, 0, 500)).Servers);
        Assert.Equal(3, Evaluate(OnPrem(), Workload(ThreeBusyGpus, 0, 500)).PeakGpus);
        Assert.Equal(2, Evaluate(OnPrem() with { TargetUtilization = 0.75 }, Workload(ThreeBusyGpus, 0, 500, peakToAverage: 2)).Servers);
        var wide = Evaluate(OnPrem() with { TargetUtilization = 0.6 }, Workload(ThreeBusyGpus, 0, 500, peakToAverage: 2.5));
        Assert.Equal(13, wide.PeakGpus);
        Assert.Equal(4, wide.Servers);
    }

    [Fact]
    public void Exactly_whole_gpu_counts_do_not_round_up_to_an_extra_server()
    {
        // 4 busy GPUs exactly (x 1 / 1) fill one 4-GPU server; floating-point noise must not buy a second.
        var result = Evaluate(OnPrem(), Workload(ThreeBusyGpus * 4 / 3, 0, 500));

        Assert.Equal(4, result.PeakGpus);
        Assert.Equal(1, result.Servers);
    }
}
