using System.CommandLine;

namespace Planner.Cli.Commands;

/// <summary>The <c>--format</c> option of the verbs that print a result: the first format is the default.</summary>
internal static class FormatOption
{
    /// <param name="formats">The accepted formats, the default first ("table", "json").</param>
    /// <param name="description">The help text; by default "table (default) or json".</param>
    public static Option<string> Create(string[] formats, string? description = null)
    {
        var format = new Option<string>("--format")
        {
            Description = description ?? Describe(formats),
            DefaultValueFactory = _ => formats[0],
        };
        format.AcceptOnlyFromAmong(formats);
        return format;
    }

    private static string Describe(string[] formats) => formats.Length == 1
        ? formats[0]
        : $"{formats[0]} (default)" + (formats.Length > 2 ? ", " + string.Join(", ", formats[1..^1]) : "") + " or " + formats[^1];
}
