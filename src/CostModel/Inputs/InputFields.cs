using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Inputs;

/// <summary>The table of every scenario-wide numeric field, per scenario part; option kinds list theirs in their descriptors. See docs/scenario-format.md.</summary>
public static class InputFields
{
    public static readonly IReadOnlyList<InputField> Scenario =
    [
        new("horizonMonths", "Horizon", "months", NumberRange.Between(1, 600),
            o => ((Scenario)o).HorizonMonths, (o, v) => (Scenario)o with { HorizonMonths = (int)v },
            Requirement.Required, isInteger: true,
            help: "How many months the comparison covers; every cost and saving is counted from month 1 to this month.",
            methodologyAnchor: "conventions"),
        new("discountRateAnnual", "Discount rate", "per year", NumberRange.Between(-0.5, 1),
            o => ((Scenario)o).DiscountRateAnnual, (o, v) => (Scenario)o with { DiscountRateAnnual = v },
            help: "The yearly rate at which future money is worth less than money today (your cost of capital); it turns each month's cash into a present value.",
            methodologyAnchor: "discounting"),
        new("taxRateAnnual", "Tax rate on profit", "fraction", new NumberRange(0, true, 1, false),
            o => ((Scenario)o).TaxRateAnnual, (o, v) => (Scenario)o with { TaxRateAnnual = v },
            help: "The tax rate on company profit; above zero every option is compared after tax, with hardware deducted through depreciation.",
            methodologyAnchor: "tax"),
    ];

    public static readonly IReadOnlyList<InputField> Workload =
    [
        new("requestsPerMonth", "Requests per month (first month)", "requests/month", NumberRange.Between(0, 1e12),
            o => ((Workload)o).RequestsPerMonth, (o, v) => (Workload)o with { RequestsPerMonth = v }, Requirement.Required,
            help: "How many requests the workload serves in its first month.",
            methodologyAnchor: "demand"),
        new("monthlyGrowth", "Monthly demand growth", "per month", NumberRange.Between(-0.5, 1),
            o => ((Workload)o).MonthlyGrowth, (o, v) => (Workload)o with { MonthlyGrowth = v },
            help: "How much demand grows each month, compounding (5% a month is about 80% a year).",
            methodologyAnchor: "demand"),
        new("inputTokensPerRequest", "Input tokens per request", "tokens", NumberRange.Between(0, 1e7),
            o => ((Workload)o).InputTokensPerRequest, (o, v) => (Workload)o with { InputTokensPerRequest = v },
            help: "Tokens read per request (the prompt and context), processed in the prefill phase.",
            methodologyAnchor: "demand"),
        new("outputTokensPerRequest", "Output tokens per request", "tokens", NumberRange.Between(0, 1e7),
            o => ((Workload)o).OutputTokensPerRequest, (o, v) => (Workload)o with { OutputTokensPerRequest = v },
            help: "Tokens generated per request, produced one at a time in the decode phase.",
            methodologyAnchor: "demand"),
        new("peakToAverage", "Peak-to-average load", "ratio", NumberRange.Between(1, 100),
            o => ((Workload)o).PeakToAverage, (o, v) => (Workload)o with { PeakToAverage = v },
            help: "How much busier the busiest hour is than the average hour; owned and rented fleets are sized for the peak.",
            methodologyAnchor: "on-premises-owned-servers"),
        new("ttftP95Seconds", "Latency target: p95 time to first token (0 = none)", "seconds", NumberRange.Between(0, 3600),
            o => ((Workload)o).TtftP95Seconds, (o, v) => (Workload)o with { TtftP95Seconds = v }, inSensitivity: false,
            help: "The time to first token that 95% of requests must beat at the busiest hour; GPU options with a replica capacity are sized to meet it (give it with the inter-token target).",
            methodologyAnchor: "demand-with-a-shape"),
        new("itlP95Seconds", "Latency target: p95 inter-token latency (0 = none)", "seconds", NumberRange.Between(0, 60),
            o => ((Workload)o).ItlP95Seconds, (o, v) => (Workload)o with { ItlP95Seconds = v }, inSensitivity: false,
            help: "The gap between streamed tokens that 95% of gaps must beat at the busiest hour (0.05 = 20 tokens a second per user).",
            methodologyAnchor: "demand-with-a-shape"),
        new("weekendDayVolume", "Weekend day volume (of a weekday's)", "ratio", NumberRange.Between(0, 10),
            o => ((Workload)o).WeekendDayVolume, (o, v) => (Workload)o with { WeekendDayVolume = v },
            help: "A weekend day's requests relative to a weekday's, with a weekend hourly profile (0.3 = weekends see 30% of a weekday's traffic).",
            methodologyAnchor: "demand-with-a-shape"),
        new("cachedInputShare", "Cached input share", "of input tokens", NumberRange.Fraction,
            o => ((Workload)o).CachedInputShare, (o, v) => (Workload)o with { CachedInputShare = v },
            help: "The share of input tokens a pay-per-token API reads from its prompt cache (a repeated system prompt or document), billed at its cached-input price.",
            methodologyAnchor: "api-pay-per-token"),
        new("batchShare", "Batch share", "of requests", NumberRange.Fraction,
            o => ((Workload)o).BatchShare, (o, v) => (Workload)o with { BatchShare = v },
            help: "The share of requests that can wait hours for an answer, sent to a pay-per-token API's batch service at its batch discount.",
            methodologyAnchor: "api-pay-per-token"),
    ];

    public static readonly IReadOnlyList<InputField> Benefits =
    [
        new("valuePerRequest", "Value per request", "¤/request", NumberRange.Between(0, 1e6),
            o => ((Benefits)o).ValuePerRequest, (o, v) => (Benefits)o with { ValuePerRequest = v },
            help: "What one served request is worth to the business, for the NPV and ROI of each option.",
            methodologyAnchor: "benefits-and-roi"),
        new("fixedMonthlyValue", "Fixed monthly value", "¤/month", NumberRange.Between(0, 1e12),
            o => ((Benefits)o).FixedMonthlyValue, (o, v) => (Benefits)o with { FixedMonthlyValue = v },
            help: "A monthly benefit that does not depend on demand, for the NPV and ROI of each option.",
            methodologyAnchor: "benefits-and-roi"),
    ];

    /// <summary>Fields every option kind has; the kinds' own tables sit beside their records (e.g. <see cref="ApiOption.Descriptor"/>).</summary>
    internal static readonly InputField FixedMonthly = new("fixedMonthly", "Fixed monthly cost", "¤/month", NumberRange.Between(0, 1e12),
        o => ((SourcingOption)o).FixedMonthly, (o, v) => (SourcingOption)o with { FixedMonthly = v },
                                                           help: "A cost paid every month whatever the demand (support contracts, licences, monitoring).",
                                                           methodologyAnchor: "options");

    internal static readonly InputField SetupCost = new("setupCost", "Set-up cost", "¤", NumberRange.Between(0, 1e13),
        o => ((SourcingOption)o).SetupCost, (o, v) => (SourcingOption)o with { SetupCost = v },
                                                        help: "A one-off cost paid at the start (integration, migration, installation).",
                                                        methodologyAnchor: "options");

    /// <summary>Fields of every option that runs on GPUs.</summary>
    internal static readonly InputField[] GpuFields =
    [
        new("prefillTokensPerGpuSecond", "Prefill throughput", "tokens/GPU-second", NumberRange.Between(0.001, 1e9),
            o => ((GpuOption)o).PrefillTokensPerGpuSecond, (o, v) => (GpuOption)o with { PrefillTokensPerGpuSecond = v },
            Requirement.RequiredWithInputTokens, suppliedBy: ReferenceField.ThroughputFrom,
            help: "Input tokens one GPU processes per second, measured by a benchmark or projected; it sets how many GPU-hours the prompts need.",
            methodologyAnchor: "gpu-work"),
        new("decodeTokensPerGpuSecond", "Decode throughput", "tokens/GPU-second", NumberRange.Between(0.001, 1e9),
            o => ((GpuOption)o).DecodeTokensPerGpuSecond, (o, v) => (GpuOption)o with { DecodeTokensPerGpuSecond = v },
            Requirement.RequiredWithOutputTokens, suppliedBy: ReferenceField.ThroughputFrom,
            help: "Output tokens one GPU generates per second at the serving batch size, measured or projected; it sets how many GPU-hours the answers need.",
            methodologyAnchor: "gpu-work"),
        new("targetUtilization", "Target utilization", "fraction", NumberRange.Between(0.01, 1),
            o => ((GpuOption)o).TargetUtilization, (o, v) => (GpuOption)o with { TargetUtilization = v },
            help: "The share of GPU time that does useful work; lower values leave headroom and buy or rent more GPUs.",
            methodologyAnchor: "on-premises-owned-servers"),
        new("replicaRequestsPerSecond", "Replica capacity at the latency targets (0 = not known)", "requests/second", NumberRange.Between(0, 1e6),
            o => ((GpuOption)o).ReplicaRequestsPerSecond, (o, v) => (GpuOption)o with { ReplicaRequestsPerSecond = v },
            suppliedBy: ReferenceField.ThroughputFrom,
            help: "Requests per second one replica serves while meeting the workload's p95 latency targets (from a capacity search such as planner capacity); with targets, GPUs are bought or rented in whole replicas for each hour's rate.",
            methodologyAnchor: "sizing-at-the-latency-targets"),
        new("gpusPerReplica", "GPUs per replica", "GPUs", NumberRange.Between(1, 1024),
            o => ((GpuOption)o).GpusPerReplica, (o, v) => (GpuOption)o with { GpusPerReplica = (int)v }, isInteger: true,
            suppliedBy: ReferenceField.ThroughputFrom,
            help: "GPUs one copy of the model runs on (tensor parallel); a replica is bought or rented whole.",
            methodologyAnchor: "sizing-at-the-latency-targets"),
        new("staffFte", "Staff", "FTE", NumberRange.Between(0, 100_000),
            o => ((GpuOption)o).StaffFte, (o, v) => (GpuOption)o with { StaffFte = v },
            help: "Full-time engineers needed to run the GPUs (operations, on-call).",
            methodologyAnchor: "on-premises-owned-servers"),
        new("fteAnnualCost", "Cost per FTE", "¤/year", NumberRange.Between(0, 1e8),
            o => ((GpuOption)o).FteAnnualCost, (o, v) => (GpuOption)o with { FteAnnualCost = v },
            help: "The yearly cost of one full-time engineer, salary and overheads.",
            methodologyAnchor: "on-premises-owned-servers"),
        new("staffEscalationAnnual", "Staff cost escalation", "per year", NumberRange.RateChange,
            o => ((GpuOption)o).StaffEscalationAnnual, (o, v) => (GpuOption)o with { StaffEscalationAnnual = v },
            help: "How much staff cost rises each year.",
            methodologyAnchor: "demand"),
        new("trainingGpuHoursPerRetrain", "Training GPU-hours per retrain", "GPU-hours", NumberRange.Between(0, 1e7),
            o => ((GpuOption)o).TrainingGpuHoursPerRetrain, (o, v) => (GpuOption)o with { TrainingGpuHoursPerRetrain = v },
            suppliedBy: ReferenceField.TrainingFrom,
            help: "GPU-hours one retraining of the model takes on these GPUs (a training benchmark's time to the target accuracy x GPUs; trainingFrom takes it from a run).",
            methodologyAnchor: "retraining"),
        new("retrainsPerMonth", "Retrains per month", "retrains/month", NumberRange.Between(0, 1000),
            o => ((GpuOption)o).RetrainsPerMonth, (o, v) => (GpuOption)o with { RetrainsPerMonth = v },
            help: "How often the model is retrained on fresh data (4 = weekly, 1 = monthly, 0.25 = quarterly); with the GPU-hours per retrain it is a running cost.",
            methodologyAnchor: "retraining"),
    ];
}
