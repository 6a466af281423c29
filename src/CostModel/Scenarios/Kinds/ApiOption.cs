using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Text;

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
        References = [ReferenceField.ApiPrice, ReferenceField.LatencyFrom],
        CatalogLabel = "API price card (catalog)",
        Rules = (option, _, path) => CachedPriceRule(option, path).Concat(MeasuredLatencyRule(option, path)),
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
                CachedAboveInput.With(ScenarioJson.Format(api.InputPricePerMillion), ScenarioJson.Format(api.CachedInputPricePerMillion)));
        }
    }

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
    /// <param name="workload">The targets.</param>
    /// <param name="measuredBy">Where the measured figures came from: a benchmark origin (an endpoint load test's run, endpoint and date) is kept and named in the note.</param>
    public LatencyCheck? CheckLatency(Workload workload, InputOrigin? measuredBy = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (!workload.HasLatencyTargets)
        {
            return null;
        }
        if (!HasMeasuredLatency)
        {
            return new LatencyCheck(null, null, null, LatencyNotMeasured.With());
        }
        var misses = new List<Phrase>();
        if (MeasuredTtftP95Seconds > workload.TtftP95Seconds)
        {
            misses.Add(TtftMiss.With(Json.ScenarioJson.Format(MeasuredTtftP95Seconds), Json.ScenarioJson.Format(workload.TtftP95Seconds)));
        }
        if (MeasuredItlP95Seconds > workload.ItlP95Seconds)
        {
            misses.Add(ItlMiss.With(Json.ScenarioJson.Format(MeasuredItlP95Seconds), Json.ScenarioJson.Format(workload.ItlP95Seconds)));
        }
        var by = measuredBy is { Kind: OriginKind.Benchmark } origin ? $"{origin.Source}{(origin.AsOf is { } asOf ? ", " + asOf : "")}" : null;
        var verdict = misses.Count switch
        {
            0 => MeetsTargets.With(),
            1 => MissesTargets.With(misses[0]),
            _ => MissesBothTargets.With(misses[0], misses[1]),
        };
        return new LatencyCheck(MeasuredTtftP95Seconds, MeasuredItlP95Seconds, misses.Count == 0, by is null ? verdict : MeasuredBySomeone.With(verdict, by))
        {
            MeasuredBy = by,
        };
    }

    private static readonly PhraseTemplate CachedAboveInput = new("api.cachedAboveInput",
        "must be <= inputPricePerMillion ({0}), a cache read costing at most an uncached input token (got {1})");
    private static readonly PhraseTemplate LatencyNotMeasured = new("latency.notMeasured",
        "latency not measured: give measuredTtftP95Seconds and measuredItlP95Seconds, or latencyFrom a stored planner bench endpoint run, to check it against the targets");

    private static readonly PhraseTemplate MeetsTargets = new("latency.meets", "meets the latency targets as measured");

    private static readonly PhraseTemplate MissesTargets = new("latency.misses", "misses the latency targets: {0}");

    private static readonly PhraseTemplate MissesBothTargets = new("latency.missesBoth", "misses the latency targets: {0}; {1}");

    private static readonly PhraseTemplate TtftMiss = new("latency.ttftMiss", "p95 time to first token {0} s > target {1} s");

    private static readonly PhraseTemplate ItlMiss = new("latency.itlMiss", "p95 inter-token latency {0} s > target {1} s");

    private static readonly PhraseTemplate LatencyHalfGiven = new("latency.halfGiven",
        "is required with {0} (a measured latency is a pair: p95 time to first token and p95 inter-token latency, both > 0)");

    private static readonly PhraseTemplate MeasuredBySomeone = new("latency.measuredBy", "{0} (measured by {1})");

    /// <summary>Measured latency comes in pairs, like the targets.</summary>
    private static IEnumerable<InputProblem> MeasuredLatencyRule(SourcingOption option, string path)
    {
        if (option is ApiOption api && (api.MeasuredTtftP95Seconds > 0) != (api.MeasuredItlP95Seconds > 0))
        {
            var (given, missing) = api.MeasuredTtftP95Seconds > 0 ? ("measuredTtftP95Seconds", "measuredItlP95Seconds") : ("measuredItlP95Seconds", "measuredTtftP95Seconds");
            yield return InputProblem.At($"{path}.{missing}", LatencyHalfGiven.With(given));
        }
    }
}

/// <summary>
/// An API's measured p95 latency against the workload's targets: the measured figures (null when not measured), whether
/// both are within the targets (null when not measured), and a sentence saying so.
/// </summary>
/// <remarks><see cref="Text"/> is the sentence as a phrase, for hosts that show it in the reader's language; <see cref="Note"/> is its English, which the evaluation JSON carries.</remarks>
public sealed record LatencyCheck(double? MeasuredTtftP95Seconds, double? MeasuredItlP95Seconds, bool? MeetsTargets, [property: System.Text.Json.Serialization.JsonIgnore] Phrase Text)
{
    /// <summary>The sentence in English.</summary>
    public string Note => Text.ToString();

    /// <summary>The measurement behind the figures when they came from a stored load test (latencyFrom): its run, endpoint and date; null when typed.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? MeasuredBy { get; init; }
}

/// <summary>
/// Usage = requests x (input tokens x blended input price + output tokens x output price) / 10⁶ x (1 - batch share x batch
/// discount) x price factor, plus fixed cost; the blended input price weighs the cached price by the cached-input share.
/// </summary>
internal sealed class ApiCashFlow(Timeline timeline) : OptionCashFlow<ApiOption>(timeline)
{
    private double[] _priceFactors = [];
    private double _pricePerRequest;

    protected override void Prepared()
    {
        _priceFactors = PriceFactors(Current.AnnualPriceChange);
        _pricePerRequest = PricePerRequest(Current, Timeline);
    }

    /// <summary>
    /// The usage charge of <paramref name="requests"/> in month <paramref name="t"/> at the prices the option was prepared
    /// with (token classes included): a hybrid's overflow sent to this API (<see cref="HybridCashFlow"/>).
    /// </summary>
    internal double Usage(int t, double requests) => requests * _pricePerRequest * _priceFactors[t];

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
