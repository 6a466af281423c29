using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Projection;
using Planner.CostModel.Scenarios;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.Data.Scenarios;
using Planner.Data.Storage;

namespace Planner.Data.Projections;

/// <summary>
/// Throughput projections from the store's catalogs: a model shape from the models catalog on a GPU from the gpus
/// catalog (<see cref="ThroughputProjector"/>, default efficiency). Used by <c>planner project</c> and, as an
/// <see cref="IThroughputResolver"/>, for <c>"throughputFrom": {"projection": {...}}</c> in scenarios, where the
/// context defaults to the workload's tokens per request.
/// </summary>
public sealed class ProjectionService(PlannerDatabase database) : IThroughputResolver
{
    /// <summary>Looks up the model and GPU by name (GPU vendor prefix optional) and projects them.</summary>
    /// <param name="fieldOf">Names a parameter in messages: "model" → "--model" on the command line, "options[1].throughputFrom.projection.model" in a scenario.</param>
    /// <exception cref="InputException">An unknown name (the message lists the catalog's names) or an out-of-range setting.</exception>
    public Task<Projection> ProjectAsync(string model, string gpu, int gpus, string precision, int batch, int? contextLength,
        Func<string, string> fieldOf, CancellationToken ct) =>
        ProjectAsync(model, gpu, gpus, precision, batch, contextLength, _ => Efficiency.GpuDefault, fieldOf, ct);

    /// <summary>As above, with the efficiency chosen for the catalog GPU found (e.g. a calibration carried by its class rule).</summary>
    /// <param name="efficiencyFor">The factors for the GPU's datasheet spec.</param>
    public async Task<Projection> ProjectAsync(string model, string gpu, int gpus, string precision, int batch, int? contextLength,
        Func<GpuSpec, Efficiency> efficiencyFor, Func<string, string> fieldOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(efficiencyFor);
        ArgumentNullException.ThrowIfNull(fieldOf);
        await using var db = await database.CreateContextAsync(ct);
        var models = await CatalogKinds.Models.ListTypedAsync(db, ct);
        var gpuRows = await CatalogKinds.Gpus.ListTypedAsync(db, ct);
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
        Func<GpuSpec, Efficiency>? efficiencyFor = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(gpuRows);
        ArgumentNullException.ThrowIfNull(fieldOf);
        var problems = new List<string>();
        var shape = Find(CatalogKinds.Models, models, model, fieldOf("model"), r => r.Name, problems);
        var spec = Find(CatalogKinds.Gpus, gpuRows, gpu, fieldOf("gpu"), r => r.Name, problems);
        Precision? parsed = null;
        try
        {
            parsed = Precisions.Parse(precision, fieldOf("precision"));
        }
        catch (InputException ex)
        {
            problems.AddRange(ex.Problems);
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        var gpuSpec = spec!.ToSpec();
        return ThroughputProjector.Project(shape!.ToShape(), gpuSpec, gpus, parsed!.Value, batch, contextLength,
            efficiencyFor?.Invoke(gpuSpec) ?? Efficiency.GpuDefault, fieldOf);
    }

    /// <summary>The validation set (the shipped file, or <paramref name="path"/>) with its models and GPUs found in the store's catalogs.</summary>
    /// <exception cref="InputException">A bad row, or a case whose model or GPU the catalogs lack.</exception>
    public async Task<IReadOnlyList<CostModel.Projection.Validation.ResolvedCase>> ValidationCasesAsync(string? path, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var models = await CatalogKinds.Models.ListTypedAsync(db, ct);
        var gpuRows = await CatalogKinds.Gpus.ListTypedAsync(db, ct);
        return PublishedMeasurements.Resolve(PublishedMeasurements.Read(path), models, gpuRows);
    }

    public bool Handles(ThroughputReference reference) => reference.Projection is not null;

    /// <summary>Prefill and decode tokens per GPU-second of the projection; a model that does not fit is a problem saying how much memory is missing.</summary>
    public async Task<ThroughputResolution> ResolveAsync(ThroughputReference reference, string path, Scenario scenario, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(scenario);
        var p = reference.Projection!;
        var context = p.ContextLength ?? TokensPerRequest(scenario.Workload);
        string FieldOf(string field) => $"{path}.projection.{field}";
        Projection projection;
        try
        {
            projection = await ProjectAsync(p.Model, p.Gpu, p.Gpus, p.Precision, p.Batch, context, FieldOf, ct);
        }
        catch (InputException ex) when (p.ContextLength is null && context is not null)
        {
            // A context the scenario did not give is the workload's: say so where it is out of range.
            var contextField = FieldOf("contextLength");
            return new ThroughputResolution(null, null, [.. ex.Problems.Select(problem => problem.StartsWith(contextField, StringComparison.Ordinal)
                ? $"{problem} (contextLength defaults to the workload's input + output tokens per request, {context}; set it, or shorten the requests)"
                : problem)]);
        }
        catch (InputException ex)
        {
            return new ThroughputResolution(null, null, ex.Problems);
        }
        if (!projection.Fits)
        {
            return ThroughputResolution.Failed($"{path}.projection: does not fit: {ThroughputProjector.DoesNotFit(projection)}");
        }
        var origin = new InputOrigin
        {
            Kind = OriginKind.Projection,
            Source = $"projection of {projection.Model} on {projection.Gpus}x {projection.Gpu} {projection.Precision} batch {projection.Batch}, context {projection.ContextLength}",
            Reference = $"efficiency: {projection.Efficiency.Source}",
        };
        return new ThroughputResolution(
            new ResolvedValue(projection.PrefillTokensPerSecondPerGpu, origin),
            new ResolvedValue(projection.DecodeTokensPerSecondPerGpu, origin),
            [])
        {
            Projection = projection,
        };
    }

    /// <summary>Input + output tokens of one request, rounded up; null when the workload has none (the model's context then applies).</summary>
    private static int? TokensPerRequest(Workload workload)
    {
        var tokens = workload.InputTokensPerRequest + workload.OutputTokensPerRequest;
        return double.IsFinite(tokens) && tokens >= 1 ? (int)Math.Min(int.MaxValue, Math.Ceiling(tokens)) : null;
    }

    private static TRow? Find<TRow>(CatalogKind<TRow> kind, IReadOnlyList<TRow> rows, string name, string field, Func<TRow, string> key, List<string> problems)
        where TRow : CatalogRow, new()
    {
        var match = kind.Find(rows, name);
        if (match.Row is null)
        {
            problems.Add($"{field}: {match.Problem(kind.Name)} ({kind.Name}: {string.Join(", ", rows.Select(key))})");
        }
        return match.Row;
    }
}
