using System.Globalization;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>Plain console text (no colour, fixed width): the store's list tables and the evaluation table.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().AddColumns(headers.Select(Markup.Escape).ToArray());
        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }
        return Capture(220, console => console.Write(table));
    }

    /// <summary>What <paramref name="write"/> draws on a plain console (no colour, no ANSI) of the given width.</summary>
    public static string Capture(int width, Action<IAnsiConsole> write)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        write(console);
        return writer.ToString();
    }

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
