using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Inputs;

/// <summary>The table of every scenario-wide numeric field, per scenario part; option kinds list theirs in their descriptors. See docs/scenario-format.md.</summary>
public static class InputFields
{
    public static readonly IReadOnlyList<InputField> Scenario =
    [
        new("horizonMonths", "Horizon", "months", NumberRange.Between(1, 600),
            o => ((Scenario)o).HorizonMonths, (o, v) => (Scenario)o with { HorizonMonths = (int)v },
            Requirement.Required, isInteger: true),
        new("discountRateAnnual", "Discount rate", "per year", NumberRange.Between(-0.5, 1),
            o => ((Scenario)o).DiscountRateAnnual, (o, v) => (Scenario)o with { DiscountRateAnnual = v }),
        new("taxRateAnnual", "Tax rate on profit", "fraction", new NumberRange(0, true, 1, false),
            o => ((Scenario)o).TaxRateAnnual, (o, v) => (Scenario)o with { TaxRateAnnual = v }),
    ];

    public static readonly IReadOnlyList<InputField> Workload =
    [
        new("requestsPerMonth", "Requests per month (first month)", "requests/month", NumberRange.Between(0, 1e12),
            o => ((Workload)o).RequestsPerMonth, (o, v) => (Workload)o with { RequestsPerMonth = v }, Requirement.Required),
        new("monthlyGrowth", "Monthly demand growth", "per month", NumberRange.Between(-0.5, 1),
            o => ((Workload)o).MonthlyGrowth, (o, v) => (Workload)o with { MonthlyGrowth = v }),
        new("inputTokensPerRequest", "Input tokens per request", "tokens", NumberRange.Between(0, 1e7),
            o => ((Workload)o).InputTokensPerRequest, (o, v) => (Workload)o with { InputTokensPerRequest = v }),
        new("outputTokensPerRequest", "Output tokens per request", "tokens", NumberRange.Between(0, 1e7),
            o => ((Workload)o).OutputTokensPerRequest, (o, v) => (Workload)o with { OutputTokensPerRequest = v }),
        new("peakToAverage", "Peak-to-average load", "ratio", NumberRange.Between(1, 100),
            o => ((Workload)o).PeakToAverage, (o, v) => (Workload)o with { PeakToAverage = v }),
    ];

    public static readonly IReadOnlyList<InputField> Benefits =
    [
        new("valuePerRequest", "Value per request", "¤/request", NumberRange.Between(0, 1e6),
            o => ((Benefits)o).ValuePerRequest, (o, v) => (Benefits)o with { ValuePerRequest = v }),
        new("fixedMonthlyValue", "Fixed monthly value", "¤/month", NumberRange.Between(0, 1e12),
            o => ((Benefits)o).FixedMonthlyValue, (o, v) => (Benefits)o with { FixedMonthlyValue = v }),
    ];

    /// <summary>Fields every option kind has; the kinds' own tables sit beside their records (e.g. <see cref="ApiOption.Descriptor"/>).</summary>
    internal static readonly InputField FixedMonthly = new("fixedMonthly", "Fixed monthly cost", "¤/month", NumberRange.Between(0, 1e12),
        o => ((SourcingOption)o).FixedMonthly, (o, v) => (SourcingOption)o with { FixedMonthly = v });

    internal static readonly InputField SetupCost = new("setupCost", "Set-up cost", "¤", NumberRange.Between(0, 1e13),
        o => ((SourcingOption)o).SetupCost, (o, v) => (SourcingOption)o with { SetupCost = v });

    /// <summary>Fields of every option that runs on GPUs.</summary>
    internal static readonly InputField[] GpuFields =
    [
        new("prefillTokensPerGpuSecond", "Prefill throughput", "tokens/GPU-second", NumberRange.Between(0.001, 1e9),
            o => ((GpuOption)o).PrefillTokensPerGpuSecond, (o, v) => (GpuOption)o with { PrefillTokensPerGpuSecond = v },
            Requirement.RequiredWithInputTokens, suppliedBy: ReferenceField.ThroughputFrom),
        new("decodeTokensPerGpuSecond", "Decode throughput", "tokens/GPU-second", NumberRange.Between(0.001, 1e9),
            o => ((GpuOption)o).DecodeTokensPerGpuSecond, (o, v) => (GpuOption)o with { DecodeTokensPerGpuSecond = v },
            Requirement.RequiredWithOutputTokens, suppliedBy: ReferenceField.ThroughputFrom),
        new("targetUtilization", "Target utilization", "fraction", NumberRange.Between(0.01, 1),
            o => ((GpuOption)o).TargetUtilization, (o, v) => (GpuOption)o with { TargetUtilization = v }),
        new("staffFte", "Staff", "FTE", NumberRange.Between(0, 100_000),
            o => ((GpuOption)o).StaffFte, (o, v) => (GpuOption)o with { StaffFte = v }),
        new("fteAnnualCost", "Cost per FTE", "¤/year", NumberRange.Between(0, 1e8),
            o => ((GpuOption)o).FteAnnualCost, (o, v) => (GpuOption)o with { FteAnnualCost = v }),
        new("staffEscalationAnnual", "Staff cost escalation", "per year", NumberRange.RateChange,
            o => ((GpuOption)o).StaffEscalationAnnual, (o, v) => (GpuOption)o with { StaffEscalationAnnual = v }),
    ];
}
