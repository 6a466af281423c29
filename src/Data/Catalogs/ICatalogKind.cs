using Planner.Data.Entities;
using Planner.Data.Storage;

namespace Planner.Data.Catalogs;

/// <summary>A catalog kind (gpus, cloud, api, defaults, ...) seen without its row type: what the CLI and import/export use.</summary>
public interface ICatalogKind
{
    /// <summary>The name the CLI uses: "gpus", "cloud", "api", "defaults".</summary>
    string Name { get; }

    /// <summary>The seed file under the seed folder, e.g. "cloud-offers.csv".</summary>
    string SeedFile { get; }

    Type RowType { get; }

    IReadOnlyList<ICatalogColumn> Columns { get; }

    /// <summary>A row's key as scenarios name it ("NVIDIA H100 SXM", "openai/gpt-4o").</summary>
    string KeyOf(CatalogRow row);

    /// <summary>A row's values as CSV text, in <see cref="Columns"/> order (exports and tables).</summary>
    IReadOnlyList<string> Format(CatalogRow row);

    Task<IReadOnlyList<CatalogRow>> ListAsync(PlannerDbContext db, CancellationToken ct);

    Task<bool> IsEmptyAsync(PlannerDbContext db, CancellationToken ct);

    string WriteCsv(IEnumerable<CatalogRow> rows);

    /// <summary>
    /// Reads CSV and upserts every row in one transaction, or throws <see cref="CostModel.InputException"/>
    /// with one line per bad row and writes nothing.
    /// </summary>
    Task<CatalogImportResult> ImportAsync(PlannerDbContext db, TextReader csv, string changedBy, DateTime now, CancellationToken ct);

    /// <summary>
    /// Saves one row typed in a form (CSV text: the header and that row) with the rules of an import, or throws
    /// <see cref="CostModel.InputException"/> with one problem per bad field: its path is the column's name and its message
    /// names the column in words with its unit, the allowed range and what was typed.
    /// </summary>
    Task<CatalogImportResult> SaveRowAsync(PlannerDbContext db, TextReader csv, string changedBy, DateTime now, CancellationToken ct);

    /// <summary>
    /// Upgrades a store seeded before a column existed: in every row the seed loaded and nobody has changed since
    /// (<c>UpdatedBy</c> = <paramref name="seedUser"/>), each column the store leaves empty takes the seed file's value
    /// for the same key. A value is never overwritten and a row an admin edited is never touched. Returns the rows filled.
    /// </summary>
    Task<int> FillSeedColumnsAsync(PlannerDbContext db, TextReader seedCsv, string seedUser, DateTime now, CancellationToken ct);
}
