using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>The tornado: one input at a time at its low and high value, metric = npvSavings of the recommendation vs the baseline.</summary>
public class SensitivityTests
{
    private const int Horizon = 12;

    // 1M requests of 1,000 input + 500 output tokens, no growth, no discounting. API (baseline): $7,000 a month.
    // Cloud: 1.05 GPU-s a request = 291.67 GPU-hours at $2 = $583.33, plus 0.5 FTE x $120,000 / 12 = $5,000.
    private static Scenario ApiVersusCloud() => Scenario(Horizon, 0, Workload(1_000_000, 1_000, 500), Api(),
        Cloud() with { StaffFte = 0.5, FteAnnualCost = 120_000 });

    /// <summary>npvSavings of the cloud against the API for this flat scenario, written out by hand.</summary>
    private static double Savings(double requests = 1_000_000, double gpuHourPrice = 2, double utilization = 1, double staffFte = 0.5)
    {
        var api = requests * (1_000 * 2 + 500 * 10) / 1e6;
        var cloud = requests * (1_000 / 20_000.0 + 500 / 500.0) / 3600 / utilization * gpuHourPrice + staffFte * 120_000 / 12;
        return Horizon * (api - cloud);
    }

    private static TornadoBar Bar(ScenarioEvaluation evaluation, string input) => evaluation.Tornado.Single(b => b.Input == input);

    [Fact]
    public void Default_range_is_twenty_percent_either_side_and_results_are_the_npv_savings_there()
    {
        var evaluation = CostEngine.Evaluate(ApiVersusCloud());
        var price = Bar(evaluation, "cloud.gpuHourPrice");

        Assert.Equal("cloud", evaluation.Recommendation);
        Assert.Equal("npvSavings", evaluation.TornadoMetric);
        Assert.Equal(17_000, Savings(), 6);
        Assert.Equal(2, price.BaseValue);
        Assert.Equal(1.6, price.LowValue, 12);
        Assert.Equal(2.4, price.HighValue, 12);
        Assert.Equal(Savings(gpuHourPrice: 1.6), price.LowResult, 6);
        Assert.Equal(Savings(gpuHourPrice: 2.4), price.HighResult, 6);
        Assert.Equal(2_800, price.Swing, 6);
        Assert.False(price.ChangesRecommendation);
    }

    [Fact]
    public void Values_are_kept_in_range_so_full_utilization_is_not_raised_above_one()
    {
        var utilization = Bar(CostEngine.Evaluate(ApiVersusCloud()), "cloud.targetUtilization");

        Assert.Equal(0.8, utilization.LowValue, 12);
        Assert.Equal(1, utilization.HighValue);
        Assert.Equal(Savings(utilization: 0.8), utilization.LowResult, 6);
        Assert.Equal(Savings(), utilization.HighResult, 6);
    }

    [Fact]
    public void Inputs_at_zero_have_no_bar_because_both_ends_are_the_same()
    {
        var inputs = CostEngine.Evaluate(ApiVersusCloud()).Tornado.Select(b => b.Input).ToArray();

        Assert.DoesNotContain("discountRateAnnual", inputs);
        Assert.DoesNotContain("workload.monthlyGrowth", inputs);
        Assert.DoesNotContain("cloud.setupCost", inputs);
        Assert.Contains("workload.requestsPerMonth", inputs);
    }

    [Fact]
    public void A_range_from_the_scenario_overrides_the_default_and_can_change_the_recommendation()
    {
        // At $8/h the cloud costs 291.67 x 8 + 5,000 = $7,333 a month, more than the API's $7,000.
        var scenario = ApiVersusCloud() with
        {
            Sensitivity = new SensitivitySettings
            {
                Ranges = new Dictionary<string, SensitivityRange> { ["cloud.gpuHourPrice"] = new(1, 8) },
            },
        };
        var price = Bar(CostEngine.Evaluate(scenario), "cloud.gpuHourPrice");

        Assert.Equal(1, price.LowValue);
        Assert.Equal(8, price.HighValue);
        Assert.Equal(Savings(gpuHourPrice: 1), price.LowResult, 6);
        Assert.Equal(Savings(gpuHourPrice: 8), price.HighResult, 6);
        Assert.True(price.HighResult < 0);
        Assert.True(price.ChangesRecommendation);
    }

    [Fact]
    public void Bars_are_sorted_by_swing_largest_first()
    {
        var tornado = CostEngine.Evaluate(ApiVersusCloud()).Tornado;

        for (var i = 1; i < tornado.Count; i++)
        {
            Assert.True(tornado[i - 1].Swing >= tornado[i].Swing, $"{tornado[i - 1].Input} before {tornado[i].Input}");
        }
        // Demand +-20% moves the savings by 12 x 400,000 x (0.007 - 0.000583) = 30,800, the largest swing.
        Assert.Equal("workload.requestsPerMonth", tornado[0].Input);
        Assert.Equal(Savings(requests: 1_200_000) - Savings(requests: 800_000), tornado[0].Swing, 6);
        Assert.Equal(30_800, tornado[0].Swing, 6);
        // Staff +-20% moves it by 12 x 0.4 x 5,000 = 24,000, tied with the FTE cost and the API output price.
        Assert.Equal(Savings(staffFte: 0.4) - Savings(staffFte: 0.6), Bar(CostEngine.Evaluate(ApiVersusCloud()), "cloud.staffFte").Swing, 6);
        Assert.Equal(["api.outputPricePerMillion", "cloud.fteAnnualCost", "cloud.staffFte"], tornado.Skip(1).Take(3).Select(b => b.Input));
    }

    [Fact]
    public void When_the_baseline_is_recommended_the_metric_is_its_present_value()
    {
        // Ten FTEs make the cloud far dearer: the API (baseline) is recommended; its PV is 12 x $7,000.
        var scenario = ApiVersusCloud() with { Options = [Api(), Cloud() with { StaffFte = 10, FteAnnualCost = 120_000 }] };
        var evaluation = CostEngine.Evaluate(scenario);
        var price = Bar(evaluation, "api.outputPricePerMillion");

        Assert.Equal("api", evaluation.Recommendation);
        Assert.Equal("presentValue", evaluation.TornadoMetric);
        Assert.Equal(12 * 1e6 * (1_000 * 2 + 500 * 8) / 1e6, price.LowResult, 6);
        Assert.Equal(12 * 1e6 * (1_000 * 2 + 500 * 12) / 1e6, price.HighResult, 6);
        Assert.DoesNotContain(evaluation.Tornado, b => b.Input.StartsWith("cloud.", StringComparison.Ordinal));
    }

    [Fact]
    public void Inputs_of_options_that_are_neither_baseline_nor_recommended_do_not_get_bars()
    {
        var scenario = ApiVersusCloud() with { Options = [.. ApiVersusCloud().Options, OnPrem()] };
        var evaluation = CostEngine.Evaluate(scenario);

        Assert.Equal("cloud", evaluation.Recommendation);
        Assert.DoesNotContain(evaluation.Tornado, b => b.Input.StartsWith("onprem.", StringComparison.Ordinal));
    }
}
