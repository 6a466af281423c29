using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Leased servers (docs/methodology.md, "Financing"): each month pays the rate factor times the equipment price at its
/// start; a lease ending is renewed at that month's price; nothing is bought, depreciated or resold.
/// </summary>
public class LeaseTests
{
    /// <summary>One $100,000 server leased for 3 months at 3% a month; prices fall so that month 4's is 90,000 (0.6561^(3/12) = 0.9).</summary>
    private static OnPremOption Leased() => OnPrem() with
    {
        LeaseTermMonths = 3,
        LeaseRateFactor = 0.03,
        AnnualPriceChange = 0.6561 - 1,
    };

    [Fact]
    public void Each_month_pays_the_rate_factor_at_its_start_and_a_renewed_lease_the_new_price()
    {
        var result = CostEngine.Evaluate(Scenario(5, 0, Workload(0), Leased())).GetOption("onprem");

        AssertSequence.Equal([3_000, 3_000, 3_000, 2_700, 2_700, 0], result.Months.Select(m => m.Lease), 6);
        Assert.All(result.Months, m => Assert.Equal(0.0, m.Capex));
        Assert.All(result.Months, m => Assert.Equal(0.0, m.Resale));
        Assert.All(result.Months, m => Assert.Equal(0.0, m.Depreciation));
        Assert.Equal(14_400, result.TotalCost, 6);
        Assert.Equal(0, result.Capex);
    }

    [Fact]
    public void After_tax_lease_payments_are_deductible_when_paid()
    {
        var scenario = Scenario(5, 0.1, Workload(0), Leased()) with { TaxRateAnnual = 0.25 };

        var result = CostEngine.Evaluate(scenario).GetOption("onprem");

        AssertSequence.Equal([-750, -750, -750, -675, -675, 0], result.Months.Select(m => m.Tax), 6);
        Assert.Equal(CostEngine.PresentValues(scenario)[0], result.PresentValue, 6);
    }

    [Fact]
    public void A_lease_with_a_loan_a_refresh_cycle_or_a_resale_fraction_is_refused_with_each_path()
    {
        var json = """
            { "name": "lease", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "outputTokensPerRequest": 500 },
              "options": [ { "id": "onprem", "kind": "onprem", "serverPrice": 100000, "gpusPerServer": 4, "serverPowerKw": 10,
                             "depreciationYears": 3, "decodeTokensPerGpuSecond": 500, "leaseTermMonths": 36,
                             "loanYears": 3, "usefulLifeYears": 3, "resaleValueFraction": 0.5 },
                           { "id": "leased", "kind": "onprem", "serverPrice": 100000, "gpusPerServer": 4, "serverPowerKw": 10,
                             "depreciationYears": 3, "decodeTokensPerGpuSecond": 500, "leaseRateFactor": 0.03 } ] }
            """;

        var lines = Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

        Assert.Equal(
        [
            "options[0].leaseRateFactor is required with leaseTermMonths (must be > 0 and <= 1)",
            "options[0].loanYears must be 0 with a lease (leased servers are not bought; got leaseTermMonths and loanYears)",
            "options[0].usefulLifeYears must be 0 with a lease (a leased fleet is renewed at the end of each lease term; got leaseTermMonths and usefulLifeYears)",
            "options[0].resaleValueFraction must be left out with a lease (leased servers are not resold; got 0.5)",
            "options[1].leaseTermMonths is required with leaseRateFactor (must be a whole number >= 1 and <= 600; got leaseRateFactor 0.03 without it)",
        ], lines);
    }
}
