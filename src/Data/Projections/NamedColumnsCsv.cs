using Planner.CostModel.Text;
using CsvHelper;
using Planner.CostModel;

namespace Planner.Data.Projections;

/// <summary>
/// A validation set's CSV, whose header names its columns (in any order; other columns are ignored): an empty file or a
/// missing column is an error naming the file, and each data row comes with its row number (the header is row 1) and
/// its fields' trimmed text by column name (empty where the row is short).
/// </summary>
internal static class NamedColumnsCsv
{
    private static readonly PhraseTemplate EmptyTemplate = new("validationSet.empty", "{0}: empty; the header must be {1}");
    private static readonly PhraseTemplate MissingColumnsTemplate = new("validationSet.missingColumns", "{0}: the header lacks {1}");

    /// <exception cref="InputException">The file is empty or its header lacks a column (thrown when enumeration starts).</exception>
    public static IEnumerable<(int Row, Func<string, string> Text)> Rows(TextReader reader, string fileName, IReadOnlyList<string> columns)
    {
        using var parser = CsvReader.Create(reader, new CsvReaderOptions { Separator = ',', HasHeader = false }, leaveOpen: true);
        if (!parser.Read())
        {
            throw new InputException(InputProblem.General(EmptyTemplate.With(fileName, string.Join(",", columns))));
        }
        var header = Enumerable.Range(0, parser.FieldCount).Select(parser.GetString).ToArray();
        var missing = columns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
        {
            throw new InputException(InputProblem.General(MissingColumnsTemplate.With(fileName, string.Join(", ", missing))));
        }
        var position = columns.ToDictionary(c => c, c => Array.IndexOf(header, c), StringComparer.Ordinal);
        var row = 1;
        while (parser.Read())
        {
            row++;
            var fields = Enumerable.Range(0, parser.FieldCount).Select(parser.GetString).ToArray();
            yield return (row, column => position[column] < fields.Length ? fields[position[column]].Trim() : "");
        }
    }
}
