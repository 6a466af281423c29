using Planner.CostModel.Finance;

namespace Planner.CostModel.UnitTests;

/// <summary>The finance functions against the examples the spreadsheet vendors document for NPV, IRR, XNPV, XIRR and PMT.</summary>
public class FinanceFunctionTests
{
    private static readonly double[] IrrExample = [-70_000, 12_000, 15_000, 18_000, 21_000, 26_000];

    private static readonly double[] XExampleValues = [-10_000, 2_750, 4_250, 3_250, 2_750];

    private static readonly DateOnly[] XExampleDates =
        [new(2008, 1, 1), new(2008, 3, 1), new(2008, 10, 30), new(2009, 2, 15), new(2009, 4, 1)];

    [Fact]
    public void Npv_matches_spreadsheet_example_with_the_first_value_discounted_one_period()
    {
        var npv = FinancialFunctions.Npv(0.10, [-10_000, 3_000, 4_200, 6_800]);

        Assert.Equal(1188.44, Math.Round(npv, 2));
        var byHand = -10_000 / 1.1 + 3_000 / Math.Pow(1.1, 2) + 4_200 / Math.Pow(1.1, 3) + 6_800 / Math.Pow(1.1, 4);
        Assert.Equal(byHand, npv, 9);
    }

    [Fact]
    public void Npv_matches_spreadsheet_example_with_the_initial_investment_added_outside()
    {
        double[] returns = [8_000, 9_200, 10_000, 12_000, 14_500];

        Assert.Equal(1922.06, Math.Round(FinancialFunctions.Npv(0.08, returns) - 40_000, 2));
        Assert.Equal(-3749.47, Math.Round(FinancialFunctions.Npv(0.08, [.. returns, -9_000]) - 40_000, 2));
    }

    [Fact]
    public void Irr_matches_spreadsheet_examples_after_four_and_five_years()
    {
        Assert.Equal(-0.021, Math.Round(FinancialFunctions.Irr(IrrExample[..5]), 3));
        Assert.Equal(0.087, Math.Round(FinancialFunctions.Irr(IrrExample), 3));
        Assert.Equal(-0.0212448483, FinancialFunctions.Irr(IrrExample[..5]), 9);
        Assert.Equal(0.0866309480, FinancialFunctions.Irr(IrrExample), 9);
    }

    [Fact]
    public void Irr_with_a_guess_matches_spreadsheet_example_after_two_years()
    {
        var irr = FinancialFunctions.Irr(IrrExample[..3], -0.10);

        Assert.Equal(-0.444, Math.Round(irr, 3));
        Assert.Equal(-0.4435069413, irr, 9);
        Assert.Equal(0, PresentValueAt(irr, IrrExample[..3]), 6);
    }

    [Fact]
    public void Present_value_at_the_irr_is_zero()
    {
        var irr = FinancialFunctions.Irr(IrrExample);

        Assert.Equal(0, PresentValueAt(irr, IrrExample), 6);
    }

    [Fact]
    public void Irr_without_a_sign_change_throws_no_result()
    {
        var ex = Assert.Throws<NoResultException>(() => FinancialFunctions.Irr([100, 200, 300]));

        Assert.Contains("sign", ex.Message, StringComparison.Ordinal);
        Assert.Throws<NoResultException>(() => FinancialFunctions.Irr([-100, -200]));
    }

    [Fact]
    public void Irr_finds_a_rate_below_minus_99_percent_that_the_first_grid_misses()
    {
        // 1,000 now and -2 a period later: 1,000 - 2 / (1 + r) = 0 at r = 2 / 1,000 - 1 = -0.998 (one sign change, + to -).
        // Newton from 10% jumps below -100%, and the grid from -99% up finds no sign change: the search goes on towards -100%.
        double[] values = [1_000, -2];

        Assert.Null(FinancialFunctions.IrrByNewton(values, 0.1));
        Assert.Equal(-0.998, FinancialFunctions.Irr(values), 12);
        Assert.False(FinancialFunctions.ProvedNoIrr(values));
    }

    [Fact]
    public void Descartes_rule_proves_no_irr_for_savings_whose_present_value_never_reaches_zero()
    {
        // -10 + 5x - 10x^2 (x = 1 / (1 + r)) has discriminant 25 - 400 < 0: no rate. Below 0 its coefficients are
        // sum_i v_i C(i, j) = -15, 5 - 20 = -15, -10; above 0 sum_i v_i C(2 - i, j) = -15, -20 + 5 = -15, -10: all negative.
        double[] values = [-10, 5, -10];

        Assert.True(FinancialFunctions.ProvedNoIrr(values));
        Assert.Null(FinancialFunctions.IrrByNewton(values, 0.01));
        Assert.Throws<NoResultException>(() => FinancialFunctions.Irr(values, 0.01));
    }

    [Fact]
    public void Descartes_rule_proves_nothing_when_a_side_has_two_sign_variations()
    {
        // -10 + 25x - 20x^2 has discriminant 625 - 800 < 0, so no rate either, but above 0 its coefficients are
        // -5, -20 + 25 = 5, -10: two variations, so the rule allows 0 or 2 rates there and proves nothing; the search finds none.
        double[] values = [-10, 25, -20];

        Assert.False(FinancialFunctions.ProvedNoIrr(values));
        var ex = Assert.Throws<NoResultException>(() => FinancialFunctions.Irr(values, 0.01));
        Assert.Contains("search grid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_isolation_proves_no_rate_where_one_level_of_Descartes_proves_nothing()
    {
        // -10 + 25x - 20x^2: discriminant 625 - 800 < 0, no rate. Rates above 0 are x in (0, 1), where its Bernstein
        // coefficients are -10, -10 + 25/2 = 2.5, -5: two changes, nothing proved. Halved at 1/2: [0, 1/2] has -10,
        // (-10 + 2.5)/2 = -3.75, P(1/2) = -2.5 and [1/2, 1] has -2.5, (2.5 - 5)/2 = -1.25, -5: no change on either half.
        // Rates below 0 are y in (0, 1) of -20 + 25y - 10y^2, coefficients -20, -7.5, -5: none (docs/methodology.md).
        var isolation = FinancialFunctions.IrrRates([-10, 25, -20]);

        Assert.True(isolation.Complete);
        Assert.Empty(isolation.Rates);
        Assert.False(FinancialFunctions.ProvedNoIrr([-10, 25, -20]));
    }

    [Fact]
    public void Rate_isolation_finds_the_one_rate_of_savings_that_change_sign_once()
    {
        var ten = FinancialFunctions.IrrRates([-100, 110]);
        var belowZero = FinancialFunctions.IrrRates([100, -50, -60]);
        var nearMinusOne = FinancialFunctions.IrrRates([1_000, -2]);

        Assert.True(ten.Complete);
        Assert.Equal(0.1, Assert.Single(ten.Rates), 12);
        Assert.True(belowZero.Complete);
        Assert.Equal((120 / (-50 + Math.Sqrt(26_500))) - 1, Assert.Single(belowZero.Rates), 12);
        Assert.True(nearMinusOne.Complete);
        Assert.Equal(-0.998, Assert.Single(nearMinusOne.Rates), 12);
    }

    [Fact]
    public void Rate_isolation_finds_both_rates_of_savings_with_two()
    {
        // -100 + 230x - 132x^2 = 0 at x = (230 +- 10) / 264: x = 10/11 (r = 10%) and x = 5/6 (r = 20%), both above 0.
        var above = FinancialFunctions.IrrRates([-100, 230, -132]);
        // -(x - 2)(x - 0.8) = -1.6 + 2.8x - x^2: x = 2 (r = -50%) and x = 0.8 (r = 25%), one on each side of 0.
        var bothSides = FinancialFunctions.IrrRates([-16, 28, -10]);

        Assert.True(above.Complete);
        Assert.Equal(2, above.Rates.Count);
        Assert.Equal(0.1, above.Rates[0], 12);
        Assert.Equal(0.2, above.Rates[1], 12);
        Assert.True(bothSides.Complete);
        Assert.Equal(2, bothSides.Rates.Count);
        Assert.Equal(-0.5, bothSides.Rates[0], 12);
        Assert.Equal(0.25, bothSides.Rates[1], 12);
    }

    [Fact]
    public void Rate_isolation_claims_nothing_about_a_rate_it_cannot_settle()
    {
        // -1 + 2x - x^2 = -(1 - x)^2: a double rate at 0, where the present value only touches zero. Its sign at r = 0 is
        // within rounding of zero, so no claim is made either way.
        var isolation = FinancialFunctions.IrrRates([-1, 2, -1]);

        Assert.False(isolation.Complete);
        Assert.Empty(isolation.Rates);
    }

    [Fact]
    public void Cumulative_sums_that_keep_their_sign_settle_a_side_with_no_rate()
    {
        // -10, 5, -10: sums -10, -5, -15 on both sides (the values read the same backwards): no rate anywhere, proved in
        // O(n) (docs/methodology.md, "IRR rates, proved"). The rates below 0 of -100, 110 are those of 110, -100: sums
        // 110, 10, none below 0; its rates of 0 and above have sums -100, 10, which change sign: the isolation runs there.
        Assert.True(FinancialFunctions.CumulativeSumsKeepSign([-10, 5, -10]));
        Assert.True(FinancialFunctions.CumulativeSumsKeepSign([110, -100]));
        Assert.False(FinancialFunctions.CumulativeSumsKeepSign([-100, 110]));
        var none = FinancialFunctions.IrrRates([-10, 5, -10]);
        var ten = FinancialFunctions.IrrRates([-100, 110]);

        Assert.True(none.Complete);
        Assert.Empty(none.Rates);
        Assert.True(ten.Complete);
        Assert.Equal(0.1, Assert.Single(ten.Rates), 12);
    }

    [Fact]
    public void Cumulative_sums_that_touch_zero_or_come_within_the_margin_defer_to_the_isolation()
    {
        // 100, -100, 50: sums 100, 0, 50 touch zero, so the rule proves nothing; 100 - 100x + 50x^2 has no real root
        // (10,000 - 20,000 < 0), and the isolation proves that instead: above 0 its coefficients are 100, 50, 50; below 0,
        // 50 - 100y + 100y^2 has 50, 0, 50 (0 is within the allowance), halved at 1/2: 50, 25, 25 and 25, 25, 50.
        Assert.False(FinancialFunctions.CumulativeSumsKeepSign([100, -100, 50]));
        Assert.False(FinancialFunctions.CumulativeSumsKeepSign([50, -100, 100]));
        double[] above = new double[3], below = new double[3], abs = new double[3], left = new double[3], right = new double[3];
        BernsteinArithmetic.Coefficients([100, -100, 50], above, abs);
        BernsteinArithmetic.Coefficients([50, -100, 100], below, abs);
        BernsteinArithmetic.Subdivide(below, abs, 0.5, left, new double[3], right, new double[3], new double[3], new double[3]);
        Assert.Equal([100, 50, 50], above);
        Assert.Equal([50, 0, 50], below);
        Assert.Equal([50, 25, 25], left);
        Assert.Equal([25, 25, 50], right);
        var none = FinancialFunctions.IrrRates([100, -100, 50]);
        Assert.True(none.Complete);
        Assert.Empty(none.Rates);
        // 1e9, 1 - 1e9: sums 1e9 and 1 keep their sign, but 1 is within 2e-9 of the absolute sum (about 4): rounding
        // could hide a sign there, so the rule defers.
        Assert.False(FinancialFunctions.CumulativeSumsKeepSign([1e9, 1 - 1e9]));
    }

    [Fact]
    public void Rate_isolation_ignores_zero_months_at_either_end()
    {
        // Zeros before and after change neither the rates nor their number: 0, -100, 110, 0 still has 10% alone.
        var isolation = FinancialFunctions.IrrRates([0, -100, 110, 0]);

        Assert.True(isolation.Complete);
        Assert.Equal(0.1, Assert.Single(isolation.Rates), 12);
    }

    [Fact]
    public void Descartes_rule_proves_nothing_when_a_rate_exists()
    {
        // -100 + 110 / (1 + r) = 0 at 10%; 100 - 50x - 60x^2 = 0 at x = (-50 + sqrt(26,500)) / 120, r = 6.38%.
        Assert.False(FinancialFunctions.ProvedNoIrr([-100, 110]));
        Assert.Equal(0.1, FinancialFunctions.Irr([-100, 110]), 12);
        Assert.False(FinancialFunctions.ProvedNoIrr([100, -50, -60]));
        Assert.Equal((120 / (-50 + Math.Sqrt(26_500))) - 1, FinancialFunctions.Irr([100, -50, -60]), 12);
        // A zero total: the present value is 0 at r = 0, which is the rate.
        Assert.False(FinancialFunctions.ProvedNoIrr([-100, 100]));
    }

    [Fact]
    public void Xnpv_matches_spreadsheet_example_on_a_365_day_year()
    {
        var xnpv = FinancialFunctions.Xnpv(0.09, XExampleValues, XExampleDates);

        Assert.Equal(2086.65, Math.Round(xnpv, 2));
        var byHand = 0.0;
        for (var i = 0; i < XExampleValues.Length; i++)
        {
            byHand += XExampleValues[i] / Math.Pow(1.09, (XExampleDates[i].DayNumber - XExampleDates[0].DayNumber) / 365.0);
        }
        Assert.Equal(byHand, xnpv, 9);
    }

    [Fact]
    public void Xirr_matches_spreadsheet_example()
    {
        var xirr = FinancialFunctions.Xirr(XExampleValues, XExampleDates);

        // The vendor shows 0.373362535 (its own solver stops at a looser tolerance); the root is 0.3733625335.
        Assert.Equal(0.373362535, xirr, 7);
        Assert.Equal(0.3733625335, xirr, 9);
        Assert.Equal(0, FinancialFunctions.Xnpv(xirr, XExampleValues, XExampleDates), 6);
    }

    [Fact]
    public void Xirr_without_a_sign_change_throws_no_result()
    {
        Assert.Throws<NoResultException>(() => FinancialFunctions.Xirr([1, 2], [new(2020, 1, 1), new(2021, 1, 1)]));
    }

    [Fact]
    public void Pmt_matches_spreadsheet_examples()
    {
        Assert.Equal(-1037.03, Math.Round(FinancialFunctions.Pmt(0.08 / 12, 10, 10_000), 2));
        Assert.Equal(-1030.16, Math.Round(FinancialFunctions.Pmt(0.08 / 12, 10, 10_000, 0, 1), 2));
        Assert.Equal(-129.08, Math.Round(FinancialFunctions.Pmt(0.06 / 12, 18 * 12, 0, 50_000), 2));
    }

    [Fact]
    public void Pmt_at_zero_rate_spreads_the_amount_evenly()
    {
        Assert.Equal(-100, FinancialFunctions.Pmt(0, 10, 1_000), 12);
    }

    [Fact]
    public void Finance_functions_reject_rates_at_or_below_minus_one()
    {
        Assert.Throws<InputException>(() => FinancialFunctions.Npv(-1, [1, 2]));
        Assert.Throws<InputException>(() => FinancialFunctions.Pmt(0.1, 0, 100));
        Assert.Throws<InputException>(() => FinancialFunctions.Pmt(0.1, 10, 100, 0, 2));
    }

    /// <summary>sum values[i] / (1 + r)^i, the first value at period 0, written out here rather than taken from the engine.</summary>
    internal static double PresentValueAt(double rate, IReadOnlyList<double> values)
    {
        var pv = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            pv += values[i] / Math.Pow(1 + rate, i);
        }
        return pv;
    }
}
