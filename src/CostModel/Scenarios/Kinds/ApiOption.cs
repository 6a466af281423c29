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
            new("measuredTtftP95Seconds", "Measured p95 time to first token (0 = not measured)", "seconds", NumberRange.Between(0, 3600),
                o => ((ApiOption)o).MeasuredTtftP95Seconds, (o, v) => (ApiOption)o with { MeasuredTtftP95Seconds = v }, inSensitivity: false,
                help: "The endpoint's p95 time to first token as measured under load (planner bench endpoint); an API slower than the workload's target is flagged.",
                methodologyAnchor: "latency-of-an-api"),
            new("measuredItlP95Seconds", "Measured p95 inter-token latency (0 = not measured)", "seconds", NumberRange.Between(0, 60),
                o => ((ApiOption)o).MeasuredItlP95Seconds, (o, v) => (ApiOption)o with { MeasuredItlP95Seconds = v }, inSensitivity: false,
                help: "The endpoint's p95 gap between streamed tokens as measured under load; given with the measured time to first token.",
                methodologyAnchor: "latency-of-an-api"),
            InputFields.FixedMonthly,
            InputFields.SetupCost,
        ],
        Create = id => new ApiOption { Id = id },
        Rules = (option, _, path) => MeasuredLatencyRule(option, path),
        References = [ReferenceField.ApiPrice],
        CatalogLabel = "API price card (catalog)",
        CashFlow = timeline => new ApiCashFlow(timeline),
        SheetFormulas = ApiCashFlow.SheetFormulas,
    };

    public override OptionKind Kind => OptionKind.Api;

    public double InputPricePerMillion { get; init; } = double.NaN;

    public double OutputPricePerMillion { get; init; } = double.NaN;

    public double AnnualPriceChange { get; init; }

    /// <summary>The endpoint's measured p95 time to first token, seconds; 0 = not measured.</summary>
    public double MeasuredTtftP95Seconds { get; init; }

    /// <summary>The endpoint's measured p95 inter-token latency, seconds; 0 = not measured.</summary>
    public double MeasuredItlP95Seconds { get; init; }

    /// <summary>Whether the endpoint's latency was measured (both figures given).</summary>
    public bool HasMeasuredLatency => MeasuredTtftP95Seconds > 0 && MeasuredItlP95Seconds > 0;

    /// <summary>
    /// The API's measured latency against the workload's targets (docs/methodology.md, "Latency of an API"); null when
    /// the workload has no targets.
    /// </summary>
    public LatencyCheck? CheckLatency(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (!workload.HasLatencyTargets)
        {
            return null;
        }
        if (!HasMeasuredLatency)
        {
            return new LatencyCheck(null, null, null,
                "latency not measured: give measuredTtftP95Seconds and measuredItlP95Seconds (planner bench endpoint measures them) to check it against the targets");
        }
        var misses = new List<string>();
        if (MeasuredTtftP95Seconds > workload.TtftP95Seconds)
        {
            misses.Add($"p95 time to first token {Json.ScenarioJson.Format(MeasuredTtftP95Seconds)} s > target {Json.ScenarioJson.Format(workload.TtftP95Seconds)} s");
        }
        if (MeasuredItlP95Seconds > workload.ItlP95Seconds)
        {
            misses.Add($"p95 inter-token latency {Json.ScenarioJson.Format(MeasuredItlP95Seconds)} s > target {Json.ScenarioJson.Format(workload.ItlP95Seconds)} s");
        }
        return new LatencyCheck(MeasuredTtftP95Seconds, MeasuredItlP95Seconds, misses.Count == 0,
            misses.Count == 0 ? "meets the latency targets as measured" : "misses the latency targets: " + string.Join("; ", misses));
    }

    /// <summary>Measured latency comes in pairs, like the targets.</summary>
    private static IEnumerable<InputProblem> MeasuredLatencyRule(SourcingOption option, string path)
    {
        if (option is ApiOption api && (api.MeasuredTtftP95Seconds > 0) != (api.MeasuredItlP95Seconds > 0))
        {
            var (given, missing) = api.MeasuredTtftP95Seconds > 0 ? ("measuredTtftP95Seconds", "measuredItlP95Seconds") : ("measuredItlP95Seconds", "measuredTtftP95Seconds");
            yield return InputProblem.At($"{path}.{missing}", $"is required with {given} (a measured latency is a pair: p95 time to first token and p95 inter-token latency, both > 0)");
        }
    }
}

/// <summary>
/// An API's measured p95 latency against the workload's targets: the measured figures (null when not measured), whether
/// both are within the targets (null when not measured), and a sentence saying so.
/// </summary>
public sealed record LatencyCheck(double? MeasuredTtftP95Seconds, double? MeasuredItlP95Seconds, bool? MeetsTargets, string Note);

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
