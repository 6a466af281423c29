namespace Planner.Data.Catalogs;

/// <summary>What an import changed: rows added and rows replaced (same key).</summary>
public sealed record CatalogImportResult(string Catalog, int Added, int Replaced)
{
    public override string ToString() => $"{Catalog}: {Added} added, {Replaced} replaced";
}
