namespace Planner.Reports;

/// <summary>Writes a file whole or not at all: into a temporary file beside it, then moved into place.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
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
}
