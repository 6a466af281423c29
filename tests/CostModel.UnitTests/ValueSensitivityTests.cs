using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Value-model and benefit inputs in the tornado and the Monte Carlo (docs/methodology.md, "Sensitivity" and "Monte
/// Carlo"; ADR 022): they move the recommendation's NPV, never its cost ranking.
/// </summary>
public class ValueSensitivityTests
{
    /// <summary>
    /// 3 months at 0%, 1,000 requests of 1 token at 2,000 per million: cost 2 a month, 6 in all. Line optimization
    /// 100,000 units x 2% x margin 15 = 30,000 a month, 90,000 in all. NPV = 89,994.
    /// </summary>
    private static Scenario LineScenario(string margin = "15") => ScenarioJson.Parse($$"""
        {
          "name": "value tornado", "horizonMonths": 3,
          "workload": { "requestsPerMonth": 1000, "inputTokensPerRequest": 1, "outputTokensPerRequest": 0 },
          "options": [ { "id": "api", "kind": "api", "inputPricePerMillion": 2000, "outputPricePerMillion": 0 } ],
          "benefits": { "lineOptimization": { "unitsPerMonth": 100000, "gainFraction": 0.02, "marginPerUnit": {{margin}} } }
        }
        """);

    [Fact]
    public void The_value_tornado_moves_value_model_inputs_by_the_hand_worked_npv()
    {
        var evaluation = CostEngine.Evaluate(LineScenario());

        Assert.Equal(89_994, evaluation.GetOption("api").Npv!.Value, 9);
        var bars = evaluation.ValueTornado!;
        // Each of units, gain and margin at 0.8x and 1.2x: 72,000 - 6 = 71,994 and 108,000 - 6 = 107,994.
        Assert.Equal(
            ["benefits.lineOptimization.gainFraction", "benefits.lineOptimization.marginPerUnit", "benefits.lineOptimization.unitsPerMonth"],
            bars.Take(3).Select(b => b.Input));
        foreach (var bar in bars.Take(3))
        {
            Assert.Equal(71_994, bar.LowResult, 6);
            Assert.Equal(107_994, bar.HighResult, 6);
            Assert.Equal(36_000, bar.Swing, 6);
            Assert.False(bar.ChangesRecommendation);
        }
        var margin = bars.Single(b => b.Input == "benefits.lineOptimization.marginPerUnit");
        Assert.Equal((15.0, 12.0, 18.0), (margin.BaseValue, margin.LowValue, margin.HighValue));
        Assert.Equal("Margin per extra unit", margin.Label);

        // The option's price moves its cost by 0.2 x 6 = 1.2 each way: NPV 89,995.2 and 89,992.8.
        var price = bars.Single(b => b.Input == "api.inputPricePerMillion");
        Assert.Equal(89_995.2, price.LowResult, 6);
        Assert.Equal(89_992.8, price.HighResult, 6);
        Assert.Equal(2.4, price.Swing, 9);
    }

    [Fact]
    public void Benefit_inputs_stay_out_of_the_cost_tornado_which_is_unchanged_by_them()
    {
        var withValue = CostEngine.Evaluate(LineScenario());
        var withoutValue = CostEngine.Evaluate(LineScenario() with { Benefits = null });

        Assert.DoesNotContain(withValue.Tornado, b => b.Input.StartsWith("benefits.", StringComparison.Ordinal));
        Assert.Equal(withoutValue.Tornado, withValue.Tornado);
        Assert.Null(withoutValue.ValueTornado);
        Assert.Empty(CostEngine.Evaluate(LineScenario(), includeTornado: false).Tornado);
    }

    [Fact]
    public void A_per_request_value_moves_with_demand_in_the_value_tornado()
    {
        // 1,000 requests x 0.5 a month for 3 months = 1,500; demand at 800 and 1,200 gives 1,200 and 1,800 of value and
        // 4.8 and 7.2 of cost: NPV 1,195.2 and 1,792.8.
        var scenario = LineScenario() with { Benefits = new Benefits { ValuePerRequest = 0.5 } };

        var demand = CostEngine.Evaluate(scenario).ValueTornado!.Single(b => b.Input == "workload.requestsPerMonth");

        Assert.Equal(1_195.2, demand.LowResult, 9);
        Assert.Equal(1_792.8, demand.HighResult, 9);
    }

    [Fact]
    public void A_sensitivity_range_on_a_value_model_input_is_used_as_given()
    {
        var scenario = LineScenario() with
        {
            Sensitivity = new SensitivitySettings
            {
                Ranges = new Dictionary<string, SensitivityRange> { ["benefits.lineOptimization.gainFraction"] = new(0, 0.05) },
            },
        };

        var gain = CostEngine.Evaluate(scenario).ValueTornado!.Single(b => b.Input == "benefits.lineOptimization.gainFraction");

        // Gain 0: NPV -6; gain 5%: 3 x 100,000 x 0.05 x 15 - 6 = 224,994.
        Assert.Equal(-6, gain.LowResult, 9);
        Assert.Equal(224_994, gain.HighResult, 6);
    }

    [Fact]
    public void The_monte_carlo_draws_a_value_model_input_into_the_npv_and_its_chance_of_being_positive()
    {
        // NPV = 3 x 100,000 x 0.02 x margin - 6 = 6,000 x margin - 6, positive when margin > 0.001. For a triangular
        // margin (0, 0.0005, 0.003): P(margin > 0.001) = (0.003 - 0.001)^2 / ((0.003 - 0)(0.003 - 0.0005)) = 0.5333.
        var scenario = LineScenario("""{ "distribution": "triangular", "min": 0, "mode": 0.0005, "max": 0.003 }""");

        var result = MonteCarlo.Run(scenario, 20_000, 7, null, CancellationToken.None);

        var api = result.GetOption("api");
        var binomialSe = Math.Sqrt(0.5333 * 0.4667 / 20_000);
        Assert.InRange(api.ProbabilityPositiveNpv!.Value, 0.5333 - 3 * binomialSe, 0.5333 + 3 * binomialSe);
        var drawn = Assert.Single(result.Inputs);
        Assert.Equal(6_000 * drawn.Mean, result.BenefitsPresentValue!.Mean, 9);
        Assert.Equal(6_000 * drawn.Mean - 6, api.Npv!.Mean, 9);
        Assert.Equal(0, api.PresentValue.StdDev, 9);
        // NPV rises with the margin in every trial: a rank correlation of 1.
        var bar = Assert.Single(result.ValueTornado!);
        Assert.Equal("benefits.lineOptimization.marginPerUnit", bar.Input);
        Assert.Equal(1, bar.RankCorrelation, 12);
    }

    [Fact]
    public void A_simulation_without_benefits_has_no_npv_figures()
    {
        var scenario = ScenarioJson.Parse("""
            {
              "name": "no benefits", "horizonMonths": 3,
              "workload": { "requestsPerMonth": 1000, "inputTokensPerRequest": 1, "outputTokensPerRequest": 0 },
              "options": [ { "id": "api", "kind": "api", "inputPricePerMillion": { "distribution": "uniform", "min": 1000, "max": 3000 }, "outputPricePerMillion": 0 } ]
            }
            """);

        var result = MonteCarlo.Run(scenario, 1_000, 1, null, CancellationToken.None);

        Assert.Null(result.BenefitsPresentValue);
        Assert.Null(result.ValueTornado);
        Assert.Null(result.GetOption("api").Npv);
        Assert.Null(result.GetOption("api").ProbabilityPositiveNpv);
    }

    [Fact]
    public void Value_model_inputs_are_set_in_place_with_the_same_result_as_copying()
    {
        var scenario = ScenarioJson.Parse("""
            {
              "name": "in place", "horizonMonths": 12, "discountRateAnnual": 0.1,
              "workload": { "requestsPerMonth": 5000, "monthlyGrowth": 0.01, "inputTokensPerRequest": 100 },
              "options": [ { "id": "api", "kind": "api", "inputPricePerMillion": 2, "outputPricePerMillion": 4 } ],
              "benefits": {
                "valuePerRequest": 0.01,
                "qualityInspection": { "defectRate": 0.02, "detectionRate": 0.9, "escapedDefectCost": 50, "falseRejectRate": 0.01, "falseRejectCost": 2 },
                "predictiveMaintenance": { "downtimeHoursAvoidedPerMonth": 6, "downtimeCostPerHour": 10000 }
              }
            }
            """);
        string[] keys = ["benefits.qualityInspection.defectRate", "benefits.predictiveMaintenance.downtimeCostPerHour", "benefits.valuePerRequest", "api.inputPricePerMillion"];
        var inputs = keys.Select(k => ScenarioInputs.Find(scenario, k)!).ToArray();
        var before = ScenarioJsonWriter.Write(scenario);
        var worker = InPlaceScenario.TryCreate(scenario, inputs)!.ForWorker();
        var workspace = new PresentValueWorkspace();
        var pvs = new double[1];
        for (var trial = 0; trial < 5; trial++)
        {
            double[] values = [0.01 + 0.005 * trial, 8_000 + 1_000 * trial, 0.02 * trial, 1 + trial];
            var copied = ScenarioInputs.WithAll(scenario, inputs, values);

            var set = worker.With(values);
            workspace.PresentValues(set, pvs);

            Assert.Equal(copied.Benefits, set.Benefits);
            Assert.Equal(ScenarioJsonWriter.Write(copied), ScenarioJsonWriter.Write(set));
            Assert.Equal(CostEngine.Evaluate(copied, includeTornado: false).BenefitsPresentValue!.Value, workspace.BenefitsPresentValue(set));
        }
        Assert.Equal(before, ScenarioJsonWriter.Write(scenario));
    }
}
