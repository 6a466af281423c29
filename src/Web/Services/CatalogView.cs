using System.Globalization;
using Planner.Data.Catalogs;
using Planner.Reports.Localization;

namespace Planner.Web.Services;

/// <summary>
/// How the catalogs page shows a <see cref="CatalogTable"/> to a person (issue 15): headers in words with units, numbers with
/// thousands separators, the source linked and next to the row's key with its date, rows older than a year flagged.
/// Editing and import keep the CSV's own names and text.
/// </summary>
public static class CatalogView
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A figure is stale when its as-of date is more than this long ago.</summary>
    public const int StaleAfterDays = 365;

    /// <summary>The column's name in words with its unit, in the reader's language: "Memory bandwidth (GB/s)" (<see cref="ICatalogColumn.Label"/>).</summary>
    public static string Header(ICatalogColumn? column, string name) => column is null ? name : CostModelText.Phrase(column.LabelWording.With());

    /// <summary>What the column holds, in the reader's language (<see cref="ICatalogColumn.Description"/>); "" for a column the kind does not know.</summary>
    public static string Description(ICatalogColumn? column) => column is null ? "" : CostModelText.Phrase(column.DescriptionWording.With());

    /// <summary>The CSV columns in the order shown: the key, the date, the source (linked), then the figures; the URL is the source's link.</summary>
    public static IReadOnlyList<int> DisplayOrder(IReadOnlyList<string> header)
    {
        var first = new[] { 0, IndexOf(header, "asOf"), IndexOf(header, "source") }.Where(i => i >= 0).Distinct().ToList();
        var url = IndexOf(header, "sourceUrl");
        return [.. first, .. Enumerable.Range(0, header.Count).Where(i => !first.Contains(i) && i != url)];
    }

    public static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A number column's value with thousands separators and its own decimals (312 → 312, 2039 → 2,039, 12.29 → 12.29); other text as is.</summary>
    public static string Cell(ICatalogColumn? column, string value)
    {
        if (column is not { IsNumber: true }
            || !double.TryParse(value, NumberStyles.Float, Invariant, out var number) || !double.IsFinite(number))
        {
            return value;
        }
        var decimals = value.Contains('.', StringComparison.Ordinal) && !value.Contains('E', StringComparison.OrdinalIgnoreCase)
            ? value.Length - value.IndexOf('.', StringComparison.Ordinal) - 1
            : 0;
        return number.ToString("N" + Math.Min(decimals, 10), Invariant);
    }

    /// <summary>The row's as-of date, when the catalog has one.</summary>
    public static DateOnly? AsOf(IReadOnlyList<string> header, IReadOnlyList<string> row) =>
        IndexOf(header, "asOf") is var at && at >= 0 && DateOnly.TryParseExact(row[at], "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date)
            ? date : null;

    public static bool IsStale(DateOnly? asOf, DateOnly today) => asOf is { } date && date.AddDays(StaleAfterDays) < today;

    /// <summary>The row's source link, when it has an http(s) one.</summary>
    public static string? SourceUrl(IReadOnlyList<string> header, IReadOnlyList<string> row) =>
        IndexOf(header, "sourceUrl") is var at && at >= 0 && Uri.TryCreate(row[at], UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? row[at] : null;
}
