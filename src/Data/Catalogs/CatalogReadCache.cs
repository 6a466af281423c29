using System.Collections.Concurrent;
using Planner.Data.Storage;

namespace Planner.Data.Catalogs;

/// <summary>
/// The catalogs as last read, kept while the store is unchanged: an entry is used only while the store's change mark
/// (<see cref="PlannerDatabase.ChangeMark"/>: a SQLite file's and its WAL's modification time and length, which any
/// process's write moves) is the one it was read under, for at most <see cref="MaxAge"/>, and never across a write made
/// through <see cref="CatalogService"/> in this process. A store without a change mark (PostgreSQL, in-memory SQLite)
/// is read every time.
/// </summary>
internal sealed class CatalogReadCache(PlannerDatabase database)
{
    /// <summary>Bounds how long a write by another process could go unseen should it leave the change mark as it was.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private sealed record Entry(object Rows, string Mark, long ReadAt, long Generation);

    private readonly ConcurrentDictionary<Type, Entry> _entries = new();
    private long _generation;

    public async Task<IReadOnlyList<T>> GetAsync<T>(Type rowType, Func<Task<IReadOnlyList<T>>> read)
    {
        var mark = database.ChangeMark();
        if (mark is null)
        {
            return await read();
        }
        var generation = Interlocked.Read(ref _generation);
        if (_entries.TryGetValue(rowType, out var entry) && entry.Rows is IReadOnlyList<T> rows && entry.Mark == mark
            && entry.Generation == generation && database.Time.GetElapsedTime(entry.ReadAt) < MaxAge)
        {
            return rows;
        }
        var readAt = database.Time.GetTimestamp();
        var fresh = await read();
        // A write that began while this read ran may not be in it: keep it only when none did.
        if (Interlocked.Read(ref _generation) == generation)
        {
            _entries[rowType] = new Entry(fresh, mark, readAt, generation);
        }
        return fresh;
    }

    /// <summary>Marks a write through the catalog service: what was read before it (or while it runs) is not used after it.</summary>
    public IDisposable Writing()
    {
        Invalidate();
        return new EndOfWrite(this);
    }

    private void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private sealed class EndOfWrite(CatalogReadCache cache) : IDisposable
    {
        public void Dispose() => cache.Invalidate();
    }
}
