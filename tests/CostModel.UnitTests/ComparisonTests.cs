using Planner.CostModel.Evaluation;
using Planner.CostModel.Finance;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>Comparison with the baseline on savings_t = baseline cash_t - option cash_t; break-even demand; benefits; recommendation.</summary>
public class ComparisonTests
{
    /// <summary>
    /// No demand: the baseline API costs its $1,000 a month fixed; the cloud option rents nothing and costs only
    /// its set-up and fixed cost, so the savings stream is exactly [-setup, 1000 - fixed, ...].
    /// </summary>
    private static Comparison CompareFlat(double setupCost, double fixedMonthly = 0, double rate = 0.10, int horizon = 3)
    {
        var baseline = Api() with { FixedMonthly = 1_000 };
        var option = Cloud() with { GpuHourPrice = 0, SetupCost = setupCost, FixedMonthly = fixedMonthly };
        return CostEngine.Evaluate(Scenario(horizon, rate, Workload(0), baseline, option)).Comparisons.Single();
    }

    [Fact]
    public void Npv_savings_is_the_present_value_of_the_savings_stream()
    {
        var comparison = CompareFlat(setupCost: 2_500);

        Assert.Equal(Discounted(0.10, [-2_500, 1_000, 1_000, 1_000]), comparison.NpvSavings, 9);
        Assert.Equal("cloud", comparison.Option);
        Assert.Equal("api", comparison.Baseline);
    }

    [Fact]
    public void Npv_savings_equals_the_difference_of_present_values()
    {
        var scenario = Scenario(12, 0.07, Workload(1_000_000, 1_000, 500, monthlyGrowth: 0.03), Api(),
            Cloud() with { StaffFte = 0.5, FteAnnualCost = 120_000, SetupCost = 9_000 });
        var evaluation = CostEngine.Evaluate(scenario);

        Assert.Equal(evaluation.GetOption("api").PresentValue - evaluation.GetOption("cloud").PresentValue,
            evaluation.Comparisons.Single().NpvSavings, 6);
    }

    [Fact]
    public void Irr_is_the_monthly_rate_of_the_savings_annualized()
    {
        var comparison = CompareFlat(setupCost: 2_500);

        // -2500 + 1000/(1+r) + 1000/(1+r)^2 + 1000/(1+r)^3 = 0, solved here by bisection.
        double Value(double r) => -2_500 + 1_000 / (1 + r) + 1_000 / Math.Pow(1 + r, 2) + 1_000 / Math.Pow(1 + r, 3);
        double lo = 0, hi = 1;
        for (var i = 0; i < 200; i++)
        {
            var mid = (lo + hi) / 2;
            (lo, hi) = Value(mid) > 0 ? (mid, hi) : (lo, mid);
        }
        Assert.Equal(0.09701, lo, 5);
        Assert.Equal(Math.Pow(1 + lo, 12) - 1, comparison.IrrAnnual!.Value, 8);
        Assert.Null(comparison.IrrNote);
    }

    [Fact]
    public void An_irr_above_a_thousand_percent_keeps_its_value_and_gets_a_note_to_judge_by_npv()
    {
        // Savings -10, 1000, 1000: the monthly IRR solves -10 + 1000/(1+r) + 1000/(1+r)^2 = 0, r ≈ 100 (about 10,000% a month).
        var comparison = CompareFlat(setupCost: 10, horizon: 2);

        var monthly = (1000 + Math.Sqrt(1000.0 * 1000 + 4 * 10 * 1000)) / (2 * 10) - 1;
        Assert.Equal(Math.Pow(1 + monthly, 12) - 1, comparison.IrrAnnual!.Value, Math.Pow(1 + monthly, 12) * 1e-9);
        Assert.StartsWith("IRR above 1,000% a year", comparison.IrrNote, StringComparison.Ordinal);
        Assert.Null(CompareFlat(setupCost: 2_500).IrrNote);
    }

    [Theory]
    [InlineData(null, "none")]
    [InlineData(0.184, "18.4%")]
    [InlineData(-0.25, "-25.0%")]
    [InlineData(10.0, "1,000.0%")]
    [InlineData(10.000001, "over 1,000%")]
    [InlineData(92.706, "over 1,000%")]
    [InlineData(145_758.922, "over 1,000%")]
    public void An_irr_is_written_one_way_everywhere(double? irrAnnual, string shown) =>
        Assert.Equal(shown, IrrNotes.Shown(irrAnnual));

    [Fact]
    public void The_irr_written_as_over_1000_percent_is_exactly_the_one_that_carries_the_huge_rate_note()
    {
        var huge = CompareFlat(setupCost: 10, horizon: 2);
        var ordinary = CompareFlat(setupCost: 2_500);

        Assert.Equal((IrrNotes.HugeShown, IrrNotes.HugeRate), (IrrNotes.Shown(huge.IrrAnnual), huge.IrrNote));
        Assert.NotEqual(IrrNotes.HugeShown, IrrNotes.Shown(ordinary.IrrAnnual));
        Assert.Null(ordinary.IrrNote);
    }

    [Fact]
    public void Savings_without_a_rate_are_stated_as_none_only_when_proved()
    {
        // -10, 25, -20 has no rate (625 - 800 < 0), proved by halving (FinanceFunctionTests), and its total is -5: below
        // zero at every rate. -1, 2, -1 = -(1 - x)^2 only touches zero at r = 0, where its sign is within rounding: how many
        // rates it has is not settled, so the rate Newton's method reaches (0) carries the not-settled note.
        var none = CostEngine.Irr([-10, 25, -20]);
        var touching = CostEngine.Irr([-1, 2, -1]);

        Assert.Equal((null, IrrNotes.NoRateBelowZero, null), (none.Irr, none.Note, none.Rates));
        Assert.Equal(0, touching.Irr!.Value, 6);
        Assert.Equal("the savings change sign 2 times and how many rates exist could not be settled; this is the one Newton's method reaches from 1% a month", touching.Note);
        Assert.Equal(2, touching.SignChanges);
        Assert.Null(none.SignChanges);
    }

    [Fact]
    public void Several_proved_rates_are_named_in_one_note_and_shown_as_several()
    {
        // Rates 10% and 20% a month (FinanceFunctionTests): 1.1^12 - 1 = 213.8% and 1.2^12 - 1 = 791.6% a year. Newton's
        // method from 1% a month reaches 10%.
        var several = CostEngine.Irr([-100, 230, -132]);
        var comparison = new Comparison { Option = "a", Baseline = "b", NpvSavings = 0, IrrAnnual = several.Irr, IrrNote = several.Note, IrrRatesAnnual = several.Rates };

        Assert.Equal(Math.Pow(1.1, 12) - 1, several.Irr!.Value, 9);
        Assert.Equal("several rates (213.8% and 791.6% a year): the IRR is not meaningful; judge the option by its NPV savings", several.Note);
        Assert.Equal(2, several.Rates!.Count);
        Assert.Equal(Math.Pow(1.1, 12) - 1, several.Rates[0], 12);
        Assert.Equal(Math.Pow(1.2, 12) - 1, several.Rates[1], 12);
        Assert.Equal(IrrNotes.SeveralShown, IrrNotes.Shown(comparison));
    }

    [Fact]
    public void Savings_that_change_sign_three_times_with_one_rate_carry_no_multiple_rates_note()
    {
        // (-10 + 25x - 20x^2)(101x - 100) = 1,000 - 3,510x + 4,525x^2 - 2,020x^3: three sign changes, but the quadratic has
        // no root (625 - 800 < 0), so x = 100/101 (r = 1% a month, 12.68% a year) is the only rate, and it is proved alone.
        double[] savings = [1_000, -3_510, 4_525, -2_020];
        var rates = FinancialFunctions.IrrRates(savings);
        var result = CostEngine.Irr(savings);

        Assert.True(rates.Complete);
        Assert.Equal(0.01, Assert.Single(rates.Rates), 12);
        Assert.Equal(Math.Pow(1.01, 12) - 1, result.Irr!.Value, 9);
        Assert.Null(result.Note);
        Assert.Null(result.Rates);
    }

    [Fact]
    public void Savings_that_change_sign_once_get_the_searched_rate_when_newtons_method_fails()
    {
        // -100, 1, 1: x + x^2 = 100 with x = 1 / (1 + r), so x = (sqrt(401) - 1) / 2 and r = 1 / x - 1 = -89.49% a month,
        // the only rate (one sign change). Newton's method from 1% a month leaves rates above -100% at its first step, so
        // the rate is the search's; the proved isolation, not needed for it, agrees.
        double[] savings = [-100, 1, 1];
        var monthly = 2 / (Math.Sqrt(401) - 1) - 1;
        var result = CostEngine.Irr(savings);

        Assert.Null(FinancialFunctions.IrrByNewton(savings, IrrNotes.MonthlyGuess));
        Assert.Equal(monthly, Assert.Single(FinancialFunctions.IrrRates(savings).Rates), 9);
        Assert.Equal(Math.Pow(1 + FinancialFunctions.IrrByBracket(savings), 12) - 1, result.Irr);
        Assert.Equal(Math.Pow(1 + monthly, 12) - 1, result.Irr!.Value, 12);
        Assert.Equal((null, null, null), (result.Note, result.Rates, result.SignChanges));
    }

    [Fact]
    public void Payback_and_discounted_payback_fall_in_the_month_the_cumulative_savings_turn_non_negative()
    {
        // Cumulative -2500, -1500, -500, +500; discounted at 10% a year it also ends positive (+452.6).
        var comparison = CompareFlat(setupCost: 2_500);

        Assert.Equal(3, comparison.PaybackMonth);
        Assert.Equal(3, comparison.DiscountedPaybackMonth);
    }

    [Fact]
    public void Discounted_payback_is_null_when_discounting_keeps_the_savings_negative()
    {
        // Undiscounted the savings end at +10; discounted they end at -2990 + 2952.6 < 0.
        var comparison = CompareFlat(setupCost: 2_990);

        Assert.Equal(3, comparison.PaybackMonth);
        Assert.Null(comparison.DiscountedPaybackMonth);
    }

    [Fact]
    public void Payback_is_zero_when_the_savings_are_never_negative_and_irr_is_null_with_a_reason()
    {
        var comparison = CompareFlat(setupCost: 0, fixedMonthly: 500);

        Assert.Equal(0, comparison.PaybackMonth);
        Assert.Equal(0, comparison.DiscountedPaybackMonth);
        Assert.Null(comparison.IrrAnnual);
        Assert.Contains("never negative", comparison.IrrNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Payback_is_null_when_never_reached_and_irr_is_null_when_savings_are_never_positive()
    {
        Assert.Null(CompareFlat(setupCost: 5_000).PaybackMonth);
        Assert.Null(CompareFlat(setupCost: 5_000).DiscountedPaybackMonth);

        var worse = CompareFlat(setupCost: 100, fixedMonthly: 1_500);
        Assert.Null(worse.PaybackMonth);
        Assert.Null(worse.IrrAnnual);
        Assert.Contains("never positive", worse.IrrNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Payback_is_the_month_from_which_cumulative_savings_stay_non_negative()
    {
        // Cumulative -1000, +1000, -500, +500: positive at month 1 but negative again at month 2, so payback is 3.
        Assert.Equal(3, CostEngine.Payback([-1_000, 2_000, -1_500, 1_000]));
        Assert.Equal(0, CostEngine.Payback([0, 5, 5]));
        Assert.Null(CostEngine.Payback([-1, 5, -10]));
    }

    // API: 1,000 input + 500 output tokens = $0.007 a request. Cloud: 0.05 + 1 GPU-s = 1.05 GPU-s at $2/h
    // = $0.000583 a request, plus $5,000 a month of staff. Equal when D x (0.007 - 1.05 x 2 / 3600) = 5,000.
    private static readonly double FlatBreakEven = 5_000 / (0.007 - 1.05 * 2 / 3600);

    private static Scenario BreakEvenScenario(double monthlyGrowth = 0, double setupCost = 0) => Scenario(12, 0.10,
        Workload(1_000_000, 1_000, 500, monthlyGrowth), Api(),
        Cloud() with { StaffFte = 0.5, FteAnnualCost = 120_000, SetupCost = setupCost });

    [Fact]
    public void Break_even_demand_matches_the_hand_solution_for_flat_demand()
    {
        var comparison = CostEngine.Evaluate(BreakEvenScenario()).Comparisons.Single();

        Assert.Equal(779_220.78, FlatBreakEven, 2);
        Assert.InRange(comparison.BreakEvenRequestsPerMonth!.Value, FlatBreakEven - 0.5, FlatBreakEven + 0.5);
        Assert.Null(comparison.BreakEvenNote);
    }

    [Theory]
    [InlineData(0.0, 2_000_000.0)]
    [InlineData(779_000.0, 1_600_000.0)]
    public void False_position_finds_a_linear_root_in_two_evaluations(double lo, double hi)
    {
        var calls = 0;
        double F(double x)
        {
            calls++;
            return 3.5 * (x - FlatBreakEven);
        }

        var (left, right) = CostEngine.NarrowBracket(F, lo, F(lo), hi, F(hi), 0.5);
        calls -= 2;

        Assert.InRange(right - left, 0, 0.5);
        Assert.InRange(FlatBreakEven, left, right);
        Assert.Equal(2, calls);
    }

    [Fact]
    public void False_position_closes_on_a_jump_and_on_a_curve_within_the_steps_bisection_takes()
    {
        // Bisection from a width of 1,000,000 to 0.5 takes ceil(log2(2,000,000)) = 21 evaluations.
        const int bisectionSteps = 21;
        foreach (Func<double, double> f in new Func<double, double>[]
        {
            x => x < 123_456.3 ? -7 : 11, // a step in capacity: no root, a jump
            x => Math.Exp(x / 100_000) - 5, // convex: root at 100,000 ln 5
            x => Math.Cbrt(x - 654_321.7), // flat at its root
        })
        {
            var calls = 0;
            double Counted(double x)
            {
                calls++;
                return f(x);
            }

            var (left, right) = CostEngine.NarrowBracket(Counted, 0, f(0), 1_000_000, f(1_000_000), 0.5);

            Assert.InRange(right - left, 0, 0.5);
            Assert.True(Math.Sign(f(left)) != Math.Sign(f(right)) || f(left) == 0 || f(right) == 0);
            Assert.InRange(calls, 1, bisectionSteps * 3 / 2);
        }
    }

    [Fact]
    public void At_the_break_even_demand_both_options_cost_the_same_present_value()
    {
        var scenario = BreakEvenScenario(monthlyGrowth: 0.05, setupCost: 40_000);
        var breakEven = CostEngine.Evaluate(scenario).Comparisons.Single().BreakEvenRequestsPerMonth!.Value;

        var again = CostEngine.Evaluate(scenario with { Workload = scenario.Workload with { RequestsPerMonth = breakEven } });
        Assert.InRange(again.GetOption("api").PresentValue - again.GetOption("cloud").PresentValue, -5, 5);
        // The crossing lies inside the searched range (the scenario's demand is 1M; the flat break-even is 779k).
        Assert.InRange(breakEven, 1, 1_000 * scenario.Workload.RequestsPerMonth);
    }

    [Fact]
    public void Break_even_is_null_when_the_option_costs_more_at_every_demand_below_1000x()
    {
        // $30/h x 1.05 s = $0.00875 a request > $0.007, and staff on top.
        var scenario = BreakEvenScenario() with
        {
            Options = [Api(), Cloud() with { GpuHourPrice = 30, StaffFte = 0.5, FteAnnualCost = 120_000 }],
        };
        var comparison = CostEngine.Evaluate(scenario).Comparisons.Single();

        Assert.Null(comparison.BreakEvenRequestsPerMonth);
        Assert.Contains("costs more at every demand", comparison.BreakEvenNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Break_even_is_null_when_the_option_costs_less_at_every_demand_below_1000x()
    {
        var scenario = BreakEvenScenario() with { Options = [Api() with { FixedMonthly = 100 }, Cloud()] };
        var comparison = CostEngine.Evaluate(scenario).Comparisons.Single();

        Assert.Null(comparison.BreakEvenRequestsPerMonth);
        Assert.Contains("costs less at every demand", comparison.BreakEvenNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Break_even_beyond_1000x_the_demand_is_not_reported()
    {
        // The hand break-even is 779,221 requests a month; a scenario at 700 requests puts it above 1000x (700,000).
        var scenario = BreakEvenScenario() with { Workload = Workload(700, 1_000, 500) };

        Assert.Null(CostEngine.Evaluate(scenario).Comparisons.Single().BreakEvenRequestsPerMonth);
        var closer = BreakEvenScenario() with { Workload = Workload(800, 1_000, 500) };
        Assert.InRange(CostEngine.Evaluate(closer).Comparisons.Single().BreakEvenRequestsPerMonth!.Value, FlatBreakEven - 0.5, FlatBreakEven + 0.5);
    }

    [Fact]
    public void Break_even_at_a_step_in_the_owned_fleet_is_the_step_where_the_pvs_jump_past_each_other()
    {
        // One month, no discounting. The API costs $150,000 fixed + $0.001 a request; owned servers cost $100,000
        // each, one server (4 GPUs x 2,628,000 GPU-s) serves 10,512,000 one-GPU-second requests. Below that the owned
        // option is cheaper; at the step a second server makes it dearer. The PVs never meet: they jump past each other.
        var scenario = Scenario(1, 0, Workload(10_000_000, 0, 500),
            Api() with { InputPricePerMillion = 0, OutputPricePerMillion = 2, FixedMonthly = 150_000 },
            OnPrem() with { DepreciationYears = 30, ResaleValueFraction = 0 });
        var breakEven = CostEngine.Evaluate(scenario).Comparisons.Single().BreakEvenRequestsPerMonth!.Value;

        Assert.InRange(breakEven, 10_512_000 - 0.5, 10_512_000 + 0.5);
        double Difference(double demand)
        {
            var pvs = CostEngine.PresentValues(scenario with { Workload = scenario.Workload with { RequestsPerMonth = demand } });
            return pvs[1] - pvs[0];
        }
        Assert.True(Difference(10_511_999) < -30_000);
        Assert.True(Difference(10_512_001) > 30_000);
        Assert.Contains("jump past each other", CostEngine.Evaluate(scenario).Comparisons.Single().BreakEvenNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Break_even_is_none_when_both_options_cost_nothing_at_zero_demand_and_one_is_always_cheaper_after()
    {
        // Neither option has a fixed cost: both PVs are 0 at zero demand, and both grow linearly with demand, so
        // they never cross once there is demand.
        var scenario = Scenario(12, 0.10, Workload(1_000_000, 1_000, 500), Api(), Cloud());
        var comparison = CostEngine.Evaluate(scenario).Comparisons.Single();

        Assert.Null(comparison.BreakEvenRequestsPerMonth);
        Assert.Contains("at every demand tried", comparison.BreakEvenNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Benefits_give_each_option_an_npv_and_roi()
    {
        // Flat API case: cash [500, 107, 107, 107]; benefits 1,000 x $0.01 + $100 = $110 a month.
        var scenario = Scenario(3, 0.10, Workload(1_000, 1_000, 500), Api() with { FixedMonthly = 100, SetupCost = 500 }) with
        {
            Benefits = new Benefits { ValuePerRequest = 0.01, FixedMonthlyValue = 100 },
        };
        var evaluation = CostEngine.Evaluate(scenario);
        var api = evaluation.GetOption("api");

        var benefitsPv = Discounted(0.10, [0, 110, 110, 110]);
        var costPv = Discounted(0.10, [500, 107, 107, 107]);
        Assert.Equal(benefitsPv, evaluation.BenefitsPresentValue!.Value, 9);
        Assert.Equal(benefitsPv - costPv, api.Npv!.Value, 9);
        Assert.Equal((benefitsPv - costPv) / costPv, api.Roi!.Value, 12);
    }

    [Fact]
    public void Benefits_grow_with_the_requests()
    {
        var scenario = Scenario(2, 0, Workload(1_000, 1_000, 500, monthlyGrowth: 0.5), Api()) with
        {
            Benefits = new Benefits { ValuePerRequest = 0.01 },
        };

        Assert.Equal(10 + 15, CostEngine.Evaluate(scenario).BenefitsPresentValue!.Value, 9);
    }

    [Fact]
    public void Without_benefits_there_is_no_npv_or_roi()
    {
        var api = CostEngine.Evaluate(Scenario(3, 0, Workload(1_000, 1_000, 500), Api())).GetOption("api");

        Assert.Null(api.Npv);
        Assert.Null(api.Roi);
    }

    [Fact]
    public void The_recommendation_is_the_lowest_present_value_with_the_margin_to_the_next()
    {
        // Rate 0, 3 months, no demand: costs are 3 x fixed.
        var scenario = Scenario(3, 0, Workload(0),
            Api("a") with { FixedMonthly = 300 }, Api("b") with { FixedMonthly = 100 }, Api("c") with { FixedMonthly = 250 });
        var evaluation = CostEngine.Evaluate(scenario);

        Assert.Equal("b", evaluation.Recommendation);
        Assert.Equal("c", evaluation.RunnerUp);
        Assert.Equal(450, evaluation.RecommendationMargin, 9);
        Assert.Equal(2, evaluation.Comparisons.Count);
    }

    [Fact]
    public void A_single_option_is_recommended_with_no_margin()
    {
        var evaluation = CostEngine.Evaluate(Scenario(3, 0, Workload(0), Api()));

        Assert.Equal("api", evaluation.Recommendation);
        Assert.Null(evaluation.RunnerUp);
        Assert.Equal(0, evaluation.RecommendationMargin);
        Assert.Empty(evaluation.Comparisons);
    }
}
