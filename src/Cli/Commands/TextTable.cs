using System.Globalization;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>Plain text tables (no colour, wide) for the store's list verbs.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().AddColumns(headers.Select(Markup.Escape).ToArray());
        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }
        return PlainConsole.Render(console => console.Write(table), width: 220);
    }

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
