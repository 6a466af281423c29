using System.Globalization;
using Planner.Benchmarks.Results;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>Console tables for bench results and comparisons.</summary>
internal static class BenchTables
{
    /// <summary>Redirected output has no terminal width; tables would wrap at 80 columns and become unreadable.</summary>
    public static void UseWideLayoutWhenRedirected()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 220;
        }
    }

    public static void WriteSummary(BenchmarkRun run)
    {
        UseWideLayoutWhenRedirected();
        var table = new Table().AddColumns("model", "preset", "prec", "task", "batch", "seq", "throughput", "p50 ms", "GFLOP/s", "J/1k", "valid");
        foreach (var r in run.Results)
        {
            table.AddRow([
                .. Identity(r.Model, r.Preset, r.Precision, r.Phase ?? r.Task, r.BatchSize, r.SequenceLength, r.ContextLength),
                Markup.Escape($"{Number(r.Throughput.Value)} {r.Throughput.Unit}"),
                Number(r.LatencyMs.P50),
                r.AchievedGflops is { } g ? Number(g) : "",
                r.EnergyJoulesPer1k is { } e ? Number(e) : "n/a",
                r.Valid ? "yes" : Markup.Escape("no: " + r.InvalidReason)]);
        }
        AnsiConsole.Write(table);
        foreach (var s in run.Skipped)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"skipped {s.Model}/{s.Preset}/{s.Precision} on {s.Provider}: {s.Reason}"));
        }
        var c = run.Calibration;
        AnsiConsole.MarkupLine(Markup.Escape(
            $"calibration: peak {(c.PeakGflops is { } p ? Number(p) + " GFLOP/s (" + c.PeakGflopsSource + ")" : "n/a")}, memory bandwidth {(c.MemoryBandwidthGbPerSecond is { } b ? Number(b) + " GB/s" : "n/a: " + c.BandwidthNote)}; provider {run.Settings.Provider}{(run.Settings.ProviderNote is null ? "" : " (" + run.Settings.ProviderNote + ")")}"));
    }

    public static void WriteComparison(RunComparison comparison)
    {
        UseWideLayoutWhenRedirected();
        var table = new Table().AddColumns("model", "preset", "prec", "task", "batch", "seq", "A", "B", "B/A", "95% interval", "change");
        foreach (var m in comparison.Matched)
        {
            table.AddRow([
                .. Identity(m.Model, m.Preset, m.Precision, m.Phase ?? m.Task, m.BatchSize, m.SequenceLength, null),
                Markup.Escape($"{Number(m.ThroughputA)} {m.Unit}"),
                Markup.Escape($"{Number(m.ThroughputB)} {m.Unit}"),
                m.Ratio.ToString("0.000", CultureInfo.InvariantCulture),
                m.RatioLow is { } low && m.RatioHigh is { } high
                    ? $"{low.ToString("0.000", CultureInfo.InvariantCulture)}-{high.ToString("0.000", CultureInfo.InvariantCulture)}"
                    : "n/a",
                m.Verdict]);
        }
        if (comparison.Matched.Count > 0)
        {
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("B/A is B's throughput over A's; the interval is Welch's t 95% interval on the log scale from each result's per-iteration latencies (docs/methodology.md, \"Comparing benchmark runs\").");
            if (comparison.Matched.Any(m => m.SpreadA.Source == ThroughputSpread.FromCv || m.SpreadB.Source == ThroughputSpread.FromCv))
            {
                AnsiConsole.MarkupLine("note: a file before schema version 3 stores no latencies; its spread is taken from its CV.");
            }
        }
        if (comparison.ServingMatched.Count > 0)
        {
            var serving = new Table().AddColumns("serving", "out tok/s A", "out tok/s B", "B/A", "TTFT p95 B/A", "ITL p95 B/A", "goodput A", "goodput B");
            foreach (var m in comparison.ServingMatched)
            {
                serving.AddRow(Markup.Escape(m.Key), Number(m.OutputTokensPerSecondA), Number(m.OutputTokensPerSecondB),
                    m.OutputTokensPerSecondRatio.ToString("0.000", CultureInfo.InvariantCulture),
                    m.TimeToFirstTokenP95Ratio.ToString("0.000", CultureInfo.InvariantCulture),
                    m.InterTokenLatencyP95Ratio.ToString("0.000", CultureInfo.InvariantCulture),
                    m.GoodputA?.ToString("P0", CultureInfo.InvariantCulture) ?? "n/a",
                    m.GoodputB?.ToString("P0", CultureInfo.InvariantCulture) ?? "n/a");
            }
            AnsiConsole.Write(serving);
        }
        if (!comparison.SameDevice)
        {
            AnsiConsole.MarkupLine("note: the runs are from different devices (fingerprintId differs).");
        }
        foreach (var key in comparison.OnlyInA)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"only in A: {key}"));
        }
        foreach (var key in comparison.OnlyInB)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"only in B: {key}"));
        }
    }

    /// <summary>The cells that say which benchmark a row is: model, preset, precision, task or phase, batch, sequence[/context].</summary>
    private static string[] Identity(string model, string preset, string precision, string task, int batch, int? sequence, int? context) =>
    [
        Markup.Escape(model),
        Markup.Escape(preset),
        precision,
        task,
        batch.ToString("N0", CultureInfo.InvariantCulture),
        context is { } c ? $"{sequence}/{c}" : sequence?.ToString(CultureInfo.InvariantCulture) ?? "",
    ];

    /// <summary>A figure as the bench tables show it: thousands separated, else one or three decimals.</summary>
    internal static string Number(double value) => value switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
