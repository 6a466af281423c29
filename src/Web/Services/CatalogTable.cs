using Planner.CostModel.Text;
using System.Globalization;
using CsvHelper;
using Planner.Data.Catalogs;

namespace Planner.Web.Services;

/// <summary>
/// A catalog as the catalogs page shows it: exactly the columns and text of its CSV export (so what a person sees,
/// edits and imports is one format), read through <see cref="CatalogService"/>.
/// </summary>
public sealed record CatalogTable(ICatalogKind Kind, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public static async Task<CatalogTable> LoadAsync(CatalogService catalogs, ICatalogKind kind, CancellationToken ct)
    {
        var records = Parse(await catalogs.ExportCsvAsync(kind.Name, ct));
        return new CatalogTable(kind, records.Count > 0 ? records[0] : kind.Columns.Select(c => c.Name).ToList(), records.Skip(1).ToList());
    }

    /// <summary>One row (header + values) as CSV, for saving an edited row through the import rules.</summary>
    public static string ToCsv(IReadOnlyList<string> header, IReadOnlyList<string> values)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true))
        {
            csv.WriteRecord(header.ToArray());
            csv.WriteRecord(values.ToArray());
        }
        return text.ToString();
    }

    private static List<IReadOnlyList<string>> Parse(string text)
    {
        var records = new List<IReadOnlyList<string>>();
        using var csv = CsvReader.Create(new StringReader(text), new CsvReaderOptions { Separator = ',', HasHeader = false });
        while (csv.Read())
        {
            var fields = new string[csv.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = CsvCells.Restore(csv.GetString(i));
            }
            records.Add(fields);
        }
        return records;
    }
}
