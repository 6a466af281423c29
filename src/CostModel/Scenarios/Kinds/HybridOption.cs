using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Text;

namespace Planner.CostModel.Scenarios;

/// <summary>
/// Owned servers for the base load and another option of the scenario (cloud GPUs or an API) for the hours above it
/// (docs/methodology.md, "Hybrid: owned base, overflow elsewhere"; docs/decisions/024-hybrid-option.md). The owned part
/// is an on-premises option in every respect but its fleet: a fixed number of servers, or bought for a percentile hour
/// of the workload's hourly profile instead of its busiest hour.
/// </summary>
public sealed record HybridOption : OnPremOption
{
    /// <summary>The on-premises fields a hybrid does not take: its fleet is <see cref="BaseServers"/> or <see cref="BasePercentile"/>, and retraining is left to pure options.</summary>
    private static readonly HashSet<string> NotOwnedFields = ["minServers", "trainingGpuHoursPerRetrain", "retrainsPerMonth"];

    public static new readonly OptionKindDescriptor Descriptor = new()
    {
        Kind = OptionKind.Hybrid,
        JsonName = "hybrid",
        Label = "Hybrid",
        AddLabel = "Own a base fleet, overflow to cloud or API (hybrid)",
        Fields =
        [
            new("baseServers", "Base servers (0 = sized at the percentile)", "servers", NumberRange.Between(0, 100_000),
                o => ((HybridOption)o).BaseServers, (o, v) => (HybridOption)o with { BaseServers = (int)v }, isInteger: true,
                help: "Servers owned for the whole horizon; demand above what they serve in an hour goes to the overflow option (0 = bought for the base percentile instead; with a base percentile too, the fleet is the larger of the two).",
                methodologyAnchor: "hybrid-owned-base-overflow-elsewhere"),
            new("basePercentile", "Base percentile of hourly demand (0 = fixed base servers)", "percentile", NumberRange.Between(0, 100),
                o => ((HybridOption)o).BasePercentile, (o, v) => (HybridOption)o with { BasePercentile = v },
                help: "The owned fleet is bought, as demand grows, for this percentile of the week's hourly request rates (100 = the busiest hour, nothing overflows); the hours above it overflow. With base servers too, never fewer than those.",
                methodologyAnchor: "hybrid-owned-base-overflow-elsewhere"),
            .. OnPremOption.Descriptor.Fields.Where(f => !NotOwnedFields.Contains(f.Name)),
        ],
        Create = id => new HybridOption { Id = id },
        Starter = id => new HybridOption { Id = id, GpusPerServer = 8, BasePercentile = 50 },
        // trainingFrom supplies trainingGpuHoursPerRetrain, which a hybrid does not take (NotOwnedFields).
        References = [.. OnPremOption.Descriptor.References.Where(r => r != ReferenceField.TrainingFrom)],
        CatalogLabel = OnPremOption.Descriptor.CatalogLabel,
        OptionLinks =
        [
            new OptionLinkField("overflowTo", "Overflow to", "The cloud or API option of this scenario that serves the demand above the owned fleet, priced as that option prices it.",
                [OptionKind.Cloud, OptionKind.Api], o => ((HybridOption)o).OverflowTo, (o, id) => (HybridOption)o with { OverflowTo = id }),
        ],
        Rules = (option, scenario, path) => OnPremOption.Descriptor.Rules(option, scenario, path).Concat(HybridRules(option, scenario, path)),
        CashFlow = timeline => new HybridCashFlow(timeline),
        SheetFormulas = HybridSheet.Write,
        SheetHelperHeaders = [.. OnPremOption.Descriptor.SheetHelperHeaders, "Owned capacity (requests/s)", "Overflow requests", "Overflow GPU-hours", "Overflow reserved charge"],
    };

    public override OptionKind Kind => OptionKind.Hybrid;

    /// <summary>Servers owned for the whole horizon (with <see cref="BasePercentile"/> too, the least the fleet has); 0 when the fleet is bought for the percentile alone.</summary>
    public int BaseServers { get; init; }

    /// <summary>The percentile (0 &lt; p ≤ 100) of the week's hourly request rates the owned fleet is bought for; 0 for a fixed fleet of <see cref="BaseServers"/>.</summary>
    public double BasePercentile { get; init; }

    /// <summary>The id of the cloud or API option that serves the overflow.</summary>
    public string? OverflowTo { get; init; }

    private static readonly PhraseTemplate EitherKind = new("hybrid.eitherKind", "{0} or {1}");
    private static readonly PhraseTemplate BaseMissing = new("hybrid.baseMissing",
        "is required: give baseServers (owned servers, a whole number >= 1 and <= 100000) or basePercentile (> 0 and <= 100, the hourly demand the owned fleet is bought for)");
    private static readonly PhraseTemplate OverflowMissing = new("hybrid.overflowMissing",
        "is required: the id of a {0} option of this scenario that serves the demand above the owned fleet");
    private static readonly PhraseTemplate OverflowToItself = new("hybrid.overflowToItself", "must name another option (a {0} option; got its own id \"{1}\")");
    private static readonly PhraseTemplate OverflowUnknown = new("hybrid.overflowUnknown", "must be the id of a {0} option of this scenario ({1}) (got \"{2}\")");
    private static readonly PhraseTemplate OverflowWrongKind = new("hybrid.overflowWrongKind", "must name a {0} option (got \"{1}\", a {2} option)");
    private static readonly PhraseTemplate ProfileMissing = new("hybrid.profileMissing",
        "is required with a hybrid option ({0}, \"{1}\"): its owned fleet and overflow are split hour by hour of the daily profile");

    /// <summary>The base fleet is a number, a percentile or both (the larger fleet); the overflow names a cloud or API option of the scenario; the split needs the hourly profile.</summary>
    private static IEnumerable<InputProblem> HybridRules(SourcingOption option, Scenario scenario, string path)
    {
        if (option is not HybridOption hybrid)
        {
            yield break;
        }
        if (hybrid.BaseServers == 0 && hybrid.BasePercentile == 0)
        {
            yield return InputProblem.At($"{path}.baseServers", BaseMissing.With());
        }
        var link = Descriptor.OptionLinks[0];
        var kinds = link.Accepts.Select(k => k.JsonName()).ToList();
        // "cloud or api": the kinds' JSON names, joined in the reader's language.
        object accepted = kinds.Count == 2 ? EitherKind.With(kinds[0], kinds[1]) : string.Join(" or ", kinds);
        if (hybrid.OverflowTo is not { } target)
        {
            yield return InputProblem.At($"{path}.overflowTo", OverflowMissing.With(accepted));
        }
        else if (target == hybrid.Id)
        {
            yield return InputProblem.At($"{path}.overflowTo", OverflowToItself.With(accepted, target));
        }
        else if (scenario.FindOption(target) is not { } named)
        {
            yield return InputProblem.At($"{path}.overflowTo",
                OverflowUnknown.With(accepted, string.Join(", ", scenario.Options.Where(o => link.Accepts.Contains(o.Kind)).Select(o => o.Id)), target));
        }
        else if (!link.Accepts.Contains(named.Kind))
        {
            yield return InputProblem.At($"{path}.overflowTo", OverflowWrongKind.With(accepted, target, named.Kind.JsonName()));
        }
        if (scenario.Workload.HourlyShares is null)
        {
            yield return InputProblem.At("workload.hourlyShares", ProfileMissing.With(path, hybrid.Id));
        }
    }
}

/// <summary>
/// The owned part as <see cref="OnPremCashFlow"/> costs it (purchases, running costs, refresh, loans or lease, resale,
/// tax), with the fleet fixed at the base servers or bought for the percentile hour; each hour's requests above the
/// owned capacity go to the overflow option, priced by that option's own steps (<see cref="CloudCashFlow.Rent"/>,
/// <see cref="ApiCashFlow.Usage"/>) and paid at the end of the month like the other running costs.
/// </summary>
internal sealed class HybridCashFlow(Timeline timeline) : OnPremCashFlow(timeline)
{
    private CloudCashFlow? _cloud;
    private ApiCashFlow? _api;
    private OptionKind _overflowKind;
    private double _sizingFactor;
    private double _gpuSecondsPerRequest;
    private bool _atTargets;

    private HybridOption Hybrid => (HybridOption)Current;

    protected override void Prepared()
    {
        base.Prepared();
        var hybrid = Hybrid;
        var (weekday, weekend) = Timeline.HourFactors
            ?? throw new InvalidOperationException($"hybrid option {hybrid.Id} needs the workload's hourly profile (validation refuses it without one)");
        _sizingFactor = hybrid.BasePercentile > 0 ? DemandShape.PercentileFactor(weekday, weekend, hybrid.BasePercentile) : 0;
        _gpuSecondsPerRequest = GpuSecondsPerRequest(hybrid);
        _atTargets = hybrid.SizedAtTargets(Timeline.HasLatencyTargets);
        var target = Timeline.Options.FirstOrDefault(o => o.Id == hybrid.OverflowTo)
            ?? throw new InvalidOperationException($"hybrid option {hybrid.Id} overflows to \"{hybrid.OverflowTo}\", which the scenario does not have");
        _overflowKind = target.Kind;
        switch (target.Kind)
        {
            case OptionKind.Cloud:
                (_cloud ??= new CloudCashFlow(Timeline)).Prepare(target);
                break;
            case OptionKind.Api:
                (_api ??= new ApiCashFlow(Timeline)).Prepare(target);
                break;
            case OptionKind.OnPrem:
            case OptionKind.Hybrid:
                throw new InvalidOperationException($"hybrid option {hybrid.Id} overflows to {target.Kind.JsonName()} option {target.Id} (validation refuses it)");
        }
    }

    protected override double SizingFactor => _sizingFactor;

    protected override int MinimumServers => Hybrid.BaseServers;

    protected override bool Overflows => true;

    protected override double Overflow(int t, double requests, int servers, ref double busyGpus, CashFlowDetail? detail)
    {
        var capacity = OwnedCapacity(servers);
        var (weekday, weekend) = Timeline.HourFactors!.Value;
        var overflowRequests = OverflowRequests(weekday, weekend, requests / Timeline.SecondsPerMonth, capacity);
        busyGpus = (requests - overflowRequests) * _gpuSecondsPerRequest / Timeline.SecondsPerMonth;
        var charge = _overflowKind switch
        {
            OptionKind.Cloud => CloudOverflow(t, overflowRequests, requests / Timeline.SecondsPerMonth, capacity, detail),
            OptionKind.Api => ApiOverflow(t, overflowRequests, detail),
            OptionKind.OnPrem or OptionKind.Hybrid =>
                throw new InvalidOperationException($"hybrid option {Hybrid.Id} cannot overflow to a {_overflowKind.JsonName()} option"),
        };
        if (detail is not null)
        {
            detail.OverflowRequests[t] = overflowRequests;
            detail.OwnedCapacity[t] = capacity;
            detail.Cash[t] += charge;
        }
        return charge;
    }

    /// <summary>
    /// The cloud option's GPU-hours for the overflow (its minimum, commitment, spot and price trend; at the latency targets,
    /// the replicas each hour's rate above the owned <paramref name="capacity"/> needs) and their charge, in Compute.
    /// </summary>
    private double CloudOverflow(int t, double overflowRequests, double demandRate, double capacity, CashFlowDetail? detail)
    {
        var (gpuHours, compute, replicaHours) = _cloud!.RentOverflow(t, overflowRequests, demandRate, capacity);
        if (detail is not null)
        {
            detail.OverflowReplicaHours[t] = replicaHours;
            var committedHours = ((CloudOption)_cloud.Option).ReservedGpus * Timeline.HoursPerMonth;
            detail.Compute[t] = compute;
            detail.OverflowGpuHours[t] = gpuHours;
            detail.IdleCommittedGpuHours[t] = Math.Max(committedHours - gpuHours, 0);
        }
        return compute;
    }

    /// <summary>The API's usage charge for the overflow requests (its token classes and price trend), in Usage.</summary>
    private double ApiOverflow(int t, double overflowRequests, CashFlowDetail? detail)
    {
        var usage = _api!.Usage(t, overflowRequests);
        if (detail is not null)
        {
            detail.Usage[t] = usage;
        }
        return usage;
    }

    /// <summary>
    /// Requests per second the owned servers serve in an hour: whole replicas at their capacity when sized at the latency
    /// targets, else the servers' GPUs at the target utilization over the GPU-seconds of a request.
    /// </summary>
    private double OwnedCapacity(int servers)
    {
        var hybrid = Hybrid;
        var gpus = (double)servers * hybrid.GpusPerServer;
        if (_atTargets)
        {
            return Math.Floor(gpus / hybrid.GpusPerReplica) * hybrid.ReplicaRequestsPerSecond;
        }
        return _gpuSecondsPerRequest > 0 ? gpus * hybrid.TargetUtilization / _gpuSecondsPerRequest : double.PositiveInfinity;
    }

    /// <summary>
    /// Requests of a month of average rate <paramref name="averageRate"/> (requests/s) above an owned capacity of
    /// <paramref name="capacity"/> requests/s: each hour of the week overflows max(f × rate − capacity, 0) requests per
    /// second, so the month's overflow is 730 × 3600 / 168 × (5 × Σ weekday hours + 2 × Σ weekend hours) of it.
    /// </summary>
    internal static double OverflowRequests(double[] weekday, double[] weekend, double averageRate, double capacity)
    {
        // An hour within the capacity adds max(…, 0) = +0, which leaves a sum of such terms unchanged: only the hours above
        // it are added, in the same order (the break-even search runs this for every month of dozens of demands).
        double weekdaySum = 0, weekendSum = 0;
        for (var h = 0; h < DemandShape.HoursPerDay; h++)
        {
            var weekdayAbove = weekday[h] * averageRate - capacity;
            if (!(weekdayAbove <= 0))
            {
                weekdaySum += Math.Max(weekdayAbove, 0);
            }
            var weekendAbove = weekend[h] * averageRate - capacity;
            if (!(weekendAbove <= 0))
            {
                weekendSum += Math.Max(weekendAbove, 0);
            }
        }
        return Timeline.SecondsPerMonth / DemandShape.HoursPerWeek * ((DemandShape.WeekdaysPerWeek * weekdaySum) + (DemandShape.WeekendDaysPerWeek * weekendSum));
    }
}

/// <summary>
/// The hybrid's workbook formulas, beside <see cref="HybridCashFlow"/> and step for step with it: the owned part is the
/// on-premises formulas seen through <see cref="OwnedView"/> (the base servers as the minimum, the percentile hour as the
/// sizing factor, no retraining), the energy at the owned load, the owned capacity (Helper10), the overflow requests
/// (Helper11, a SUMPRODUCT over the profile's hours), and the overflow option's own formulas seen through
/// <see cref="OverflowView"/> (its inputs, the overflow requests as its requests, its helpers in Helper12 and Helper13).
/// </summary>
internal static class HybridSheet
{
    public static void Write(ICashFlowSheetMonth row)
    {
        OnPremCashFlow.SheetFormulas(new OwnedView(row));
        foreach (var column in new[] { CashFlowSheetColumn.Helper10, CashFlowSheetColumn.Helper11, CashFlowSheetColumn.Helper12, CashFlowSheetColumn.Helper13 })
        {
            row.Set(column, "0");
        }
        if (row.IsMonthZero)
        {
            return;
        }
        var gpus = row[CashFlowSheetColumn.Gpus];
        var gpuSeconds = Evaluation.SheetFormulas.GpuSecondsPerRequest(row);
        row.Set(CashFlowSheetColumn.Helper10,
            $"IF({Evaluation.SheetFormulas.SizedAtTargets(row)},INT({gpus}/{row.Input("gpusPerReplica")})*{row.Input("replicaRequestsPerSecond")},"
            + $"IF({gpuSeconds}>0,{gpus}*{row.Input("targetUtilization")}/{gpuSeconds},1E+300))");
        var average = Evaluation.SheetFormulas.AverageRate(row);
        var capacity = row[CashFlowSheetColumn.Helper10];
        string Day(bool weekend)
        {
            var above = $"({row.HourFactors(weekend)}*{average}-{capacity})";
            return $"SUMPRODUCT(({above}>0)*{above})";
        }
        var overflow = row[CashFlowSheetColumn.Helper11];
        row.Set(CashFlowSheetColumn.Helper11, $"730*3600/168*(5*{Day(weekend: false)}+2*{Day(weekend: true)})");
        // The owned servers' power follows the load of the requests they serve (all but the overflow).
        var power = row.Input("serverPowerKw");
        var idle = $"MIN({row.Input("serverIdlePowerKw")},{power})";
        var ownedBusy = $"({row[CashFlowSheetColumn.Requests]}-{overflow})*{gpuSeconds}/(730*3600)";
        row.Set(CashFlowSheetColumn.EnergyKwh,
            $"{row[CashFlowSheetColumn.Servers]}*730*({idle}+({power}-{idle})*IF({gpus}>0,MIN(1,{ownedBusy}/{gpus}),0))*{row.Input("pue")}");
        var (linked, kind) = row.Linked("overflowTo");
        OptionKinds.Of(kind).SheetFormulas(new OverflowView(row, linked));
    }

    /// <summary>The hybrid's row as the on-premises formulas expect it: base servers as the minimum, the percentile hour's factor as the peak (0 for a fixed fleet), no retraining.</summary>
    private sealed class OwnedView(ICashFlowSheetMonth row) : ICashFlowSheetMonth
    {
        public bool IsMonthZero => row.IsMonthZero;
        public bool IsLastMonth => row.IsLastMonth;
        public string Month => row.Month;
        public string this[CashFlowSheetColumn column] => row[column];
        public string Above(CashFlowSheetColumn column) => row.Above(column);
        public string Below(CashFlowSheetColumn column) => row.Below(column);
        public string FromMonthOne(CashFlowSheetColumn column) => row.FromMonthOne(column);
        public string AllMonths(CashFlowSheetColumn column) => row.AllMonths(column);
        public string UpToAbove(CashFlowSheetColumn column) => row.UpToAbove(column);

        public string Input(string field) => field switch
        {
            "minServers" => row.Input("baseServers"),
            "trainingGpuHoursPerRetrain" or "retrainsPerMonth" => "0",
            _ => row.Input(field),
        };

        public bool HasInput(string field) => field is "minServers" or "trainingGpuHoursPerRetrain" or "retrainsPerMonth" || row.HasInput(field);
        public string Workload(string field) => row.Workload(field);

        /// <summary>
        /// The percentile hour's factor by nearest rank over the week's 168 hours (<see cref="DemandShape.PercentileFactor"/>):
        /// the smallest hour factor f with 5 × (weekday factors ≤ f) + 2 × (weekend factors ≤ f) ≥ ⌈p / 100 × 168⌉; 0 for a fixed fleet.
        /// </summary>
        public string PeakHourFactor
        {
            get
            {
                var p = row.Input("basePercentile");
                var weekday = row.HourFactors(weekend: false)!;
                var weekend = row.HourFactors(weekend: true)!;
                var rank = $"MAX(1,ROUNDUP({p}/100*168-1E-9,0))";
                string Smallest(string factors) =>
                    $"SUMPRODUCT(MIN({factors}+1E+300*((5*COUNTIF({weekday},\"<=\"&{factors})+2*COUNTIF({weekend},\"<=\"&{factors}))<{rank})))";
                return $"IF({p}>0,MIN({Smallest(weekday)},{Smallest(weekend)}),0)";
            }
        }

        public string? HourFactors(bool weekend) => row.HourFactors(weekend);
        public string HourRate(string factor) => row.HourRate(factor);
        public string Horizon => row.Horizon;
        public (ICashFlowSheetMonth Row, OptionKind Kind) Linked(string field) => row.Linked(field);
        public void Set(CashFlowSheetColumn column, string formula) => row.Set(column, formula);
    }

    /// <summary>
    /// The hybrid's row as the overflow option's formulas expect it: that option's inputs (no retraining, no staff, which the
    /// hybrid's own inputs carry), the overflow requests as its requests, its GPU-hours and reserved charge in Helper12 and
    /// Helper13; its GPUs and idle committed hours are not columns of the hybrid.
    /// </summary>
    private sealed class OverflowView(ICashFlowSheetMonth row, ICashFlowSheetMonth linked) : ICashFlowSheetMonth
    {
        private static CashFlowSheetColumn Map(CashFlowSheetColumn column) => column switch
        {
            CashFlowSheetColumn.Requests => CashFlowSheetColumn.Helper11,
            CashFlowSheetColumn.Helper1 => CashFlowSheetColumn.Helper12,
            CashFlowSheetColumn.Helper2 => CashFlowSheetColumn.Helper13,
            _ => column,
        };

        public bool IsMonthZero => row.IsMonthZero;
        public bool IsLastMonth => row.IsLastMonth;
        public string Month => row.Month;
        public string this[CashFlowSheetColumn column] => row[Map(column)];
        public string Above(CashFlowSheetColumn column) => row.Above(Map(column));
        public string Below(CashFlowSheetColumn column) => row.Below(Map(column));
        public string FromMonthOne(CashFlowSheetColumn column) => row.FromMonthOne(Map(column));
        public string AllMonths(CashFlowSheetColumn column) => row.AllMonths(Map(column));
        public string UpToAbove(CashFlowSheetColumn column) => row.UpToAbove(Map(column));
        public string Input(string field) => field is "trainingGpuHoursPerRetrain" or "retrainsPerMonth" ? "0" : linked.Input(field);
        public bool HasInput(string field) => field is "trainingGpuHoursPerRetrain" or "retrainsPerMonth" || linked.HasInput(field);
        public string Workload(string field) => row.Workload(field);
        public string PeakHourFactor => row.PeakHourFactor;
        public string? HourFactors(bool weekend) => row.HourFactors(weekend);

        /// <summary>What an hour leaves above the owned capacity (Helper10): a cloud overflow sized at the latency targets rents replicas for it.</summary>
        public string HourRate(string factor)
        {
            var above = $"({row.HourRate(factor)}-{row[CashFlowSheetColumn.Helper10]})";
            return $"(({above}>0)*{above})";
        }

        public string Horizon => row.Horizon;
        public (ICashFlowSheetMonth Row, OptionKind Kind) Linked(string field) => linked.Linked(field);

        public void Set(CashFlowSheetColumn column, string formula)
        {
            if (column is CashFlowSheetColumn.Gpus or CashFlowSheetColumn.Staff or CashFlowSheetColumn.Helper3)
            {
                return;
            }
            row.Set(Map(column), formula);
        }
    }
}
