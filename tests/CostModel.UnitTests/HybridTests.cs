using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// A hybrid option (docs/methodology.md, "Hybrid: owned base, overflow elsewhere"): owned servers serve each hour up to
/// their capacity, the rest goes to a cloud or API option of the scenario, priced as that option prices it.
/// </summary>
/// <remarks>
/// The workload worked by hand throughout: 26,280,000 requests a month (an average of 26,280,000 / (730 × 3600) = 10
/// requests/s), 500 input and 180 output tokens; the day has 12 quiet hours (share 1/48, factor 24/48 = 0.5, 5 requests/s)
/// and 12 busy ones (share 3/48, factor 1.5, 15 requests/s). A GPU prefills 5,000 and decodes 200 tokens a second, so a
/// request takes 500 / 5,000 + 180 / 200 = 1 GPU-second, and at utilization 1 a GPU serves 1 request/s.
/// </remarks>
public class HybridTests
{
    private const double Requests = 26_280_000;

    private static Workload Profiled() => Workload(Requests, inputTokens: 500, outputTokens: 180) with
    {
        HourlyShares = [.. Enumerable.Repeat(1.0 / 48, 12), .. Enumerable.Repeat(3.0 / 48, 12)],
    };

    /// <summary>One 8-GPU server at $200,000 (5-year depreciation), 10 kW at full load and 5 kW idle, $0.10/kWh.</summary>
    private static HybridOption Hybrid(string overflowTo) => new()
    {
        Id = "hybrid",
        ServerPrice = 200_000,
        GpusPerServer = 8,
        PrefillTokensPerGpuSecond = 5_000,
        DecodeTokensPerGpuSecond = 200,
        ServerPowerKw = 10,
        ServerIdlePowerKw = 5,
        ElectricityPerKwh = 0.1,
        DepreciationYears = 5,
        BaseServers = 1,
        OverflowTo = overflowTo,
    };

    /// <summary>$1 per million input tokens, $5 per million output: (500 × 1 + 180 × 5) / 10⁶ = $0.0014 a request.</summary>
    private static ApiOption Api() => ScenarioBuilder.Api() with { InputPricePerMillion = 1, OutputPricePerMillion = 5 };

    /// <summary>$2 per GPU-hour on the same GPUs (1 GPU-second a request).</summary>
    private static CloudOption Cloud() => ScenarioBuilder.Cloud() with { PrefillTokensPerGpuSecond = 5_000, DecodeTokensPerGpuSecond = 200 };

    [Fact]
    public void A_fixed_base_fleet_serves_each_hour_up_to_its_capacity_and_the_api_is_paid_for_the_rest()
    {
        // 8 GPUs serve 8 requests/s: the quiet hours (5/s) wholly, the busy hours 8 of 15/s. The overflow is 7/s in 12 hours
        // a day: 7 × 3600 × 12 × 730 / 24 = 9,198,000 requests a month; owned 26,280,000 - 9,198,000 = 17,082,000.
        // API: 9,198,000 × 0.0014 = 12,877.20. Owned load 17,082,000 / 2,628,000 = 6.5 busy GPUs of 8 (0.8125): power
        // 5 + 5 × 0.8125 = 9.0625 kW × 730 h = 6,615.625 kWh × 0.10 = 661.5625. The server (200,000, month 0) is sold
        // at month 12 at its book value 200,000 × (1 - 12 / 60) = 160,000.
        var scenario = Scenario(12, 0, Profiled(), Hybrid("api"), Api());

        var result = CostEngine.Evaluate(scenario).GetOption("hybrid");

        Assert.All(result.Months.Skip(1), m => Assert.Equal(9_198_000, m.OverflowRequests, 3));
        Assert.All(result.Months.Skip(1), m => Assert.Equal(12_877.2, m.Usage, 6));
        Assert.All(result.Months.Skip(1), m => Assert.Equal(6_615.625, m.EnergyKwh, 6));
        Assert.All(result.Months.Skip(1), m => Assert.Equal(661.5625, m.Energy, 6));
        Assert.Equal(200_000, result.Months[0].Cash, 6);
        AssertSequence.Equal(Enumerable.Repeat(13_538.7625, 11), result.Months.Skip(1).Take(11).Select(m => m.Cash), 6);
        Assert.Equal(13_538.7625 - 160_000, result.Months[12].Cash, 6);
        Assert.Equal(200_000 + 12 * 13_538.7625 - 160_000, result.PresentValue, 5);
        var split = Assert.IsType<HybridSplit>(result.Hybrid);
        Assert.Equal(("api", "api", 1), (split.OverflowTo, split.OverflowKind, split.BaseServers!.Value));
        Assert.Equal(12 * 17_082_000, split.OwnedRequests, 2);
        Assert.Equal(12 * 9_198_000, split.OverflowRequests, 2);
        Assert.Equal(0.65, split.OwnedShare, 12);
        Assert.Equal(12 * 12_877.2, split.OverflowCost, 5);
        Assert.Null(split.OverflowGpuHours);
    }

    [Fact]
    public void A_cloud_overflow_is_billed_its_gpu_hours_with_its_reserved_commitment()
    {
        // 9,198,000 overflow requests × 1 GPU-second = 2,555 GPU-hours. Two reserved GPUs (12-month term, half off, nothing
        // upfront) commit 2 × 730 = 1,460 hours at 2 × 0.5 = $1: $1,460 a month; the other 2,555 - 1,460 = 1,095 hours on
        // demand at $2 = $2,190. Compute 3,650 a month, no committed hour idle.
        var cloud = Cloud() with { ReservedGpus = 2, ReservedDiscount = 0.5, ReservedTermMonths = 12 };
        var scenario = Scenario(12, 0, Profiled(), Hybrid("cloud"), cloud);

        var result = CostEngine.Evaluate(scenario).GetOption("hybrid");

        Assert.All(result.Months.Skip(1), m => Assert.Equal(2_555, m.OverflowGpuHours, 6));
        Assert.All(result.Months.Skip(1), m => Assert.Equal(3_650, m.Compute, 6));
        Assert.Equal(0, result.IdleCommittedGpuHours);
        Assert.Equal(12 * 2_555, result.Hybrid!.OverflowGpuHours!.Value, 5);
        Assert.Equal(200_000 + 12 * (3_650 + 661.5625) - 160_000, result.PresentValue, 5);
    }

    [Fact]
    public void A_cloud_overflow_sized_at_the_latency_targets_rents_replicas_for_each_hours_rate_above_the_owned_fleet()
    {
        // Targets set; a replica of 2 GPUs serves 3 requests/s within them, following the profile in steps of 1. The owned
        // server serves 8/s: quiet hours (5/s) leave nothing, busy hours (15/s) leave 7/s, ⌈7 / 3⌉ = 3 replicas. A day
        // rents 12 × 3 = 36 replica-hours, a month 730 / 24 × 36 = 1,095, 2,190 GPU-hours at $2 = $4,380 (priced by
        // GPU-hours, 9,198,000 GPU-seconds = 2,555 GPU-hours = $5,110). Utilization 9,198,000 / (1,095 × 3,600 × 3) = 7/9.
        var workload = Profiled() with { TtftP95Seconds = 2, ItlP95Seconds = 0.05 };
        var cloud = Cloud() with { ReplicaRequestsPerSecond = 3, GpusPerReplica = 2, ReplicaScalingStep = 1 };

        var result = CostEngine.Evaluate(Scenario(12, 0, workload, Hybrid("cloud"), cloud)).GetOption("hybrid");

        Assert.All(result.Months.Skip(1), m => Assert.Equal(2_190, m.OverflowGpuHours, 6));
        Assert.All(result.Months.Skip(1), m => Assert.Equal(4_380, m.Compute, 6));
        Assert.All(result.Months.Skip(1), m => Assert.Equal(9_198_000, m.OverflowRequests, 3));
        Assert.Equal(200_000 + 12 * (4_380 + 661.5625) - 160_000, result.PresentValue, 5);
        var at = result.Hybrid!.OverflowAtTargets!;
        Assert.Equal("overflow rented, following the profile", at.Sizing);
        Assert.Equal((3, 2, 7, 3), (at.ReplicaRequestsPerSecond, at.GpusPerReplica, at.PeakRequestsPerSecond, at.PeakReplicas));
        Assert.Equal(7.0 / 9, at.AchievedUtilization, 12);
        Assert.Equal(new HourReplicas("every day", 0, 0, 0, 0), at.FirstMonthHours[0]);
        Assert.Equal(new HourReplicas("every day", 12, 7, 3, 3), at.FirstMonthHours[12]);
        Assert.Equal(200_000 + 12 * (5_110 + 661.5625) - 160_000, at.PresentValueWithoutTargets, 5);
        Assert.Equal(4, at.PeakGpusWithoutTargets);
        Assert.True(at.CostPerMillionTokensAtTargets < at.CostPerMillionTokensWithoutTargets);
        Assert.Null(result.AtTargets);
    }

    [Fact]
    public void A_cloud_overflow_at_the_targets_keeps_its_minimum_replicas_and_steps_or_rents_flat_for_the_busiest_hour()
    {
        // At least 1 replica in steps of 2: quiet hours rent 1, busy hours 2 × ⌈3 / 2⌉ = 4; a day 12 + 48 = 60 replica-hours,
        // a month 730 / 24 × 60 = 1,825, 3,650 GPU-hours = $7,300. Flat (step 0): the busiest hour's 3 replicas all month,
        // 3 × 730 × 2 = 4,380 GPU-hours = $8,760.
        var workload = Profiled() with { TtftP95Seconds = 2, ItlP95Seconds = 0.05 };
        var cloud = Cloud() with { ReplicaRequestsPerSecond = 3, GpusPerReplica = 2, ReplicaScalingStep = 2, MinReplicas = 1 };

        var stepped = CostEngine.Evaluate(Scenario(12, 0, workload, Hybrid("cloud"), cloud)).GetOption("hybrid");
        var flat = CostEngine.Evaluate(Scenario(12, 0, workload, Hybrid("cloud"), cloud with { ReplicaScalingStep = 0, MinReplicas = 0 })).GetOption("hybrid");

        Assert.All(stepped.Months.Skip(1), m => Assert.Equal(7_300, m.Compute, 6));
        Assert.Equal(new HourReplicas("every day", 0, 0, 0, 1), stepped.Hybrid!.OverflowAtTargets!.FirstMonthHours[0]);
        Assert.Equal(new HourReplicas("every day", 12, 7, 3, 4), stepped.Hybrid.OverflowAtTargets.FirstMonthHours[12]);
        Assert.All(flat.Months.Skip(1), m => Assert.Equal(8_760, m.Compute, 6));
        Assert.Equal("overflow rented, flat", flat.Hybrid!.OverflowAtTargets!.Sizing);
        Assert.Equal(new HourReplicas("every day", 0, 0, 0, 3), flat.Hybrid.OverflowAtTargets.FirstMonthHours[0]);
    }

    [Fact]
    public void An_api_overflow_is_priced_with_the_workloads_token_classes()
    {
        // Half the input tokens cached at $0.50: input at 0.5 × 1 + 0.5 × 0.5 = 0.75, so (500 × 0.75 + 180 × 5) / 10⁶
        // = $0.001275 a request; 9,198,000 × 0.001275 = 11,727.45.
        var scenario = Scenario(12, 0, Profiled() with { CachedInputShare = 0.5 }, Hybrid("api"), Api() with { CachedInputPricePerMillion = 0.5 });

        var result = CostEngine.Evaluate(scenario).GetOption("hybrid");

        Assert.All(result.Months.Skip(1), m => Assert.Equal(11_727.45, m.Usage, 6));
    }

    [Fact]
    public void A_fleet_sized_at_a_percentile_is_bought_for_that_hour_and_the_hours_above_it_overflow()
    {
        // 2-GPU servers. The 50th percentile of the week's 168 hours is the 84th smallest factor, 0.5 (84 quiet hours): the
        // fleet is bought for 0.5 × 10 = 5 busy GPUs, 3 servers, 6 GPUs, 6 requests/s. Busy hours overflow 15 - 6 = 9/s:
        // 9 × 3600 × 12 × 730 / 24 = 11,826,000 requests a month. At the 60th percentile (rank ⌈100.8⌉ = 101) the factor is
        // 1.5: 15 GPUs, 8 servers, 16 requests/s, and nothing overflows.
        var at50 = Hybrid("api") with { GpusPerServer = 2, BaseServers = 0, BasePercentile = 50 };

        var half = CostEngine.Evaluate(Scenario(12, 0, Profiled(), at50, Api())).GetOption("hybrid");
        var sixty = CostEngine.Evaluate(Scenario(12, 0, Profiled(), at50 with { BasePercentile = 60 }, Api())).GetOption("hybrid");

        Assert.Equal(3, half.Servers);
        Assert.Equal(0.5, half.Hybrid!.PercentileHourFactor!.Value, 12);
        Assert.All(half.Months.Skip(1), m => Assert.Equal(11_826_000, m.OverflowRequests, 3));
        Assert.Equal(600_000, half.Capex, 6);
        Assert.Equal(8, sixty.Servers);
        Assert.Equal(1.5, sixty.Hybrid!.PercentileHourFactor!.Value, 12);
        Assert.All(sixty.Months, m => Assert.Equal(0, m.OverflowRequests));
        Assert.Equal(1, sixty.Hybrid.OwnedShare);
    }

    [Fact]
    public void A_fixed_base_with_a_percentile_owns_the_larger_of_the_two_fleets()
    {
        // 2-GPU servers at the 50th percentile want 3 servers (6 requests/s, 11,826,000 requests overflow a month). With
        // 4 base servers the fleet is 4: 8 GPUs, 8 requests/s, and the busy hours overflow 7/s, 9,198,000 a month; with 2
        // base servers the percentile's 3 win and the split is the percentile's alone.
        var at50 = Hybrid("api") with { GpusPerServer = 2, BasePercentile = 50 };

        var four = CostEngine.Evaluate(Scenario(12, 0, Profiled(), at50 with { BaseServers = 4 }, Api())).GetOption("hybrid");
        var two = CostEngine.Evaluate(Scenario(12, 0, Profiled(), at50 with { BaseServers = 2 }, Api())).GetOption("hybrid");

        Assert.Equal(4, four.Servers);
        Assert.All(four.Months.Skip(1), m => Assert.Equal(9_198_000, m.OverflowRequests, 3));
        Assert.Equal((4, 50.0), (four.Hybrid!.BaseServers!.Value, four.Hybrid.BasePercentile!.Value));
        Assert.Equal(3, two.Servers);
        Assert.All(two.Months.Skip(1), m => Assert.Equal(11_826_000, m.OverflowRequests, 3));
    }

    [Fact]
    public void At_the_hundredth_percentile_nothing_overflows_and_the_hybrid_costs_what_the_owned_option_costs()
    {
        var hybrid = Hybrid("api") with { BaseServers = 0, BasePercentile = 100, StaffFte = 1, FteAnnualCost = 120_000, UsefulLifeYears = 1, LoanYears = 2, LoanAnnualRate = 0.06 };
        var owned = new OnPremOption
        {
            Id = "onprem", ServerPrice = 200_000, GpusPerServer = 8, PrefillTokensPerGpuSecond = 5_000, DecodeTokensPerGpuSecond = 200, ServerPowerKw = 10,
            ServerIdlePowerKw = 5, ElectricityPerKwh = 0.1, DepreciationYears = 5, StaffFte = 1, FteAnnualCost = 120_000, UsefulLifeYears = 1, LoanYears = 2, LoanAnnualRate = 0.06,
        };
        var scenario = Scenario(36, 0.08, Profiled() with { MonthlyGrowth = 0.02 }, hybrid, Api(), owned) with { TaxRateAnnual = 0.25 };

        var evaluation = CostEngine.Evaluate(scenario);

        Assert.Equal(evaluation.GetOption("onprem").PresentValue, evaluation.GetOption("hybrid").PresentValue);
        Assert.Equal(CashOf(evaluation.GetOption("onprem")), CashOf(evaluation.GetOption("hybrid")));
        Assert.Equal(0, evaluation.GetOption("hybrid").Hybrid!.OverflowRequests);
    }

    [Fact]
    public void After_tax_the_overflow_is_deductible_when_paid_and_the_fast_path_agrees_with_the_months()
    {
        // Month 1 deducts energy 661.5625, the API's 12,877.20 and the depreciation 200,000 / 60 = 3,333.33...:
        // tax effect -0.25 × (661.5625 + 12,877.2 + 3,333.333...) = -4,217.9740...
        var growing = Profiled() with { MonthlyGrowth = 0.03 };
        var scenario = Scenario(24, 0.1, growing, Hybrid("api") with { BaseServers = 0, BasePercentile = 75 }, Api(), Cloud()) with { TaxRateAnnual = 0.25 };
        var fixedFleet = Scenario(12, 0, Profiled(), Hybrid("api"), Api()) with { TaxRateAnnual = 0.25 };

        var evaluation = CostEngine.Evaluate(scenario);
        var month1 = CostEngine.Evaluate(fixedFleet).GetOption("hybrid").Months[1];

        Assert.Equal(-0.25 * (661.5625 + 12_877.2 + 200_000.0 / 60), month1.Tax, 6);
        Assert.Equal(evaluation.GetOption("hybrid").PresentValue, CostEngine.PresentValues(scenario)[0], 6);
        Assert.Equal(Discounted(0.1, CashOf(evaluation.GetOption("hybrid"))), evaluation.GetOption("hybrid").PresentValue, 4);
    }

    [Fact]
    public void The_percentile_of_hourly_demand_counts_weekday_hours_five_times_and_weekend_hours_twice()
    {
        // Weekend hours (factor 0.5) are 24 × 2 = 48 of the week's 168 hours; weekday hours (1.2) the other 120.
        // p = 25: rank ⌈42⌉ = 42 ≤ 48, so 0.5; p = 30: rank ⌈50.4⌉ = 51 > 48, so 1.2; p = 100: the busiest, 1.2.
        var weekday = Enumerable.Repeat(1.2, 24).ToArray();
        var weekend = Enumerable.Repeat(0.5, 24).ToArray();

        Assert.Equal(0.5, DemandShape.PercentileFactor(weekday, weekend, 25));
        Assert.Equal(1.2, DemandShape.PercentileFactor(weekday, weekend, 30));
        Assert.Equal(1.2, DemandShape.PercentileFactor(weekday, weekend, 100));
    }

    [Fact]
    public void Bad_combinations_are_refused_with_the_field_path()
    {
        var json = """
            { "name": "hybrid", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "outputTokensPerRequest": 500 },
              "options": [ { "id": "a", "kind": "hybrid", "serverPrice": 100000, "gpusPerServer": 4, "serverPowerKw": 10,
                             "depreciationYears": 3, "decodeTokensPerGpuSecond": 500, "overflowTo": "nowhere" },
                           { "id": "b", "kind": "hybrid", "serverPrice": 100000, "gpusPerServer": 4, "serverPowerKw": 10,
                             "depreciationYears": 3, "decodeTokensPerGpuSecond": 500, "baseServers": 2, "basePercentile": 50, "overflowTo": "b" },
                           { "id": "c", "kind": "hybrid", "serverPrice": 100000, "gpusPerServer": 4, "serverPowerKw": 10,
                             "depreciationYears": 3, "decodeTokensPerGpuSecond": 500, "basePercentile": 101, "overflowTo": "a" },
                           { "id": "d", "kind": "hybrid", "serverPrice": 100000, "gpusPerServer": 4, "serverPowerKw": 10,
                             "depreciationYears": 3, "decodeTokensPerGpuSecond": 500, "baseServers": -1 },
                           { "id": "api", "kind": "api", "inputPricePerMillion": 1, "outputPricePerMillion": 2 } ] }
            """;

        var lines = Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

        Assert.Equal(
        [
            "options[3].baseServers must be >= 0 and <= 100000 (got -1)",
            "options[2].basePercentile must be >= 0 and <= 100 (got 101)",
            "options[0].baseServers is required: give baseServers (owned servers, a whole number >= 1 and <= 100000) or basePercentile (> 0 and <= 100, the hourly demand the owned fleet is bought for)",
            "options[0].overflowTo must be the id of a cloud or api option of this scenario (api) (got \"nowhere\")",
            "workload.hourlyShares is required with a hybrid option (options[0], \"a\"): its owned fleet and overflow are split hour by hour of the daily profile",
            "options[1].overflowTo must name another option (a cloud or api option; got its own id \"b\")",
            "workload.hourlyShares is required with a hybrid option (options[1], \"b\"): its owned fleet and overflow are split hour by hour of the daily profile",
            "options[2].overflowTo must name a cloud or api option (got \"a\", a hybrid option)",
            "workload.hourlyShares is required with a hybrid option (options[2], \"c\"): its owned fleet and overflow are split hour by hour of the daily profile",
            "options[3].overflowTo is required: the id of a cloud or api option of this scenario that serves the demand above the owned fleet",
            "workload.hourlyShares is required with a hybrid option (options[3], \"d\"): its owned fleet and overflow are split hour by hour of the daily profile",
        ], lines);
    }

    [Fact]
    public void Retraining_and_a_minimum_fleet_are_not_fields_of_a_hybrid()
    {
        var json = """
            { "name": "hybrid", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "outputTokensPerRequest": 500 },
              "options": [ { "id": "a", "kind": "hybrid", "serverPrice": 100000, "gpusPerServer": 4, "serverPowerKw": 10, "baseServers": 1,
                             "depreciationYears": 3, "decodeTokensPerGpuSecond": 500, "overflowTo": "api", "minServers": 2, "retrainsPerMonth": 1 },
                           { "id": "api", "kind": "api", "inputPricePerMillion": 1, "outputPricePerMillion": 2 } ] }
            """;

        var lines = Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

        Assert.Contains(lines, l => l.StartsWith("options[0].minServers", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("options[0].retrainsPerMonth", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hybrid_and_its_link_survive_a_round_trip_through_scenario_json()
    {
        var scenario = Scenario(12, 0.1, Profiled(), Hybrid("cloud") with { BaseServers = 0, BasePercentile = 90 }, Cloud());

        var written = ScenarioJsonWriter.Write(scenario);
        var reread = ScenarioJson.Parse(written);

        Assert.Contains("\"overflowTo\": \"cloud\"", written, StringComparison.Ordinal);
        var hybrid = Assert.IsType<HybridOption>(reread.Options[0]);
        Assert.Equal(("cloud", 90.0, 0), (hybrid.OverflowTo, hybrid.BasePercentile, hybrid.BaseServers));
        Assert.Equal(CostEngine.PresentValues(scenario), CostEngine.PresentValues(reread));
    }
}
