using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;

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
            new("cachedInputPricePerMillion", "Cached input price", "¤/1M tokens", NumberRange.Between(0, 1e6),
                o => ((ApiOption)o).CachedInputPricePerMillion, (o, v) => (ApiOption)o with { CachedInputPricePerMillion = v },
                suppliedBy: ReferenceField.ApiPrice,
                help: "The provider's price for one million input tokens read from its prompt cache (the workload's cached-input share); empty means the input price.",
                methodologyAnchor: "api-pay-per-token"),
            new("outputPricePerMillion", "Output price", "¤/1M tokens", NumberRange.Between(0, 1e6),
                o => ((ApiOption)o).OutputPricePerMillion, (o, v) => (ApiOption)o with { OutputPricePerMillion = v },
                Requirement.Required, suppliedBy: ReferenceField.ApiPrice,
                help: "The provider's price for one million output (generated) tokens.",
                methodologyAnchor: "api-pay-per-token"),
            new("batchDiscount", "Batch discount", "off every token price", NumberRange.Between(0, 0.99),
                o => ((ApiOption)o).BatchDiscount, (o, v) => (ApiOption)o with { BatchDiscount = v },
                suppliedBy: ReferenceField.ApiPrice,
                help: "The fraction the provider's batch (asynchronous) service takes off its token prices, for the workload's batch share (0.5 = half price); empty means no batch service.",
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
        Rules = (option, _, path) => CachedPriceRule(option, path),
        CashFlow = timeline => new ApiCashFlow(timeline),
        SheetFormulas = ApiCashFlow.SheetFormulas,
    };

    public override OptionKind Kind => OptionKind.Api;

    public double InputPricePerMillion { get; init; } = double.NaN;

    /// <summary>Price of a million input tokens read from the provider's prompt cache; NaN (not given) prices them as other input.</summary>
    public double CachedInputPricePerMillion { get; init; } = double.NaN;

    public double OutputPricePerMillion { get; init; } = double.NaN;

    /// <summary>Fraction off every token price for requests sent to the provider's batch service; NaN (not given) is no discount.</summary>
    public double BatchDiscount { get; init; } = double.NaN;

    public double AnnualPriceChange { get; init; }

    /// <summary>The price a cached input token is billed at: <see cref="CachedInputPricePerMillion"/>, or the input price when none is given.</summary>
    public double EffectiveCachedInputPricePerMillion => double.IsNaN(CachedInputPricePerMillion) ? InputPricePerMillion : CachedInputPricePerMillion;

    /// <summary>The batch discount applied: <see cref="BatchDiscount"/>, or 0 when none is given.</summary>
    public double EffectiveBatchDiscount => double.IsNaN(BatchDiscount) ? 0 : BatchDiscount;

    /// <summary>A cache read is never dearer than the same token uncached.</summary>
    private static IEnumerable<InputProblem> CachedPriceRule(SourcingOption option, string path)
    {
        if (option is ApiOption api && api.CachedInputPricePerMillion > api.InputPricePerMillion)
        {
            yield return InputProblem.At($"{path}.cachedInputPricePerMillion",
                $"must be <= inputPricePerMillion ({ScenarioJson.Format(api.InputPricePerMillion)}), a cache read costing at most an uncached input token (got {ScenarioJson.Format(api.CachedInputPricePerMillion)})");
        }
    }
}

/// <summary>
/// Usage = requests x (input tokens x blended input price + output tokens x output price) / 10⁶ x (1 - batch share x batch
/// discount) x price factor, plus fixed cost; the blended input price weighs the cached price by the cached-input share.
/// </summary>
internal sealed class ApiCashFlow(Timeline timeline) : OptionCashFlow<ApiOption>(timeline)
{
    private double[] _priceFactors = [];

    protected override void Prepared() => _priceFactors = PriceFactors(Current.AnnualPriceChange);

    public override double Run(double requestsPerMonth, CashFlowDetail? detail = null)
    {
        var api = Current;
        var tl = Timeline;
        var pv = api.SetupCost;
        var pricePerRequest = PricePerRequest(api, tl);
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

    /// <summary>
    /// The price of one request at month 1's prices: input tokens at the input price blended with the cached price by the
    /// cached-input share, output tokens at the output price, the batch share at the batch discount. With neither share
    /// the sum is the plain input and output price (the same operations, so old scenarios give the same bits).
    /// </summary>
    internal static double PricePerRequest(ApiOption api, Timeline tl)
    {
        var cached = tl.CachedInputShare;
        var inputPrice = cached == 0 ? api.InputPricePerMillion : (1 - cached) * api.InputPricePerMillion + cached * api.EffectiveCachedInputPricePerMillion;
        var price = (tl.InputTokensPerRequest * inputPrice + tl.OutputTokensPerRequest * api.OutputPricePerMillion) / 1e6;
        return tl.BatchShare == 0 || api.EffectiveBatchDiscount == 0 ? price : price * (1 - tl.BatchShare * api.EffectiveBatchDiscount);
    }

    /// <summary>The workbook's formulas: usage = requests x price per request (token classes blended as in <see cref="PricePerRequest"/>) x price factor.</summary>
    public static void SheetFormulas(ICashFlowSheetMonth row)
    {
        if (row.IsMonthZero)
        {
            return;
        }
        var cachedShare = row.Workload("cachedInputShare");
        var cachedPrice = row.HasInput("cachedInputPricePerMillion") ? row.Input("cachedInputPricePerMillion") : row.Input("inputPricePerMillion");
        var inputPrice = $"((1-{cachedShare})*{row.Input("inputPricePerMillion")}+{cachedShare}*{cachedPrice})";
        var pricePerRequest = $"({row.Workload("inputTokensPerRequest")}*{inputPrice}+{row.Workload("outputTokensPerRequest")}*{row.Input("outputPricePerMillion")})/1000000"
            + (row.HasInput("batchDiscount") ? $"*(1-{row.Workload("batchShare")}*{row.Input("batchDiscount")})" : "");
        row.Set(CashFlowSheetColumn.Usage, $"{row[CashFlowSheetColumn.Requests]}*{pricePerRequest}*{Evaluation.SheetFormulas.PriceFactor(row)}");
    }
}
