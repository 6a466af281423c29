using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Reserved cloud GPUs (docs/methodology.md, "Reserved cloud GPUs"): committed GPUs are billed every hour of their term
/// at the discounted price locked at the term's start, the upfront share in its first month; GPU-hours above the
/// commitment are billed on demand; committed GPU-hours not needed are reported as idle.
/// </summary>
public class ReservedCloudTests
{
    /// <summary>3,600,000 requests of one GPU-second each: 1,000 GPU-hours a month.</summary>
    private const double ThousandGpuHours = 3_600_000;

    [Fact]
    public void Committed_gpus_are_billed_whether_busy_or_not_with_the_upfront_share_in_each_terms_first_month()
    {
        var reserved = Cloud() with { ReservedGpus = 2, ReservedTermMonths = 2, ReservedDiscount = 0.25, ReservedUpfrontFraction = 0.5 };
        var scenario = Scenario(4, 0.1, Workload(ThousandGpuHours), reserved);

        var result = CostEngine.Evaluate(scenario).GetOption("cloud");

        AssertSequence.Equal([0, 3_285, 1_095, 3_285, 1_095], result.Months.Select(m => m.Compute), 6);
        AssertSequence.Equal([0, 460, 460, 460, 460], result.Months.Select(m => m.IdleCommittedGpuHours), 6);
        Assert.Equal(1_840, result.IdleCommittedGpuHours!.Value, 6);
        Assert.Equal(8_760, result.TotalCost, 6);
        Assert.Equal(CostEngine.PresentValues(scenario)[0], result.PresentValue, 6);
    }

    [Fact]
    public void Gpu_hours_above_the_commitment_are_billed_on_demand()
    {
        var reserved = Cloud() with { ReservedGpus = 1, ReservedTermMonths = 4, ReservedDiscount = 0.25 };

        var result = CostEngine.Evaluate(Scenario(4, 0, Workload(ThousandGpuHours), reserved)).GetOption("cloud");

        // 730 committed hours at 1.5 = 1,095, plus 270 on-demand hours at 2 = 540.
        AssertSequence.Equal([0, 1_635, 1_635, 1_635, 1_635], result.Months.Select(m => m.Compute), 6);
        Assert.Equal(0, result.IdleCommittedGpuHours!.Value);
    }

    [Fact]
    public void A_renewed_term_takes_the_then_price_and_the_last_term_pays_only_its_months_within_the_horizon()
    {
        // (1 + change)^((3 - 1) / 12) = 0.531441^(1/6) = 0.9: the term starting in month 3 costs 10% less.
        var reserved = Cloud() with { ReservedGpus = 1, ReservedTermMonths = 2, ReservedUpfrontFraction = 1, AnnualPriceChange = 0.531441 - 1 };

        var result = CostEngine.Evaluate(Scenario(3, 0, Workload(0), reserved)).GetOption("cloud");

        // Month 1 pays the whole first term up front (2 x 730 x 2); month 3 the one month of the second within the horizon.
        AssertSequence.Equal([0, 2_920, 0, 1_314], result.Months.Select(m => m.Compute), 6);
        Assert.Equal(3 * 730, result.IdleCommittedGpuHours!.Value, 6);
    }

    [Fact]
    public void An_on_demand_option_reports_no_idle_committed_hours()
    {
        var result = CostEngine.Evaluate(Scenario(4, 0, Workload(ThousandGpuHours), Cloud())).GetOption("cloud");

        Assert.Null(result.IdleCommittedGpuHours);
        Assert.All(result.Months, m => Assert.Equal(0.0, m.IdleCommittedGpuHours));
        AssertSequence.Equal([0, 2_000, 2_000, 2_000, 2_000], result.Months.Select(m => m.Compute), 6);
    }

    [Fact]
    public void A_discount_without_a_commitment_a_commitment_without_a_term_and_a_term_past_the_horizon_are_refused_with_each_path()
    {
        var json = """
            { "name": "reserved", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "outputTokensPerRequest": 500 },
              "options": [ { "id": "a", "kind": "cloud", "gpuHourPrice": 2, "decodeTokensPerGpuSecond": 500,
                             "reservedDiscount": 0.3, "reservedTermMonths": 12, "reservedUpfrontFraction": 0.5 },
                           { "id": "b", "kind": "cloud", "gpuHourPrice": 2, "decodeTokensPerGpuSecond": 500, "reservedGpus": 4 },
                           { "id": "c", "kind": "cloud", "gpuHourPrice": 2, "decodeTokensPerGpuSecond": 500, "reservedGpus": 4,
                             "reservedTermMonths": 36 } ] }
            """;

        var lines = Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

        Assert.Equal(
        [
            "options[0].reservedDiscount needs reservedGpus > 0 (the commitment level; got reservedDiscount 0.3 without it)",
            "options[0].reservedTermMonths needs reservedGpus > 0 (the commitment level; got reservedTermMonths 12 without it)",
            "options[0].reservedUpfrontFraction needs reservedGpus > 0 (the commitment level; got reservedUpfrontFraction 0.5 without it)",
            "options[1].reservedTermMonths is required with reservedGpus (must be a whole number >= 1 and <= horizonMonths; got reservedGpus 4 without it)",
            "options[2].reservedTermMonths must be <= horizonMonths (12) (got 36)",
        ], lines);
    }
}
