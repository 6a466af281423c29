using Planner.CostModel.Text;
using Microsoft.EntityFrameworkCore;
using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.Data.Entities;
using static Planner.Data.Catalogs.CatalogColumns;

namespace Planner.Data.Catalogs;

/// <summary>The catalog kinds and their CSV column sets (documented in docs/data.md). Seeds load in this order.</summary>
public static class CatalogKinds
{
    // Declared before the kinds: static fields initialise in order.
    /// <summary>A peak compute rate, TFLOP/s or TOPS: above 0, at most a million (today's largest is under 10,000).</summary>
    private static readonly NumberRange Peak = new(0, false, 1_000_000, true);

    /// <summary>A parameter count: above 0, at most 10^15 (today's largest models are near 10^12).</summary>
    private static readonly NumberRange Parameters = new(0, false, 1e15, true);

    /// <summary>A cloud offer's GPU that the gpus catalog does not have: "unknown GPU: {why}".</summary>
    private static readonly PhraseTemplate UnknownGpu = new("catalogRule.unknownGpu", "unknown GPU: {0}");

    public static readonly CatalogKind<CatalogGpu> Gpus = new(
        "gpus", "gpus.csv", "name",
        [
            Text<CatalogGpu>("name", "Full name including the vendor, e.g. NVIDIA H100 SXM", r => r.Name, (r, v) => r.Name = v),
            Text<CatalogGpu>("vendor", "NVIDIA, AMD, ...", r => r.Vendor, (r, v) => r.Vendor = v),
            Number<CatalogGpu>("bf16DenseTflops", "TFLOP/s", "Peak dense bf16/fp16 compute (no sparsity)", Peak,
                r => r.Bf16DenseTflops, (r, v) => r.Bf16DenseTflops = v),
            OptionalNumber<CatalogGpu>("fp8DenseTflops", "TFLOP/s", "Peak dense fp8 compute; empty when the GPU has no fp8", Peak,
                r => r.Fp8DenseTflops, (r, v) => r.Fp8DenseTflops = v),
            OptionalNumber<CatalogGpu>("int8DenseTops", "TOPS", "Peak dense int8; empty = the fp8 peak applies", Peak,
                r => r.Int8DenseTops, (r, v) => r.Int8DenseTops = v),
            OptionalNumber<CatalogGpu>("fp4DenseTflops", "TFLOP/s", "Peak dense fp4; empty when the GPU has no fp4", Peak,
                r => r.Fp4DenseTflops, (r, v) => r.Fp4DenseTflops = v),
            Number<CatalogGpu>("memoryGb", "GB", "Memory capacity", NumberRange.Between(0, 100_000), r => r.MemoryGb, (r, v) => r.MemoryGb = v),
            Number<CatalogGpu>("bandwidthGbPerS", "GB/s", "Memory bandwidth", NumberRange.Between(0, 1_000_000),
                r => r.BandwidthGbPerS, (r, v) => r.BandwidthGbPerS = v),
            Number<CatalogGpu>("tdpW", "W", "Board power (TDP)", NumberRange.Between(0, 100_000), r => r.TdpW, (r, v) => r.TdpW = v),
            Text<CatalogGpu>("interconnect", "The GPU-to-GPU link, e.g. NVLink 4 or PCIe 4.0 x16", r => r.Interconnect ?? "",
                (r, v) => r.Interconnect = v.Length == 0 ? null : v, required: false),
            OptionalNumber<CatalogGpu>("interconnectGbPerS", "GB/s", "Link bandwidth per GPU and direction (half the bidirectional datasheet figure); empty = tensor parallel cannot be projected",
                new NumberRange(0, false, 1_000_000, true), r => r.InterconnectGbPerS, (r, v) => r.InterconnectGbPerS = v),
            Money<CatalogGpu>("purchasePriceUsd", "Per-GPU share of a complete server's price (server price / GPUs per server); empty when unknown",
                r => r.PurchasePriceUsd, (r, v) => r.PurchasePriceUsd = v, required: false),
            .. Provenance<CatalogGpu>(),
        ],
        db => db.Gpus,
        r => r.Name,
        aliases: GpuNames);

    public static readonly CatalogKind<CloudOffer> CloudOffers = new(
        "cloud", "cloud-offers.csv", "id",
        [
            Text<CloudOffer>("id", "Stable id scenarios name, e.g. aws-p5-48xlarge-ondemand", r => r.Id, (r, v) => r.Id = v),
            Text<CloudOffer>("provider", "Cloud provider", r => r.Provider, (r, v) => r.Provider = v),
            Text<CloudOffer>("instance", "Instance type or offer name", r => r.Instance, (r, v) => r.Instance = v),
            Text<CloudOffer>("gpu", "A gpus catalog name (vendor prefix optional); stored as the full name", r => r.Gpu, (r, v) => r.Gpu = v),
            Integer<CloudOffer>("gpusPerInstance", "GPUs", "GPUs in one instance", 1, 1024, r => r.GpusPerInstance, (r, v) => r.GpusPerInstance = v ?? 0),
            Money<CloudOffer>("pricePerGpuHourUsd", "Price per GPU-hour (instance price / GPUs per instance)",
                r => r.PricePerGpuHourUsd, (r, v) => r.PricePerGpuHourUsd = v ?? 0),
            Choice<CloudOffer, PricingKind>("pricingKind", "onDemand, reserved or spot", r => r.PricingKind, (r, v) => r.PricingKind = v),
            Text<CloudOffer>("region", "Region; empty when the source gives none", r => r.Region, (r, v) => r.Region = v, required: false),
            .. Provenance<CloudOffer>(),
        ],
        db => db.CloudOffers,
        r => r.Id,
        prepareCheck: async (db, ct) =>
        {
            var gpus = await db.Gpus.AsNoTracking().ToListAsync(ct);
            return offer =>
            {
                var match = Gpus.Find(gpus, offer.Gpu);
                if (match.Row is null)
                {
                    return ("gpu", UnknownGpu.With(match.Problem("gpus")));
                }
                offer.Gpu = match.Row.Name;
                return null;
            };
        });

    public static readonly CatalogKind<ApiPrice> ApiPrices = new(
        "api", "api-prices.csv", "model",
        [
            Text<ApiPrice>("vendor", "API vendor, e.g. openai", r => r.Vendor, (r, v) => r.Vendor = v),
            Text<ApiPrice>("model", "Model name, e.g. gpt-4o; scenarios name the card vendor/model", r => r.Model, (r, v) => r.Model = v),
            Currency<ApiPrice>("currency", "Currency of the card's prices (ISO 4217); empty means USD", r => r.Currency, (r, v) => r.Currency = v),
            Money<ApiPrice>("inputPerMillionUsd", "Price per 1M input tokens", r => r.InputPerMillionUsd, (r, v) => r.InputPerMillionUsd = v ?? 0),
            Money<ApiPrice>("outputPerMillionUsd", "Price per 1M output tokens", r => r.OutputPerMillionUsd, (r, v) => r.OutputPerMillionUsd = v ?? 0),
            Money<ApiPrice>("cachedInputPerMillionUsd", "Price per 1M input tokens read from the prompt cache; empty when the card has none",
                r => r.CachedInputPerMillionUsd, (r, v) => r.CachedInputPerMillionUsd = v, required: false),
            OptionalNumber<ApiPrice>("batchDiscount", "fraction", "Fraction off every token price in the batch (asynchronous) service; empty when there is none",
                NumberRange.Between(0, 0.99), r => r.BatchDiscount, (r, v) => r.BatchDiscount = v),
            Integer<ApiPrice>("contextWindowTokens", "tokens", "Context window; empty when the source gives none", 1, 100_000_000,
                r => r.ContextWindowTokens, (r, v) => r.ContextWindowTokens = v, required: false),
            .. Provenance<ApiPrice>(),
        ],
        db => db.ApiPrices,
        r => r.Key);

    public static readonly CatalogKind<ExchangeRate> ExchangeRates = new(
        "fx", "exchange-rates.csv", "to",
        [
            Currency<ExchangeRate>("from", "Currency converted from (ISO 4217), e.g. USD", r => r.From, (r, v) => r.From = v, required: true),
            Currency<ExchangeRate>("to", "Currency converted to (ISO 4217), e.g. CNY; with from the key from/to", r => r.To, (r, v) => r.To = v, required: true),
            Number<ExchangeRate>("rate", "to per from", "Units of the to currency one unit of the from currency is worth", NumberRange.Between(1e-9, 1e9),
                r => r.Rate, (r, v) => r.Rate = v),
            .. Provenance<ExchangeRate>(),
        ],
        db => db.ExchangeRates,
        r => r.Key);

    public static readonly CatalogKind<CostDefault> CostDefaults = new(
        "defaults", "cost-defaults.csv", "key",
        [
            Text<CostDefault>("key", "camelCase key, e.g. electricityPerKwh", r => r.Key, (r, v) => r.Key = v),
            Number<CostDefault>("value", "", "The figure, in the row's unit", NumberRange.Between(0, 1e12), r => r.Value, (r, v) => r.Value = v),
            Text<CostDefault>("unit", "Unit of the value, e.g. USD/kWh", r => r.Unit, (r, v) => r.Unit = v),
            Text<CostDefault>("description", "What the figure is", r => r.Description, (r, v) => r.Description = v, maxLength: Limits.TextLength),
            .. Provenance<CostDefault>(),
        ],
        db => db.CostDefaults,
        r => r.Key);

    public static readonly CatalogKind<CatalogModelShape> Models = new(
        "models", "model-shapes.csv", "name",
        [
            Text<CatalogModelShape>("name", "Model name, e.g. llama-3-70b", r => r.Name, (r, v) => r.Name = v),
            Number<CatalogModelShape>("parameters", "parameters", "Total parameters, embeddings included (every expert of a mixture)", Parameters,
                r => r.Parameters, (r, v) => r.Parameters = v),
            Number<CatalogModelShape>("activeParameters", "parameters", "Parameters used per token (= parameters for a dense model)", Parameters,
                r => r.ActiveParameters, (r, v) => r.ActiveParameters = v),
            ShapeInteger("layers", "layers", "Transformer blocks", r => r.Layers, (r, v) => r.Layers = v),
            ShapeInteger("hiddenSize", "", "Hidden (model) width", r => r.HiddenSize, (r, v) => r.HiddenSize = v),
            ShapeInteger("heads", "", "Attention (query) heads", r => r.Heads, (r, v) => r.Heads = v),
            ShapeInteger("kvHeads", "", "Key/value heads (fewer than heads with grouped-query attention)", r => r.KvHeads, (r, v) => r.KvHeads = v),
            ShapeInteger("headDim", "", "Size of one head", r => r.HeadDim, (r, v) => r.HeadDim = v),
            ShapeInteger("vocabulary", "tokens", "Vocabulary (output head width)", r => r.Vocabulary, (r, v) => r.Vocabulary = v),
            ShapeInteger("contextLength", "tokens", "Longest sequence (max position embeddings)", r => r.ContextLength, (r, v) => r.ContextLength = v),
            ShapeInteger("intermediateSize", "", "Feed-forward width (per expert)", r => r.IntermediateSize, (r, v) => r.IntermediateSize = v),
            Boolean<CatalogModelShape>("gatedMlp", "true for a gated (SwiGLU, three-matrix) feed-forward", r => r.GatedMlp, (r, v) => r.GatedMlp = v),
            ShapeInteger("experts", "", "Experts per layer; 1 for a dense model", r => r.Experts, (r, v) => r.Experts = v),
            ShapeInteger("activeExperts", "", "Experts used per token; 1 for a dense model", r => r.ActiveExperts, (r, v) => r.ActiveExperts = v),
            OptionalShapeInteger("sharedExperts", "Experts every token uses besides the routed ones; empty = 0", r => r.SharedExperts, (r, v) => r.SharedExperts = v),
            OptionalShapeInteger("denseLayers", "First layers of a mixture with a dense feed-forward; empty = 0", r => r.DenseLayers, (r, v) => r.DenseLayers = v),
            OptionalShapeInteger("denseIntermediateSize", "Feed-forward width of those dense layers; empty = 0", r => r.DenseIntermediateSize, (r, v) => r.DenseIntermediateSize = v),
            Integer<CatalogModelShape>("slidingWindow", "tokens", "Sliding-window attention span; empty = full attention", 1, 100_000_000,
                r => r.SlidingWindow, (r, v) => r.SlidingWindow = v, required: false),
            Integer<CatalogModelShape>("slidingWindowLayers", "layers", "Layers using the window; empty = all", 0, 100_000_000,
                r => r.SlidingWindowLayers, (r, v) => r.SlidingWindowLayers = v, required: false),
            OptionalShapeInteger("kvLoraRank", "Latent attention: rank of the cached key-value latent; empty = ordinary attention", r => r.KvLoraRank, (r, v) => r.KvLoraRank = v),
            OptionalShapeInteger("ropeHeadDim", "Latent attention: rotary key width cached beside the latent; empty = 0", r => r.RopeHeadDim, (r, v) => r.RopeHeadDim = v),
            OptionalNumber<CatalogModelShape>("attentionParametersPerLayer", "parameters", "Attention weights per layer where they do not follow from the heads (latent attention); empty = from the heads",
                Parameters, r => r.AttentionParametersPerLayer, (r, v) => r.AttentionParametersPerLayer = v),
            Integer<CatalogModelShape>("weightBlockSize", "values", "fp8 weights with one scale per block of this size squared (DeepSeek-V3: 128); empty = per-tensor or per-channel scales", 1, 65536,
                r => r.WeightBlockSize, (r, v) => r.WeightBlockSize = v, required: false),
            .. Provenance<CatalogModelShape>(),
        ],
        db => db.ModelShapes,
        r => r.Name);

    /// <summary>Every kind, in seed order (cloud offers name GPUs, so GPUs load first).</summary>
    public static readonly IReadOnlyList<ICatalogKind> All = [Gpus, CloudOffers, ApiPrices, CostDefaults, Models, ExchangeRates];

    private static CatalogColumn<CatalogModelShape> ShapeInteger(string name, string unit, string description,
        Func<CatalogModelShape, int> get, Action<CatalogModelShape, int> set) =>
        Integer<CatalogModelShape>(name, unit, description, 1, 100_000_000, r => get(r), (r, v) => set(r, v ?? 0));

    private static CatalogColumn<CatalogModelShape> OptionalShapeInteger(string name, string description,
        Func<CatalogModelShape, int> get, Action<CatalogModelShape, int> set) =>
        Integer<CatalogModelShape>(name, "", description, 0, 100_000_000, r => get(r), (r, v) => set(r, v ?? 0), required: false);

    private static readonly PhraseTemplate UnknownTemplate = new("catalog.unknown", "unknown catalog '{0}' (catalogs: {1})");

    /// <summary>The row editor's problem under a field: "{label} {rule} (it is empty)" or "{label} {rule} (got '{value}')".</summary>
    internal static readonly PhraseTemplate FormEmpty = new("catalog.formEmpty", "{0} {1} (it is empty)");

    /// <inheritdoc cref="FormEmpty"/>
    internal static readonly PhraseTemplate FormGot = new("catalog.formGot", "{0} {1} (got '{2}')");

    /// <summary>An import's empty file (here, not in the generic <see cref="CatalogKind{TRow}"/>, so the wording table finds it).</summary>
    internal static readonly PhraseTemplate EmptyCsv = new("catalog.emptyCsv", "{0}: the CSV is empty; the first line must be the header: {1}");

    public static ICatalogKind Get(string name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InputException(InputProblem.General(UnknownTemplate.With(name, string.Join(", ", All.Select(k => k.Name)))));

    public static CatalogKind<TRow> For<TRow>() where TRow : CatalogRow, new() =>
        All.OfType<CatalogKind<TRow>>().Single();

    /// <summary>"NVIDIA H100 SXM" is also found as "H100 SXM"; a name without the vendor prefix also as "NVIDIA name".</summary>
    private static IEnumerable<string> GpuNames(CatalogGpu gpu)
    {
        yield return gpu.Name;
        var prefix = gpu.Vendor + " ";
        if (gpu.Vendor.Length > 0 && gpu.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            yield return gpu.Name[prefix.Length..];
        }
        else if (gpu.Vendor.Length > 0)
        {
            yield return prefix + gpu.Name;
        }
    }
}
