using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;

namespace Planner.CostModel.Scenarios;

/// <summary>Rented cloud GPUs, paid by the GPU-hour.</summary>
public sealed record CloudOption : GpuOption
{
    public static readonly OptionKindDescriptor Descriptor = new()
    {
        Kind = OptionKind.Cloud,
        JsonName = "cloud",
        Label = "Cloud GPUs",
        AddLabel = "Rent cloud GPUs",
        Fields =
        [
            new("gpuHourPrice", "GPU-hour price", "¤/GPU-hour", NumberRange.Between(0, 1e5),
                o => ((CloudOption)o).GpuHourPrice, (o, v) => (CloudOption)o with { GpuHourPrice = v },
                Requirement.Required, suppliedBy: ReferenceField.CloudOffer,
                help: "The price of renting one GPU for one hour.",
                methodologyAnchor: "cloud-rented-gpus-billed-by-the-hour"),
            new("annualPriceChange", "Annual price change", "per year", NumberRange.RateChange,
                o => ((CloudOption)o).AnnualPriceChange, (o, v) => (CloudOption)o with { AnnualPriceChange = v },
                help: "How the GPU-hour price moves each year (negative when prices fall).",
                methodologyAnchor: "demand"),
            new("minGpus", "Minimum GPUs rented", "GPUs", NumberRange.Between(0, 100_000),
                o => ((CloudOption)o).MinGpus, (o, v) => (CloudOption)o with { MinGpus = (int)v }, isInteger: true,
                help: "GPUs rented around the clock whatever the demand (reserved capacity).",
                methodologyAnchor: "cloud-rented-gpus-billed-by-the-hour"),
            new("reservedGpus", "Reserved GPUs (0 = on demand)", "GPUs", NumberRange.Between(0, 100_000),
                o => ((CloudOption)o).ReservedGpus, (o, v) => (CloudOption)o with { ReservedGpus = (int)v }, isInteger: true,
                help: "GPUs committed for a term at a discount, billed every hour of the term whether busy or not; GPU-hours above them are billed on demand.",
                methodologyAnchor: "reserved-cloud-gpus"),
            new("reservedDiscount", "Reserved discount", "off the hour price", NumberRange.Between(0, 0.99),
                o => ((CloudOption)o).ReservedDiscount, (o, v) => (CloudOption)o with { ReservedDiscount = v },
                help: "The fraction a committed GPU-hour costs less than an on-demand one.",
                methodologyAnchor: "reserved-cloud-gpus"),
            new("reservedTermMonths", "Reserved term", "months", NumberRange.Between(0, 600),
                o => ((CloudOption)o).ReservedTermMonths, (o, v) => (CloudOption)o with { ReservedTermMonths = (int)v }, isInteger: true,
                help: "Months of each commitment, renewed at its end at the then price; at most the horizon.",
                methodologyAnchor: "reserved-cloud-gpus"),
            new("reservedUpfrontFraction", "Reserved upfront share", "of the term's commitment", NumberRange.Fraction,
                o => ((CloudOption)o).ReservedUpfrontFraction, (o, v) => (CloudOption)o with { ReservedUpfrontFraction = v },
                help: "The share of a term's committed cost paid in its first month; the rest is billed month by month.",
                methodologyAnchor: "reserved-cloud-gpus"),
            new("spotDiscount", "Spot discount (0 = not spot)", "off the hour price", NumberRange.Between(0, 0.99),
                o => ((CloudOption)o).SpotDiscount, (o, v) => (CloudOption)o with { SpotDiscount = v },
                help: "The fraction a spot (interruptible) GPU-hour costs less than an on-demand one (0 = not spot; not with reserved GPUs).",
                methodologyAnchor: "spot-cloud-gpus"),
            new("spotInterruptionOverhead", "Spot interruption overhead", "extra GPU time", NumberRange.Between(0, 10),
                o => ((CloudOption)o).SpotInterruptionOverhead, (o, v) => (CloudOption)o with { SpotInterruptionOverhead = v },
                help: "Extra GPU time spot capacity needs for the work interruptions redo (0.1 = 10% more GPU-hours).",
                methodologyAnchor: "spot-cloud-gpus"),
            .. InputFields.GpuFields,
            new("minReplicas", "Minimum replicas rented", "replicas", NumberRange.Between(0, 100_000),
                o => ((CloudOption)o).MinReplicas, (o, v) => (CloudOption)o with { MinReplicas = (int)v }, isInteger: true,
                help: "Replicas kept running in every hour when the option is sized at the latency targets, however quiet the hour.",
                methodologyAnchor: "sizing-at-the-latency-targets"),
            new("replicaScalingStep", "Scaling step (0 = flat at the busiest hour)", "replicas", NumberRange.Between(0, 10_000),
                o => ((CloudOption)o).ReplicaScalingStep, (o, v) => (CloudOption)o with { ReplicaScalingStep = (int)v }, isInteger: true,
                help: "At the latency targets, rented replicas follow the hourly profile in steps of this many replicas; 0 rents the busiest hour's replicas around the clock (reserved flat).",
                methodologyAnchor: "sizing-at-the-latency-targets"),
            InputFields.FixedMonthly,
            InputFields.SetupCost,
        ],
        Create = id => new CloudOption { Id = id },
        References = [ReferenceField.CloudOffer, ReferenceField.Gpu, ReferenceField.ThroughputFrom, ReferenceField.CapacityFrom, ReferenceField.TrainingFrom],
        CatalogLabel = "Cloud offer (catalog)",
        Rules = (option, scenario, path) => ReservedRule(option, scenario, path).Concat(SpotRule(option, path)).Concat(GpuOption.TargetRules(option, scenario, path)),
        CashFlow = timeline => new CloudCashFlow(timeline),
        SheetFormulas = CloudCashFlow.SheetFormulas,
        SheetHelperHeaders = ["GPU-hours", "Reserved charge", "Idle committed GPU-hours"],
    };

    public override OptionKind Kind => OptionKind.Cloud;

    public double GpuHourPrice { get; init; } = double.NaN;

    public double AnnualPriceChange { get; init; }

    public int MinGpus { get; init; }

    /// <summary>GPUs committed for <see cref="ReservedTermMonths"/> at <see cref="ReservedDiscount"/>; 0 means priced on demand.</summary>
    public int ReservedGpus { get; init; }

    public double ReservedDiscount { get; init; }

    public int ReservedTermMonths { get; init; }

    public double ReservedUpfrontFraction { get; init; }

    /// <summary>Fraction off the hour price for spot capacity; 0 means not spot.</summary>
    public double SpotDiscount { get; init; }

    /// <summary>Extra GPU time as a fraction of the work's GPU-hours, for restarts after interruptions.</summary>
    public double SpotInterruptionOverhead { get; init; }

    /// <summary>At the latency targets: replicas rented in every hour, however quiet.</summary>
    public int MinReplicas { get; init; }

    /// <summary>At the latency targets: rented replicas follow the hourly profile in steps of this many; 0 rents the busiest hour's replicas all month.</summary>
    public int ReplicaScalingStep { get; init; } = 1;

    /// <summary>Spot capacity is priced by its discount: an overhead needs one, and spot does not mix with a commitment.</summary>
    private static IEnumerable<InputProblem> SpotRule(SourcingOption option, string path)
    {
        if (option is not CloudOption cloud)
        {
            yield break;
        }
        if (cloud.SpotDiscount == 0 && cloud.SpotInterruptionOverhead != 0)
        {
            yield return InputProblem.At($"{path}.spotInterruptionOverhead",
                $"needs spotDiscount > 0 (spot capacity; got spotInterruptionOverhead {ScenarioJson.Format(cloud.SpotInterruptionOverhead)} without it)");
        }
        if (cloud.SpotDiscount != 0 && cloud.ReservedGpus != 0)
        {
            yield return InputProblem.At($"{path}.spotDiscount", "must be 0 with reservedGpus (an option is priced on demand, reserved or spot; got both)");
        }
    }

    /// <summary>A discount, term or upfront share needs a commitment level; a commitment needs a term no longer than the horizon.</summary>
    private static IEnumerable<InputProblem> ReservedRule(SourcingOption option, Scenario scenario, string path)
    {
        if (option is not CloudOption cloud)
        {
            yield break;
        }
        if (cloud.ReservedGpus == 0)
        {
            foreach (var (field, value) in new[]
            {
                ("reservedDiscount", cloud.ReservedDiscount), ("reservedTermMonths", cloud.ReservedTermMonths),
                ("reservedUpfrontFraction", cloud.ReservedUpfrontFraction),
            })
            {
                if (value != 0)
                {
                    yield return InputProblem.At($"{path}.{field}",
                        $"needs reservedGpus > 0 (the commitment level; got {field} {ScenarioJson.Format(value)} without it)");
                }
            }
            yield break;
        }
        if (cloud.ReservedTermMonths == 0)
        {
            yield return InputProblem.At($"{path}.reservedTermMonths",
                $"is required with reservedGpus (must be a whole number >= 1 and <= horizonMonths; got reservedGpus {cloud.ReservedGpus} without it)");
        }
        else if (cloud.ReservedTermMonths > scenario.HorizonMonths)
        {
            yield return InputProblem.At($"{path}.reservedTermMonths",
                $"must be <= horizonMonths ({scenario.HorizonMonths}) (got {cloud.ReservedTermMonths})");
        }
    }
}

/// <summary>GPU-hours = max(GPU-seconds / 3600 / utilization, minimum GPUs x 730) + retraining GPU-hours, priced per hour with the price trend, those above a commitment on demand; staff escalated.</summary>
internal sealed class CloudCashFlow(Timeline timeline) : OptionCashFlow<CloudOption>(timeline)
{
    private readonly AnnualChangeFactors _staffEscalation = new();
    private double[] _priceFactors = [];
    private double[] _staffFactors = [];
    private double _gpuSecondsPerRequest;

    protected override void Prepared()
    {
        _priceFactors = PriceFactors(Current.AnnualPriceChange);
        _staffFactors = _staffEscalation.For(Timeline, Current.StaffEscalationAnnual);
        _gpuSecondsPerRequest = GpuSecondsPerRequest(Current);
        _atTargets = Current.SizedAtTargets(Timeline.HasLatencyTargets);
    }

    /// <summary>Whether the rented GPUs are whole replicas sized at the workload's latency targets.</summary>
    private bool _atTargets;

    public override double Run(double requestsPerMonth, CashFlowDetail? detail = null)
    {
        var cloud = Current;
        var tl = Timeline;
        var pv = cloud.SetupCost;
        var staffAtStart = cloud.StaffFte * cloud.FteAnnualCost / 12;
        var committedHours = cloud.ReservedGpus * Timeline.HoursPerMonth;
        // Retraining rents GPU-hours on top of serving (spot ones redo interrupted work too).
        var retrainingHours = cloud.RetrainingGpuHoursPerMonth * (1 + cloud.SpotInterruptionOverhead);
        var peakGpus = 0;
        for (var t = 1; t <= tl.Horizon; t++)
        {
            var requests = requestsPerMonth * tl.Growth[t];
            var (gpuHours, compute, replicaHours) = Rent(t, requests, retrainingHours);
            var staff = staffAtStart * _staffFactors[t];
            var cash = compute + staff + cloud.FixedMonthly;
            pv += cash * tl.Discount[t];
            if (detail is not null)
            {
                var busyGpus = requests * _gpuSecondsPerRequest / Timeline.SecondsPerMonth;
                var gpusAtPeak = _atTargets
                    ? TargetSizing.Rented(TargetSizing.Needed(tl.PeakToAverage * requestsPerMonth * tl.Growth[t] / Timeline.SecondsPerMonth, cloud.ReplicaRequestsPerSecond), cloud) * cloud.GpusPerReplica
                    : WholeReplicas(CeilTolerant(tl.PeakToAverage * busyGpus / cloud.TargetUtilization * (1 + cloud.SpotInterruptionOverhead)), cloud.GpusPerReplica);
                peakGpus = Math.Max(peakGpus, Math.Max(cloud.MinGpus, gpusAtPeak));
                detail.ReplicaHours[t] = replicaHours;
                detail.Gpus[t] = gpuHours / Timeline.HoursPerMonth;
                detail.Compute[t] = compute;
                detail.IdleCommittedGpuHours[t] = Math.Max(committedHours - gpuHours, 0);
                detail.Staff[t] = staff;
                detail.Fixed[t] = cloud.FixedMonthly;
                detail.Cash[t] = cash;
            }
        }
        if (detail is not null)
        {
            detail.Setup[0] = cloud.SetupCost;
            detail.Cash[0] = cloud.SetupCost;
            detail.PeakGpus = peakGpus;
            FillDemand(requestsPerMonth, detail);
            ApplyTax(detail, null);
        }
        return AfterTax(pv);
    }

    /// <summary>
    /// The GPU-hours rented in month <paramref name="t"/> for <paramref name="requests"/> and their charge
    /// (docs/methodology.md, "Cloud"): the work at the option's throughput over its utilization (spot: plus the
    /// interruption overhead), or at the latency targets the replicas the profile's hours need, at least the minimum GPUs
    /// around the clock, plus <paramref name="retrainingHours"/>; priced on demand, at the spot discount, or above the
    /// commitment on demand plus the reserved charge. A hybrid's overflow is priced by the same steps
    /// (<see cref="RentOverflow"/>).
    /// </summary>
    internal (double GpuHours, double Compute, double ReplicaHours) Rent(int t, double requests, double retrainingHours) =>
        Rent(t, requests, retrainingHours, requests / Timeline.SecondsPerMonth, 0);

    /// <summary>
    /// A hybrid's overflow in month <paramref name="t"/>: <paramref name="overflowRequests"/> of a demand of average rate
    /// <paramref name="demandRate"/> above an owned fleet serving <paramref name="ownedCapacity"/> requests/s. Priced by
    /// <see cref="Rent(int, double, double)"/>'s steps; at the latency targets the replicas follow what each hour leaves
    /// above the owned fleet (<see cref="TargetSizing.RentedReplicaHours"/>), not the overflow's average.
    /// </summary>
    internal (double GpuHours, double Compute, double ReplicaHours) RentOverflow(int t, double overflowRequests, double demandRate, double ownedCapacity) =>
        Rent(t, overflowRequests, 0, demandRate, ownedCapacity);

    /// <summary>Whether the option rents whole replicas sized at the workload's latency targets.</summary>
    internal bool AtTargets => _atTargets;

    private (double GpuHours, double Compute, double ReplicaHours) Rent(int t, double requests, double retrainingHours, double averageRate, double servedAbove)
    {
        var cloud = Current;
        var minHours = cloud.MinGpus * Timeline.HoursPerMonth;
        var committedHours = cloud.ReservedGpus * Timeline.HoursPerMonth;
        var gpuSeconds = requests * _gpuSecondsPerRequest;
        var replicaHours = _atTargets ? TargetSizing.RentedReplicaHours(Timeline, averageRate, cloud, servedAbove) : 0;
        var gpuHours = _atTargets
            ? Math.Max(replicaHours * cloud.GpusPerReplica * (1 + cloud.SpotInterruptionOverhead), minHours)
            : cloud.SpotDiscount == 0
            ? Math.Max(gpuSeconds / 3600 / cloud.TargetUtilization, minHours)
            : Math.Max(gpuSeconds / 3600 / cloud.TargetUtilization * (1 + cloud.SpotInterruptionOverhead), minHours);
        if (retrainingHours != 0)
        {
            gpuHours += retrainingHours;
        }
        var compute = cloud.ReservedGpus == 0
            ? cloud.SpotDiscount == 0
                ? gpuHours * cloud.GpuHourPrice * _priceFactors[t]
                : gpuHours * cloud.GpuHourPrice * _priceFactors[t] * (1 - cloud.SpotDiscount)
            : Math.Max(gpuHours - committedHours, 0) * cloud.GpuHourPrice * _priceFactors[t] + ReservedCharge(t);
        return (gpuHours, compute, replicaHours);
    }

    /// <summary>
    /// The committed GPUs' charge in month t: a term starting in month s locks the hour price of month s, discounted;
    /// its first month pays the upfront share of the term's months within the horizon, every month the rest.
    /// </summary>
    private double ReservedCharge(int t)
    {
        var cloud = Current;
        var term = cloud.ReservedTermMonths;
        var start = t - (t - 1) % term;
        var hourPrice = cloud.GpuHourPrice * _priceFactors[start] * (1 - cloud.ReservedDiscount);
        var monthly = cloud.ReservedGpus * Timeline.HoursPerMonth * hourPrice;
        var upfront = t == start ? cloud.ReservedUpfrontFraction * Math.Min(term, Timeline.Horizon - start + 1) : 0;
        return monthly * (1 - cloud.ReservedUpfrontFraction + upfront);
    }

    /// <summary>
    /// Replica-hours rented in the month at the latency targets (<see cref="TargetSizing.RentedReplicaHours"/>): following the
    /// profile, 730 / 168 × (5 × the weekday hours' + 2 × the weekend hours' rented replicas), each hour's
    /// max(minReplicas, step × ⌈⌈f × rate / capacity⌉ / step⌉) summed by SUMPRODUCT (its ceiling: ROUNDUP(x × (1 − 10⁻⁹)),
    /// the engine's tolerance as a relative one); otherwise the busiest hour's rented replicas × 730.
    /// </summary>
    private static string ReplicaHours(ICashFlowSheetMonth row)
    {
        var step = row.Input("replicaScalingStep");
        var min = row.Input("minReplicas");
        var capacity = row.Input("replicaRequestsPerSecond");
        var peakNeeded = Evaluation.SheetFormulas.PeakReplicasNeeded(row);
        var flat = $"MAX({min},IF({step}>0,{step}*ROUNDUP({peakNeeded}/{step},0),{peakNeeded}))*730";
        if (row.HourFactors(weekend: false) is not { } weekday)
        {
            return flat;
        }
        string Day(string factors)
        {
            var stepped = $"{step}*ROUNDUP(ROUNDUP({row.HourRate(factors)}/{capacity}*(1-1E-9),0)/{step},0)";
            return $"SUMPRODUCT({stepped}+({min}-{stepped})*({min}>{stepped}))";
        }
        return $"IF({step}>0,730/168*(5*{Day(weekday)}+2*{Day(row.HourFactors(weekend: true)!)}),{flat})";
    }

    /// <summary>The workbook's formulas: GPU-hours (at least the minimum fleet) in Helper1, the reserved charge in Helper2, idle committed GPU-hours in Helper3, GPUs, compute (on demand above the commitment plus the reserved charge), staff.</summary>
    public static void SheetFormulas(ICashFlowSheetMonth row)
    {
        if (row.IsMonthZero)
        {
            return;
        }
        var gpuHours = row[CashFlowSheetColumn.Helper1];
        row.Set(CashFlowSheetColumn.Helper1,
            $"MAX(IF({Evaluation.SheetFormulas.SizedAtTargets(row)},{ReplicaHours(row)}*{row.Input("gpusPerReplica")},"
            + $"{row[CashFlowSheetColumn.Requests]}*{Evaluation.SheetFormulas.GpuSecondsPerRequest(row)}/3600/{row.Input("targetUtilization")})*(1+{row.Input("spotInterruptionOverhead")}),{row.Input("minGpus")}*730)"
            + $"+{row.Input("trainingGpuHoursPerRetrain")}*{row.Input("retrainsPerMonth")}*(1+{row.Input("spotInterruptionOverhead")})");
        row.Set(CashFlowSheetColumn.Gpus, $"{gpuHours}/730");
        var reserved = row.Input("reservedGpus");
        var term = row.Input("reservedTermMonths");
        var upfront = row.Input("reservedUpfrontFraction");
        var start = $"({row.Month}-MOD({row.Month}-1,{term}))";
        row.Set(CashFlowSheetColumn.Helper2,
            $"IF({reserved}>0,{reserved}*730*{row.Input("gpuHourPrice")}*(1+{row.Input("annualPriceChange")})^(({start}-1)/12)*(1-{row.Input("reservedDiscount")})"
            + $"*(1-{upfront}+IF(MOD({row.Month}-1,{term})=0,{upfront}*MIN({term},{row.Horizon}-{row.Month}+1),0)),0)");
        row.Set(CashFlowSheetColumn.Helper3, $"MAX({reserved}*730-{gpuHours},0)");
        row.Set(CashFlowSheetColumn.Compute,
            $"MAX({gpuHours}-{reserved}*730,0)*{row.Input("gpuHourPrice")}*{Evaluation.SheetFormulas.PriceFactor(row)}*(1-{row.Input("spotDiscount")})+{row[CashFlowSheetColumn.Helper2]}");
        row.Set(CashFlowSheetColumn.Staff, Evaluation.SheetFormulas.Staff(row));
    }
}
