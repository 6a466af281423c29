using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;

namespace Planner.Reports.IntegrationTests;

/// <summary>
/// The values a spreadsheet saved in an xlsx file, read straight from its XML (no formula engine of ours in between):
/// per sheet, per cell reference, the number, text or error the spreadsheet computed.
/// </summary>
public sealed class RecalculatedWorkbook
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    private readonly Dictionary<string, Dictionary<string, CellValue>> _sheets = new(StringComparer.Ordinal);

    public RecalculatedWorkbook(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        XDocument Load(string name)
        {
            using var stream = zip.GetEntry(name)?.Open() ?? throw new InvalidOperationException($"{path} has no {name}");
            return XDocument.Load(stream);
        }
        var strings = zip.GetEntry("xl/sharedStrings.xml") is null
            ? []
            : Load("xl/sharedStrings.xml").Root!.Elements(Main + "si").Select(si => string.Concat(si.Descendants(Main + "t").Select(t => t.Value))).ToList();
        var targets = Load("xl/_rels/workbook.xml.rels").Root!.Elements(PackageRelationships + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!);
        foreach (var sheet in Load("xl/workbook.xml").Descendants(Main + "sheet"))
        {
            var target = targets[(string)sheet.Attribute(Relationships + "id")!].TrimStart('/');
            var cells = new Dictionary<string, CellValue>(StringComparer.Ordinal);
            foreach (var c in Load(target.StartsWith("xl/", StringComparison.Ordinal) ? target : "xl/" + target).Descendants(Main + "c"))
            {
                var type = (string?)c.Attribute("t") ?? "n";
                var v = c.Element(Main + "v")?.Value;
                cells[(string)c.Attribute("r")!] = type switch
                {
                    "s" => CellValue.FromText(strings[int.Parse(v!, CultureInfo.InvariantCulture)]),
                    "str" => CellValue.FromText(v ?? ""),
                    "inlineStr" => CellValue.FromText(string.Concat(c.Descendants(Main + "t").Select(t => t.Value))),
                    "e" => new CellValue(null, null, v),
                    "b" => new CellValue(v == "1" ? 1 : 0, null, null),
                    _ => v is null ? CellValue.Empty : new CellValue(double.Parse(v, CultureInfo.InvariantCulture), null, null),
                };
            }
            _sheets[(string)sheet.Attribute("name")!] = cells;
        }
    }

    public CellValue this[string sheet, int row, int column] =>
        _sheets[sheet].GetValueOrDefault(ClosedXML.Excel.XLHelper.GetColumnLetterFromNumber(column) + row.ToString(CultureInfo.InvariantCulture), CellValue.Empty);

    /// <summary>The rows of column A of a sheet that hold text, with the text.</summary>
    public IEnumerable<(int Row, string Text)> TextInColumnA(string sheet) =>
        _sheets[sheet]
            .Where(kv => kv.Value.Text is not null && kv.Key.StartsWith('A') && char.IsAsciiDigit(kv.Key[1]))
            .Select(kv => (int.Parse(kv.Key.AsSpan(1), CultureInfo.InvariantCulture), kv.Value.Text!));
}

/// <summary>A cell's computed value: a number, a text or an error (as the file spells it, e.g. <c>#NUM!</c>).</summary>
public sealed record CellValue(double? Number, string? Text, string? Error)
{
    public static readonly CellValue Empty = new(null, null, null);

    public static CellValue FromText(string text) => new(null, text, null);

    public override string ToString() => Number?.ToString("R", CultureInfo.InvariantCulture) ?? Text ?? (Error is null ? "(empty)" : "error " + Error);
}
