using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;

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
            .. InputFields.GpuFields,
            InputFields.FixedMonthly,
            InputFields.SetupCost,
        ],
        Create = id => new CloudOption { Id = id },
        References = [ReferenceField.CloudOffer, ReferenceField.Gpu, ReferenceField.ThroughputFrom],
        CatalogLabel = "Cloud offer (catalog)",
        CashFlow = timeline => new CloudCashFlow(timeline),
        SheetFormulas = CloudCashFlow.SheetFormulas,
        SheetHelperHeaders = ["GPU-hours"],
    };

    public override OptionKind Kind => OptionKind.Cloud;

    public double GpuHourPrice { get; init; } = double.NaN;

    public double AnnualPriceChange { get; init; }

    public int MinGpus { get; init; }
}

/// <summary>GPU-hours = max(GPU-seconds / 3600 / utilization, minimum GPUs x 730), priced per hour with the price trend; staff escalated.</summary>
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
    }

    public override double Run(double requestsPerMonth, CashFlowDetail? detail = null)
    {
        var cloud = Current;
        var tl = Timeline;
        var pv = cloud.SetupCost;
        var staffAtStart = cloud.StaffFte * cloud.FteAnnualCost / 12;
        var minHours = cloud.MinGpus * Timeline.HoursPerMonth;
        var peakGpus = 0;
        for (var t = 1; t <= tl.Horizon; t++)
        {
            var gpuSeconds = requestsPerMonth * tl.Growth[t] * _gpuSecondsPerRequest;
            var gpuHours = Math.Max(gpuSeconds / 3600 / cloud.TargetUtilization, minHours);
            var compute = gpuHours * cloud.GpuHourPrice * _priceFactors[t];
            var staff = staffAtStart * _staffFactors[t];
            var cash = compute + staff + cloud.FixedMonthly;
            pv += cash * tl.Discount[t];
            if (detail is not null)
            {
                var busyGpus = gpuSeconds / Timeline.SecondsPerMonth;
                peakGpus = Math.Max(peakGpus, Math.Max(cloud.MinGpus, CeilTolerant(tl.PeakToAverage * busyGpus / cloud.TargetUtilization)));
                detail.Gpus[t] = gpuHours / Timeline.HoursPerMonth;
                detail.Compute[t] = compute;
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

    /// <summary>The workbook's formulas: GPU-hours (at least the minimum fleet) in Helper1, GPUs, compute at the hourly price, staff.</summary>
    public static void SheetFormulas(ICashFlowSheetMonth row)
    {
        if (row.IsMonthZero)
        {
            return;
        }
        var gpuHours = row[CashFlowSheetColumn.Helper1];
        row.Set(CashFlowSheetColumn.Helper1,
            $"MAX({row[CashFlowSheetColumn.Requests]}*{Evaluation.SheetFormulas.GpuSecondsPerRequest(row)}/3600/{row.Input("targetUtilization")},{row.Input("minGpus")}*730)");
        row.Set(CashFlowSheetColumn.Gpus, $"{gpuHours}/730");
        row.Set(CashFlowSheetColumn.Compute, $"{gpuHours}*{row.Input("gpuHourPrice")}*{Evaluation.SheetFormulas.PriceFactor(row)}");
        row.Set(CashFlowSheetColumn.Staff, Evaluation.SheetFormulas.Staff(row));
    }
}
