using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Escalation of staff cost and electricity price: month t pays the month-1 figure times (1 + e)^((t - 1) / 12), so with
/// e = 21% month 7 pays 1.1x (√1.21) and month 13 pays 1.21x.
/// </summary>
public class EscalationTests
{
    [Fact]
    public void Cloud_staff_cost_escalates_by_the_annual_rate_moving_once_a_month()
    {
        var cloud = Cloud() with { StaffFte = 1, FteAnnualCost = 120_000, StaffEscalationAnnual = 0.21 };

        var result = CostEngine.Evaluate(Scenario(13, 0, Workload(0), cloud)).GetOption("cloud");

        // 120,000 / 12 = 10,000 in month 1; x 1.1 in month 7; x 1.21 in month 13.
        Assert.Equal(10_000, result.Months[1].Staff, 9);
        Assert.Equal(11_000, result.Months[7].Staff, 9);
        Assert.Equal(12_100, result.Months[13].Staff, 9);
        Assert.Equal(10_000 * Math.Pow(1.21, 1 / 12.0), result.Months[2].Staff, 9);
        Assert.Equal(result.Months.Sum(m => m.Staff), result.TotalCost, 6);
    }

    [Fact]
    public void Onprem_electricity_and_staff_escalate_each_at_its_own_rate()
    {
        // One 10 kW server at full power, PUE 1: 7,300 kWh a month at $0.10 = $730 in month 1.
        var owned = OnPrem() with
        {
            ElectricityPerKwh = 0.10,
            ElectricityEscalationAnnual = 0.21,
            StaffFte = 0.5,
            FteAnnualCost = 240_000,
            StaffEscalationAnnual = 0.44,
            DepreciationYears = 5,
        };

        var result = CostEngine.Evaluate(Scenario(13, 0, Workload(0), owned)).GetOption("onprem");

        Assert.Equal(7_300, result.Months[13].EnergyKwh, 9);
        Assert.Equal(730, result.Months[1].Energy, 9);
        Assert.Equal(803, result.Months[7].Energy, 9);
        Assert.Equal(883.3, result.Months[13].Energy, 9);
        // 0.5 x 240,000 / 12 = 10,000; x 1.2 (√1.44) in month 7; x 1.44 in month 13.
        Assert.Equal(10_000, result.Months[1].Staff, 9);
        Assert.Equal(12_000, result.Months[7].Staff, 9);
        Assert.Equal(14_400, result.Months[13].Staff, 9);
    }

    [Fact]
    public void Without_escalation_every_month_pays_the_same_staff_and_electricity_exactly()
    {
        var owned = OnPrem() with { ElectricityPerKwh = 0.10, StaffFte = 1, FteAnnualCost = 120_000, DepreciationYears = 5 };

        var result = CostEngine.Evaluate(Scenario(30, 0.1, Workload(0), owned)).GetOption("onprem");

        Assert.All(result.Months.Skip(1), m => Assert.Equal(10_000.0, m.Staff));
        Assert.All(result.Months.Skip(1), m => Assert.Equal(7_300 * 0.10, m.Energy));
    }

    [Fact]
    public void Escalation_below_minus_one_hundred_percent_is_refused_with_its_path_and_range()
    {
        var json = """
            {
              "name": "escalation", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "outputTokensPerRequest": 500 },
              "options": [
                { "id": "onprem", "kind": "onprem", "serverPrice": 100000, "gpusPerServer": 4, "serverPowerKw": 10, "depreciationYears": 3,
                  "decodeTokensPerGpuSecond": 500, "electricityEscalationAnnual": -1, "staffEscalationAnnual": 11 }
              ]
            }
            """;

        var lines = Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

        Assert.Equal(
        [
            "options[0].staffEscalationAnnual must be > -1 and <= 10 (got 11)",
            "options[0].electricityEscalationAnnual must be > -1 and <= 10 (got -1)",
        ], lines);
    }
}
