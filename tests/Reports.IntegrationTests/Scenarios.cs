using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Projection;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;

namespace Planner.Reports.IntegrationTests;

/// <summary>The example scenario and the variants the report tests use.</summary>
internal static class Scenarios
{
    /// <summary>A copy of the repository's examples/ folder beside the tests.</summary>
    public static string ExamplesFolder => Path.Combine(AppContext.BaseDirectory, "examples");

    public static string ExamplePath => Path.Combine(ExamplesFolder, "support-assistant.json");

    /// <summary>examples/support-assistant.json: api (baseline), cloud and onprem, 36 months, with benefits.</summary>
    public static Scenario Example() => ScenarioJson.ReadFile(ExamplePath);

    /// <summary>
    /// The example over 60 months at ten times the demand: the on-prem fleet grows, buys servers mid-horizon and
    /// resells them at the end.
    /// </summary>
    public static Scenario SixtyMonths()
    {
        var example = Example();
        return example with
        {
            Name = "Support assistant, 60 months",
            Localized = new Dictionary<string, LocalizedText>(), // renamed: the example's translation no longer fits
            HorizonMonths = 60,
            Workload = example.Workload with { RequestsPerMonth = 20_000_000 },
        };
    }

    /// <summary>
    /// The 60-month variant with the optional finance parts of docs/methodology.md: staff cost escalating 4% (cloud) and
    /// 5% (owned) a year, electricity 3% a year, compared after a 25% tax, servers depreciated over 15.6 months (so purchases
    /// end their life within the horizon, the last month taking the fraction 0.6), replaced every 18 months at a server
    /// price falling 15% a year; <paramref name="withLoan"/> finances 80% of every purchase by a 3-year loan at 7%
    /// (the LibreOffice case "finance-parts-loan": its balloon at the horizon makes savings that change sign several times,
    /// with several rates that Planner names, ADR 039). <paramref name="leased"/>
    /// leases the servers for 18 months at 3.5% of the equipment price a month instead; <paramref name="reserved"/>
    /// commits the cloud option's 2 GPUs for 24-month terms (the last one cut at the horizon) at 35% off, half up front;
    /// <paramref name="spot"/> rents it on spot at 60% off with 15% more GPU time. Replaced servers are then fully depreciated and sell for nothing; with
    /// <paramref name="depreciationYears"/> = 3 they sell for a third of their price, and no purchase ends its life.
    /// </summary>
    public static Scenario WithFinance(double depreciationYears = 1.3, bool withLoan = false, bool leased = false, bool reserved = false, bool spot = false)
    {
        var sixty = SixtyMonths();
        var options = sixty.Options.Select(o => o switch
        {
            CloudOption cloud when reserved => cloud with
            {
                StaffEscalationAnnual = 0.04, ReservedGpus = 2, ReservedTermMonths = 24, ReservedDiscount = 0.35, ReservedUpfrontFraction = 0.5,
            },
            CloudOption cloud when spot => cloud with { StaffEscalationAnnual = 0.04, SpotDiscount = 0.6, SpotInterruptionOverhead = 0.15 },
            CloudOption cloud => cloud with { StaffEscalationAnnual = 0.04 },
            OnPremOption owned when leased => owned with
            {
                StaffEscalationAnnual = 0.05, ElectricityEscalationAnnual = 0.03, AnnualPriceChange = -0.15, LeaseTermMonths = 18,
                LeaseRateFactor = 0.035, ResaleValueFraction = 1,
            },
            OnPremOption owned => (SourcingOption)(owned with
            {
                StaffEscalationAnnual = 0.05, ElectricityEscalationAnnual = 0.03, DepreciationYears = depreciationYears, UsefulLifeYears = 1.5,
                AnnualPriceChange = -0.15,
                LoanYears = withLoan ? 3 : 0, LoanAnnualRate = withLoan ? 0.07 : 0, LoanDownPaymentFraction = withLoan ? 0.2 : 0,
            }),
            _ => o,
        }).ToList();
        return sixty with { Name = "Support assistant, 60 months, finance parts", TaxRateAnnual = 0.25, Options = options };
    }

    /// <summary>
    /// The 60-month variant with latency targets (p95 TTFT 2 s, ITL 0.06 s) and a rising hourly profile (hour h carries
    /// (h + 1) / 300 of the day): both GPU options sized in replicas of 2 GPUs serving 1.3 requests/s each. The cloud
    /// option follows the profile in steps of 2 replicas with at least 1; <paramref name="weekend"/> adds flat weekends at
    /// 60% of a weekday's volume and rents the cloud replicas flat for the busiest hour instead.
    /// </summary>
    public static Scenario WithTargets(bool weekend = false)
    {
        var sixty = SixtyMonths();
        var options = sixty.Options.Select(o => o switch
        {
            CloudOption cloud => cloud with { ReplicaRequestsPerSecond = 1.3, GpusPerReplica = 2, MinReplicas = 1, ReplicaScalingStep = weekend ? 0 : 2 },
            OnPremOption owned => (SourcingOption)(owned with { ReplicaRequestsPerSecond = 1.3, GpusPerReplica = 2 }),
            _ => o,
        }).ToList();
        var workload = sixty.Workload with
        {
            PeakToAverage = 1,
            TtftP95Seconds = 2,
            ItlP95Seconds = 0.06,
            HourlyShares = [.. Enumerable.Range(1, 24).Select(h => h / 300.0)],
            WeekendHourlyShares = weekend ? [.. Enumerable.Repeat(1.0 / 24, 24)] : null,
            WeekendDayVolume = weekend ? 0.6 : 1,
        };
        return sixty with { Name = "Support assistant, 60 months, at latency targets", Workload = workload, Options = options };
    }

    /// <summary>
    /// The finance-parts variant (no loan) with two hybrid options (docs/methodology.md, "Hybrid: owned base, overflow
    /// elsewhere") on a rising weekday profile with flat weekends at 60% of a weekday: one buys its servers for the 70th
    /// percentile hour (refreshed, escalated, after tax like the owned option) and overflows to the cloud option with its
    /// 2 GPUs reserved; the other owns 1 server and overflows to the API with cached input tokens.
    /// </summary>
    public static Scenario WithHybrids()
    {
        var finance = WithFinance(reserved: true);
        var owned = (OnPremOption)finance.GetOption("onprem");
        HybridOption Hybrid(string id) => new()
        {
            Id = id, ServerPrice = owned.ServerPrice, GpusPerServer = owned.GpusPerServer, PrefillTokensPerGpuSecond = owned.PrefillTokensPerGpuSecond,
            DecodeTokensPerGpuSecond = owned.DecodeTokensPerGpuSecond, TargetUtilization = owned.TargetUtilization, ServerPowerKw = owned.ServerPowerKw,
            ServerIdlePowerKw = owned.ServerIdlePowerKw, Pue = owned.Pue, ElectricityPerKwh = owned.ElectricityPerKwh, ColocationPerKwMonth = owned.ColocationPerKwMonth,
            MaintenanceRateAnnual = owned.MaintenanceRateAnnual, DepreciationYears = owned.DepreciationYears, ResaleValueFraction = owned.ResaleValueFraction,
            StaffFte = owned.StaffFte, FteAnnualCost = owned.FteAnnualCost, StaffEscalationAnnual = 0.05, ElectricityEscalationAnnual = 0.03,
        };
        var workload = finance.Workload with
        {
            PeakToAverage = 1,
            HourlyShares = [.. Enumerable.Range(1, 24).Select(h => h / 300.0)],
            WeekendHourlyShares = [.. Enumerable.Repeat(1.0 / 24, 24)],
            WeekendDayVolume = 0.6,
            CachedInputShare = 0.5,
        };
        return finance with
        {
            Name = "Support assistant, 60 months, hybrids",
            Workload = workload,
            Options =
            [
                .. finance.Options.Select(o => o is ApiOption api ? api with { CachedInputPricePerMillion = api.InputPricePerMillion / 4 } : o),
                Hybrid("hybrid-cloud") with { BasePercentile = 70, UsefulLifeYears = 1.5, AnnualPriceChange = -0.15, OverflowTo = "cloud" },
                Hybrid("hybrid-api") with { BaseServers = 1, OverflowTo = "api" },
            ],
        };
    }

    /// <summary>
    /// The at-targets variant with flat weekends (<see cref="WithTargets"/>) whose cloud option follows the profile in steps of
    /// 2 replicas with at least 1, and two hybrids overflowing to it (docs/methodology.md, "Hybrid: owned base, overflow
    /// elsewhere"): one owns 1 server sized by throughput, one is bought for the 60th percentile hour in replicas at the
    /// targets, and one owns at least 3 servers and more for the 40th percentile hour. The cloud rents replicas for each
    /// hour's rate above the owned fleet. (With 1, 2 or 4 base servers, some changed variants' savings have a rate that
    /// LibreOffice's IRR() reaches neither from 1% a month nor from the exported rate: the workbook's documented limit
    /// after an input change, docs/reports.md.)
    /// </summary>
    public static Scenario WithTargetsOverflow()
    {
        var targets = WithTargets(weekend: true);
        var owned = (OnPremOption)targets.GetOption("onprem");
        HybridOption Hybrid(string id) => new()
        {
            Id = id, ServerPrice = owned.ServerPrice, GpusPerServer = owned.GpusPerServer, PrefillTokensPerGpuSecond = owned.PrefillTokensPerGpuSecond,
            DecodeTokensPerGpuSecond = owned.DecodeTokensPerGpuSecond, TargetUtilization = owned.TargetUtilization, ServerPowerKw = owned.ServerPowerKw,
            ServerIdlePowerKw = owned.ServerIdlePowerKw, Pue = owned.Pue, ElectricityPerKwh = owned.ElectricityPerKwh, ColocationPerKwMonth = owned.ColocationPerKwMonth,
            MaintenanceRateAnnual = owned.MaintenanceRateAnnual, DepreciationYears = owned.DepreciationYears, ResaleValueFraction = owned.ResaleValueFraction,
            StaffFte = owned.StaffFte, FteAnnualCost = owned.FteAnnualCost, OverflowTo = "cloud",
        };
        return targets with
        {
            Name = "Support assistant, 60 months, overflow at latency targets",
            Options =
            [
                .. targets.Options.Select(o => o is CloudOption cloud ? cloud with { ReplicaScalingStep = 2 } : o),
                Hybrid("hybrid-fixed") with { BaseServers = 1 },
                Hybrid("hybrid-targets") with { BasePercentile = 60, ReplicaRequestsPerSecond = 1.3, GpusPerReplica = 2 },
                Hybrid("hybrid-both") with { BaseServers = 3, BasePercentile = 40 },
            ],
        };
    }

    /// <summary>
    /// The example against rented GPUs with token classes: 80% of input tokens read from the API's prompt cache at a
    /// tenth of the input price, half the requests sent to its batch service at half price (docs/methodology.md, "API (pay
    /// per token)").
    /// </summary>
    public static Scenario WithTokenClasses()
    {
        var example = CloudBaseline();
        return example with
        {
            Name = "Support assistant, token classes",
            Workload = example.Workload with { CachedInputShare = 0.8, BatchShare = 0.5 },
            Options = [.. example.Options.Select(o => o is ApiOption api ? api with { CachedInputPricePerMillion = api.InputPricePerMillion / 10, BatchDiscount = 0.5 } : o)],
        };
    }

    /// <summary>
    /// The 60-month variant retrained weekly (docs/methodology.md, "Retraining"): 100 GPU-hours a retrain rented in the
    /// cloud, 2,000 on the owned fleet, whose average load with them needs more GPUs than its peak sizing in early months.
    /// </summary>
    public static Scenario WithRetraining()
    {
        var sixty = SixtyMonths();
        return sixty with
        {
            Name = "Support assistant, 60 months, retrained weekly",
            Options = sixty.Options.Select(o => o switch
            {
                CloudOption cloud => cloud with { TrainingGpuHoursPerRetrain = 100, RetrainsPerMonth = 4 },
                OnPremOption owned => owned with { TrainingGpuHoursPerRetrain = 2000, RetrainsPerMonth = 4 },
                _ => o,
            }).ToList(),
        };
    }

    /// <summary>
    /// The 60-month variant served tensor parallel on 3 GPUs per replica without latency targets: fleets are bought and
    /// peaks rented in whole replicas (docs/methodology.md, wholeReplicas), which the workbook writes as g × ROUNDUP(n / g, 0).
    /// </summary>
    public static Scenario WholeReplicas()
    {
        var sixty = SixtyMonths();
        return sixty with
        {
            Name = "Support assistant, 60 months, 3 GPUs per replica",
            Options = sixty.Options.Select(o => o is GpuOption gpu ? gpu with { GpusPerReplica = 3 } : o).ToList(),
        };
    }

    /// <summary>The example compared with the rented cloud GPUs: the API costs less in every month, so its savings are never negative.</summary>
    public static Scenario CloudBaseline() => Example() with { Name = "Support assistant against rented GPUs", Baseline = "cloud" };

    /// <summary>The 60-month variant named in Chinese (客服助手 = "customer-service assistant").</summary>
    public static Scenario Chinese() => SixtyMonths() with { Name = "客服助手 (60 个月)" };

    /// <summary>examples/risk-support-assistant.json: the example with distributions on seven inputs and two correlations.</summary>
    public static Scenario Risky() => ScenarioJson.ReadFile(Path.Combine(ExamplesFolder, "risk-support-assistant.json"));

    /// <summary>
    /// The risky example simulated (2,000 trials) with its cloud option's throughput taken from a projection of a
    /// Llama-3-8B-shaped model on one H100 SXM (as reference resolution records it).
    /// </summary>
    public static ReportInput SimulatedWithProjection()
    {
        var shape = new ModelShape
        {
            Name = "llama-3-8b", Parameters = 8.03e9, ActiveParameters = 8.03e9, Layers = 32, HiddenSize = 4096, Heads = 32, KvHeads = 8,
            HeadDim = 128, Vocabulary = 128256, ContextLength = 8192, IntermediateSize = 14336, GatedMlp = true,
            Source = "Meta Llama 3 config.json", AsOf = "2026-11-01",
        };
        var gpu = new GpuSpec { Name = "H100 SXM", Vendor = "NVIDIA", Bf16Tflops = 989, Fp8Tflops = 1979, MemoryGb = 80, BandwidthGbPerS = 3350 };
        var projection = ThroughputProjector.Project(shape, gpu, 1, Precision.Bf16, 16, 4096, Efficiency.GpuDefault);
        var scenario = Risky() with { Evidence = [new ThroughputEvidence { OptionId = "cloud", Projection = projection }] };
        return ReportInput.Simulated(scenario, CostEngine.Evaluate(scenario), new SimulationSettings { Trials = 2000, Seed = 7 }, null, CancellationToken.None);
    }

    public static ReportInput Input(Scenario scenario) => ReportInput.For(scenario, CostEngine.Evaluate(scenario)) with
    {
        Benchmarks =
        [
        new BenchmarkEvidence
        {
            Run = "run-42",
            Model = "gpt-decoder-small",
            Settings = "decode-heavy fp16 batch 8",
            Device = "NVIDIA H100 80GB HBM3, driver 550.54, CUDA 12.4",
            MeasuredAt = "2026-11-20T10:15:00Z",
            PrefillTokensPerSecond = 20000,
            DecodeTokensPerSecond = 2500,
            LatencyP50Ms = 41.5,
            LatencyP95Ms = 63.25,
            LatencyP99Ms = 80.125,
            Valid = true,
            Validity = "coefficient of variation 2.1% over 30 samples",
        },
        ],
    };
}
