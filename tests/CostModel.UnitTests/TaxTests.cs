using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// After-tax comparison (docs/methodology.md, "Tax"): expenses deductible when paid, purchases through their
/// straight-line depreciation, resale against the book value at the horizon.
/// </summary>
public class TaxTests
{
    [Fact]
    public void Owned_servers_after_tax_deduct_running_costs_and_depreciation_and_the_loss_on_resale()
    {
        // One $120,000 server bought at t = 0, 12-month life, half its book value back at the end; 1 FTE at $10,000 a month.
        var owned = OnPrem() with { ServerPrice = 120_000, ResaleValueFraction = 0.5, StaffFte = 1, FteAnnualCost = 120_000 };
        var scenario = Scenario(3, 0, Workload(0), owned) with { TaxRateAnnual = 0.25 };

        var result = CostEngine.Evaluate(scenario).GetOption("onprem");

        // Depreciation 10,000 a month; book value at month 3: 90,000; resale 45,000, a loss of 45,000.
        AssertSequence.Equal([0, 10_000, 10_000, 10_000], result.Months.Select(m => m.Depreciation), 9);
        // Tax: 25% of (staff + depreciation) saved each month, and 25% of the 45,000 loss at the horizon.
        AssertSequence.Equal([0, -5_000, -5_000, -5_000 - 11_250], result.Months.Select(m => m.Tax), 9);
        AssertSequence.Equal([120_000, 5_000, 5_000, 10_000 - 45_000 - 16_250], CashOf(result), 9);
        Assert.Equal(78_750, result.TotalCost, 9);
        Assert.Equal(78_750, result.PresentValue, 9);
        Assert.Equal(105_000, result.PresentValueBeforeTax!.Value, 9);
    }

    [Fact]
    public void Resale_above_book_value_is_taxed_and_every_month_is_discounted_after_tax()
    {
        // A 6-month life: at month 9 the server's book value is 0, so the resale fraction of it is 0 too: no gain, no loss.
        // Depreciation 20,000 a month in months 1..6 shields 5,000 of tax each.
        var owned = OnPrem() with { ServerPrice = 120_000, DepreciationYears = 0.5, StaffFte = 1, FteAnnualCost = 120_000 };
        var scenario = Scenario(9, 0.10, Workload(0), owned) with { TaxRateAnnual = 0.25 };

        var result = CostEngine.Evaluate(scenario).GetOption("onprem");

        double[] tax = [0, -7_500, -7_500, -7_500, -7_500, -7_500, -7_500, -2_500, -2_500, -2_500];
        AssertSequence.Equal(tax, result.Months.Select(m => m.Tax), 9);
        double[] cash = [120_000, 2_500, 2_500, 2_500, 2_500, 2_500, 2_500, 7_500, 7_500, 7_500];
        Assert.Equal(Discounted(0.10, cash), result.PresentValue, 6);
        Assert.Equal(CostEngine.PresentValues(scenario)[0], result.PresentValue, 6);
    }

    [Fact]
    public void Api_and_cloud_charges_are_deductible_in_the_month_paid()
    {
        // 1,000,000 requests x 500 output tokens x $10 per million = $5,000 a month; $400 set-up.
        var api = Api() with { SetupCost = 400 };
        var scenario = Scenario(2, 0, Workload(1_000_000), api, Cloud()) with { TaxRateAnnual = 0.3 };

        var evaluation = CostEngine.Evaluate(scenario);

        var result = evaluation.GetOption("api");
        AssertSequence.Equal([280, 3_500, 3_500], CashOf(result), 9);
        AssertSequence.Equal([-120, -1_500, -1_500], result.Months.Select(m => m.Tax), 9);
        Assert.Equal(10_400, result.PresentValueBeforeTax!.Value, 9);
        // Cloud: 500 tokens / 500 per GPU-s = 1 GPU-s a request, 1,000,000 / 3,600 GPU-hours at $2 = $555.56 a month.
        var cloud = evaluation.GetOption("cloud");
        Assert.Equal(2 * 1_000_000 / 3_600.0 * 2 * 0.7, cloud.PresentValue, 6);
    }

    [Fact]
    public void Benefits_count_after_tax_when_options_are_compared_after_tax()
    {
        var scenario = Scenario(2, 0, Workload(1_000), Api()) with
        {
            TaxRateAnnual = 0.2,
            Benefits = new Benefits { ValuePerRequest = 1, FixedMonthlyValue = 500 },
        };

        var evaluation = CostEngine.Evaluate(scenario);

        Assert.Equal(2 * 1_500 * 0.8, evaluation.BenefitsPresentValue!.Value, 9);
    }

    [Fact]
    public void Without_a_tax_rate_nothing_is_taxed_and_no_before_tax_figure_is_reported()
    {
        var owned = OnPrem() with { ResaleValueFraction = 0.5, StaffFte = 1, FteAnnualCost = 120_000 };

        var result = CostEngine.Evaluate(Scenario(3, 0.1, Workload(0), owned)).GetOption("onprem");

        Assert.All(result.Months, m => Assert.Equal(0.0, m.Tax));
        Assert.Null(result.PresentValueBeforeTax);
    }

    [Fact]
    public void A_tax_rate_of_one_hundred_percent_is_refused_with_its_path_and_range()
    {
        var json = """
            { "name": "tax", "horizonMonths": 12, "taxRateAnnual": 1,
              "workload": { "requestsPerMonth": 1000, "outputTokensPerRequest": 500 },
              "options": [ { "id": "api", "kind": "api", "inputPricePerMillion": 1, "outputPricePerMillion": 2 } ] }
            """;

        var lines = Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

        Assert.Equal(["taxRateAnnual must be >= 0 and < 1 (got 1)"], lines);
    }
}
