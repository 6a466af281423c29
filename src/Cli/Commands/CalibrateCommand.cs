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
        var format = FormatOption.Create(["table", "json"]);
        var gpu = new Option<string?>("--gpu") { Description = "For a GPU probe run: the catalog GPU whose datasheet it is compared with (default: the GPU the run names)" };
        var command = new Command("calibrate",
            "Project every transformer result of a benchmark run (or set every product of a GPU probe run against its GPU's datasheet) from its preset's shape on the measured device (its achieved peak GFLOP/s and bandwidth), fit the device's η_c, η_m, per-layer time t_layer and half-efficiency hidden size n½, and report each row's error at η = 1, with the fit (in-sample) and leave-one-out.")
        {
            results, format, gpu,
        };
        command.SetAction(async (parse, ct) =>
        {
            var report = await CalibrationFiles.CalibrateAsync(parse.GetRequiredValue(results), parse.GetValue(gpu), "--gpu", ct);
            var text = parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(report) + Environment.NewLine
                : PlainConsole.Render(console => WriteReport(console, report), 200);
            await Output.WriteAsync(null, text, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteReport(IAnsiConsole console, CalibrationReport report)
    {
        if (report.Probe is { } probe)
        {
            WriteProbe(console, report, probe);
        }
        else
        {
            Write(console, report);
        }
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

    /// <summary>A GPU probe run: each product's efficiency against the datasheet roofline, the passes, and the factors.</summary>
    private static void WriteProbe(IAnsiConsole console, CalibrationReport r, ProbeCalibration probe)
    {
        var d = r.Device;
        console.WriteLine($"GPU probe run {r.RunId} on {probe.MeasuredGpu}, against the datasheet of {d.Name}: bf16 {d.Bf16Tflops.ToString("N0", Invariant)} TFLOP/s, "
            + $"fp8 {d.Fp8Tflops?.ToString("N0", Invariant) ?? "-"} TFLOP/s, {d.BandwidthGbPerS.ToString("N0", Invariant)} GB/s");
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "model", "product", "precision", "phase", "batch" })
        {
            table.AddColumn(column);
        }
        foreach (var column in new[] { "M", "N", "K", "µs", "TFLOP/s", "GB/s", "bound", "η" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (var row in probe.Rows)
        {
            table.AddRow(PlainConsole.Cells(
                $"{row.Model} tp{row.TensorParallel}", row.Product, row.Precision, row.Phase, row.Batch.ToString(Invariant),
                row.M.ToString(Invariant), row.N.ToString(Invariant), row.K.ToString(Invariant), (row.MeasuredSeconds * 1e6).ToString("N1", Invariant),
                row.AchievedTflops.ToString("N1", Invariant), row.AchievedGbPerSecond.ToString("N0", Invariant), row.Bound, row.Efficiency.ToString("0.000", Invariant)));
        }
        console.Write(table);
        var passes = new Table().Border(TableBorder.Simple).AddColumns("model", "precision", "phase", "batch");
        foreach (var column in new[] { "d", "bound", "η (Σ roofline / Σ measured)", "fitted η" })
        {
            passes.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (var pass in probe.Passes)
        {
            passes.AddRow(PlainConsole.Cells($"{pass.Model} tp{pass.TensorParallel}", pass.Precision, pass.Phase, pass.Batch.ToString(Invariant),
                pass.HiddenSize.ToString(Invariant), pass.Bound, pass.Efficiency.ToString("0.000", Invariant), pass.FittedEfficiency?.ToString("0.000", Invariant) ?? "-"));
        }
        console.Write(passes);
        console.WriteLine($"η_c (compute-bound {probe.FitPrecision} passes, η_c·d/(d+n½)): {Factor(r.ComputeEfficiency)}, n½ {(r.Fit?.HalfEfficiencyHiddenSize ?? 0).ToString("0", Invariant)}");
        console.WriteLine($"η_m (device copy {probe.CopyGbPerSecond?.ToString("N0", Invariant) ?? "-"} GB/s over the datasheet's {d.BandwidthGbPerS.ToString("N0", Invariant)} GB/s): {Factor(r.BandwidthEfficiency)}; "
            + $"decode passes reach {Factor(probe.DecodeBandwidthEfficiency)} of the datasheet bandwidth");
        if (r.FitNote is not null)
        {
            console.WriteLine($"fit: {r.FitNote}");
        }
        console.WriteLine($"Carry: {(r.DeviceClass is null ? "the GPU's architecture is not in the class table: its factors do not carry" : $"to catalog GPUs of the class {r.DeviceClass} (planner project --calibration FILE)")}");
        foreach (var skipped in r.NotProjected)
        {
            console.WriteLine($"not used: {skipped}");
        }
    }

    private static string Factor(double? value) => value?.ToString("0.000", Invariant) ?? "not measured (no row is bound by it)";

    private static string Percent(double? value) => value?.ToString("+0.0;-0.0;0.0", Invariant) ?? "-";

    private static string Goal(double? errorPercent) => errorPercent is { } e ? (Math.Abs(e) <= CalibrationFit.GoalPercent ? "yes" : "no") : "-";
}
