using System.Globalization;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.CostModel.Inputs;
using Planner.CostModel.Projection;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Serving;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.Data.Scenarios;
using Planner.Data.Storage;
using Planner.CostModel.Text;

namespace Planner.Data.Projections;

/// <summary>
/// Throughput projections from the store's catalogs: a model shape from the models catalog on a GPU from the gpus
/// catalog (<see cref="ThroughputProjector"/>, an engine preset's efficiency). Used by <c>planner project</c> and, as an
/// <see cref="IThroughputResolver"/>, for <c>"throughputFrom": {"projection": {...}}</c> in scenarios, where the
/// input and output lengths default to the workload's tokens per request.
/// </summary>
public sealed class ProjectionService(PlannerDatabase database) : IThroughputResolver
{
    private static readonly PhraseTemplate TokensTogether = new("store.tokensTogether", "and {0} go together: give both, or neither ({1} is then split evenly)");
    private static readonly PhraseTemplate ContextOrTokens = new("store.contextOrTokens", "or {0} with {1}, not both");
    private static readonly PhraseTemplate DoesNotFit = new("store.doesNotFit", "does not fit: {0}");
    private static readonly PhraseTemplate NotInCatalog = new("store.notInCatalog", "{0} ({1}: {2})");

    /// <summary>Looks up the model and GPU by name (GPU vendor prefix optional) and projects them.</summary>
    /// <param name="fieldOf">Names a parameter in messages: "model" → "--model" on the command line, "options[1].throughputFrom.projection.model" in a scenario.</param>
    /// <exception cref="InputException">An unknown name (the message lists the catalog's names) or an out-of-range setting.</exception>
    public Task<Projection> ProjectAsync(string model, string gpu, int gpus, string precision, int batch, int? contextLength,
        Func<string, string> fieldOf, CancellationToken ct) =>
        ProjectAsync(model, gpu, gpus, precision, batch, contextLength, _ => Efficiency.GpuDefault, fieldOf, ct);

    /// <summary>Projects <paramref name="settings"/> from the store's catalogs.</summary>
    /// <param name="efficiencyFor">The factors for the GPU found; the named engine's preset when null.</param>
    public async Task<Projection> ProjectAsync(ProjectionSettings settings, Func<GpuSpec, Efficiency>? efficiencyFor, Func<string, string> fieldOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fieldOf);
        var (models, gpuRows) = await CatalogsAsync(ct);
        return Project(models, gpuRows, settings, fieldOf, efficiencyFor);
    }

    /// <summary>As above, with the efficiency chosen for the catalog GPU found (e.g. a calibration carried by its class rule).</summary>
    /// <param name="efficiencyFor">The factors for the GPU's datasheet spec.</param>
    public async Task<Projection> ProjectAsync(string model, string gpu, int gpus, string precision, int batch, int? contextLength,
        Func<GpuSpec, Efficiency> efficiencyFor, Func<string, string> fieldOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(efficiencyFor);
        ArgumentNullException.ThrowIfNull(fieldOf);
        var (models, gpuRows) = await CatalogsAsync(ct);
        return Project(models, gpuRows, model, gpu, gpus, precision, batch, contextLength, fieldOf, efficiencyFor);
    }

    /// <summary>
    /// <see cref="ProjectAsync"/> over catalog rows already read (the web page reads them once and projects on every
    /// change): the same lookups, the same messages.
    /// </summary>
    /// <param name="efficiencyFor">The factors for the GPU found; <see cref="Efficiency.GpuDefault"/> when null.</param>
    /// <exception cref="InputException">An unknown name (the message lists the catalog's names) or an out-of-range setting.</exception>
    public static Projection Project(IReadOnlyList<CatalogModelShape> models, IReadOnlyList<CatalogGpu> gpuRows,
        string model, string gpu, int gpus, string precision, int batch, int? contextLength, Func<string, string> fieldOf,
        Func<GpuSpec, Efficiency>? efficiencyFor = null) =>
        Project(models, gpuRows, new ProjectionSettings { Model = model, Gpu = gpu, Gpus = gpus, Precision = precision, Batch = batch, ContextLength = contextLength },
            fieldOf, efficiencyFor);

    /// <summary>Projects <paramref name="settings"/> over catalog rows already read.</summary>
    /// <param name="efficiencyFor">The factors for the GPU found; the named engine's preset (or the default one) when null.</param>
    /// <exception cref="InputException">An unknown name (the message lists the catalog's names) or an out-of-range setting.</exception>
    public static Projection Project(IReadOnlyList<CatalogModelShape> models, IReadOnlyList<CatalogGpu> gpuRows,
        ProjectionSettings settings, Func<string, string> fieldOf, Func<GpuSpec, Efficiency>? efficiencyFor = null) =>
        ThroughputProjector.Project(Request(models, gpuRows, settings, fieldOf, efficiencyFor), fieldOf);

    /// <summary>
    /// What <see cref="ProjectAsync(ProjectionSettings, Func{GpuSpec, Efficiency}?, Func{string, string}, CancellationToken)"/>
    /// projects, with the catalog names resolved, without projecting it (the capacity search projects it at many batches).
    /// </summary>
    public async Task<ProjectionRequest> RequestAsync(ProjectionSettings settings, Func<GpuSpec, Efficiency>? efficiencyFor, Func<string, string> fieldOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fieldOf);
        var (models, gpuRows) = await CatalogsAsync(ct);
        return Request(models, gpuRows, settings, fieldOf, efficiencyFor);
    }

    /// <summary>The request <paramref name="settings"/> name, over catalog rows already read.</summary>
    /// <exception cref="InputException">An unknown name (the message lists the catalog's names) or an out-of-range format or engine.</exception>
    public static ProjectionRequest Request(IReadOnlyList<CatalogModelShape> models, IReadOnlyList<CatalogGpu> gpuRows,
        ProjectionSettings settings, Func<string, string> fieldOf, Func<GpuSpec, Efficiency>? efficiencyFor = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(gpuRows);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(fieldOf);
        var problems = new List<InputProblem>();
        var shape = Find(CatalogKinds.Models, models, settings.Model, fieldOf("model"), r => r.Name, problems);
        var spec = Find(CatalogKinds.Gpus, gpuRows, settings.Gpu, fieldOf("gpu"), r => r.Name, problems);
        T? Parse<T>(Func<T> parse) where T : struct
        {
            try
            {
                return parse();
            }
            catch (InputException ex)
            {
                problems.AddRange(ex.Problems);
                return null;
            }
        }
        var weights = Parse(() => Precisions.Parse(settings.Precision, fieldOf("precision")));
        var activations = settings.ActivationPrecision is { } a ? Parse(() => Precisions.Parse(a, fieldOf("activationPrecision"))) : null;
        var kvCache = settings.KvPrecision is { } k ? Parse(() => Precisions.Parse(k, fieldOf("kvPrecision"))) : null;
        Efficiency? preset = null;
        if (efficiencyFor is null)
        {
            try
            {
                preset = settings.Engine is { } engine ? EnginePresets.Get(engine, fieldOf("engine")) : EnginePresets.Default;
            }
            catch (InputException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }
        if ((settings.InputTokens is null) != (settings.OutputTokens is null))
        {
            problems.Add(InputProblem.At(fieldOf("inputTokens"), TokensTogether.With(fieldOf("outputTokens"), fieldOf("contextLength"))));
        }
        else if (settings.InputTokens is not null && settings.ContextLength is not null)
        {
            problems.Add(InputProblem.At(fieldOf("contextLength"), ContextOrTokens.With(fieldOf("inputTokens"), fieldOf("outputTokens"))));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        var shapeValue = shape!.ToShape();
        var gpuSpec = spec!.ToSpec();
        var efficiency = efficiencyFor?.Invoke(gpuSpec) ?? preset!;
        var precisions = TensorPrecisions.For(weights!.Value, activations, kvCache);
        var request = new ProjectionRequest
        {
            Model = shapeValue,
            Gpu = gpuSpec,
            Gpus = settings.Gpus,
            Batch = settings.Batch,
            InputTokens = settings.InputTokens ?? 0,
            OutputTokens = settings.OutputTokens ?? 0,
            Precisions = precisions,
            Efficiency = efficiency,
            MemoryUtilization = settings.MemoryUtilization ?? ProjectionRequest.DefaultMemoryUtilization,
        };
        return settings.InputTokens is null ? ThroughputProjector.Split(request, settings.ContextLength ?? shapeValue.ContextLength) : request;
    }

    /// <summary>The validation set (the shipped file, or <paramref name="path"/>) with its models and GPUs found in the store's catalogs.</summary>
    /// <exception cref="InputException">A bad row, or a case whose model or GPU the catalogs lack.</exception>
    public async Task<IReadOnlyList<CostModel.Projection.Validation.ResolvedCase>> ValidationCasesAsync(string? path, CancellationToken ct)
    {
        var (models, gpuRows) = await CatalogsAsync(ct);
        return PublishedMeasurements.Resolve(PublishedMeasurements.Read(path), models, gpuRows);
    }

    /// <summary>The models and gpus catalogs as the store holds them.</summary>
    private async Task<(IReadOnlyList<CatalogModelShape> Models, IReadOnlyList<CatalogGpu> Gpus)> CatalogsAsync(CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        return (await CatalogKinds.Models.ListTypedAsync(db, ct), await CatalogKinds.Gpus.ListTypedAsync(db, ct));
    }

    public bool Handles(ThroughputReference reference) => reference.Projection is not null;

    /// <summary>Prefill and decode tokens per GPU-second of the projection; a model that does not fit is a problem saying how much memory is missing.</summary>
    public async Task<ThroughputResolution> ResolveAsync(ThroughputReference reference, string path, Scenario scenario, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(scenario);
        var p = reference.Projection!;
        // Lengths the reference gives (contextLength, or inputTokens with outputTokens) win; otherwise the workload's.
        var fromWorkload = p.ContextLength is null && p.InputTokens is null && p.OutputTokens is null;
        var (input, output) = fromWorkload ? TokensPerRequest(scenario.Workload) : (p.InputTokens, p.OutputTokens);
        string FieldOf(string field) => $"{path}.projection.{field}";
        Projection projection;
        ProjectionRequest request;
        try
        {
            request = await RequestAsync(new ProjectionSettings
            {
                Model = p.Model,
                Gpu = p.Gpu,
                Gpus = p.Gpus,
                Precision = p.Precision,
                Batch = p.Batch,
                ContextLength = p.ContextLength,
                InputTokens = input,
                OutputTokens = output,
            }, null, FieldOf, ct);
            projection = ThroughputProjector.Project(request, FieldOf);
        }
        catch (InputException ex) when (fromWorkload && input is not null)
        {
            // Lengths the scenario did not give are the workload's: say so where they are out of range.
            return new ThroughputResolution(null, null, [.. ex.Problems.Select(problem => problem.Path == FieldOf("inputTokens") || problem.Path == FieldOf("outputTokens")
                ? problem with { Message = $"{problem.Message} (the projection takes the workload's input and output tokens per request, {input} and {output}, when contextLength is not set; set it, or shorten the requests)" }
                : problem)]);
        }
        catch (InputException ex)
        {
            return new ThroughputResolution(null, null, ex.Problems);
        }
        if (!projection.Fits)
        {
            return ThroughputResolution.Failed(InputProblem.Labelled($"{path}.projection", DoesNotFit.With(ThroughputProjector.DoesNotFit(projection))));
        }
        var origin = new InputOrigin
        {
            Kind = OriginKind.Projection,
            Source = $"projection of {projection.Model} on {projection.Gpus}x {projection.Gpu} {projection.Precision} batch {projection.Batch}, {projection.InputTokens} input + {projection.OutputTokens} output tokens",
            Reference = $"efficiency: {projection.Efficiency.Source}",
        };
        var resolution = new ThroughputResolution(
            new ResolvedValue(projection.PrefillTokensPerSecondPerGpu, origin),
            new ResolvedValue(projection.DecodeTokensPerSecondPerGpu, origin),
            [])
        {
            Projection = projection,
            Device = EvidenceDevice.OfGpu(projection.Gpu),
            Model = new EvidenceModel(projection.Model, request.Model.Parameters),
            // The projection's tensor-parallel GPUs are one replica: the option buys or rents them whole.
            GpusPerReplica = new ResolvedValue(projection.Gpus, origin),
        };
        return scenario.Workload.HasLatencyTargets ? WithCapacityAtTargets(resolution, request, p.KvAllocation ?? KvAllocation.Reserve, projection, scenario.Workload, path) : resolution;
    }

    /// <summary>Capacity searches already answered, by projection and targets (the editor re-evaluates on every change).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CapacityPlan> _capacities = new(StringComparer.Ordinal);

    private const int MaxRememberedCapacities = 256;

    /// <summary>
    /// The workload has latency targets: one replica's capacity at them by the capacity search over this projection
    /// (<see cref="CapacityPlanner.AtScenarioTargets"/>), and the replica's GPUs; a projection that meets the targets at no
    /// rate is a problem saying why.
    /// </summary>
    private ThroughputResolution WithCapacityAtTargets(ThroughputResolution resolution, ProjectionRequest request, KvAllocation kvAllocation, Projection projection, Workload workload, string path)
    {
        var key = PlannerJson.Serialize(request, indented: false) + "|" + workload.TtftP95Seconds.ToString("R", CultureInfo.InvariantCulture)
            + "|" + workload.ItlP95Seconds.ToString("R", CultureInfo.InvariantCulture) + "|" + kvAllocation;
        if (!_capacities.TryGetValue(key, out var plan))
        {
            try
            {
                plan = CapacityPlanner.AtScenarioTargets(request, workload.TtftP95Seconds, workload.ItlP95Seconds, kvAllocation, f => $"{path}.projection.{f}");
            }
            catch (InputException ex)
            {
                return resolution with { Problems = ex.Problems };
            }
            if (_capacities.Count >= MaxRememberedCapacities)
            {
                _capacities.Clear();
            }
            _capacities[key] = plan;
        }
        if (plan.AtMaxRate is null)
        {
            return resolution with
            {
                Problems = [InputProblem.At($"{path}.projection", CapacityPlanner.MeetsTargetsNowhere.With(plan.Reason ?? ""))],
            };
        }
        var origin = new InputOrigin
        {
            Kind = OriginKind.Projection,
            Source = string.Create(CultureInfo.InvariantCulture,
                $"capacity search over the projection of {projection.Model} on {projection.Gpus}x {projection.Gpu} {projection.Precision}, {request.InputTokens} input + {request.OutputTokens} output tokens, at p95 TTFT <= {workload.TtftP95Seconds} s and ITL <= {workload.ItlP95Seconds} s{(kvAllocation == KvAllocation.OnDemand ? ", KV cache on demand" : "")}"),
            Reference = $"step times: {plan.StepTimesSource}",
        };
        return resolution with
        {
            ReplicaCapacity = new ResolvedValue(plan.MaxRatePerSecond, origin),
            GpusPerReplica = new ResolvedValue(plan.GpusPerReplica, origin),
        };
    }

    /// <summary>Input and output tokens of one request, each rounded up (output at least 1); nulls when the workload has no input (the model's context then applies).</summary>
    private static (int? Input, int? Output) TokensPerRequest(Workload workload)
    {
        static int Tokens(double value) => (int)Math.Min(int.MaxValue, Math.Max(1, Math.Ceiling(value)));
        return double.IsFinite(workload.InputTokensPerRequest) && workload.InputTokensPerRequest >= 1 && double.IsFinite(workload.OutputTokensPerRequest)
            ? (Tokens(workload.InputTokensPerRequest), Tokens(workload.OutputTokensPerRequest))
            : (null, null);
    }

    private static TRow? Find<TRow>(CatalogKind<TRow> kind, IReadOnlyList<TRow> rows, string name, string field, Func<TRow, string> key, List<InputProblem> problems)
        where TRow : CatalogRow, new()
    {
        var match = kind.Find(rows, name);
        if (match.Row is null)
        {
            problems.Add(InputProblem.Labelled(field, NotInCatalog.With(match.Problem(kind.Name), kind.Name, string.Join(", ", rows.Select(key)))));
        }
        return match.Row;
    }
}
