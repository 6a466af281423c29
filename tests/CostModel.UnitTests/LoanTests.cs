using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Purchases financed by a loan (docs/methodology.md, "Financing"): the financed part is borrowed when paid, repaid in
/// equal monthly payments from the next month, and the balance still owed at the horizon is paid then.
/// </summary>
public class LoanTests
{
    /// <summary>One $120,000 server bought at t = 0 (5-year depreciation, no resale), a quarter paid down, 90,000 borrowed over 12 months.</summary>
    private static OnPremOption Financed(double annualRate) => OnPrem() with
    {
        ServerPrice = 120_000,
        DepreciationYears = 5,
        ResaleValueFraction = 0,
        LoanYears = 1,
        LoanAnnualRate = annualRate,
        LoanDownPaymentFraction = 0.25,
    };

    [Fact]
    public void Without_interest_the_loan_is_repaid_in_equal_parts_and_the_rest_at_the_horizon()
    {
        var result = CostEngine.Evaluate(Scenario(3, 0, Workload(0), Financed(0))).GetOption("onprem");

        // 90,000 / 12 = 7,500 a month; 67,500 still owed after month 3.
        AssertSequence.Equal([-90_000, 7_500, 7_500, 75_000], result.Months.Select(m => m.Financing), 6);
        AssertSequence.Equal([30_000, 7_500, 7_500, 75_000], CashOf(result), 6);
        Assert.Equal(120_000, result.Capex, 6);
        Assert.Equal(120_000, result.TotalCost, 6);
    }

    [Fact]
    public void Equal_monthly_payments_at_the_monthly_rate_and_interest_on_the_balance()
    {
        var result = CostEngine.Evaluate(Scenario(3, 0, Workload(0), Financed(0.12))).GetOption("onprem");

        // PMT(1%, 12, 90,000) = 7,996.390981; interest 1% of the balance: 900, 829.036090, 757.362541;
        // balance after month 3: 68,497.225688, paid with month 3's payment.
        const double payment = 7_996.390981050745;
        AssertSequence.Equal([0, 900, 829.036090, 757.362541], result.Months.Select(m => m.Interest), 5);
        AssertSequence.Equal([-90_000, payment, payment, payment + 68_497.225688], result.Months.Select(m => m.Financing), 5);
        Assert.Equal(120_000 + 2_486.398631, result.TotalCost, 5);
    }

    [Fact]
    public void After_tax_the_interest_is_deductible_beside_the_depreciation()
    {
        var scenario = Scenario(3, 0.1, Workload(0), Financed(0.12)) with { TaxRateAnnual = 0.25 };

        var result = CostEngine.Evaluate(scenario).GetOption("onprem");

        // Month 1: 25% of (900 interest + 2,000 depreciation).
        Assert.Equal(-725, result.Months[1].Tax, 6);
        Assert.Equal(CostEngine.PresentValues(scenario)[0], result.PresentValue, 6);
    }

    [Fact]
    public void A_loan_rate_or_down_payment_without_a_loan_term_is_refused_with_its_path()
    {
        var json = """
            { "name": "loan", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "outputTokensPerRequest": 500 },
              "options": [ { "id": "onprem", "kind": "onprem", "serverPrice": 100000, "gpusPerServer": 4, "serverPowerKw": 10,
                             "depreciationYears": 3, "decodeTokensPerGpuSecond": 500, "loanAnnualRate": 0.08, "loanDownPaymentFraction": 0.2 } ] }
            """;

        var lines = Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

        Assert.Equal(
        [
            "options[0].loanAnnualRate needs loanYears > 0 (a loan's term; got loanAnnualRate 0.08 without it)",
            "options[0].loanDownPaymentFraction needs loanYears > 0 (a loan's term; got loanDownPaymentFraction 0.2 without it)",
        ], lines);
    }
}
