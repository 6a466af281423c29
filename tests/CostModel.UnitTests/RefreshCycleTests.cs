using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Refresh cycle (docs/methodology.md, "Refresh cycle"): a server reaching its useful life is replaced at the price
/// trend's price of that month and the old one sold at its resale value.
/// </summary>
public class RefreshCycleTests
{
    /// <summary>One $100,000 server kept 6 months, a 12-month depreciation life, half its book value back when sold; prices fall 19% a year.</summary>
    private static OnPremOption Refreshed() => OnPrem() with
    {
        UsefulLifeYears = 0.5,
        AnnualPriceChange = -0.19,
        ResaleValueFraction = 0.5,
    };

    [Fact]
    public void A_server_reaching_its_useful_life_is_bought_again_at_the_trend_price_and_the_old_one_sold()
    {
        var result = CostEngine.Evaluate(Scenario(9, 0, Workload(0), Refreshed())).GetOption("onprem");

        // Month 7's price: 100,000 x 0.81^(6/12) = 90,000, paid at the end of month 6.
        AssertSequence.Equal([100_000, 0, 0, 0, 0, 0, 90_000, 0, 0, 0], result.Months.Select(m => m.Capex), 6);
        // Sold after 6 months: book 100,000 x (1 - 6/12) = 50,000, half back; at month 9 the new one (3 months old):
        // 90,000 x (1 - 3/12) = 67,500, half back.
        AssertSequence.Equal([0, 0, 0, 0, 0, 0, -25_000, 0, 0, -33_750], result.Months.Select(m => m.Resale), 6);
        double[] depreciation = [0, .. Enumerable.Repeat(100_000 / 12.0, 6), 7_500, 7_500, 7_500];
        AssertSequence.Equal(depreciation, result.Months.Select(m => m.Depreciation), 6);
        Assert.All(result.Months.Skip(1), m => Assert.Equal(1, m.Servers));
        Assert.Equal(190_000, result.Capex, 6);
        Assert.Equal(131_250, result.TotalCost, 6);
    }

    [Fact]
    public void After_tax_a_sale_below_book_value_at_replacement_is_deductible_in_the_month_sold()
    {
        var scenario = Scenario(9, 0, Workload(0), Refreshed()) with { TaxRateAnnual = 0.2 };

        var result = CostEngine.Evaluate(scenario).GetOption("onprem");

        // 20% of the depreciation each month; 20% of the 25,000 loss at month 6 and of the 33,750 loss at month 9.
        var early = -0.2 * 100_000 / 12.0;
        double[] tax = [0, early, early, early, early, early, early - 5_000, -1_500, -1_500, -1_500 - 6_750];
        AssertSequence.Equal(tax, result.Months.Select(m => m.Tax), 6);
        Assert.Equal(131_250 * 0.8, result.TotalCost, 6);
        Assert.Equal(result.PresentValue, CostEngine.PresentValues(scenario)[0], 6);
    }

    [Fact]
    public void A_useful_life_longer_than_the_horizon_changes_nothing()
    {
        var kept = OnPrem() with { ResaleValueFraction = 0.5, StaffFte = 1, FteAnnualCost = 120_000 };
        var workload = Workload(7_884_000, monthlyGrowth: 0.2);

        var plain = CostEngine.Evaluate(Scenario(12, 0.1, workload, kept)).GetOption("onprem");
        var refreshed = CostEngine.Evaluate(Scenario(12, 0.1, workload, kept with { UsefulLifeYears = 2 })).GetOption("onprem");

        Assert.Equal(plain.PresentValue, refreshed.PresentValue);
        Assert.Equal(plain.Months.Select(m => m.Cash), refreshed.Months.Select(m => m.Cash));
    }

    [Fact]
    public void A_useful_life_beyond_thirty_years_is_refused_with_its_path_and_range()
    {
        var json = """
            { "name": "refresh", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "outputTokensPerRequest": 500 },
              "options": [ { "id": "onprem", "kind": "onprem", "serverPrice": 100000, "gpusPerServer": 4, "serverPowerKw": 10,
                             "depreciationYears": 3, "decodeTokensPerGpuSecond": 500, "usefulLifeYears": 31 } ] }
            """;

        var lines = Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

        Assert.Equal(["options[0].usefulLifeYears must be >= 0 and <= 30 (got 31)"], lines);
    }
}
