using Planner.CostModel.Text;

namespace Planner.Data.Catalogs;

/// <summary>
/// The result of looking a name up in a catalog: one row, several (ambiguous), or none with close names.
/// Names compare case-insensitively with runs of white space collapsed; see <see cref="CatalogKind{TRow}"/> for aliases.
/// </summary>
public sealed record CatalogMatch<TRow>(string Query, TRow? Row, IReadOnlyList<string> Candidates)
    where TRow : class
{
    public bool Found => Row is not null;

    /// <summary>Why the lookup failed, for messages: "no gpus row is named 'x' (close: a, b)" or "'x' matches several gpus rows; …".</summary>
    /// <exception cref="InvalidOperationException">The lookup found its row.</exception>
    public Phrase Problem(string catalog) => Row is not null
        ? throw new InvalidOperationException($"'{Query}' was found in {catalog}")
        : Candidates.Count > 0 && IsAmbiguous
            ? CatalogMatchWords.Ambiguous.With(Query, catalog, string.Join(", ", Candidates))
            : Candidates.Count > 0 ? CatalogMatchWords.NoRowClose.With(catalog, Query, string.Join(", ", Candidates)) : CatalogMatchWords.NoRow.With(catalog, Query);

    /// <summary>True when several rows matched exactly (as opposed to none matching and close names suggested).</summary>
    public bool IsAmbiguous { get; init; }

    public static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}

/// <summary>The wording of a failed look-up (outside the generic <see cref="CatalogMatch{TRow}"/>, so the one table finds it).</summary>
internal static class CatalogMatchWords
{
    public static readonly PhraseTemplate Ambiguous = new("catalog.ambiguous", "'{0}' matches several {1} rows; name one of: {2}");
    public static readonly PhraseTemplate NoRow = new("catalog.noRow", "no {0} row is named '{1}'");
    public static readonly PhraseTemplate NoRowClose = new("catalog.noRowClose", "no {0} row is named '{1}' (close: {2})");
}
