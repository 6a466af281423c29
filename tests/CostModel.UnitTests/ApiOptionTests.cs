using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>api: cost_t = (inTok_t x input price + outTok_t x output price) / 1e6 x factor_t + fixedMonthly; set-up at t = 0.</summary>
public class ApiOptionTests
{
    [Fact]
    public void Flat_demand_without_discounting_costs_the_same_every_month()
    {
        // 1,000 requests of 1,000 input and 500 output tokens: 1M input at $2 + 0.5M output at $10 = $7 a month.
        var api = Api() with { FixedMonthly = 100, SetupCost = 500 };
        var result = CostEngine.Evaluate(Scenario(3, 0, Workload(1_000, 1_000, 500), api)).GetOption("api");

        AssertSequence.Equal([500, 107, 107, 107], CashOf(result), 9);
        AssertSequence.Equal([0, 7, 7, 7], result.Months.Select(m => m.Usage), 9);
        Assert.Equal([0, 100, 100, 100], result.Months.Select(m => m.Fixed));
        Assert.Equal(500, result.Months[0].Setup);
        Assert.Equal([0, 1_500_000, 1_500_000, 1_500_000], result.Months.Select(m => m.Tokens));
        Assert.Equal(821, result.TotalCost, 9);
        Assert.Equal(821, result.PresentValue, 9);
        Assert.Equal(821 / 4.5e6 * 1e6, result.LevelizedCostPerMillionTokens!.Value, 9);
        Assert.Equal(0, result.EnergyKwh);
        Assert.Equal(0, result.PeakGpus);
        Assert.Equal(0, result.Capex);
    }

    [Fact]
    public void Growth_price_change_and_discounting_follow_the_specification_month_by_month()
    {
        var api = Api() with { AnnualPriceChange = -0.20, FixedMonthly = 100, SetupCost = 500 };
        var scenario = Scenario(3, 0.12, Workload(1_000, 1_000, 500, monthlyGrowth: 0.10), api);
        var result = CostEngine.Evaluate(scenario).GetOption("api");

        // requests 1000, 1100, 1210; price factor 0.8^((t-1)/12); $0.007 a request before the factor.
        double[] cash =
        [
            500,
            1_000 * 0.007 + 100,
            1_100 * 0.007 * Math.Pow(0.8, 1.0 / 12) + 100,
            1_210 * 0.007 * Math.Pow(0.8, 2.0 / 12) + 100,
        ];
        var m = Math.Pow(1.12, 1.0 / 12) - 1;
        var pv = cash[0] + cash[1] / (1 + m) + cash[2] / Math.Pow(1 + m, 2) + cash[3] / Math.Pow(1 + m, 3);
        var tokensPv = 1.5e6 / (1 + m) + 1.65e6 / Math.Pow(1 + m, 2) + 1.815e6 / Math.Pow(1 + m, 3);

        AssertSequence.Equal(cash, CashOf(result), 9);
        AssertSequence.Equal([0, 1_000, 1_100, 1_210], result.Months.Select(x => x.Requests), 9);
        Assert.Equal(cash.Sum(), result.TotalCost, 9);
        Assert.Equal(pv, result.PresentValue, 9);
        Assert.Equal(pv / tokensPv * 1e6, result.LevelizedCostPerMillionTokens!.Value, 9);
        // The literal figures the formulas above give.
        Assert.Equal(107.55814, result.Months[2].Cash, 5);
        Assert.Equal(108.16078, result.Months[3].Cash, 5);
    }

    [Fact]
    public void Price_change_scales_usage_but_not_the_fixed_monthly_cost()
    {
        var api = Api() with { AnnualPriceChange = 1.0, FixedMonthly = 100 };
        var result = CostEngine.Evaluate(Scenario(13, 0, Workload(1_000, 1_000, 500), api)).GetOption("api");

        // After twelve months the price has doubled: month 13 pays factor 2^(12/12) = 2.
        Assert.Equal(14, result.Months[13].Usage, 9);
        Assert.Equal(100, result.Months[13].Fixed);
    }

    [Fact]
    public void No_tokens_served_leaves_the_levelized_cost_undefined()
    {
        var api = Api() with { FixedMonthly = 100 };
        var result = CostEngine.Evaluate(Scenario(3, 0, Workload(0), api)).GetOption("api");

        Assert.Null(result.LevelizedCostPerMillionTokens);
        Assert.Equal(300, result.PresentValue, 9);
    }
}
