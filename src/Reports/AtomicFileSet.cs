namespace Planner.Reports;

/// <summary>
/// Writes a set of files all or nothing (the PDF, the CSV files and the workbook of one <c>planner report</c>): each
/// file is written to a temporary file beside it, and only when every one is complete are they moved into place.
/// Disposing without <see cref="Commit"/> (a failure, a full disk, Ctrl+C) deletes the temporary files and leaves the
/// old files as they were. A process killed with -9 leaves its <c>.tmp</c> files; the next report to the same paths
/// replaces them.
/// </summary>
public sealed class AtomicFileSet : IDisposable
{
    private readonly List<(string Full, string Temporary)> _staged = [];

    public void Stage(string path, Action<Stream> write)
    {
        var (full, temporary) = Add(path);
        using var stream = File.Create(temporary);
        write(stream);
    }

    public async Task StageAsync(string path, Func<Stream, Task> write)
    {
        var (full, temporary) = Add(path);
        await using var stream = File.Create(temporary);
        await write(stream);
    }

    /// <summary>Moves every staged file into place; returns their full paths in the order staged.</summary>
    public IReadOnlyList<string> Commit()
    {
        foreach (var (full, temporary) in _staged)
        {
            File.Move(temporary, full, overwrite: true);
        }
        var written = _staged.Select(s => s.Full).ToArray();
        _staged.Clear();
        return written;
    }

    public void Dispose()
    {
        foreach (var (_, temporary) in _staged)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
                // best effort: the temporary file stays, the old report is untouched
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        _staged.Clear();
    }

    private (string Full, string Temporary) Add(string path)
    {
        var staged = AtomicFile.Prepare(path);
        _staged.Add(staged);
        return staged;
    }
}
