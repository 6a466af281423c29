using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>The manufacturing value models of benefits (docs/methodology.md, "Value models"; ADR 016): formulas, ROI, JSON, inputs.</summary>
public class ValueModelTests
{
    private static readonly QualityInspectionValue Inspection = new()
    {
        DefectRate = 0.02, DetectionRate = 0.9, EscapedDefectCost = 50, FalseRejectRate = 0.01, FalseRejectCost = 2,
    };

    private static readonly PredictiveMaintenanceValue Maintenance = new()
    {
        DowntimeHoursAvoidedPerMonth = 6, DowntimeCostPerHour = 10_000, FalseAlarmsPerMonth = 4, InspectionCostPerFalseAlarm = 500,
    };

    private static readonly LineOptimizationValue Line = new() { UnitsPerMonth = 100_000, GainFraction = 0.02, MarginPerUnit = 15 };

    private static string Json(string benefits) => $$"""
        {
          "name": "value models",
          "horizonMonths": 3,
          "workload": { "requestsPerMonth": 1000, "inputTokensPerRequest": 1 },
          "options": [ { "id": "api", "kind": "api", "inputPricePerMillion": 2000, "outputPricePerMillion": 0 } ],
          "benefits": {{benefits}}
        }
        """;

    private static IReadOnlyList<string> Problems(string json) => Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

    [Fact]
    public void Quality_inspection_value_per_item_matches_the_hand_worked_example()
    {
        // 0.02 x 0.9 x 50 = 0.90 caught; (1 - 0.02) x 0.01 x 2 = 0.0196 lost to false rejects; 0.90 - 0.0196 = 0.8804.
        Assert.Equal(0.8804, Inspection.ValuePerItem, 12);
    }

    [Fact]
    public void Predictive_maintenance_monthly_value_matches_the_hand_worked_example()
    {
        // 6 h x 10,000 = 60,000 avoided; 4 alarms x 500 = 2,000 spent; 58,000 a month.
        Assert.Equal(58_000, Maintenance.MonthlyValue, 9);
    }

    [Fact]
    public void Line_optimization_monthly_value_matches_the_hand_worked_example()
    {
        // 100,000 units x 2% x 15 = 30,000 a month.
        Assert.Equal(30_000, Line.MonthlyValue, 9);
    }

    [Fact]
    public void Quality_inspection_value_is_negative_when_false_rejects_cost_more_than_defects_caught()
    {
        // 0.001 x 0.5 x 10 = 0.005 caught; 0.999 x 0.05 x 1 = 0.04995 lost: -0.04495 per item.
        var costly = new QualityInspectionValue { DefectRate = 0.001, DetectionRate = 0.5, EscapedDefectCost = 10, FalseRejectRate = 0.05, FalseRejectCost = 1 };

        Assert.Equal(-0.04495, costly.ValuePerItem, 12);
    }

    [Fact]
    public void Value_models_add_to_the_typed_benefits_and_enter_npv_and_roi()
    {
        // Month t: 1,000 requests x (0.01 + 0.8804) + 100 + 58,000 + 30,000 = 88,990.4; at a 0% rate for 3 months, 266,971.2.
        // Cost: 1,000 requests x 1 token x 2,000 per million = 2 a month, 6 in all.
        var scenario = Scenario(3, 0, Workload(1_000, 1, 0), Api() with { InputPricePerMillion = 2_000, OutputPricePerMillion = 0 }) with
        {
            Benefits = new Benefits
            {
                ValuePerRequest = 0.01, FixedMonthlyValue = 100,
                QualityInspection = Inspection, PredictiveMaintenance = Maintenance, LineOptimization = Line,
            },
        };
        var evaluation = CostEngine.Evaluate(scenario);
        var api = evaluation.GetOption("api");

        Assert.Equal(266_971.2, evaluation.BenefitsPresentValue!.Value, 6);
        Assert.Equal(266_971.2 - 6, api.Npv!.Value, 6);
        Assert.Equal((266_971.2 - 6) / 6, api.Roi!.Value, 6);
        var values = evaluation.Benefits!;
        Assert.Equal(0.8904, values.ValuePerRequest, 12);
        Assert.Equal(88_100, values.MonthlyValue, 9);
        Assert.Equal(0.8804, values.QualityInspectionValuePerItem!.Value, 12);
        Assert.Equal(58_000, values.PredictiveMaintenanceValuePerMonth!.Value, 9);
        Assert.Equal(30_000, values.LineOptimizationValuePerMonth!.Value, 9);
    }

    [Fact]
    public void Quality_inspection_value_grows_with_the_inspected_items()
    {
        // 1,000 then 1,500 items x 0.8804 = 880.4 + 1,320.6 = 2,201.
        var scenario = Scenario(2, 0, Workload(1_000, 1, 0, monthlyGrowth: 0.5), Api() with { InputPricePerMillion = 1, OutputPricePerMillion = 0 }) with
        {
            Benefits = new Benefits { QualityInspection = Inspection },
        };

        Assert.Equal(2_201, CostEngine.Evaluate(scenario).BenefitsPresentValue!.Value, 9);
    }

    [Fact]
    public void Value_models_are_read_written_and_read_back_the_same()
    {
        var json = Json("""
            { "valuePerRequest": 0.01,
              "qualityInspection": { "defectRate": 0.02, "detectionRate": 0.9, "escapedDefectCost": 50, "falseRejectRate": 0.01, "falseRejectCost": 2 },
              "predictiveMaintenance": { "downtimeHoursAvoidedPerMonth": 6, "downtimeCostPerHour": 10000, "falseAlarmsPerMonth": 4, "inspectionCostPerFalseAlarm": 500 },
              "lineOptimization": { "unitsPerMonth": 100000, "gainFraction": { "distribution": "triangular", "min": 0.01, "mode": 0.02, "max": 0.04 }, "marginPerUnit": 15 } }
            """);
        var scenario = ScenarioJson.Parse(json);

        Assert.Equal(Inspection, scenario.Benefits!.QualityInspection);
        Assert.Equal(Maintenance, scenario.Benefits.PredictiveMaintenance);
        Assert.Equal((0.01 + 0.02 + 0.04) / 3, scenario.Benefits.LineOptimization!.GainFraction, 12);
        Assert.Equal("benefits.lineOptimization.gainFraction", Assert.Single(scenario.Uncertainties).Key);

        var written = ScenarioJsonWriter.Write(scenario);
        var again = ScenarioJson.Parse(written);
        Assert.Equal(scenario.Benefits, again.Benefits);
        Assert.Equal(written, ScenarioJsonWriter.Write(again));
    }

    [Fact]
    public void A_value_model_with_a_missing_or_out_of_range_field_is_named_by_its_path()
    {
        Assert.Equal(
        [
            "benefits.qualityInspection.escapedDefectCost is required (must be >= 0 and <= 1,000,000,000)",
            "benefits.lineOptimization.gainFraction must be >= 0 and <= 1 (got 1.5)",
        ],
            Problems(Json("""
                { "qualityInspection": { "defectRate": 0.02, "detectionRate": 0.9 },
                  "lineOptimization": { "unitsPerMonth": 100000, "gainFraction": 1.5, "marginPerUnit": 15 } }
                """)));
    }

    [Fact]
    public void Unknown_value_models_and_fields_are_errors_that_list_the_known_ones()
    {
        Assert.Equal(
        [
            "benefits.energySaving is not a field of a benefits (known: valuePerRequest, fixedMonthlyValue, qualityInspection, predictiveMaintenance, lineOptimization)",
            "benefits.predictiveMaintenance.downtimeHours is not a field of a predictiveMaintenance value model (known: downtimeHoursAvoidedPerMonth, downtimeCostPerHour, falseAlarmsPerMonth, inspectionCostPerFalseAlarm)",
            "benefits.predictiveMaintenance.downtimeHoursAvoidedPerMonth is required (must be >= 0 and <= 1,000,000)",
        ],
            Problems(Json("""
                { "energySaving": 5, "predictiveMaintenance": { "downtimeHours": 6, "downtimeCostPerHour": 10000 } }
                """)));
    }

    [Fact]
    public void Value_model_fields_are_scenario_inputs_that_can_be_set_by_key()
    {
        var scenario = Scenario(3, 0, Workload(1_000, 1, 0), Api()) with
        {
            Benefits = new Benefits { QualityInspection = Inspection, LineOptimization = Line },
        };
        var keys = ScenarioInputs.List(scenario).Where(i => i.Key.StartsWith("benefits.", StringComparison.Ordinal)).Select(i => i.Key).ToArray();

        Assert.Equal(
        [
            "benefits.valuePerRequest", "benefits.fixedMonthlyValue",
            "benefits.qualityInspection.defectRate", "benefits.qualityInspection.detectionRate", "benefits.qualityInspection.escapedDefectCost",
            "benefits.qualityInspection.falseRejectRate", "benefits.qualityInspection.falseRejectCost",
            "benefits.lineOptimization.unitsPerMonth", "benefits.lineOptimization.gainFraction", "benefits.lineOptimization.marginPerUnit",
        ], keys);

        var defectRate = ScenarioInputs.Find(scenario, "benefits.qualityInspection.defectRate")!;
        var margin = ScenarioInputs.Find(scenario, "benefits.lineOptimization.marginPerUnit")!;
        Assert.Equal(0.02, defectRate.Get(scenario));
        Assert.Equal(ValueModels.QualityInspection.Fields[0].Help, defectRate.Field.Help);
        Assert.Equal("value-models", defectRate.Field.MethodologyAnchor);
        Assert.Equal(0.05, defectRate.With(scenario, 0.05).Benefits!.QualityInspection!.DefectRate);
        var both = ScenarioInputs.WithAll(scenario, [defectRate, margin], [0.04, 20.0]);
        Assert.Equal(Inspection with { DefectRate = 0.04 }, both.Benefits!.QualityInspection);
        Assert.Equal(Line with { MarginPerUnit = 20 }, both.Benefits.LineOptimization);
    }

    [Fact]
    public void A_scenario_without_value_models_lists_and_writes_only_the_typed_benefits()
    {
        var scenario = ScenarioJson.Parse(Json("""{ "valuePerRequest": 0.01 }"""));

        Assert.Equal(["benefits.valuePerRequest", "benefits.fixedMonthlyValue"],
            ScenarioInputs.List(scenario).Where(i => i.Key.StartsWith("benefits.", StringComparison.Ordinal)).Select(i => i.Key));
        Assert.Equal("""{"valuePerRequest":0.01}""", ScenarioJsonWriter.ToNode(scenario)["benefits"]!.ToJsonString());
        var values = CostEngine.Evaluate(scenario).Benefits!;
        Assert.Null(values.QualityInspectionValuePerItem);
        Assert.Null(values.PredictiveMaintenanceValuePerMonth);
        Assert.Null(values.LineOptimizationValuePerMonth);
    }
}

/// <summary>The manufacturing templates in examples/ evaluate, and their value matches the arithmetic stated in their notes.</summary>
public class ManufacturingTemplateTests
{
    private static Scenario Template(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "examples")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        return ScenarioJson.ReadFile(Path.Combine(directory.FullName, "examples", name + ".json"));
    }

    [Fact]
    public void Visual_inspection_values_each_image_from_defects_caught_less_false_rejects()
    {
        var evaluation = CostEngine.Evaluate(Template("visual-inspection"));

        // 0.003 x 0.9 x 2.50 - (1 - 0.003) x 0.01 x 0.10 = 0.00675 - 0.000997 = 0.005753 per image.
        Assert.Equal(0.005753, evaluation.Benefits!.QualityInspectionValuePerItem!.Value, 12);
        Assert.Equal(0.005753, evaluation.Benefits.ValuePerRequest, 12);
        Assert.All(evaluation.Options, o => Assert.NotNull(o.Roi));
    }

    [Fact]
    public void Predictive_maintenance_values_downtime_avoided_less_false_alarms()
    {
        var evaluation = CostEngine.Evaluate(Template("predictive-maintenance"));

        // 8.4 h x 36,000 - 6 x 400 = 302,400 - 2,400 = 300,000 a month.
        Assert.Equal(300_000, evaluation.Benefits!.PredictiveMaintenanceValuePerMonth!.Value, 6);
        Assert.Equal(300_000, evaluation.Benefits.MonthlyValue, 6);
        Assert.Equal(["cloud-a10g", "edge-l4"], evaluation.Options.Select(o => o.Id));
        Assert.All(evaluation.Options, o => Assert.True(o.Roi > 0, $"{o.Id}: ROI {o.Roi}"));
    }

    [Fact]
    public void Line_optimization_values_the_margin_on_the_extra_units()
    {
        var evaluation = CostEngine.Evaluate(Template("line-optimization"));

        // 200,000 units x 1% x 12 = 24,000 a month.
        Assert.Equal(24_000, evaluation.Benefits!.LineOptimizationValuePerMonth!.Value, 6);
        Assert.Equal(["cloud-cpu", "edge-ipc"], evaluation.Options.Select(o => o.Id));
        Assert.All(evaluation.Options, o => Assert.NotNull(o.Npv));
    }
}
