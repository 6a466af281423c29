namespace Planner.Data.Catalogs;

/// <summary>
/// The result of looking a name up in a catalog: one row, several (ambiguous), or none with close names.
/// Names compare case-insensitively with runs of white space collapsed; see <see cref="CatalogKind{TRow}"/> for aliases.
/// </summary>
public sealed record CatalogMatch<TRow>(string Query, TRow? Row, IReadOnlyList<string> Candidates)
    where TRow : class
{
    public bool Found => Row is not null;

    /// <summary>Why the lookup failed, for messages: "no row named 'x' (close: a, b)" or "'x' is ambiguous: a, b".</summary>
    public string Problem(string catalog) => Row is not null
        ? ""
        : Candidates.Count > 0 && IsAmbiguous
            ? $"'{Query}' matches several {catalog} rows; name one of: {string.Join(", ", Candidates)}"
            : $"no {catalog} row is named '{Query}'" + (Candidates.Count > 0 ? $" (close: {string.Join(", ", Candidates)})" : "");

    /// <summary>True when several rows matched exactly (as opposed to none matching and close names suggested).</summary>
    public bool IsAmbiguous { get; init; }

    public static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
