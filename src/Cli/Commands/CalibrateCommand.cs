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
            "Project every transformer result of a benchmark run from its preset's shape on the measured device (its achieved peak GFLOP/s and bandwidth), fit the device's η_c, η_m, per-layer time t_layer and half-efficiency hidden size n½, and report each row's error at η = 1, with the fit (in-sample) and leave-one-out.")
        {
            results, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var report = Calibrator.Calibrate(BenchmarkResultsJson.Read(parse.GetRequiredValue(results)));
            var text = parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(report) + Environment.NewLine
                : PlainConsole.Render(console => Write(console, report), 200);
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
        foreach (var column in new[] { "L", "d", "measured tok/s", "η=1 tok/s", "η=1 error %", "bound", "implied η", "fitted tok/s", "fit error %", "LOO error %", "goal" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (var row in r.Rows)
        {
            table.AddRow(PlainConsole.Cells(
                $"{row.Model}/{row.Preset}", row.Phase, row.Precision, row.Batch.ToString(Invariant),
                row.SequenceLength?.ToString(Invariant) ?? "-", row.ContextLength?.ToString(Invariant) ?? "-",
                row.Layers.ToString(Invariant), row.HiddenSize.ToString(Invariant), row.MeasuredTokensPerSecond.ToString("N0", Invariant), row.ProjectedTokensPerSecond.ToString("N0", Invariant),
                Percent(row.ErrorPercent), row.Bound, row.ImpliedEfficiency.ToString("0.000", Invariant),
                row.FittedProjectedTokensPerSecond?.ToString("N0", Invariant) ?? "-", Percent(row.FittedErrorPercent), Percent(row.CrossValidatedErrorPercent),
                Goal(row.CrossValidatedErrorPercent ?? row.FittedErrorPercent)));
        }
        console.Write(table);
        console.WriteLine($"η_c (compute, median of compute-bound rows at η = 1): {Factor(r.ComputeEfficiency)}");
        console.WriteLine($"η_m (bandwidth, median of memory-bound rows at η = 1): {Factor(r.BandwidthEfficiency)}");
        if (r.Fit is { } fit)
        {
            console.WriteLine(string.Create(Invariant,
                $"Fit of max(C, M) + (1 - overlap)·min(C, M) + layers·t_layer, C = FLOPs/(P·η_c·d/(d+n½)), M = bytes/(W·η_m), to {fit.Rows} rows (least squares on ln(projected/measured)):"));
            console.WriteLine(string.Create(Invariant,
                $"  η_c {Factor(fit.ComputeEfficiency)}, η_m {Factor(fit.BandwidthEfficiency)}, t_layer {fit.LayerOverheadMicroseconds:0.00} µs, n½ {fit.HalfEfficiencyHiddenSize:0.0}, overlap {fit.Overlap:0.00}, RMS log error {fit.RmsLogError:0.000}"));
            var crossValidated = fit.RowsWithinGoalCrossValidated?.ToString(Invariant) ?? "n/a";
            console.WriteLine(string.Create(Invariant,
                $"Goal ±{CalibrationFit.GoalPercent:0}%: {fit.RowsWithinGoal} of {fit.Rows} rows in-sample, {crossValidated} of {fit.Rows} leave-one-out: {(fit.GoalMet ? "met" : "not met")}"));
        }
        if (r.FitNote is not null)
        {
            console.WriteLine($"fit: {r.FitNote}");
        }
        console.WriteLine($"Carry: {(r.DeviceClass is null ? "a CPU run (or a GPU outside the class table): its factors never carry to catalog GPUs" : $"to catalog GPUs of the class {r.DeviceClass} (planner project --calibration FILE)")}");
        foreach (var skipped in r.NotProjected)
        {
            console.WriteLine($"not projected: {skipped}");
        }
    }

    private static string Factor(double? value) => value?.ToString("0.000", Invariant) ?? "not measured (no row is bound by it)";

    private static string Percent(double? value) => value?.ToString("+0.0;-0.0;0.0", Invariant) ?? "-";

    private static string Goal(double? errorPercent) => errorPercent is { } e ? (Math.Abs(e) <= CalibrationFit.GoalPercent ? "yes" : "no") : "-";
}
