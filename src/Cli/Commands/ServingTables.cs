using System.Globalization;
using Planner.Benchmarks.Results;
using Planner.CostModel.Serving;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>Console output of serving runs: one row per load point, the fitted step-time model and the simulator's error.</summary>
internal static class ServingTables
{
    public static void WriteSummary(BenchmarkRun run)
    {
        BenchTables.UseWideLayoutWhenRedirected();
        var table = new Table().AddColumns("load", "done/failed", "out tok/s", "TTFT p50/p95 ms", "ITL p50/p95 ms", "e2e p95 ms", "goodput", "targets");
        foreach (var s in run.Serving ?? [])
        {
            var m = s.Metrics;
            table.AddRow(
                Markup.Escape(s.Load.Describe() + (s.MaxBatch is { } b ? $", batch ≤ {b}" : "")),
                Markup.Escape($"{m.Completed}/{m.Failed}" + (m.ErrorsByKind.Count > 0 ? " (" + string.Join(", ", m.ErrorsByKind.Select(e => $"{e.Key}: {e.Value}")) + ")" : "")),
                Number(m.OutputTokensPerSecond),
                $"{Number(m.TimeToFirstTokenMs.P50)} / {Number(m.TimeToFirstTokenMs.P95)}",
                $"{Number(m.InterTokenLatencyMs.P50)} / {Number(m.InterTokenLatencyMs.P95)}",
                Number(m.EndToEndMs.P95),
                m.Goodput is { } g ? g.ToString("P0", CultureInfo.InvariantCulture) : "n/a",
                m.MeetsTargets switch { true => "met", false => "MISSED", null => "n/a" });
        }
        AnsiConsole.Write(table);
        foreach (var s in run.Serving ?? [])
        {
            if (s.StepTimeFit is { } fit)
            {
                var model = fit.Model;
                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Load.Describe()}: step time: prefill {model.PrefillFixedSeconds * 1000:0.###} ms + {model.PrefillSecondsPerToken * 1000:0.####} ms/token (R² {fit.PrefillRSquared:0.###}, {fit.PrefillSteps} steps); decode {model.DecodeFixedSeconds * 1000:0.###} ms + {model.DecodeSecondsPerSequence * 1000:0.####} ms/sequence + {model.DecodeSecondsPerKvToken * 1e6:0.###} µs/KV token (R² {fit.DecodeRSquared:0.###}, {fit.DecodeSteps} steps)")));
            }
            if (s.Prediction is { Count: > 0 } prediction)
            {
                AnsiConsole.MarkupLine(Markup.Escape("  simulator vs measured: " + string.Join(", ", prediction.Select(p =>
                    string.Create(CultureInfo.InvariantCulture, $"{p.Metric} {p.PredictedMs:0.#} vs {p.MeasuredMs:0.#} ({p.ErrorPercent:+0;-0;0}%)")))));
            }
            if (s.Note is { } note)
            {
                AnsiConsole.MarkupLine(Markup.Escape("  " + note));
            }
        }
        AnsiConsole.MarkupLine(Markup.Escape($"provider {run.Settings.Provider}{(run.Settings.ProviderNote is null ? "" : " (" + run.Settings.ProviderNote + ")")}; device {run.Fingerprint.FingerprintId} ({run.Fingerprint.CpuModel}{(run.Fingerprint.Gpu is { } gpu ? ", " + gpu.Name : "")})"));
    }

    private static string Number(double value) => BenchTables.Number(value);
}
