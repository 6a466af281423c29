using System.Globalization;
using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.CostModel.Text;

namespace Planner.Data.Scenarios;

/// <summary>
/// Fills the numbers a scenario's options take from the store — <c>apiPrice</c> (input and output price),
/// <c>cloudOffer</c> (GPU-hour price), <c>gpu</c> (on-prem server price = purchasePriceUsd x gpusPerServer; on cloud
/// it only names the GPU, which must exist), <c>throughputFrom</c> (prefill/decode throughput) and <c>trainingFrom</c>
/// (training GPU-hours per retrain) — and records
/// each filled input's origin, which the evaluation lists. A reference that does not resolve, or a number both typed
/// and referenced, is an <see cref="InputException"/> naming the JSON path. See docs/data.md.
/// </summary>
public sealed class ScenarioResolver(CatalogService catalogs, IEnumerable<IThroughputResolver> throughputResolvers,
    Benchmarks.BenchmarkTrainingResolver trainingResolver, Benchmarks.ServingRunResolver servingRuns)
{
    private const string CatalogCurrency = "USD";

    private static readonly PhraseTemplate GpuUnlikeOffer = new("store.gpuUnlikeOffer", "'{0}' is {1}, but cloudOffer '{2}' rents {3}; name the same GPU or drop gpu");
    private static readonly PhraseTemplate NoGpuPrice = new("store.noGpuPrice",
        "'{0}': the gpus catalog has no purchasePriceUsd for {1}; type serverPrice, or add the price with planner catalog import gpus");
    private static readonly PhraseTemplate GpusPerServerNeeded = new("store.gpusPerServerNeeded", "is required to price a server from gpu '{0}' (must be >= 1 and <= 1024)");
    private static readonly PhraseTemplate UnknownServedModel = new("store.unknownServedModel",
        "'{0}': {1}; or give workload.modelParametersBillions for a model the catalog lacks");
    private static readonly PhraseTemplate NotInCatalog = new("store.notInNamedCatalog", "'{0}': {1}");
    private static readonly PhraseTemplate GivenAndSupplied = new("store.givenAndSupplied", "is given and also supplied by {0} '{1}'; give one");
    private static readonly PhraseTemplate GivenAndSuppliedValues = new("store.givenAndSuppliedValues", "is given ({0}) and also supplied by {1} '{2}' ({3}); give one");
    private static readonly PhraseTemplate ReplicaGpusDiffer = new("store.replicaGpusDiffer",
        "is {0} but the replica of {1}.throughputFrom.projection has {2} GPUs; leave gpusPerReplica out or set the projection's gpus");
    private static readonly PhraseTemplate ReplicaGpusDifferAtTargets = new("store.replicaGpusDifferAtTargets",
        "is {0} but the replica of {1}.throughputFrom.projection has {2} GPUs, whose capacity at the targets is used; leave gpusPerReplica out or set the projection's gpus");
    private static readonly PhraseTemplate NotForKind = new("store.notForKind", "applies to {0} options only (this option is {1})");
    private static readonly PhraseTemplate NoExchangeRate = new("store.noExchangeRate",
        "the catalog price is in {0} but the scenario's currency is {1}, and the fx catalog has no {0}/{1} or {1}/{0} rate; add one with planner catalog import fx, or type the figure in {1} instead");

    /// <summary>
    /// True when any option names a catalog row or benchmark result, or the workload serves a model named without its
    /// parameter count (the models catalog gives it): the store is needed to evaluate it.
    /// </summary>
    public static bool HasReferences(Scenario scenario) =>
        scenario.Options.Any(o => !o.References.IsEmpty) || (scenario.Workload.Model is not null && scenario.Workload.ModelParametersBillions is null);

    /// <returns>A new, validated scenario with every reference resolved.</returns>
    public async Task<Scenario> ResolveAsync(Scenario scenario, CancellationToken ct)
    {
        var state = new Resolution(scenario);
        Catalog? catalog = null;
        var served = await ServedModelAsync(state, ct);
        for (var i = 0; i < scenario.Options.Count; i++)
        {
            var option = scenario.Options[i];
            var references = option.References;
            if (references.IsEmpty)
            {
                continue;
            }
            if (references.Gpu is not null || references.CloudOffer is not null || references.ApiPrice is not null || references.CapacityFrom is not null)
            {
                catalog ??= await Catalog.LoadAsync(catalogs, ct);
            }
            var path = $"options[{i}]";
            if (references.ApiPrice is { } apiName)
            {
                ResolveApiPrice(state, catalog!, option, path, apiName);
            }
            if (references.CloudOffer is { } offerId)
            {
                ResolveCloudOffer(state, catalog!, option, path, offerId);
            }
            if (references.Gpu is { } gpuName)
            {
                ResolveGpu(state, catalog!, option, path, gpuName);
            }
            // A measured capacity is resolved before the throughput, and wins over a projection's (which then supplies throughput only).
            if (references.CapacityFrom is { } capacityFrom && state.Applies(option, path, ReferenceField.CapacityFrom))
            {
                var supply = await servingRuns.CapacityAsync(capacityFrom, path + ".capacityFrom", state.Scenario, option.Id, OptionGpu(option, catalog), ct);
                state.SupplyMeasured(option, "capacityFrom", capacityFrom.Run, supply);
            }
            if (references.LatencyFrom is { } latencyFrom && state.Applies(option, path, ReferenceField.LatencyFrom))
            {
                state.SupplyMeasured(option, "latencyFrom", latencyFrom.Run, await servingRuns.LatencyAsync(latencyFrom, path + ".latencyFrom", ct));
            }
            if (references.ThroughputFrom is { } from)
            {
                await ResolveThroughputAsync(state, option, path, from, OptionGpu(option, catalog), served, ct);
            }
            if (references.TrainingFrom is { } training)
            {
                await ResolveTrainingAsync(state, option, path, training, OptionGpu(option, catalog), ct);
            }
        }
        if (state.Problems.Count > 0)
        {
            throw new InputException(state.Problems);
        }
        var resolved = state.Scenario with { Origins = state.Origins, Evidence = state.Evidence };
        ScenarioValidator.EnsureValid(resolved);
        return resolved;
    }

    private static void ResolveApiPrice(Resolution state, Catalog catalog, SourcingOption option, string path, string name)
    {
        if (!state.Applies(option, path, ReferenceField.ApiPrice)
            || state.Find(CatalogKinds.ApiPrices, catalog.ApiPrices, path, "apiPrice", name) is not { } card
            || state.Convert(catalog, path + ".apiPrice", card.Currency) is not { } fx)
        {
            return;
        }
        var origin = Origin(card, "api: " + card.Key + fx.Note);
        state.Supply(option, "inputPricePerMillion", "apiPrice", name, fx.Apply((double)card.InputPerMillionUsd), origin);
        state.Supply(option, "outputPricePerMillion", "apiPrice", name, fx.Apply((double)card.OutputPerMillionUsd), origin);
        if (card.CachedInputPerMillionUsd is { } cached)
        {
            state.Supply(option, "cachedInputPricePerMillion", "apiPrice", name, fx.Apply((double)cached), origin);
        }
        if (card.BatchDiscount is { } batch)
        {
            state.Supply(option, "batchDiscount", "apiPrice", name, batch, origin);
        }
    }

    private static void ResolveCloudOffer(Resolution state, Catalog catalog, SourcingOption option, string path, string id)
    {
        if (!state.Applies(option, path, ReferenceField.CloudOffer)
            || state.Find(CatalogKinds.CloudOffers, catalog.CloudOffers, path, "cloudOffer", id) is not { } offer)
        {
            return;
        }
        if (option.References.Gpu is { } gpuName && CatalogKinds.Gpus.Find(catalog.Gpus, gpuName).Row is { } gpu
            && !string.Equals(gpu.Name, offer.Gpu, StringComparison.Ordinal))
        {
            state.Problems.Add(InputProblem.At($"{path}.gpu", GpuUnlikeOffer.With(gpuName, gpu.Name, offer.Id, offer.Gpu)));
            return;
        }
        if (state.Convert(catalog, path + ".cloudOffer", CatalogCurrency) is not { } fx)
        {
            return;
        }
        var origin = Origin(offer, $"cloud: {offer.Id} ({offer.Provider} {offer.Instance}, {offer.Gpu}, {CatalogColumns.ChoiceName(offer.PricingKind)}){fx.Note}");
        state.Supply(option, "gpuHourPrice", "cloudOffer", id, fx.Apply((double)offer.PricePerGpuHourUsd), origin);
    }

    private static void ResolveGpu(Resolution state, Catalog catalog, SourcingOption option, string path, string name)
    {
        if (!state.Applies(option, path, ReferenceField.Gpu)
            || state.Find(CatalogKinds.Gpus, catalog.Gpus, path, "gpu", name) is not { } gpu
            || !option.Kind.OwnsServers())
        {
            return;
        }
        var onPrem = (OnPremOption)option;
        if (gpu.PurchasePriceUsd is not { } perGpu)
        {
            state.Problems.Add(InputProblem.At($"{path}.gpu", NoGpuPrice.With(name, gpu.Name)));
            return;
        }
        if (onPrem.GpusPerServer < 1)
        {
            state.Problems.Add(InputProblem.At($"{path}.gpusPerServer", GpusPerServerNeeded.With(name)));
            return;
        }
        if (state.Convert(catalog, path + ".gpu", CatalogCurrency) is not { } fx)
        {
            return;
        }
        var perGpuText = CatalogColumns.FormatMoney(perGpu);
        var origin = Origin(gpu, $"gpus: {gpu.Name} (USD {perGpuText} per GPU x {onPrem.GpusPerServer.ToString(CultureInfo.InvariantCulture)} GPUs per server){fx.Note}");
        state.Supply(option, "serverPrice", "gpu", name, fx.Apply((double)(perGpu * onPrem.GpusPerServer)), origin);
    }

    /// <summary>The GPU an option runs on, as the catalog names it: its cloud offer's GPU, else its gpu reference; null when it names neither.</summary>
    private static string? OptionGpu(SourcingOption option, Catalog? catalog)
    {
        if (option.References.CloudOffer is { } offerId && catalog is not null
            && CatalogKinds.CloudOffers.Find(catalog.CloudOffers, offerId).Row is { } offer)
        {
            return offer.Gpu;
        }
        if (option.References.Gpu is { } gpuName)
        {
            return catalog is not null && CatalogKinds.Gpus.Find(catalog.Gpus, gpuName).Row is { } gpu ? gpu.Name : gpuName;
        }
        return null;
    }

    /// <summary>
    /// The model the workload serves: its label and typed parameter count, or the models catalog's row for its name (an
    /// unknown name is a problem at workload.model listing close names); null when the workload names none.
    /// </summary>
    private async Task<EvidenceModel?> ServedModelAsync(Resolution state, CancellationToken ct)
    {
        var workload = state.Scenario.Workload;
        if (workload.ModelParametersBillions is { } billions)
        {
            var parameters = billions * 1e9;
            return new EvidenceModel(workload.Model ?? $"a {EvidenceGuard.Parameters(parameters)}-parameter model", parameters);
        }
        if (workload.Model is not { } name)
        {
            return null;
        }
        var models = await state.ModelsAsync(catalogs, ct);
        var match = CatalogKinds.Models.Find(models, name);
        if (match.Row is not { } row)
        {
            state.Problems.Add(InputProblem.At("workload.model",
                UnknownServedModel.With(name, match.Problem(CatalogKinds.Models.Name))));
            return null;
        }
        return new EvidenceModel(row.Name, row.Parameters);
    }

    /// <summary>
    /// The evidence's model with its parameter count: as the resolver found it, else (a results file written before
    /// results carried counts) the models catalog's row named model-preset (e.g. gpt-decoder-small), when there is one.
    /// </summary>
    private async Task<EvidenceModel> SizedAsync(Resolution state, EvidenceModel model, ThroughputReference from, CancellationToken ct)
    {
        if (model.Parameters is not null || from.Run is null || from.Model is null)
        {
            return model;
        }
        var catalogName = model.Name.Replace('/', '-');
        var row = CatalogKinds.Models.Find(await state.ModelsAsync(catalogs, ct), catalogName).Row;
        return row is null ? model : model with { Parameters = row.Parameters };
    }

    private async Task ResolveThroughputAsync(Resolution state, SourcingOption option, string path, ThroughputReference from, string? optionGpu,
        EvidenceModel? served, CancellationToken ct)
    {
        if (!state.Applies(option, path, ReferenceField.ThroughputFrom))
        {
            return;
        }
        // No resolver for this kind of reference (e.g. a projection in a build without one): the validator reports it unresolved.
        if (throughputResolvers.FirstOrDefault(r => r.Handles(from)) is not { } resolver)
        {
            return;
        }
        var resolution = await resolver.ResolveAsync(from, path + ".throughputFrom", state.Scenario, ct);
        state.Problems.AddRange(resolution.Problems);
        if (resolution.Problems.Count == 0 && resolution.Device is { } device
            && EvidenceGuard.Check(path + ".throughputFrom", option.Id, optionGpu, device, from.Run is null ? "the projection" : $"run '{from.Run}'") is { } refused)
        {
            state.Problems.Add(refused);
            return;
        }
        string? modelNote = null;
        if (resolution.Problems.Count == 0 && resolution.Model is { } model)
        {
            var check = EvidenceGuard.CheckModel(path + ".throughputFrom", option.Id, served, served is null ? model : await SizedAsync(state, model, from, ct),
                from.Projection is not null, from.Run is null ? "the projection" : $"run '{from.Run}'", from.OverrideModelSize);
            if (check.Refusal is { } refusal)
            {
                state.Problems.Add(refusal);
                return;
            }
            modelNote = check.Note;
        }
        // The model check travels with every origin the reference supplies, so each place that shows origins shows it.
        ResolvedValue Noted(ResolvedValue value) => modelNote is null ? value
            : value with { Origin = value.Origin with { Reference = value.Origin.Reference is { Length: > 0 } reference ? $"{reference}; {modelNote}" : modelNote } };
        var text = from.Run is null ? "projection" : $"run {from.Run}";
        if (resolution.Prefill is { } prefill)
        {
            state.Supply(option, "prefillTokensPerGpuSecond", "throughputFrom", text, prefill.Value, Noted(prefill).Origin);
        }
        if (resolution.Decode is { } decode)
        {
            state.Supply(option, "decodeTokensPerGpuSecond", "throughputFrom", text, decode.Value, Noted(decode).Origin);
        }
        if (resolution.ReplicaCapacity is { } capacity && resolution.GpusPerReplica is { } gpus)
        {
            state.SupplyReplica(option, path, Noted(capacity), Noted(gpus));
        }
        else if (resolution.GpusPerReplica is { } replicaGpus)
        {
            state.SupplyReplicaGpus(option, path, Noted(replicaGpus));
        }
        if (resolution.Problems.Count == 0 && (resolution.Benchmark is not null || resolution.Projection is not null))
        {
            state.Evidence.Add(new ThroughputEvidence { OptionId = option.Id, Benchmark = resolution.Benchmark, Projection = resolution.Projection });
        }
    }

    /// <summary>
    /// trainingGpuHoursPerRetrain from a training run's time to target, refused (<see cref="EvidenceGuard.CheckTraining"/>)
    /// when the run trained on a CPU or on another GPU model than the option's.
    /// </summary>
    private async Task ResolveTrainingAsync(Resolution state, SourcingOption option, string path, TrainingReference from, string? optionGpu, CancellationToken ct)
    {
        if (!state.Applies(option, path, ReferenceField.TrainingFrom))
        {
            return;
        }
        var fromPath = path + ".trainingFrom";
        var resolution = await trainingResolver.ResolveAsync(from, fromPath, ct);
        // Evidence from the wrong device is refused for that reason alone, before what else is wrong with it.
        if (resolution.Device is { } device && EvidenceGuard.CheckTraining(fromPath, option.Id, optionGpu, device, $"run '{from.Run}'") is { } refused)
        {
            state.Problems.Add(refused);
            return;
        }
        state.Problems.AddRange(resolution.Problems);
        if (resolution.Hours is { } hours)
        {
            state.Supply(option, "trainingGpuHoursPerRetrain", "trainingFrom", $"run {from.Run}", hours.Value, hours.Origin);
        }
    }

    private static InputOrigin Origin(CatalogRow row, string reference) => new()
    {
        Kind = OriginKind.Catalog,
        Source = row.Source,
        SourceUrl = row.SourceUrl,
        AsOf = row.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Reference = reference,
    };

    /// <summary>The scenario being filled in, the origins so far and the problems found.</summary>
    private sealed class Resolution
    {
        private readonly Scenario _original;
        private readonly IReadOnlyList<ScenarioInput> _inputs;

        public Resolution(Scenario original)
        {
            _original = original;
            _inputs = ScenarioInputs.List(original);
            Scenario = original;
            Origins = new(original.Origins, StringComparer.Ordinal);
        }

        public Scenario Scenario { get; private set; }

        public Dictionary<string, InputOrigin> Origins { get; }

        public List<InputProblem> Problems { get; } = [];

        public List<ThroughputEvidence> Evidence { get; } = [];

        private IReadOnlyList<CatalogModelShape>? _models;

        /// <summary>The models catalog, read once per resolution when first needed.</summary>
        public async Task<IReadOnlyList<CatalogModelShape>> ModelsAsync(CatalogService catalogs, CancellationToken ct) =>
            _models ??= await catalogs.ListAsync<CatalogModelShape>(ct);

        /// <summary>False (and a problem) when a reference sits on an option kind it does not apply to.</summary>
        public bool Applies(SourcingOption option, string path, ReferenceField field)
        {
            var applies = OptionKinds.Of(option.Kind).References.Contains(field);
            if (!applies)
            {
                Problems.Add(InputProblem.At($"{path}.{field.JsonName()}", NotForKind.With(OptionKinds.AcceptingReference(field), option.Kind.JsonName())));
            }
            return applies;
        }

        /// <summary>The named row, or null and a problem naming the path, the value and close names.</summary>
        public TRow? Find<TRow>(CatalogKind<TRow> kind, IReadOnlyList<TRow> rows, string path, string field, string name)
            where TRow : CatalogRow, new()
        {
            var match = kind.Find(rows, name);
            if (match.Row is null)
            {
                Problems.Add(InputProblem.At($"{path}.{field}", NotInCatalog.With(name, match.Problem(kind.Name))));
            }
            return match.Row;
        }

        /// <summary>
        /// How a catalog price in <paramref name="currency"/> becomes the scenario's currency: unchanged when they are the
        /// same, else by the fx catalog's from/to rate (or the inverse of its to/from rate); null, with a problem naming
        /// the path, when the fx catalog has neither.
        /// </summary>
        public CurrencyConversion? Convert(Catalog catalog, string path, string currency)
        {
            var target = Scenario.Currency;
            if (string.Equals(currency, target, StringComparison.Ordinal))
            {
                return CurrencyConversion.None;
            }
            if (CurrencyConversion.Find(catalog.ExchangeRates, currency, target) is { } conversion)
            {
                return conversion;
            }
            Problems.Add(InputProblem.Labelled(path, NoExchangeRate.With(currency, target)));
            return null;
        }

        public void Supply(SourcingOption option, string field, string referenceKind, string referenceText, double value, InputOrigin origin)
        {
            var input = _inputs.Single(i => i.OptionId == option.Id && i.Field.Name == field);
            // An optional field left out holds its default (not NaN) with the origin "default": it is not typed.
            var leftOut = input.Field.Requirement == Requirement.Optional && _original.Origins.GetValueOrDefault(input.Key)?.Kind == OriginKind.Default;
            var typed = (!double.IsNaN(input.Get(_original)) && !leftOut) || _original.Uncertainties.Any(u => u.Key == input.Key);
            if (typed)
            {
                Problems.Add(InputProblem.At($"{input.JsonPath}", GivenAndSupplied.With(referenceKind, referenceText)));
                return;
            }
            Scenario = input.With(Scenario, value);
            Origins[input.Key] = origin;
        }

        /// <summary>
        /// Supplies what a serving run gives (capacityFrom, latencyFrom), or records its problems. These fields have a
        /// default (0 = not known, 1 GPU per replica) instead of being missing, so a value other than the option kind's
        /// default, or a distribution, counts as typed and is a problem: give one.
        /// </summary>
        public void SupplyMeasured(SourcingOption option, string referenceKind, string run, Benchmarks.ServingRunSupply supply)
        {
            Problems.AddRange(supply.Problems);
            if (supply.Problems.Count > 0)
            {
                return;
            }
            var fresh = OptionKinds.Of(option.Kind).Create(option.Id);
            foreach (var (field, value) in supply.Values)
            {
                var input = _inputs.Single(i => i.OptionId == option.Id && i.Field.Name == field);
                var typed = input.Get(_original);
                if (!typed.Equals(input.Field.Get(fresh)) && !typed.Equals(value.Value) || _original.Uncertainties.Any(u => u.Key == input.Key))
                {
                    Problems.Add(InputProblem.At(input.JsonPath, GivenAndSuppliedValues.With(typed.ToString("R", CultureInfo.InvariantCulture), referenceKind, run, value.Value.ToString("R", CultureInfo.InvariantCulture))));
                    continue;
                }
                Scenario = input.With(Scenario, value.Value);
                Origins[input.Key] = value.Origin;
            }
        }

        /// <summary>
        /// Supplies a replica's capacity at the latency targets and its GPUs from a projection, unless the capacity is typed
        /// (0 means not known, so a typed capacity is one other than 0: it wins, with the typed GPUs per replica). The
        /// projection's capacity is for its own GPU count, so a different typed gpusPerReplica is a problem.
        /// </summary>
        /// <summary>
        /// gpusPerReplica from a projection without latency targets: its tensor-parallel GPUs are one replica, so the
        /// option's fleet is sized in whole replicas. A capacityFrom supplies its own; a typed value other than 1 that
        /// differs is a problem naming both.
        /// </summary>
        public void SupplyReplicaGpus(SourcingOption option, string path, ResolvedValue gpus)
        {
            if (option.References.CapacityFrom is not null)
            {
                return;
            }
            var gpusInput = _inputs.Single(i => i.OptionId == option.Id && i.Field.Name == "gpusPerReplica");
            var typedGpus = gpusInput.Get(_original);
            if (typedGpus == gpus.Value)
            {
                return;
            }
            if (typedGpus != 1)
            {
                Problems.Add(InputProblem.At(gpusInput.JsonPath, ReplicaGpusDiffer.With(typedGpus.ToString(CultureInfo.InvariantCulture), path, gpus.Value.ToString(CultureInfo.InvariantCulture))));
                return;
            }
            Scenario = gpusInput.With(Scenario, gpus.Value);
            Origins[gpusInput.Key] = gpus.Origin;
        }

        public void SupplyReplica(SourcingOption option, string path, ResolvedValue capacity, ResolvedValue gpus)
        {
            if (option.References.CapacityFrom is not null)
            {
                return;
            }
            var capacityInput = _inputs.Single(i => i.OptionId == option.Id && i.Field.Name == "replicaRequestsPerSecond");
            var gpusInput = _inputs.Single(i => i.OptionId == option.Id && i.Field.Name == "gpusPerReplica");
            if (capacityInput.Get(_original) != 0 || _original.Uncertainties.Any(u => u.Key == capacityInput.Key))
            {
                return;
            }
            var typedGpus = gpusInput.Get(_original);
            if (typedGpus != 1 && typedGpus != gpus.Value)
            {
                Problems.Add(InputProblem.At(gpusInput.JsonPath, ReplicaGpusDifferAtTargets.With(typedGpus.ToString(CultureInfo.InvariantCulture), path, gpus.Value.ToString(CultureInfo.InvariantCulture))));
                return;
            }
            Scenario = gpusInput.With(capacityInput.With(Scenario, capacity.Value), gpus.Value);
            Origins[capacityInput.Key] = capacity.Origin;
            Origins[gpusInput.Key] = gpus.Origin;
        }
    }

    /// <summary>The catalogs a resolution reads, loaded once.</summary>
    private sealed record Catalog(IReadOnlyList<CatalogGpu> Gpus, IReadOnlyList<CloudOffer> CloudOffers, IReadOnlyList<ApiPrice> ApiPrices,
        IReadOnlyList<ExchangeRate> ExchangeRates)
    {
        public static async Task<Catalog> LoadAsync(CatalogService catalogs, CancellationToken ct) => new(
            await catalogs.ListAsync<CatalogGpu>(ct),
            await catalogs.ListAsync<CloudOffer>(ct),
            await catalogs.ListAsync<ApiPrice>(ct),
            await catalogs.ListAsync<ExchangeRate>(ct));
    }
}
