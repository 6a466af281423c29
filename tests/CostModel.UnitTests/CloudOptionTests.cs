using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// cloud: gpuHours_t = max(gpuSeconds_t / 3600 / targetUtilization, minGpus x 730);
/// cost_t = gpuHours_t x gpuHourPrice x factor_t + staffFte x fteAnnualCost / 12 + fixedMonthly.
/// </summary>
public class CloudOptionTests
{
    // 1.8M requests of 2,000 input tokens (0.1 GPU-s at 20,000/s) and 450 output tokens (0.9 GPU-s at 500/s):
    // 1.8M GPU-seconds = 500 GPU-hours a month, 1,000 GPU-hours at 50% utilization.
    private static readonly Workload OneGpuSecondPerRequest = Workload(1_800_000, 2_000, 450);

    private static CloudOption Rented(int minGpus) => Cloud() with
    {
        TargetUtilization = 0.5,
        MinGpus = minGpus,
        StaffFte = 0.5,
        FteAnnualCost = 120_000,
        FixedMonthly = 100,
        SetupCost = 1_000,
    };

    [Fact]
    public void Gpu_hours_come_from_the_work_when_the_min_gpus_floor_does_not_bind()
    {
        // 1,000 GPU-hours > 1 x 730: compute $2,000, staff $5,000, fixed $100.
        var result = CostEngine.Evaluate(Scenario(3, 0, OneGpuSecondPerRequest, Rented(minGpus: 1))).GetOption("cloud");

        AssertSequence.Equal([1_000, 7_100, 7_100, 7_100], CashOf(result), 9);
        AssertSequence.Equal([0, 2_000, 2_000, 2_000], result.Months.Select(m => m.Compute), 9);
        AssertSequence.Equal([0, 5_000, 5_000, 5_000], result.Months.Select(m => m.Staff), 9);
        Assert.Equal(1_000 / 730.0, result.Months[1].Gpus, 9);
        Assert.Equal(22_300, result.PresentValue, 9);
        Assert.Equal(0, result.EnergyKwh);
        Assert.Equal(0, result.Capex);
    }

    [Fact]
    public void The_min_gpus_floor_binds_when_the_work_needs_fewer_gpu_hours()
    {
        // 1,000 GPU-hours < 2 x 730 = 1,460: compute 1,460 x $2 = $2,920.
        var result = CostEngine.Evaluate(Scenario(3, 0, OneGpuSecondPerRequest, Rented(minGpus: 2))).GetOption("cloud");

        AssertSequence.Equal([1_000, 8_020, 8_020, 8_020], CashOf(result), 9);
        Assert.Equal(2, result.Months[1].Gpus, 9);
        Assert.Equal(25_060, result.TotalCost, 9);
    }

    [Fact]
    public void Floor_growth_price_change_and_discounting_combine_month_by_month()
    {
        // Work at 50% utilization: 1,000, 1,500, 2,250 GPU-hours; the 1,460-hour floor binds in month 1 only.
        var cloud = Rented(minGpus: 2) with { AnnualPriceChange = 0.10 };
        var workload = OneGpuSecondPerRequest with { MonthlyGrowth = 0.5 };
        var result = CostEngine.Evaluate(Scenario(3, 0.08, workload, cloud)).GetOption("cloud");

        double[] compute = [0, 1_460 * 2, 1_500 * 2 * Math.Pow(1.1, 1.0 / 12), 2_250 * 2 * Math.Pow(1.1, 2.0 / 12)];
        double[] cash = [1_000, compute[1] + 5_100, compute[2] + 5_100, compute[3] + 5_100];
        var m = Math.Pow(1.08, 1.0 / 12) - 1;

        AssertSequence.Equal(compute, result.Months.Select(x => x.Compute), 9);
        AssertSequence.Equal(cash, CashOf(result), 9);
        Assert.Equal(1_000 + cash[1] / (1 + m) + cash[2] / Math.Pow(1 + m, 2) + cash[3] / Math.Pow(1 + m, 3), result.PresentValue, 9);
        AssertSequence.Equal([0, 2, 1_500 / 730.0, 2_250 / 730.0], result.Months.Select(x => x.Gpus), 9);
        // Month 3: 1,125 busy GPU-hours / 730 = 1.54 GPUs, / 0.5 = 3.08 -> 4 GPUs at the peak.
        Assert.Equal(4, result.PeakGpus);
    }

    [Fact]
    public void Peak_gpus_scale_with_peak_to_average_and_never_fall_below_min_gpus()
    {
        // 500 busy GPU-hours / 730 = 0.685 GPUs; x 3 peak / 0.5 utilization = 4.11 -> 5.
        var peaky = OneGpuSecondPerRequest with { PeakToAverage = 3 };

        Assert.Equal(5, CostEngine.Evaluate(Scenario(3, 0, peaky, Rented(minGpus: 2))).GetOption("cloud").PeakGpus);
        Assert.Equal(6, CostEngine.Evaluate(Scenario(3, 0, peaky, Rented(minGpus: 6))).GetOption("cloud").PeakGpus);
    }

    [Fact]
    public void Peak_to_average_sizes_the_peak_but_does_not_change_rented_hours()
    {
        var flat = CostEngine.Evaluate(Scenario(3, 0, OneGpuSecondPerRequest, Rented(1))).GetOption("cloud");
        var peaky = CostEngine.Evaluate(Scenario(3, 0, OneGpuSecondPerRequest with { PeakToAverage = 4 }, Rented(1))).GetOption("cloud");

        Assert.Equal(flat.PresentValue, peaky.PresentValue, 9);
    }

    [Fact]
    public void Input_tokens_cost_prefill_time_and_output_tokens_decode_time()
    {
        // Only prefill: 1.8M x 2,000 tokens / 20,000 per s = 180,000 GPU-s = 50 GPU-hours at 100% utilization, $100.
        var cloud = Cloud();
        var result = CostEngine.Evaluate(Scenario(1, 0, Workload(1_800_000, 2_000, 0), cloud)).GetOption("cloud");

        Assert.Equal(100, result.Months[1].Compute, 9);
    }
}
