using System.CommandLine;
using System.Globalization;
using Planner.Benchmarks.Projections;
using Planner.Benchmarks.Results;
using Planner.CostModel.Json;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary><c>planner project calibrate RESULTS.json [--format table|json]</c>: the projector against a benchmark run's measurements.</summary>
public static class CalibrateCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var results = new Argument<string>("results") { Description = "A results JSON file written by `planner bench run`" };
        var format = new Option<string>("--format") { Description = "table (default) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("calibrate",
            "Project every transformer result of a benchmark run from its preset's shape on the measured device (its achieved peak GFLOP/s and bandwidth) and report the error and the efficiency factors η_c, η_m.")
        {
            results, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var report = Calibrator.Calibrate(BenchmarkResultsJson.Read(parse.GetRequiredValue(results)));
            var text = parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(report) + Environment.NewLine
                : PlainConsole.Render(console => Write(console, report));
            await Output.WriteAsync(null, text, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, CalibrationReport r)
    {
        var d = r.Device;
        console.WriteLine($"Run {r.RunId} ({r.Profile}) on {d.Name}");
        console.WriteLine($"Device ceilings: fp32 peak {(d.Fp32Tflops * 1000 ?? 0).ToString("N1", Invariant)} GFLOP/s, int8 {(d.Fp8Tflops * 1000 ?? 0).ToString("N1", Invariant)} (best of the run: {r.PeakGflopsSource}), "
            + $"bandwidth {d.BandwidthGbPerS.ToString("N1", Invariant)} GB/s, memory {d.MemoryGb.ToString("N1", Invariant)} GB");
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "model", "phase", "precision", "batch", "seq", "ctx" })
        {
            table.AddColumn(column);
        }
        foreach (var column in new[] { "measured tok/s", "projected tok/s", "error %", "bound", "implied η" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (var row in r.Rows)
        {
            table.AddRow(PlainConsole.Cells(
                $"{row.Model}/{row.Preset}", row.Phase, row.Precision, row.Batch.ToString(Invariant),
                row.SequenceLength?.ToString(Invariant) ?? "-", row.ContextLength?.ToString(Invariant) ?? "-",
                row.MeasuredTokensPerSecond.ToString("N0", Invariant), row.ProjectedTokensPerSecond.ToString("N0", Invariant),
                row.ErrorPercent.ToString("+0.0;-0.0;0.0", Invariant), row.Bound, row.ImpliedEfficiency.ToString("0.000", Invariant)));
        }
        console.Write(table);
        console.WriteLine($"η_c (compute, median of compute-bound rows): {Factor(r.ComputeEfficiency)}");
        console.WriteLine($"η_m (bandwidth, median of memory-bound rows): {Factor(r.BandwidthEfficiency)}");
        foreach (var skipped in r.NotProjected)
        {
            console.WriteLine($"not projected: {skipped}");
        }
    }

    private static string Factor(double? value) => value?.ToString("0.000", Invariant) ?? "not measured (no row is bound by it)";
}
