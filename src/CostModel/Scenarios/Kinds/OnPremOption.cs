using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;

namespace Planner.CostModel.Scenarios;

/// <summary>Bought servers, run in one's own or a colocation data centre.</summary>
public sealed record OnPremOption : GpuOption
{
    public static readonly OptionKindDescriptor Descriptor = new()
    {
        Kind = OptionKind.OnPrem,
        JsonName = "onprem",
        Label = "On-premises",
        AddLabel = "Buy servers (on-premises)",
        Fields =
        [
            new("serverPrice", "Server price", "¤/server", NumberRange.Between(0, 1e9),
                o => ((OnPremOption)o).ServerPrice, (o, v) => (OnPremOption)o with { ServerPrice = v },
                Requirement.Required, suppliedBy: ReferenceField.Gpu),
            new("gpusPerServer", "GPUs per server", "GPUs", NumberRange.Between(1, 1024),
                o => ((OnPremOption)o).GpusPerServer, (o, v) => (OnPremOption)o with { GpusPerServer = (int)v },
                Requirement.Required, isInteger: true),
            new("minServers", "Minimum servers", "servers", NumberRange.Between(0, 100_000),
                o => ((OnPremOption)o).MinServers, (o, v) => (OnPremOption)o with { MinServers = (int)v }, isInteger: true),
            .. InputFields.GpuFields,
            new("serverPowerKw", "Server power at full load", "kW", NumberRange.Between(0, 1000),
                o => ((OnPremOption)o).ServerPowerKw, (o, v) => (OnPremOption)o with { ServerPowerKw = v }, Requirement.Required),
            new("serverIdlePowerKw", "Server power when idle", "kW", NumberRange.Between(0, 1000),
                o => ((OnPremOption)o).EffectiveIdlePowerKw, (o, v) => (OnPremOption)o with { ServerIdlePowerKw = v },
                isDefault: o => ((OnPremOption)o).ServerIdlePowerKw is null),
            new("pue", "Power usage effectiveness", "ratio", NumberRange.Between(1, 5),
                o => ((OnPremOption)o).Pue, (o, v) => (OnPremOption)o with { Pue = v }),
            new("electricityPerKwh", "Electricity price", "¤/kWh", NumberRange.Between(0, 1000),
                o => ((OnPremOption)o).ElectricityPerKwh, (o, v) => (OnPremOption)o with { ElectricityPerKwh = v }),
            new("colocationPerKwMonth", "Colocation price", "¤/kW-month", NumberRange.Between(0, 1e6),
                o => ((OnPremOption)o).ColocationPerKwMonth, (o, v) => (OnPremOption)o with { ColocationPerKwMonth = v }),
            new("maintenanceRateAnnual", "Maintenance", "of capex per year", NumberRange.Fraction,
                o => ((OnPremOption)o).MaintenanceRateAnnual, (o, v) => (OnPremOption)o with { MaintenanceRateAnnual = v }),
            new("depreciationYears", "Depreciation life", "years", NumberRange.Between(0.01, 30),
                o => ((OnPremOption)o).DepreciationYears, (o, v) => (OnPremOption)o with { DepreciationYears = v }, Requirement.Required),
            new("resaleValueFraction", "Resale value (of book value)", "fraction", NumberRange.Fraction,
                o => ((OnPremOption)o).ResaleValueFraction, (o, v) => (OnPremOption)o with { ResaleValueFraction = v }),
            InputFields.FixedMonthly,
            InputFields.SetupCost,
        ],
        Create = id => new OnPremOption { Id = id },
        Starter = id => new OnPremOption { Id = id, GpusPerServer = 8 },
        References = [ReferenceField.Gpu, ReferenceField.ThroughputFrom],
        CatalogLabel = "GPU and its purchase price (catalog)",
        Rules = IdlePowerRule,
        CashFlow = timeline => new OnPremCashFlow(timeline),
        SheetFormulas = OnPremCashFlow.SheetFormulas,
        SheetHelperHeaders = ["Busy GPUs (average)", "GPUs needed at peak", "Servers wanted", "Resale value of purchase"],
    };

    public override OptionKind Kind => OptionKind.OnPrem;

    public double ServerPrice { get; init; } = double.NaN;

    public int GpusPerServer { get; init; }

    public int MinServers { get; init; } = 1;

    public double ServerPowerKw { get; init; } = double.NaN;

    /// <summary>Null means "same as <see cref="ServerPowerKw"/>".</summary>
    public double? ServerIdlePowerKw { get; init; }

    public double EffectiveIdlePowerKw => ServerIdlePowerKw ?? ServerPowerKw;

    public double Pue { get; init; } = 1;

    public double ElectricityPerKwh { get; init; }

    public double ColocationPerKwMonth { get; init; }

    public double MaintenanceRateAnnual { get; init; }

    public double DepreciationYears { get; init; } = double.NaN;

    public double ResaleValueFraction { get; init; } = 1;

    private static IEnumerable<InputProblem> IdlePowerRule(SourcingOption option, string path)
    {
        if (option is OnPremOption { ServerIdlePowerKw: { } idle } onPrem && idle > onPrem.ServerPowerKw)
        {
            yield return InputProblem.At($"{path}.serverIdlePowerKw",
                $"must be <= serverPowerKw ({ScenarioJson.Format(onPrem.ServerPowerKw)}) (got {ScenarioJson.Format(idle)})");
        }
    }
}

/// <summary>
/// Servers bought at the start of the month that needs them (sized for the peak hour at the target utilization),
/// energy, colocation, maintenance and staff each month, and resale at the horizon at the remaining straight-line
/// book value times the resale fraction.
/// </summary>
internal sealed class OnPremCashFlow(Timeline timeline) : OptionCashFlow<OnPremOption>(timeline)
{
    private double _gpuSecondsPerRequest;
    private int[] _added = [];

    protected override void Prepared() => _gpuSecondsPerRequest = GpuSecondsPerRequest(Current);

    public override double Run(double requestsPerMonth, CashFlowDetail? detail = null)
    {
        var o = Current;
        var h = Timeline.Horizon;
        if (_added.Length != h + 2)
        {
            _added = new int[h + 2];
        }
        var (pv, cashAtStart) = BuyAndRun(o, requestsPerMonth, detail);
        var resale = Resale(o);
        pv += cashAtStart - resale * Timeline.Discount[h];

        if (detail is not null)
        {
            detail.Setup[0] = o.SetupCost;
            detail.Cash[0] += o.SetupCost;
            detail.Resale[h] = -resale;
            detail.Cash[h] -= resale;
            FillDepreciation(o, detail);
            FillDemand(requestsPerMonth, detail);
        }
        return pv;
    }

    /// <summary>Sizes the fleet month by month and adds purchases and running costs; returns their present value and the cash at t = 0.</summary>
    private (double PresentValue, double CashAtStart) BuyAndRun(OnPremOption o, double demand, CashFlowDetail? detail)
    {
        var tl = Timeline;
        var staff = o.StaffFte * o.FteAnnualCost / 12;
        var idleKw = Math.Min(o.EffectiveIdlePowerKw, o.ServerPowerKw);
        var servers = 0;
        var peakGpus = 0;
        var capexTotal = 0.0;
        var pv = 0.0;
        var cashAtStart = o.SetupCost;
        for (var t = 1; t <= tl.Horizon; t++)
        {
            var busyGpus = demand * tl.Growth[t] * _gpuSecondsPerRequest / Timeline.SecondsPerMonth;
            var neededGpus = CeilTolerant(tl.PeakToAverage * busyGpus / o.TargetUtilization);
            peakGpus = Math.Max(peakGpus, neededGpus);
            var wanted = Math.Max(o.MinServers, CeilTolerant((double)neededGpus / o.GpusPerServer));
            var newServers = Math.Max(0, wanted - servers);
            servers += newServers;
            _added[t] = newServers;

            // Servers for month t are bought at its start, i.e. at the end of month t - 1.
            var purchase = newServers * o.ServerPrice;
            capexTotal += purchase;
            if (t == 1)
            {
                cashAtStart += purchase;
            }
            else
            {
                pv += purchase * tl.Discount[t - 1];
            }

            var installedGpus = (double)servers * o.GpusPerServer;
            var load = installedGpus > 0 ? Math.Min(1, busyGpus / installedGpus) : 0;
            var kwh = servers * Timeline.HoursPerMonth * (idleKw + (o.ServerPowerKw - idleKw) * load) * o.Pue;
            var energy = kwh * o.ElectricityPerKwh;
            var colocation = servers * o.ServerPowerKw * o.ColocationPerKwMonth;
            var maintenance = servers * o.ServerPrice * o.MaintenanceRateAnnual / 12;
            var running = energy + colocation + maintenance + staff + o.FixedMonthly;
            pv += running * tl.Discount[t];

            detail?.AddOwnedMonth(t, purchase, servers, installedGpus, kwh, energy, colocation, maintenance, staff, o.FixedMonthly);
        }
        if (detail is not null)
        {
            detail.PeakGpus = peakGpus;
            detail.FinalServers = servers;
            detail.TotalCapex = capexTotal;
        }
        return (pv, cashAtStart);
    }

    /// <summary>Resale at t = H: each purchase at its remaining straight-line book value times the resale fraction.</summary>
    private double Resale(OnPremOption o)
    {
        var h = Timeline.Horizon;
        var lifeMonths = 12 * o.DepreciationYears;
        var resale = 0.0;
        for (var t = 1; t <= h; t++)
        {
            if (_added[t] > 0)
            {
                var ageMonths = h - t + 1;
                resale += _added[t] * o.ServerPrice * Math.Max(0, 1 - ageMonths / lifeMonths) * o.ResaleValueFraction;
            }
        }
        return resale;
    }

    /// <summary>Straight-line depreciation of every purchase, month by month (an accounting view, not cash).</summary>
    private void FillDepreciation(OnPremOption o, CashFlowDetail detail)
    {
        var lifeMonths = 12 * o.DepreciationYears;
        for (var t = 1; t <= Timeline.Horizon; t++)
        {
            var depreciation = 0.0;
            for (var t0 = 1; t0 <= t; t0++)
            {
                if (_added[t0] == 0)
                {
                    continue;
                }
                var price = _added[t0] * o.ServerPrice;
                var age = t - t0 + 1;
                var bookBefore = price * Math.Max(0, 1 - (age - 1) / lifeMonths);
                depreciation += Math.Min(price / lifeMonths, bookBefore);
            }
            detail.Depreciation[t] = depreciation;
        }
    }

    /// <summary>
    /// The workbook's formulas: a fleet that never shrinks, sized for the peak hour, bought at the end of the month
    /// before use, running costs by the month, and the purchases resold at the horizon at their depreciated value.
    /// </summary>
    public static void SheetFormulas(ICashFlowSheetMonth row)
    {
        var price = row.Input("serverPrice");
        var servers = row[CashFlowSheetColumn.Servers];
        // Servers for month t + 1 are bought at the end of month t.
        row.Set(CashFlowSheetColumn.Capex, row.IsLastMonth ? "0" : $"({row.Below(CashFlowSheetColumn.Servers)}-{servers})*{price}");
        if (row.IsMonthZero)
        {
            return;
        }
        var busy = row[CashFlowSheetColumn.Helper1];
        var gpus = row[CashFlowSheetColumn.Gpus];
        row.Set(CashFlowSheetColumn.Helper1, $"{row[CashFlowSheetColumn.Requests]}*{Evaluation.SheetFormulas.GpuSecondsPerRequest(row)}/(730*3600)");
        row.Set(CashFlowSheetColumn.Helper2, Evaluation.SheetFormulas.CeilTolerant($"{row.Workload("peakToAverage")}*{busy}/{row.Input("targetUtilization")}"));
        row.Set(CashFlowSheetColumn.Helper3,
            $"MAX({row.Input("minServers")},{Evaluation.SheetFormulas.CeilTolerant($"{row[CashFlowSheetColumn.Helper2]}/{row.Input("gpusPerServer")}")})");
        row.Set(CashFlowSheetColumn.Servers, $"MAX({row.Above(CashFlowSheetColumn.Servers)},{row[CashFlowSheetColumn.Helper3]})");
        row.Set(CashFlowSheetColumn.Gpus, $"{servers}*{row.Input("gpusPerServer")}");
        var power = row.Input("serverPowerKw");
        var idle = $"MIN({row.Input("serverIdlePowerKw")},{power})";
        var load = $"IF({gpus}>0,MIN(1,{busy}/{gpus}),0)";
        row.Set(CashFlowSheetColumn.EnergyKwh, $"{servers}*730*({idle}+({power}-{idle})*{load})*{row.Input("pue")}");
        row.Set(CashFlowSheetColumn.Energy, $"{row[CashFlowSheetColumn.EnergyKwh]}*{row.Input("electricityPerKwh")}");
        row.Set(CashFlowSheetColumn.Colocation, $"{servers}*{power}*{row.Input("colocationPerKwMonth")}");
        row.Set(CashFlowSheetColumn.Maintenance, $"{servers}*{price}*{row.Input("maintenanceRateAnnual")}/12");
        row.Set(CashFlowSheetColumn.Staff, Evaluation.SheetFormulas.Staff(row));
        row.Set(CashFlowSheetColumn.Helper4,
            $"({servers}-{row.Above(CashFlowSheetColumn.Servers)})*{price}*MAX(0,1-({row.Horizon}-{row.Month}+1)/(12*{row.Input("depreciationYears")}))*{row.Input("resaleValueFraction")}");
        if (row.IsLastMonth)
        {
            row.Set(CashFlowSheetColumn.Resale, $"-SUM({row.FromMonthOne(CashFlowSheetColumn.Helper4)})");
        }
    }
}
