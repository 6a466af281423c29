using System.CommandLine;
using System.Globalization;
using Planner.Benchmarks.Models;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>
/// <c>planner bench cache list|clear</c>: the on-disk cache of built ONNX models that <c>bench run</c> reads
/// (PLANNER_MODEL_CACHE, PLANNER_MODEL_CACHE_MAX_MB; docs/benchmarking.md, "Model cache").
/// </summary>
internal static class BenchCacheCommand
{
    public static Command Create()
    {
        var cache = new Command("cache", "The cache of built ONNX models that `bench run` reads instead of building them again.");
        var list = new Command("list", "Show the cache folder, its size limit and its models, least recently used first.");
        list.SetAction(_ =>
        {
            if (Open() is not { } models)
            {
                return ExitCodes.Ok;
            }
            var entries = models.List();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{models.Folder}: {entries.Count} models, {Mib(entries.Sum(e => e.Bytes))} of {Mib(models.MaxBytes)}"));
            if (entries.Count > 0)
            {
                BenchTables.UseWideLayoutWhenRedirected();
                var table = new Table().AddColumns("model", "preset", "precision", "MiB", "last used (UTC)", "shape hash");
                foreach (var entry in entries)
                {
                    table.AddRow(
                        Markup.Escape(entry.Model),
                        Markup.Escape(entry.Preset),
                        Markup.Escape(entry.Precision),
                        (entry.Bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture),
                        entry.LastUsedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                        Markup.Escape(entry.ShapeHash.Length > 16 ? entry.ShapeHash[..16] : entry.ShapeHash));
                }
                AnsiConsole.Write(table);
            }
            return ExitCodes.Ok;
        });
        var clear = new Command("clear", "Delete every cached model (the next `bench run` builds them again).");
        clear.SetAction(_ =>
        {
            if (Open() is not { } models)
            {
                return ExitCodes.Ok;
            }
            var (entries, bytes) = models.Clear();
            Console.WriteLine($"{models.Folder}: removed {entries} models, {Mib(bytes)}");
            return ExitCodes.Ok;
        });
        cache.Subcommands.Add(list);
        cache.Subcommands.Add(clear);
        return cache;
    }

    private static ModelCache? Open()
    {
        var models = ModelCache.FromEnvironment();
        if (models is null)
        {
            Console.WriteLine($"{ModelCache.FolderVariable}={ModelCache.OffValue}: no model cache; every run builds its models in memory.");
        }
        return models;
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
