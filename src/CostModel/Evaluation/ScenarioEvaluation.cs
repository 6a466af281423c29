using System.Text.Json.Serialization;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.Evaluation;

/// <summary>The answer to a scenario: every option's cash flows and metrics, the comparison with the baseline, and the tornado.</summary>
public sealed record ScenarioEvaluation
{
    public required string Scenario { get; init; }

    public required string Currency { get; init; }

    public required int HorizonMonths { get; init; }

    public required double DiscountRateAnnual { get; init; }

    public required string Baseline { get; init; }

    /// <summary>The option with the lowest present value of cost.</summary>
    public required string Recommendation { get; init; }

    /// <summary>The next-cheapest option, or null when there is only one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RunnerUp { get; init; }

    /// <summary>Present value of the runner-up minus that of the recommendation (0 with one option).</summary>
    public required double RecommendationMargin { get; init; }

    /// <summary>Present value of the benefits, when the scenario gives benefits.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BenefitsPresentValue { get; init; }

    /// <summary>The value rates behind <see cref="BenefitsPresentValue"/>, with each value model's derived value, when benefits are given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BenefitValues? Benefits { get; init; }

    public required IReadOnlyList<OptionResult> Options { get; init; }

    public required IReadOnlyList<Comparison> Comparisons { get; init; }

    /// <summary>"npvSavings" (of the recommendation against the baseline) or "presentValue" (of the baseline, when it is recommended).</summary>
    public required string TornadoMetric { get; init; }

    public required IReadOnlyList<TornadoBar> Tornado { get; init; }

    /// <summary>
    /// When the scenario gives benefits: the value tornado, whose metric is the recommendation's NPV (benefits present
    /// value minus its cost present value). It moves the benefit and value-model inputs, which the cost tornado leaves
    /// alone, and the scenario-wide and recommended option's inputs (docs/methodology.md, "Sensitivity";
    /// docs/decisions/022-value-inputs-in-sensitivity-and-risk.md). Widest swing first.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TornadoBar>? ValueTornado { get; init; }

    /// <summary>Every numeric input with its value and origin.</summary>
    public required IReadOnlyList<InputValue> Inputs { get; init; }

    public OptionResult GetOption(string id) => Options.First(o => o.Id == id);

    /// <summary>The tornado's metric with every input at its base value: the recommendation's NPV savings against the baseline, or the baseline's present value.</summary>
    public double TornadoBase() =>
        TornadoMetric == ResultMetrics.NpvSavings.Name ? Comparisons.First(c => c.Option == Recommendation).NpvSavings : GetOption(Baseline).PresentValue;

    /// <summary>The value tornado's metric with every input at its base value: the recommendation's NPV (0 without benefits).</summary>
    public double ValueTornadoBase() => GetOption(Recommendation).Npv ?? 0;
}

public sealed record OptionResult
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>Sum of all cash, months 0..H, resale subtracted.</summary>
    public required double TotalCost { get; init; }

    public required double PresentValue { get; init; }

    /// <summary>The present value before tax, when the scenario has a tax rate (then <see cref="PresentValue"/> is after tax).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PresentValueBeforeTax { get; init; }

    /// <summary>Present value per million tokens served (present value of tokens); null when no tokens are served.</summary>
    public double? LevelizedCostPerMillionTokens { get; init; }

    /// <summary>Facility energy the buyer pays for as kWh (owned servers only; 0 for API and cloud).</summary>
    public required double EnergyKwh { get; init; }

    /// <summary>GPUs needed in the busiest month's peak hour (0 for an API).</summary>
    public required int PeakGpus { get; init; }

    /// <summary>Servers owned at the end of the horizon (owned servers only).</summary>
    public required int Servers { get; init; }

    /// <summary>Committed (reserved) cloud GPU-hours that sat idle over the horizon; written only for a cloud option with reserved GPUs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? IdleCommittedGpuHours { get; init; }

    /// <summary>Hardware bought over the horizon.</summary>
    public required double Capex { get; init; }

    /// <summary>Present value of benefits minus present value of cost, when benefits are given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Npv { get; init; }

    /// <summary><see cref="Npv"/> divided by the present value of cost, when benefits are given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Roi { get; init; }

    /// <summary>How the option is sized at the workload's latency targets, next to today's sizing; written only for a GPU option sized at them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TargetSizingResult? AtTargets { get; init; }

    /// <summary>An API's measured latency against the workload's latency targets; written only for an API option when the workload has targets.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LatencyCheck? Latency { get; init; }

    /// <summary>A hybrid's split between its owned fleet and its overflow option; written only for a hybrid option.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HybridSplit? Hybrid { get; init; }

    public required IReadOnlyList<MonthlyCash> Months { get; init; }
}

/// <summary>
/// How a hybrid option served the demand (docs/methodology.md, "Hybrid: owned base, overflow elsewhere"): the owned
/// fleet's sizing, the requests it served and those sent to the overflow option, and what the overflow cost.
/// </summary>
public sealed record HybridSplit
{
    /// <summary>The id of the option the overflow went to.</summary>
    public required string OverflowTo { get; init; }

    /// <summary>Its kind ("cloud" or "api").</summary>
    public required string OverflowKind { get; init; }

    /// <summary>The fixed owned fleet (with <see cref="BasePercentile"/>, the least the fleet has); null when it is bought for the percentile alone.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BaseServers { get; init; }

    /// <summary>The percentile of hourly demand the owned fleet is bought for; null for a fixed fleet.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BasePercentile { get; init; }

    /// <summary>The percentile hour's request rate over the month's average rate; null for a fixed fleet.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PercentileHourFactor { get; init; }

    /// <summary>Requests the owned fleet served over the horizon.</summary>
    public required double OwnedRequests { get; init; }

    /// <summary>Requests sent to the overflow option over the horizon.</summary>
    public required double OverflowRequests { get; init; }

    /// <summary>Owned requests over all requests (1 when nothing overflowed).</summary>
    public required double OwnedShare { get; init; }

    /// <summary>GPU-hours rented for the overflow over the horizon; null for an API overflow.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? OverflowGpuHours { get; init; }

    /// <summary>The overflow's charges over the horizon (before tax), undiscounted.</summary>
    public required double OverflowCost { get; init; }

    /// <summary>
    /// How a cloud overflow sized at the workload's latency targets rented its replicas: each hour's rate above the owned
    /// fleet, the replicas it needs and those running, the busiest overflow hour, the utilization achieved, and the
    /// hybrid's cost per million tokens beside the same hybrid with its overflow priced by GPU-hours (the cloud option's
    /// throughput and target utilization); written only for such an overflow.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TargetSizingResult? OverflowAtTargets { get; init; }
}

/// <summary>
/// A GPU option sized at the workload's latency targets (docs/methodology.md, "Sizing at the latency targets"): the replica
/// it is sized in, the busiest hour, the replicas hour by hour, the utilization achieved, and the cost per million tokens
/// at the targets beside the option sized as without targets (from its throughput and target utilization).
/// </summary>
public sealed record TargetSizingResult
{
    public required double TtftP95Seconds { get; init; }

    public required double ItlP95Seconds { get; init; }

    /// <summary>Requests per second one replica serves within the targets.</summary>
    public required double ReplicaRequestsPerSecond { get; init; }

    public required int GpusPerReplica { get; init; }

    /// <summary>"owned", "rented, following the profile" or "rented, flat"; a hybrid's overflow: "overflow rented, following the profile" or "overflow rented, flat".</summary>
    public required string Sizing { get; init; }

    /// <summary>The busiest hour's rate over the average rate (the profile's, or peakToAverage).</summary>
    public required double PeakToAverage { get; init; }

    /// <summary>Requests per second at the busiest hour of the busiest month (a hybrid's overflow: the largest rate above the owned fleet in any month).</summary>
    public required double PeakRequestsPerSecond { get; init; }

    /// <summary>Replicas running at the busiest hour of the busiest month.</summary>
    public required int PeakReplicas { get; init; }

    /// <summary>Requests served over the horizon / (replica-hours available × 3600 × replica capacity).</summary>
    public required double AchievedUtilization { get; init; }

    /// <summary>The option's levelized cost sized at the targets (its <see cref="OptionResult.LevelizedCostPerMillionTokens"/>).</summary>
    public double? CostPerMillionTokensAtTargets { get; init; }

    /// <summary>The levelized cost of the same option sized as without targets (throughput and target utilization).</summary>
    public double? CostPerMillionTokensWithoutTargets { get; init; }

    public required double PresentValueWithoutTargets { get; init; }

    public required int PeakGpusWithoutTargets { get; init; }

    /// <summary>Each hour of the profile in month 1 (empty without a profile).</summary>
    public required IReadOnlyList<HourReplicas> FirstMonthHours { get; init; }

    /// <summary>Each hour of the profile in the last month.</summary>
    public required IReadOnlyList<HourReplicas> LastMonthHours { get; init; }
}

/// <summary>One hour of the daily profile: the day ("every day", "weekday" or "weekend"), its hour (0 = 00:00-01:00), its rate, the replicas it needs and those running.</summary>
public sealed record HourReplicas(string Day, int Hour, double RequestsPerSecond, int ReplicasNeeded, int Replicas);

/// <summary>One month of one option. Cash out is positive; resale is negative (cash in). Depreciation is an accounting view, not cash.</summary>
public sealed record MonthlyCash
{
    public required int Month { get; init; }

    public double Requests { get; init; }

    public double Tokens { get; init; }

    /// <summary>Cloud: average GPUs rented (GPU-hours / 730). Owned: GPUs installed.</summary>
    public double Gpus { get; init; }

    public int Servers { get; init; }

    public double Cash { get; init; }

    public double Usage { get; init; }

    public double Compute { get; init; }

    public double Energy { get; init; }

    public double Colocation { get; init; }

    public double Maintenance { get; init; }

    public double Staff { get; init; }

    public double Capex { get; init; }

    public double Setup { get; init; }

    public double Fixed { get; init; }

    public double Resale { get; init; }

    public double Depreciation { get; init; }

    public double EnergyKwh { get; init; }

    /// <summary>
    /// Tax effect of the month, included in <see cref="Cash"/>: negative when expenses, depreciation or a loss on resale
    /// save tax. Written only when not 0 (a scenario without a tax rate has none).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double Tax { get; init; }

    /// <summary>
    /// Loan flows of owned servers bought on credit, included in <see cref="Cash"/>: the amount borrowed (negative) and
    /// the repayments, the balance still owed at the horizon included. Written only when not 0.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double Financing { get; init; }

    /// <summary>The interest within <see cref="Financing"/>. Written only when not 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double Interest { get; init; }

    /// <summary>Lease payments for leased servers (paid at the start of the month they cover). Written only when not 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double Lease { get; init; }

    /// <summary>Reserved cloud GPU-hours paid for in the month but not needed. Written only when not 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double IdleCommittedGpuHours { get; init; }

    /// <summary>A hybrid's requests sent to its overflow option. Written only when not 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double OverflowRequests { get; init; }

    /// <summary>A hybrid's GPU-hours rented from its overflow cloud option. Written only when not 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double OverflowGpuHours { get; init; }
}

public sealed record Comparison
{
    public required string Option { get; init; }

    public required string Baseline { get; init; }

    /// <summary>Present value of (baseline cash - option cash): positive when the option costs less.</summary>
    public required double NpvSavings { get; init; }

    /// <summary>Annualized IRR of the savings stream, (1 + monthly IRR)^12 - 1; null with <see cref="IrrNote"/>.</summary>
    public double? IrrAnnual { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IrrNote { get; init; }

    /// <summary>
    /// Every annual rate that makes the savings' present value zero, ascending, when more than one was proved
    /// (<see cref="Finance.FinancialFunctions.IrrRates"/>); <see cref="IrrNote"/> then names them and says the IRR is not
    /// meaningful (<see cref="IrrNotes.SeveralRates"/>). Null otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? IrrRatesAnnual { get; init; }

    /// <summary>
    /// How many times the savings change sign, when that is more than once and how many rates exist could not be settled;
    /// <see cref="IrrNote"/> then says so (<see cref="IrrNotes.MultipleRates"/>), and hosts rebuild it in the reader's
    /// language from this count. Null otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? IrrSignChanges { get; init; }

    /// <summary>First month from which cumulative savings stay >= 0; 0 when never negative; null when never reached.</summary>
    public int? PaybackMonth { get; init; }

    public int? DiscountedPaybackMonth { get; init; }

    /// <summary>The first-month demand at which the option's present value equals the baseline's; null with <see cref="BreakEvenNote"/>.</summary>
    public double? BreakEvenRequestsPerMonth { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BreakEvenNote { get; init; }
}

/// <summary>One input moved to its low and high value, all else fixed.</summary>
public sealed record TornadoBar
{
    public required string Input { get; init; }

    public required string Label { get; init; }

    public required string Unit { get; init; }

    public required double BaseValue { get; init; }

    public required double LowValue { get; init; }

    public required double HighValue { get; init; }

    /// <summary>The tornado metric with the input at its low value.</summary>
    public required double LowResult { get; init; }

    public required double HighResult { get; init; }

    /// <summary>|HighResult - LowResult|.</summary>
    public required double Swing { get; init; }

    /// <summary>True when at the low or the high value another option becomes the cheapest.</summary>
    public required bool ChangesRecommendation { get; init; }
}

public sealed record InputValue
{
    public required string Key { get; init; }

    public required string Path { get; init; }

    public required string Label { get; init; }

    public required string Unit { get; init; }

    public required double Value { get; init; }

    public required InputOrigin Origin { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Distribution? Distribution { get; init; }
}

/// <summary>
/// The benefit rates an evaluation used: the totals per request and per month (typed values plus value models) and each
/// value model's own derived value (null when the scenario does not use it). See docs/methodology.md, "Value models".
/// </summary>
public sealed record BenefitValues
{
    /// <summary>valuePerRequest plus the quality-inspection value per item.</summary>
    public required double ValuePerRequest { get; init; }

    /// <summary>fixedMonthlyValue plus the predictive-maintenance and line-optimization values per month.</summary>
    public required double MonthlyValue { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? QualityInspectionValuePerItem { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PredictiveMaintenanceValuePerMonth { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LineOptimizationValuePerMonth { get; init; }

    /// <summary>
    /// Each value model's derived value in words, for every host's results ("quality inspection $0.0058 per inspected
    /// item", "predictive maintenance $300,000 a month"); the hosts pass their own money formats. Empty without models.
    /// </summary>
    public IReadOnlyList<string> DescribeModels(Func<double, string> perItemMoney, Func<double, string> monthlyMoney)
    {
        var parts = new List<string>(3);
        if (QualityInspectionValuePerItem is { } item)
        {
            parts.Add($"quality inspection {perItemMoney(item)} per inspected item");
        }
        if (PredictiveMaintenanceValuePerMonth is { } maintenance)
        {
            parts.Add($"predictive maintenance {monthlyMoney(maintenance)} a month");
        }
        if (LineOptimizationValuePerMonth is { } line)
        {
            parts.Add($"line optimization {monthlyMoney(line)} a month");
        }
        return parts;
    }

    public static BenefitValues Of(Benefits benefits) => new()
    {
        ValuePerRequest = benefits.TotalValuePerRequest,
        MonthlyValue = benefits.TotalMonthlyValue,
        QualityInspectionValuePerItem = benefits.QualityInspection?.ValuePerItem,
        PredictiveMaintenanceValuePerMonth = benefits.PredictiveMaintenance?.MonthlyValue,
        LineOptimizationValuePerMonth = benefits.LineOptimization?.MonthlyValue,
    };
}
