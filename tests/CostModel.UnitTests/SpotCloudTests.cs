using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Spot cloud GPUs (docs/methodology.md, "Spot cloud GPUs"): GPU-hours at a discount, the work's GPU time inflated by
/// the interruption overhead; the minimum fleet is not inflated.
/// </summary>
public class SpotCloudTests
{
    /// <summary>3,600,000 requests of one GPU-second each: 1,000 GPU-hours a month.</summary>
    private const double ThousandGpuHours = 3_600_000;

    [Fact]
    public void Spot_gpu_hours_are_discounted_and_inflated_by_the_interruption_overhead()
    {
        var spot = Cloud() with { SpotDiscount = 0.6, SpotInterruptionOverhead = 0.1 };
        var scenario = Scenario(3, 0.1, Workload(ThousandGpuHours), spot);

        var result = CostEngine.Evaluate(scenario).GetOption("cloud");

        // 1,100 GPU-hours at 2 x (1 - 0.6) = 0.8.
        AssertSequence.Equal([0, 880, 880, 880], result.Months.Select(m => m.Compute), 6);
        AssertSequence.Equal([0, 1_100 / 730.0, 1_100 / 730.0, 1_100 / 730.0], result.Months.Select(m => m.Gpus), 9);
        Assert.Equal(CostEngine.PresentValues(scenario)[0], result.PresentValue, 6);
        Assert.Null(result.IdleCommittedGpuHours);
    }

    [Fact]
    public void The_minimum_fleet_is_not_inflated_by_the_overhead()
    {
        var spot = Cloud() with { SpotDiscount = 0.5, SpotInterruptionOverhead = 0.5, MinGpus = 1 };

        var result = CostEngine.Evaluate(Scenario(2, 0, Workload(0), spot)).GetOption("cloud");

        // 730 GPU-hours at 1.
        AssertSequence.Equal([0, 730, 730], result.Months.Select(m => m.Compute), 6);
    }

    [Fact]
    public void An_overhead_without_a_discount_and_spot_with_reserved_gpus_are_refused_with_each_path()
    {
        var json = """
            { "name": "spot", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "outputTokensPerRequest": 500 },
              "options": [ { "id": "a", "kind": "cloud", "gpuHourPrice": 2, "decodeTokensPerGpuSecond": 500, "spotInterruptionOverhead": 0.1 },
                           { "id": "b", "kind": "cloud", "gpuHourPrice": 2, "decodeTokensPerGpuSecond": 500, "spotDiscount": 0.6,
                             "reservedGpus": 4, "reservedTermMonths": 12 } ] }
            """;

        var lines = Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

        Assert.Equal(
        [
            "options[0].spotInterruptionOverhead needs spotDiscount > 0 (spot capacity; got spotInterruptionOverhead 0.1 without it)",
            "options[1].spotDiscount must be 0 with reservedGpus (an option is priced on demand, reserved or spot; got both)",
        ], lines);
    }
}
