using Planner.CostModel.Scenarios;
using Planner.CostModel;
using Planner.Data.Entities;
using Planner.Data.Storage;

namespace Planner.Data.Catalogs;

/// <summary>
/// Lists, finds, edits, imports and exports the sourced catalogs (GPUs, cloud offers, API prices, cost defaults).
/// Reads are kept while the store is unchanged (<see cref="CatalogReadCache"/>): the editor reads four catalogs for
/// each page and each option's picker, and the web app serves many pages at once (docs/performance.md, "Editor page
/// under 64 users"). Rows handed out are shared: callers read them and never change them.
/// </summary>
public sealed class CatalogService(PlannerDatabase database)
{
    private readonly CatalogReadCache _cache = new(database);

    public IReadOnlyList<ICatalogKind> Kinds => CatalogKinds.All;

    public Task<IReadOnlyList<TRow>> ListAsync<TRow>(CancellationToken ct) where TRow : CatalogRow, new() =>
        _cache.GetAsync(typeof(TRow), async () =>
        {
            await using var db = await database.CreateContextAsync(ct);
            return await CatalogKinds.For<TRow>().ListTypedAsync(db, ct);
        });

    /// <summary>The rows of a kind named as on the command line ("gpus", "cloud", "api", "defaults").</summary>
    public async Task<IReadOnlyList<CatalogRow>> ListAsync(string kind, CancellationToken ct)
    {
        var catalog = CatalogKinds.Get(kind);
        return await _cache.GetAsync(catalog.RowType, async () =>
        {
            await using var db = await database.CreateContextAsync(ct);
            return await catalog.ListAsync(db, ct);
        });
    }

    /// <summary>Looks a row up by name: case-insensitive; for GPUs the vendor prefix is optional.</summary>
    /// <summary>
    /// The rows an option can name in a catalog reference field, by the key the scenario uses: API price cards, cloud
    /// offers, or GPUs that have a purchase price (on premises the GPU prices the server).
    /// </summary>
    public async Task<IReadOnlyList<string>> KeysForAsync(ReferenceField field, CancellationToken ct) => field switch
    {
        ReferenceField.ApiPrice => (await ListAsync<ApiPrice>(ct)).Select(r => r.Key).ToList(),
        ReferenceField.CloudOffer => (await ListAsync<CloudOffer>(ct)).Select(r => r.Id).ToList(),
        ReferenceField.Gpu => (await ListAsync<CatalogGpu>(ct)).Where(g => g.PurchasePriceUsd is not null).Select(r => r.Name).ToList(),
        ReferenceField.ThroughputFrom or ReferenceField.TrainingFrom or ReferenceField.CapacityFrom or ReferenceField.LatencyFrom =>
            throw new ArgumentException($"{field.JsonName()} names a benchmark result or a projection, not a catalog row", nameof(field)),
    };

    public async Task<CatalogMatch<TRow>> FindAsync<TRow>(string name, CancellationToken ct) where TRow : CatalogRow, new()
    {
        return CatalogKinds.For<TRow>().Find(await ListAsync<TRow>(ct), name);
    }

    /// <summary>Like <see cref="FindAsync{TRow}"/>, but a missing or ambiguous name is an <see cref="InputException"/>.</summary>
    public async Task<TRow> GetAsync<TRow>(string name, CancellationToken ct) where TRow : CatalogRow, new()
    {
        var match = await FindAsync<TRow>(name, ct);
        return match.Row ?? throw new InputException(InputProblem.General(match.Problem(CatalogKinds.For<TRow>().Name)));
    }

    /// <summary>Adds or replaces one row (same key, case-insensitive); the import rules apply, source and asOf are required.</summary>
    public async Task<CatalogImportResult> UpsertAsync<TRow>(TRow row, string changedBy, CancellationToken ct) where TRow : CatalogRow, new()
    {
        using var _ = _cache.Writing();
        await using var db = await database.CreateContextAsync(ct);
        return await CatalogKinds.For<TRow>().UpsertAsync(db, row, changedBy, database.Time.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>Imports CSV (see docs/data.md for the columns): every row or none.</summary>
    public async Task<CatalogImportResult> ImportCsvAsync(string kind, TextReader csv, string changedBy, CancellationToken ct)
    {
        var catalog = CatalogKinds.Get(kind);
        using var _ = _cache.Writing();
        await using var db = await database.CreateContextAsync(ct);
        return await catalog.ImportAsync(db, csv, changedBy, database.Time.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>Saves one row typed in the web's row editor (<see cref="ICatalogKind.SaveRowAsync"/>): problems come one per field.</summary>
    public async Task<CatalogImportResult> SaveRowAsync(string kind, TextReader csv, string changedBy, CancellationToken ct)
    {
        var catalog = CatalogKinds.Get(kind);
        using var _ = _cache.Writing();
        await using var db = await database.CreateContextAsync(ct);
        return await catalog.SaveRowAsync(db, csv, changedBy, database.Time.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>CSV with the import columns, invariant culture; importing it back changes nothing.</summary>
    public async Task<string> ExportCsvAsync(string kind, CancellationToken ct)
    {
        return CatalogKinds.Get(kind).WriteCsv(await ListAsync(kind, ct));
    }

    /// <summary>Loads the shipped seed files again: seed rows replace rows with the same key; other rows stay.</summary>
    public async Task<IReadOnlyList<CatalogImportResult>> ReloadSeedAsync(CancellationToken ct)
    {
        using var _ = _cache.Writing();
        await using var db = await database.CreateContextAsync(ct);
        var results = new List<CatalogImportResult>();
        foreach (var kind in CatalogKinds.All)
        {
            results.Add(await database.LoadSeedAsync(db, kind, ct));
        }
        return results;
    }
}
