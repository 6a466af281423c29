using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;

namespace Planner.CostModel.Scenarios;

/// <summary>Pay per token: a model served by a provider's API.</summary>
public sealed record ApiOption : SourcingOption
{
    public static readonly OptionKindDescriptor Descriptor = new()
    {
        Kind = OptionKind.Api,
        JsonName = "api",
        Label = "API",
        AddLabel = "Pay per token (API)",
        Fields =
        [
            new("inputPricePerMillion", "Input price", "¤/1M tokens", NumberRange.Between(0, 1e6),
                o => ((ApiOption)o).InputPricePerMillion, (o, v) => (ApiOption)o with { InputPricePerMillion = v },
                Requirement.Required, suppliedBy: ReferenceField.ApiPrice,
                help: "The provider's price for one million input (prompt) tokens.",
                methodologyAnchor: "api-pay-per-token"),
            new("outputPricePerMillion", "Output price", "¤/1M tokens", NumberRange.Between(0, 1e6),
                o => ((ApiOption)o).OutputPricePerMillion, (o, v) => (ApiOption)o with { OutputPricePerMillion = v },
                Requirement.Required, suppliedBy: ReferenceField.ApiPrice,
                help: "The provider's price for one million output (generated) tokens.",
                methodologyAnchor: "api-pay-per-token"),
            new("annualPriceChange", "Annual price change", "per year", NumberRange.RateChange,
                o => ((ApiOption)o).AnnualPriceChange, (o, v) => (ApiOption)o with { AnnualPriceChange = v },
                help: "How the per-token prices move each year (negative when prices fall).",
                methodologyAnchor: "demand"),
            InputFields.FixedMonthly,
            InputFields.SetupCost,
        ],
        Create = id => new ApiOption { Id = id },
        References = [ReferenceField.ApiPrice],
        CatalogLabel = "API price card (catalog)",
        CashFlow = timeline => new ApiCashFlow(timeline),
        SheetFormulas = ApiCashFlow.SheetFormulas,
    };

    public override OptionKind Kind => OptionKind.Api;

    public double InputPricePerMillion { get; init; } = double.NaN;

    public double OutputPricePerMillion { get; init; } = double.NaN;

    public double AnnualPriceChange { get; init; }
}

/// <summary>Usage = requests x (input tokens x input price + output tokens x output price) / 10⁶ x price factor, plus fixed cost.</summary>
internal sealed class ApiCashFlow(Timeline timeline) : OptionCashFlow<ApiOption>(timeline)
{
    private double[] _priceFactors = [];

    protected override void Prepared() => _priceFactors = PriceFactors(Current.AnnualPriceChange);

    public override double Run(double requestsPerMonth, CashFlowDetail? detail = null)
    {
        var api = Current;
        var tl = Timeline;
        var pv = api.SetupCost;
        var pricePerRequest = (tl.InputTokensPerRequest * api.InputPricePerMillion + tl.OutputTokensPerRequest * api.OutputPricePerMillion) / 1e6;
        for (var t = 1; t <= tl.Horizon; t++)
        {
            var requests = requestsPerMonth * tl.Growth[t];
            var usage = requests * pricePerRequest * _priceFactors[t];
            var cash = usage + api.FixedMonthly;
            pv += cash * tl.Discount[t];
            if (detail is not null)
            {
                detail.Usage[t] = usage;
                detail.Fixed[t] = api.FixedMonthly;
                detail.Cash[t] = cash;
            }
        }
        if (detail is not null)
        {
            detail.Setup[0] = api.SetupCost;
            detail.Cash[0] = api.SetupCost;
            FillDemand(requestsPerMonth, detail);
            ApplyTax(detail, null);
        }
        return AfterTax(pv);
    }

    /// <summary>The workbook's formulas: usage = requests x price per request x price factor.</summary>
    public static void SheetFormulas(ICashFlowSheetMonth row)
    {
        if (row.IsMonthZero)
        {
            return;
        }
        var pricePerRequest = $"({row.Workload("inputTokensPerRequest")}*{row.Input("inputPricePerMillion")}+{row.Workload("outputTokensPerRequest")}*{row.Input("outputPricePerMillion")})/1000000";
        row.Set(CashFlowSheetColumn.Usage, $"{row[CashFlowSheetColumn.Requests]}*{pricePerRequest}*{Evaluation.SheetFormulas.PriceFactor(row)}");
    }
}
