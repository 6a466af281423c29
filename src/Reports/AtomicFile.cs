namespace Planner.Reports;

/// <summary>Writes a file whole or not at all: into a temporary file beside it, then moved into place.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var (full, temporary) = Prepare(path);
        try
        {
            // File.Create truncates; File.OpenWrite would leave old bytes behind a shorter file.
            using (var stream = File.Create(temporary))
            {
                write(stream);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static async Task WriteAsync(string path, Func<Stream, Task> write)
    {
        var (full, temporary) = Prepare(path);
        try
        {
            await using (var stream = File.Create(temporary))
            {
                await write(stream);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    internal static (string Full, string Temporary) Prepare(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return (full, full + ".tmp");
    }
}
