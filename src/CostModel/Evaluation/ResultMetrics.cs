namespace Planner.CostModel.Evaluation;

/// <summary>One result an evaluation reports: its label, one sentence of help and the docs/methodology.md heading of its formula.</summary>
public sealed record ResultMetric(string Name, string Label, string Help, string MethodologyAnchor);

/// <summary>
/// The help text of every result the web app and the reports show, in one table beside the input fields'
/// (<see cref="Inputs.InputField.Help"/>); a test checks that each anchor is a heading of docs/methodology.md.
/// </summary>
public static class ResultMetrics
{
    private const string PerOption = "per-option-results";
    private const string Comparison = "comparison-with-the-baseline";

    /// <summary>
    /// The result the tornado and the simulation's rank correlations measure: the baseline's present value when the
    /// baseline is recommended, else the recommendation's NPV savings against it (the name of the metric).
    /// </summary>
    public static string TornadoMetric(bool baselineRecommended) => (baselineRecommended ? PresentValue : NpvSavings).Name;

    public static readonly ResultMetric PresentValue = new("presentValue", "Present value of cost",
        "Every cost over the horizon discounted to today's money at the discount rate, minus resale; the lowest is recommended.", PerOption);

    public static readonly ResultMetric LevelizedCost = new("levelizedCostPerMillionTokens", "Levelized cost per 1M tokens",
        "The present value of cost divided by the discounted tokens served, times one million: the average price of a million tokens over the horizon.", PerOption);

    public static readonly ResultMetric TotalCost = new("totalCost", "Total cash over the horizon",
        "Every cost paid over the horizon added up without discounting, resale subtracted.", PerOption);

    public static readonly ResultMetric Capex = new("capex", "Hardware bought (capex)",
        "The total price of the servers bought over the horizon, replacements included.", PerOption);

    public static readonly ResultMetric PeakGpus = new("peakGpus", "GPUs at peak",
        "GPUs needed in the busiest hour of the busiest month, after the peak-to-average load and the target utilization.", PerOption);

    public static readonly ResultMetric Servers = new("servers", "Servers owned at the end",
        "Servers owned in the last month (the owned fleet never shrinks).", PerOption);

    public static readonly ResultMetric EnergyKwh = new("energyKwh", "Facility energy",
        "Electricity used by owned servers over the horizon, PUE included (API and cloud prices include their energy).", PerOption);

    public static readonly ResultMetric IdleCommittedGpuHours = new("idleCommittedGpuHours", "Idle committed GPU-hours",
        "Reserved cloud GPU-hours paid for over the horizon but not needed by the demand (shown for cloud options with reserved GPUs).", "reserved-cloud-gpus");

    public static readonly ResultMetric NpvSavings = new("npvSavings", "NPV savings against the baseline",
        "The baseline's present value of cost minus this option's: positive when this option is cheaper.", Comparison);

    public static readonly ResultMetric Irr = new("irrAnnual", "IRR of the savings",
        "The yearly return of choosing this option over the baseline: the discount rate at which its savings are worth zero.", Comparison);

    public static readonly ResultMetric Payback = new("paybackMonth", "Payback",
        "The first month from which the cumulative savings against the baseline stay at or above zero.", Comparison);

    public static readonly ResultMetric DiscountedPayback = new("discountedPaybackMonth", "Discounted payback",
        "The payback month counted on discounted savings.", Comparison);

    public static readonly ResultMetric BreakEven = new("breakEvenRequestsPerMonth", "Break-even demand",
        "The first-month demand at which this option and the baseline cost the same present value, everything else unchanged.", Comparison);

    public static readonly ResultMetric Npv = new("npv", "NPV with benefits",
        "The present value of the benefits minus the present value of this option's cost.", "benefits-and-roi");

    public static readonly ResultMetric Roi = new("roi", "ROI",
        "The NPV with benefits divided by the present value of cost.", "benefits-and-roi");

    public static IReadOnlyList<ResultMetric> All { get; } =
        [PresentValue, LevelizedCost, TotalCost, Capex, PeakGpus, Servers, EnergyKwh, IdleCommittedGpuHours, NpvSavings, Irr, Payback, DiscountedPayback, BreakEven, Npv, Roi];
}
