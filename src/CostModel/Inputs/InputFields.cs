using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Inputs;

/// <summary>The table of every numeric field, per scenario part. See docs/scenario-format.md.</summary>
public static class InputFields
{
    public static readonly IReadOnlyList<InputField> Scenario =
    [
        new("horizonMonths", "Horizon", "months", NumberRange.Between(1, 600),
            o => ((Scenario)o).HorizonMonths, (o, v) => (Scenario)o with { HorizonMonths = (int)v },
            Requirement.Required, isInteger: true),
        new("discountRateAnnual", "Discount rate", "per year", NumberRange.Between(-0.5, 1),
            o => ((Scenario)o).DiscountRateAnnual, (o, v) => (Scenario)o with { DiscountRateAnnual = v }),
    ];

    public static readonly IReadOnlyList<InputField> Workload =
    [
        new("requestsPerMonth", "Requests per month (first month)", "requests/month", NumberRange.NonNegative,
            o => ((Workload)o).RequestsPerMonth, (o, v) => (Workload)o with { RequestsPerMonth = v }, Requirement.Required),
        new("monthlyGrowth", "Monthly demand growth", "per month", NumberRange.Between(-0.5, 1),
            o => ((Workload)o).MonthlyGrowth, (o, v) => (Workload)o with { MonthlyGrowth = v }),
        new("inputTokensPerRequest", "Input tokens per request", "tokens", NumberRange.NonNegative,
            o => ((Workload)o).InputTokensPerRequest, (o, v) => (Workload)o with { InputTokensPerRequest = v }),
        new("outputTokensPerRequest", "Output tokens per request", "tokens", NumberRange.NonNegative,
            o => ((Workload)o).OutputTokensPerRequest, (o, v) => (Workload)o with { OutputTokensPerRequest = v }),
        new("peakToAverage", "Peak-to-average load", "ratio", NumberRange.Between(1, 100),
            o => ((Workload)o).PeakToAverage, (o, v) => (Workload)o with { PeakToAverage = v }),
    ];

    public static readonly IReadOnlyList<InputField> Benefits =
    [
        new("valuePerRequest", "Value per request", "¤/request", NumberRange.NonNegative,
            o => ((Benefits)o).ValuePerRequest, (o, v) => (Benefits)o with { ValuePerRequest = v }),
        new("fixedMonthlyValue", "Fixed monthly value", "¤/month", NumberRange.NonNegative,
            o => ((Benefits)o).FixedMonthlyValue, (o, v) => (Benefits)o with { FixedMonthlyValue = v }),
    ];

    private static readonly InputField FixedMonthly = new("fixedMonthly", "Fixed monthly cost", "¤/month", NumberRange.NonNegative,
        o => ((SourcingOption)o).FixedMonthly, (o, v) => (SourcingOption)o with { FixedMonthly = v });

    private static readonly InputField SetupCost = new("setupCost", "Set-up cost", "¤", NumberRange.NonNegative,
        o => ((SourcingOption)o).SetupCost, (o, v) => (SourcingOption)o with { SetupCost = v });

    private static readonly InputField[] GpuFields =
    [
        new("prefillTokensPerGpuSecond", "Prefill throughput", "tokens/GPU-second", NumberRange.Positive,
            o => ((GpuOption)o).PrefillTokensPerGpuSecond, (o, v) => (GpuOption)o with { PrefillTokensPerGpuSecond = v },
            Requirement.RequiredWithInputTokens, suppliedBy: "throughputFrom"),
        new("decodeTokensPerGpuSecond", "Decode throughput", "tokens/GPU-second", NumberRange.Positive,
            o => ((GpuOption)o).DecodeTokensPerGpuSecond, (o, v) => (GpuOption)o with { DecodeTokensPerGpuSecond = v },
            Requirement.RequiredWithOutputTokens, suppliedBy: "throughputFrom"),
        new("targetUtilization", "Target utilization", "fraction", NumberRange.PositiveFraction,
            o => ((GpuOption)o).TargetUtilization, (o, v) => (GpuOption)o with { TargetUtilization = v }),
        new("staffFte", "Staff", "FTE", NumberRange.NonNegative,
            o => ((GpuOption)o).StaffFte, (o, v) => (GpuOption)o with { StaffFte = v }),
        new("fteAnnualCost", "Cost per FTE", "¤/year", NumberRange.NonNegative,
            o => ((GpuOption)o).FteAnnualCost, (o, v) => (GpuOption)o with { FteAnnualCost = v }),
    ];

    public static readonly IReadOnlyList<InputField> Api =
    [
        new("inputPricePerMillion", "Input price", "¤/1M tokens", NumberRange.NonNegative,
            o => ((ApiOption)o).InputPricePerMillion, (o, v) => (ApiOption)o with { InputPricePerMillion = v },
            Requirement.Required, suppliedBy: "apiPrice"),
        new("outputPricePerMillion", "Output price", "¤/1M tokens", NumberRange.NonNegative,
            o => ((ApiOption)o).OutputPricePerMillion, (o, v) => (ApiOption)o with { OutputPricePerMillion = v },
            Requirement.Required, suppliedBy: "apiPrice"),
        new("annualPriceChange", "Annual price change", "per year", NumberRange.RateChange,
            o => ((ApiOption)o).AnnualPriceChange, (o, v) => (ApiOption)o with { AnnualPriceChange = v }),
        FixedMonthly,
        SetupCost,
    ];

    public static readonly IReadOnlyList<InputField> Cloud =
    [
        new("gpuHourPrice", "GPU-hour price", "¤/GPU-hour", NumberRange.NonNegative,
            o => ((CloudOption)o).GpuHourPrice, (o, v) => (CloudOption)o with { GpuHourPrice = v },
            Requirement.Required, suppliedBy: "cloudOffer"),
        new("annualPriceChange", "Annual price change", "per year", NumberRange.RateChange,
            o => ((CloudOption)o).AnnualPriceChange, (o, v) => (CloudOption)o with { AnnualPriceChange = v }),
        new("minGpus", "Minimum GPUs rented", "GPUs", NumberRange.Between(0, 100_000),
            o => ((CloudOption)o).MinGpus, (o, v) => (CloudOption)o with { MinGpus = (int)v }, isInteger: true),
        .. GpuFields,
        FixedMonthly,
        SetupCost,
    ];

    public static readonly IReadOnlyList<InputField> OnPrem =
    [
        new("serverPrice", "Server price", "¤/server", NumberRange.NonNegative,
            o => ((OnPremOption)o).ServerPrice, (o, v) => (OnPremOption)o with { ServerPrice = v },
            Requirement.Required, suppliedBy: "gpu"),
        new("gpusPerServer", "GPUs per server", "GPUs", NumberRange.Between(1, 1024),
            o => ((OnPremOption)o).GpusPerServer, (o, v) => (OnPremOption)o with { GpusPerServer = (int)v },
            Requirement.Required, isInteger: true),
        new("minServers", "Minimum servers", "servers", NumberRange.Between(0, 100_000),
            o => ((OnPremOption)o).MinServers, (o, v) => (OnPremOption)o with { MinServers = (int)v }, isInteger: true),
        .. GpuFields,
        new("serverPowerKw", "Server power at full load", "kW", NumberRange.NonNegative,
            o => ((OnPremOption)o).ServerPowerKw, (o, v) => (OnPremOption)o with { ServerPowerKw = v }, Requirement.Required),
        new("serverIdlePowerKw", "Server power when idle", "kW", NumberRange.NonNegative,
            o => ((OnPremOption)o).EffectiveIdlePowerKw, (o, v) => (OnPremOption)o with { ServerIdlePowerKw = v }),
        new("pue", "Power usage effectiveness", "ratio", NumberRange.Between(1, 5),
            o => ((OnPremOption)o).Pue, (o, v) => (OnPremOption)o with { Pue = v }),
        new("electricityPerKwh", "Electricity price", "¤/kWh", NumberRange.NonNegative,
            o => ((OnPremOption)o).ElectricityPerKwh, (o, v) => (OnPremOption)o with { ElectricityPerKwh = v }),
        new("colocationPerKwMonth", "Colocation price", "¤/kW-month", NumberRange.NonNegative,
            o => ((OnPremOption)o).ColocationPerKwMonth, (o, v) => (OnPremOption)o with { ColocationPerKwMonth = v }),
        new("maintenanceRateAnnual", "Maintenance", "of capex per year", NumberRange.Fraction,
            o => ((OnPremOption)o).MaintenanceRateAnnual, (o, v) => (OnPremOption)o with { MaintenanceRateAnnual = v }),
        new("depreciationYears", "Depreciation life", "years", new NumberRange(0, false, 30, true),
            o => ((OnPremOption)o).DepreciationYears, (o, v) => (OnPremOption)o with { DepreciationYears = v }, Requirement.Required),
        new("resaleValueFraction", "Resale value (of book value)", "fraction", NumberRange.Fraction,
            o => ((OnPremOption)o).ResaleValueFraction, (o, v) => (OnPremOption)o with { ResaleValueFraction = v }),
        FixedMonthly,
        SetupCost,
    ];

    public static IReadOnlyList<InputField> For(OptionKind kind) => kind switch
    {
        OptionKind.Api => Api,
        OptionKind.Cloud => Cloud,
        OptionKind.OnPrem => OnPrem,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
