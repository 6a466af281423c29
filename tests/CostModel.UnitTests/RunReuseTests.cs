using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// What the break-even search's runs reuse (docs/decisions/048-break-even-runs-reuse.md): each reuse must give the same
/// double as the computation it replaces, so these tests compare with exact equality.
/// </summary>
public class RunReuseTests
{
    /// <summary>One 4-GPU server for up to 10.5 million requests a month (1 GPU-second each), two for 20 million.</summary>
    private static OnPremOption Financed() => OnPrem() with
    {
        UsefulLifeYears = 1,
        AnnualPriceChange = -0.15,
        ResaleValueFraction = 0.4,
        DepreciationYears = 1.5,
        LoanYears = 2,
        LoanAnnualRate = 0.07,
        LoanDownPaymentFraction = 0.2,
        MaintenanceRateAnnual = 0.05,
        ServerIdlePowerKw = 4,
        ElectricityPerKwh = 0.2,
    };

    private static Scenario Taxed(OnPremOption owned) => Scenario(30, 0.1, Workload(1_000_000), Api(), owned) with { TaxRateAnnual = 0.25 };

    private static double Fresh(Scenario scenario, double demand) =>
        OptionCashFlow.For(scenario.Options[1], new Timeline(scenario)).Run(demand);

    private static int[] Servers(Scenario scenario, double demand)
    {
        var timeline = new Timeline(scenario);
        var detail = new CashFlowDetail(timeline.Horizon);
        OptionCashFlow.For(scenario.Options[1], timeline).Run(demand, detail);
        return detail.Servers;
    }

    [Fact]
    public void A_run_that_buys_the_fleet_of_the_run_before_gives_what_a_fresh_run_gives()
    {
        var scenario = Taxed(Financed());
        // The premise: 1 and 2 million requests buy the same servers every month, 20 million more.
        Assert.Equal(Servers(scenario, 1_000_000), Servers(scenario, 2_000_000));
        Assert.NotEqual(Servers(scenario, 1_000_000), Servers(scenario, 20_000_000));
        var flow = OptionCashFlow.For(scenario.Options[1], new Timeline(scenario));

        var first = flow.Run(1_000_000);
        var sameFleet = flow.Run(2_000_000);
        var otherFleet = flow.Run(20_000_000);
        var back = flow.Run(2_000_000);

        Assert.Equal(Fresh(scenario, 1_000_000), first);
        Assert.Equal(Fresh(scenario, 2_000_000), sameFleet);
        Assert.Equal(Fresh(scenario, 20_000_000), otherFleet);
        Assert.Equal(Fresh(scenario, 2_000_000), back);
        Assert.NotEqual(first, sameFleet);
    }

    [Fact]
    public void A_detailed_run_between_two_runs_leaves_nothing_a_later_run_reads()
    {
        var scenario = Taxed(Financed());
        var flow = OptionCashFlow.For(scenario.Options[1], new Timeline(scenario));

        flow.Run(1_000_000);
        var detailed = flow.Run(20_000_000, new CashFlowDetail(30));
        var after = flow.Run(2_000_000);
        var larger = flow.Run(20_000_000);

        Assert.Equal(Fresh(scenario, 2_000_000), after);
        Assert.Equal(Fresh(scenario, 20_000_000), larger);
        Assert.Equal(detailed, larger, 6);
    }

    [Fact]
    public void A_flow_prepared_for_another_option_forgets_the_values_of_the_one_before()
    {
        var scenario = Taxed(Financed());
        var dearer = Taxed(Financed() with { ServerPrice = 150_000 });
        var flow = OptionCashFlow.For(scenario.Options[1], new Timeline(scenario));

        flow.Run(1_000_000);
        flow.Prepare(dearer.Options[1]);

        Assert.Equal(Fresh(dearer, 1_000_000), flow.Run(1_000_000));
    }

    [Fact]
    public void A_leased_or_untaxed_fleet_reuses_only_what_it_computed()
    {
        var leased = Scenario(30, 0.1, Workload(1_000_000), Api(), OnPrem() with { LeaseTermMonths = 12, LeaseRateFactor = 0.03 });
        var untaxed = Scenario(30, 0.1, Workload(1_000_000), Api(), Financed());
        foreach (var scenario in new[] { leased, untaxed, Taxed(OnPrem() with { LeaseTermMonths = 12, LeaseRateFactor = 0.03 }) })
        {
            var flow = OptionCashFlow.For(scenario.Options[1], new Timeline(scenario));
            flow.Run(1_000_000);

            Assert.Equal(Fresh(scenario, 2_000_000), flow.Run(2_000_000));
        }
    }

    [Fact]
    public void The_discount_sums_add_the_factors_from_month_one_and_follow_a_new_rate()
    {
        // v = 1 / (1 + m) with (1 + m)^12 = 1.1: the first twelve factors sum to v (1 - v^12) / (1 - v) = v (1 - 1/1.1) / (1 - v).
        var scenario = Scenario(24, 0.1, Workload(1), Api());
        var timeline = new Timeline(scenario);
        var v = 1 / (1 + MonthlyRate(0.1));

        Assert.Equal(0, timeline.DiscountSums[0]);
        Assert.Equal(v, timeline.DiscountSums[1], 14);
        Assert.Equal(v * (1 - 1 / 1.1) / (1 - v), timeline.DiscountSums[12], 12);

        timeline.Update(scenario with { DiscountRateAnnual = 0 });

        Assert.Equal(Enumerable.Range(0, 25).Select(t => (double)t), timeline.DiscountSums);
    }

    [Theory]
    [InlineData(2.0, 2)]
    [InlineData(2.000000000001, 2)]
    [InlineData(1.999999999999, 2)]
    [InlineData(2.1, 3)]
    [InlineData(-2.5, -2)]
    [InlineData(1e300, int.MaxValue)]
    [InlineData(double.PositiveInfinity, int.MaxValue)]
    public void The_tolerant_ceiling_treats_rounding_noise_as_the_whole_number(double value, int expected)
    {
        Assert.Equal(expected, OptionCashFlow.CeilTolerant(value));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-3e9)]
    [InlineData(double.NegativeInfinity)]
    public void The_tolerant_ceiling_refuses_what_no_int_holds_below_as_the_checked_conversion_did(double value)
    {
        Assert.Throws<OverflowException>(() => OptionCashFlow.CeilTolerant(value));
    }

    [Fact]
    public void Overflow_requests_add_only_the_hours_above_the_capacity()
    {
        // Weekdays: 12 hours at twice the average of 10 requests/s, 5 above a capacity of 15; the other 12 idle. Weekends at the
        // average, within it. Overflow 730 × 3600 / 168 × (5 × 12 × 5 + 2 × 0) = 4,692,857.142857... requests.
        double[] weekday = [.. Enumerable.Repeat(2.0, 12), .. Enumerable.Repeat(0.0, 12)];
        var weekend = Enumerable.Repeat(1.0, 24).ToArray();

        Assert.Equal(730 * 3600 / 168.0 * 300, HybridCashFlow.OverflowRequests(weekday, weekend, 10, 15), 6);
        Assert.Equal(0, HybridCashFlow.OverflowRequests(weekday, weekend, 10, double.PositiveInfinity));
        Assert.True(double.IsNaN(HybridCashFlow.OverflowRequests(weekday, weekend, 10, double.NaN)));
    }

    [Fact]
    public void A_sensitivity_range_naming_no_input_is_still_refused_when_the_inputs_are_listed_once()
    {
        var scenario = Scenario(12, 0, Workload(1), Api()) with
        {
            Sensitivity = new SensitivitySettings { Ranges = new Dictionary<string, SensitivityRange> { ["nowhere.price"] = new(1, 2) } },
        };

        var problems = Assert.Throws<InputException>(() => CostEngine.Evaluate(scenario)).Problems.Select(p => p.ToString());

        Assert.Equal(["sensitivity.ranges[\"nowhere.price\"] names no input of this scenario (inputs are named like workload.requestsPerMonth or api.setupCost)"], problems);
    }
}
