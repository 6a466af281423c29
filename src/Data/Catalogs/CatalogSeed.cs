namespace Planner.Data.Catalogs;

/// <summary>
/// Where the seed catalogs are: data/catalog/*.csv is copied into the output of every app that references
/// Planner.Data, under "catalog" next to the assemblies, so nothing outside the app is read at run time.
/// </summary>
public sealed class CatalogSeed(string folder)
{
    public static CatalogSeed Default { get; } = new(Path.Combine(AppContext.BaseDirectory, "catalog"));

    public string Folder { get; } = folder;

    public string PathOf(ICatalogKind kind) => Path.Combine(Folder, kind.SeedFile);
}
