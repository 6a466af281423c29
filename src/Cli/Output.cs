namespace Planner.Cli;

internal static class Output
{
    /// <summary>Writes to the file when one is named (whole or not at all: a temporary file is moved into place), else to standard output.</summary>
    public static async Task WriteAsync(string? path, string text, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(path))
        {
            await Console.Out.WriteAsync(text.AsMemory(), ct);
            return;
        }
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        await File.WriteAllTextAsync(temporary, text, ct);
        File.Move(temporary, full, overwrite: true);
    }
}
