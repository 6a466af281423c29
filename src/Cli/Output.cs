using Planner.Reports;

namespace Planner.Cli;

internal static class Output
{
    /// <summary>Writes to the file when one is named (whole or not at all, through <see cref="AtomicFile"/>), else to standard output.</summary>
    public static async Task WriteAsync(string? path, string text, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(path))
        {
            await Console.Out.WriteAsync(text.AsMemory(), ct);
            return;
        }
        await AtomicFile.WriteAsync(path, async stream =>
        {
            await using var writer = new StreamWriter(stream, leaveOpen: true);
            await writer.WriteAsync(text.AsMemory(), ct);
        });
    }
}
