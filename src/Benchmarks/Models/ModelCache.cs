using Planner.CostModel.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Planner.CostModel;

namespace Planner.Benchmarks.Models;

/// <summary>
/// Built reference models on disk, keyed by their <see cref="ModelGraph.ShapeHash"/>, so that a benchmark run builds a
/// model once and later runs read the file (docs/decisions/023-onnx-model-cache.md, docs/benchmarking.md "Model cache").
/// An entry is <c>NAME.onnx</c> and its manifest <c>NAME.json</c> (shape hash, length, SHA-256, created and last used).
/// Both are written to a temporary file and moved into place, the model first: a manifest names only a complete file.
/// A lookup trusts nothing: a missing or unreadable manifest, a different length or a different SHA-256 makes the entry
/// be rebuilt over the bad one. After each write the least recently used entries beyond <see cref="MaxBytes"/> are evicted.
/// </summary>
public sealed class ModelCache
{
    private static readonly PhraseTemplate BadLimit = new("modelCache.badLimit", "{0}: must be a whole number of MiB from 1 to {1}, got '{2}'.");

    /// <summary>The cache folder, or <c>off</c> to build every model in memory.</summary>
    public const string FolderVariable = "PLANNER_MODEL_CACHE";

    /// <summary>The size limit in MiB.</summary>
    public const string MaxMegabytesVariable = "PLANNER_MODEL_CACHE_MAX_MB";

    public const string OffValue = "off";

    /// <summary>4 GiB: the llm profile's models (the GPT-2-small-shaped decoder, 622 MiB, and three BERT-base encoders) with room to spare.</summary>
    public const long DefaultMaxMegabytes = 4096;

    /// <summary>1 TiB.</summary>
    public const long MaxMegabytesLimit = 1 << 20;

    private const string ModelExtension = ".onnx";
    private const string ManifestExtension = ".json";
    private const string TemporaryExtension = ".tmp";

    /// <summary>A temporary file this old is left over from a killed build, not one being written.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private readonly TimeProvider _clock;

    public ModelCache(string folder, long maxBytes, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        Folder = Path.GetFullPath(folder);
        MaxBytes = maxBytes;
        _clock = clock ?? TimeProvider.System;
    }

    public string Folder { get; }

    public long MaxBytes { get; }

    /// <summary>
    /// The cache <see cref="FolderVariable"/> and <see cref="MaxMegabytesVariable"/> describe, null when the folder is
    /// <c>off</c>; by default <c>$XDG_CACHE_HOME/planner/onnx-models</c> (<c>~/.cache/planner/onnx-models</c>), on
    /// Windows <c>%LOCALAPPDATA%\planner\onnx-models</c>, limited to <see cref="DefaultMaxMegabytes"/> MiB.
    /// </summary>
    /// <exception cref="InputException">The size limit is not a whole number of MiB in range.</exception>
    public static ModelCache? FromEnvironment(Func<string, string?>? variable = null, TimeProvider? clock = null)
    {
        variable ??= System.Environment.GetEnvironmentVariable;
        var folder = variable(FolderVariable);
        if (string.Equals(folder?.Trim(), OffValue, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var maxMegabytes = DefaultMaxMegabytes;
        if (variable(MaxMegabytesVariable) is { Length: > 0 } text
            && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out maxMegabytes) || maxMegabytes < 1 || maxMegabytes > MaxMegabytesLimit))
        {
            throw new InputException(InputProblem.General(BadLimit.With(MaxMegabytesVariable, MaxMegabytesLimit.ToString("N0", CultureInfo.InvariantCulture), text)));
        }
        return new ModelCache(string.IsNullOrWhiteSpace(folder) ? DefaultFolder(variable) : folder, maxMegabytes * 1024 * 1024, clock);
    }

    private static string DefaultFolder(Func<string, string?> variable)
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData), "planner", "onnx-models");
        }
        var cacheHome = variable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cacheHome) || !Path.IsPathRooted(cacheHome))
        {
            cacheHome = Path.Combine(variable("HOME") is { Length: > 0 } home ? home : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache");
        }
        return Path.Combine(cacheHome, "planner", "onnx-models");
    }

    /// <summary>
    /// The model's verified file, or the model written to the cache when there was none (or a bad one).
    /// <see cref="ModelGraph.WriteTo"/> is called only on a miss.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written.</exception>
    public (CachedModel Model, bool Hit) GetOrAdd(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Directory.CreateDirectory(Folder);
        var name = EntryName(graph);
        var modelPath = Path.Combine(Folder, name + ModelExtension);
        var manifestPath = Path.Combine(Folder, name + ManifestExtension);
        var model = new CachedModel(graph.Model, graph.Preset, graph.Precision, modelPath, graph.ShapeHash, graph.Inputs, graph.Outputs, graph.ParameterBytes);
        if (Verify(modelPath, manifestPath, graph) is { } manifest)
        {
            manifest["lastUsedAt"] = _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            WriteAtomically(manifestPath, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString())));
            return (model, true);
        }
        // A bad entry is replaced by moving over it, not deleted first: another process may have just written a good one
        // and be about to load it. Until the new manifest lands, the pair does not verify, so nothing trusts it.
        string sha256 = "";
        WriteAtomically(modelPath, stream =>
        {
            using var hash = SHA256.Create();
            using (var hashing = new CryptoStream(stream, hash, CryptoStreamMode.Write, leaveOpen: true))
            {
                graph.WriteTo(hashing);
            }
            sha256 = Convert.ToHexStringLower(hash.Hash!);
        });
        var now = _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var written = new JsonObject
        {
            ["shapeHash"] = graph.ShapeHash,
            ["model"] = graph.Model,
            ["preset"] = graph.Preset,
            ["precision"] = graph.Precision.ToName(),
            ["bytes"] = new FileInfo(modelPath).Length,
            ["sha256"] = sha256,
            ["createdAt"] = now,
            ["lastUsedAt"] = now,
        };
        WriteAtomically(manifestPath, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(written.ToJsonString())));
        Evict(keep: name);
        return (model, false);
    }

    /// <summary>The entries, least recently used first (an entry whose manifest is unreadable is listed with what its file says).</summary>
    public IReadOnlyList<ModelCacheEntry> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        var entries = new List<ModelCacheEntry>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*" + ModelExtension))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var manifest = ReadManifest(Path.Combine(Folder, name + ManifestExtension));
            var file = new FileInfo(path);
            entries.Add(new ModelCacheEntry(
                name,
                Text(manifest, "shapeHash") ?? "",
                Text(manifest, "model") ?? "",
                Text(manifest, "preset") ?? "",
                Text(manifest, "precision") ?? "",
                file.Exists ? file.Length : 0,
                Date(manifest, "lastUsedAt") ?? file.LastWriteTimeUtc));
        }
        return [.. entries.OrderBy(e => e.LastUsedAt).ThenBy(e => e.Name, StringComparer.Ordinal)];
    }

    /// <summary>Deletes every entry and left-over temporary file; returns the entries and the bytes removed.</summary>
    public (int Entries, long Bytes) Clear()
    {
        if (!Directory.Exists(Folder))
        {
            return (0, 0);
        }
        var entries = List();
        foreach (var entry in entries)
        {
            DeleteEntry(entry.Name);
        }
        foreach (var path in Directory.EnumerateFiles(Folder, "*" + TemporaryExtension).Concat(Directory.EnumerateFiles(Folder, "*" + ManifestExtension)))
        {
            Delete(path);
        }
        return (entries.Count, entries.Sum(e => e.Bytes));
    }

    /// <summary><c>MODEL-PRESET-PRECISION-HASH16</c>: readable in a listing, and the hash keeps it unique.</summary>
    private static string EntryName(ModelGraph graph) => $"{graph.Model}-{graph.Preset}-{graph.Precision.ToName()}-{graph.ShapeHash[..16]}";

    /// <summary>The manifest when the file is the model it names, byte for byte; null otherwise.</summary>
    private static JsonObject? Verify(string modelPath, string manifestPath, ModelGraph graph)
    {
        var manifest = ReadManifest(manifestPath);
        var file = new FileInfo(modelPath);
        if (manifest is null || !file.Exists
            || Text(manifest, "shapeHash") != graph.ShapeHash
            || manifest["bytes"] is not JsonValue bytes || !bytes.TryGetValue<long>(out var length)
            || length != file.Length || length != graph.OnnxLength
            || Text(manifest, "sha256") is not { } expected)
        {
            return null;
        }
        try
        {
            using var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            return Convert.ToHexStringLower(SHA256.HashData(stream)) == expected ? manifest : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static JsonObject? ReadManifest(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject? manifest, string name) =>
        manifest?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Date(JsonObject? manifest, string name) =>
        DateTimeOffset.TryParse(Text(manifest, name), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? date : null;

    /// <summary>Least recently used entries go until the rest fit in <see cref="MaxBytes"/>; the entry just used stays, whatever its size.</summary>
    private void Evict(string keep)
    {
        var entries = List();
        var total = entries.Sum(e => e.Bytes);
        foreach (var entry in entries)
        {
            if (total <= MaxBytes)
            {
                break;
            }
            if (entry.Name != keep)
            {
                DeleteEntry(entry.Name);
                total -= entry.Bytes;
            }
        }
        var abandoned = _clock.GetUtcNow() - AbandonedAfter;
        foreach (var path in Directory.EnumerateFiles(Folder, "*" + TemporaryExtension))
        {
            if (File.GetLastWriteTimeUtc(path) < abandoned.UtcDateTime)
            {
                Delete(path);
            }
        }
    }

    private void DeleteEntry(string name)
    {
        // The manifest first: without it the model file is never trusted.
        Delete(Path.Combine(Folder, name + ManifestExtension));
        Delete(Path.Combine(Folder, name + ModelExtension));
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another process holds or removed it; the next lookup checks it again.
        }
    }

    /// <summary>Writes beside the target and moves over it, so a reader or a killed process never sees half a file.</summary>
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}{TemporaryExtension}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            Delete(temporary);
            throw;
        }
    }
}

/// <summary>One model in the <see cref="ModelCache"/>.</summary>
public sealed record ModelCacheEntry(string Name, string ShapeHash, string Model, string Preset, string Precision, long Bytes, DateTimeOffset LastUsedAt);
