using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.UnitTests;

/// <summary>Retraining GPU-hours as a running cost of the self-hosted options (docs/methodology.md, "Retraining").</summary>
public class RetrainingTests
{
    /// <summary>One month at 0%; 360,000 one-token requests at 1 token per GPU-second: 100 GPU-hours of serving.</summary>
    private static Scenario Cloud(string extra) => ScenarioJson.Parse($$"""
        {
          "name": "retraining", "horizonMonths": 1,
          "workload": { "requestsPerMonth": 360000, "inputTokensPerRequest": 1, "outputTokensPerRequest": 0 },
          "options": [ { "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "prefillTokensPerGpuSecond": 1 {{extra}} } ]
        }
        """);

    /// <summary>
    /// One month at 0%; 5,256,000 one-token requests at 1 token per GPU-second: 2 GPUs busy on average. Peak-to-average 2
    /// and utilization 0.5 need 8 GPUs: one 8-GPU server of 10 kW (2 kW idle), PUE 1, 0.1 per kWh.
    /// </summary>
    private static Scenario OnPrem(string extra) => ScenarioJson.Parse($$"""
        {
          "name": "retraining", "horizonMonths": 1,
          "workload": { "requestsPerMonth": 5256000, "inputTokensPerRequest": 1, "outputTokensPerRequest": 0, "peakToAverage": 2 },
          "options": [ { "id": "own", "kind": "onprem", "serverPrice": 100000, "gpusPerServer": 8, "prefillTokensPerGpuSecond": 1,
                         "targetUtilization": 0.5, "serverPowerKw": 10, "serverIdlePowerKw": 2, "pue": 1, "electricityPerKwh": 0.1, "depreciationYears": 5 {{extra}} } ]
        }
        """);

    private static OptionResult Only(Scenario scenario) => CostEngine.Evaluate(scenario).Options[0];

    [Fact]
    public void Cloud_retraining_rents_its_gpu_hours_on_top_of_serving()
    {
        // 100 serving GPU-hours x 2 = 200; weekly retraining of 12.5 GPU-hours adds 4 x 12.5 = 50 hours: 150 x 2 = 300.
        Assert.Equal(200, Only(Cloud("")).Months[1].Compute, 9);
        var retrained = Only(Cloud(""", "trainingGpuHoursPerRetrain": 12.5, "retrainsPerMonth": 4"""));
        Assert.Equal(300, retrained.Months[1].Compute, 9);
        Assert.Equal(300, retrained.PresentValue, 9);
        Assert.Equal(150 / 730.0, retrained.Months[1].Gpus, 12);
    }

    [Fact]
    public void Cloud_retraining_comes_on_top_of_the_minimum_fleet_and_redoes_spot_interruptions()
    {
        // minGpus 1: max(100, 730) + 50 = 780 hours x 2 = 1,560.
        Assert.Equal(1_560, Only(Cloud(""", "minGpus": 1, "trainingGpuHoursPerRetrain": 12.5, "retrainsPerMonth": 4""")).Months[1].Compute, 9);
        // Spot at half price with 10% overhead: (100 + 50) x 1.1 = 165 hours x 2 x 0.5 = 165.
        Assert.Equal(165, Only(Cloud(""", "spotDiscount": 0.5, "spotInterruptionOverhead": 0.1, "trainingGpuHoursPerRetrain": 12.5, "retrainsPerMonth": 4""")).Months[1].Compute, 9);
    }

    [Fact]
    public void On_premises_retraining_raises_the_energy_load_in_spare_hours_and_grows_the_fleet_only_when_needed()
    {
        // Serving: load 2/8: 730 h x (2 + 8 x 0.25) kW = 2,920 kWh, 292.
        var serving = Only(OnPrem(""));
        Assert.Equal(2_920, serving.Months[1].EnergyKwh, 9);
        Assert.Equal(292, serving.Months[1].Energy, 9);
        Assert.Equal(1, serving.Servers);

        // 1,460 GPU-hours a month (2 GPUs on average): load 4/8, 730 x (2 + 8 x 0.5) = 4,380 kWh; ceil(4 / 0.5) = 8 GPUs, still one server.
        var spare = Only(OnPrem(""", "trainingGpuHoursPerRetrain": 365, "retrainsPerMonth": 4"""));
        Assert.Equal(4_380, spare.Months[1].EnergyKwh, 9);
        Assert.Equal(438, spare.Months[1].Energy, 9);
        Assert.Equal(1, spare.Servers);

        // 5,840 GPU-hours (8 GPUs): ceil((2 + 8) / 0.5) = 20 GPUs, 3 servers; load 10/24: 3 x 730 x (2 + 8 x 10/24) = 11,680 kWh.
        var more = Only(OnPrem(""", "trainingGpuHoursPerRetrain": 1460, "retrainsPerMonth": 4"""));
        Assert.Equal(3, more.Servers);
        Assert.Equal(11_680, more.Months[1].EnergyKwh, 6);
    }

    [Fact]
    public void Retraining_fields_out_of_range_are_named_by_path_with_the_range()
    {
        var problems = Assert.Throws<InputException>(() => Cloud(""", "trainingGpuHoursPerRetrain": -1, "retrainsPerMonth": 2000""")).Lines;

        Assert.Equal(
        [
            "options[0].trainingGpuHoursPerRetrain must be >= 0 and <= 10,000,000 (got -1)",
            "options[0].retrainsPerMonth must be >= 0 and <= 1000 (got 2000)",
        ], problems);
    }

    [Fact]
    public void Retraining_moves_in_the_tornado_like_any_running_cost()
    {
        // Cloud against an API option: the weekly retraining's 50 GPU-hours x 2 = 100 move by 0.8x and 1.2x to 80 and 120.
        var scenario = ScenarioJson.Parse("""
            {
              "name": "retraining tornado", "horizonMonths": 1,
              "workload": { "requestsPerMonth": 360000, "inputTokensPerRequest": 1, "outputTokensPerRequest": 0 },
              "baseline": "api",
              "options": [
                { "id": "api", "kind": "api", "inputPricePerMillion": 10000, "outputPricePerMillion": 0 },
                { "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "prefillTokensPerGpuSecond": 1, "trainingGpuHoursPerRetrain": 12.5, "retrainsPerMonth": 4 }
              ]
            }
            """);

        var bar = CostEngine.Evaluate(scenario).Tornado.Single(b => b.Input == "cloud.retrainsPerMonth");

        // API: 360,000 tokens x 10,000 per million = 3,600; cloud 300. Savings 3,300; retraining at 0.8x: 3,320, at 1.2x: 3,280.
        Assert.Equal(3_320, bar.LowResult, 9);
        Assert.Equal(3_280, bar.HighResult, 9);
    }
}
