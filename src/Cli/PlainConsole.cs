using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Planner.Cli;

/// <summary>Renders Spectre.Console output to a string: no colour, no ANSI codes, a fixed width, invariant culture.</summary>
internal static class PlainConsole
{
    public static string Render(Action<IAnsiConsole> write, int width = 160)
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

    /// <summary>A table with a simple border, a title and every column right-aligned (the evaluation and simulation tables).</summary>
    public static Table RightAlignedTable(string title, IEnumerable<string> headers)
    {
        var table = new Table().Border(TableBorder.Simple).Title(title);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(header).RightAligned());
        }
        return table;
    }

    /// <summary>Plain text cells for a table row.</summary>
    public static IRenderable[] Cells(params string[] cells) => cells.Select(c => (IRenderable)new Text(c)).ToArray();
}
