using System.CommandLine;
using System.Globalization;
using Planner.CostModel.Json;
using Planner.CostModel.Projection;
using Planner.CostModel.Projection.Validation;
using Planner.Data;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>
/// <c>planner project validate [--fit] [--measurements FILE] [--format table|json]</c>: every published measurement of
/// the validation set against its projection with its engine's preset, and the accuracy on the held-out and train
/// splits; <c>--fit</c> refits the presets on the train split first and prints them.
/// </summary>
public static class ValidateCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var fit = new Option<bool>("--fit") { Description = "Refit each engine's factors on the train split, print them, and validate with them instead of the shipped presets" };
        var measurements = new Option<string?>("--measurements") { Description = "Another validation set in the same CSV format (default: the shipped data/validation/published-measurements.csv)" };
        var format = FormatOption.Create(["table", "json"]);
        var command = new Command("validate",
            "Project every published measurement of the validation set (model, GPUs, formats, batch, input and output lengths, engine) and report the error: median, share within 15%, worst cases; held-out and train splits apart.")
        {
            fit, measurements, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var cases = await store.Projections.ValidationCasesAsync(parse.GetValue(measurements), ct);
            IReadOnlyDictionary<string, Efficiency>? fitted = parse.GetValue(fit) ? ValidationReport.FitPresets(cases) : null;
            var report = ValidationReport.Evaluate(cases, engine => fitted?.GetValueOrDefault(engine) ?? EnginePresets.Get(engine));
            var text = parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(new { fitted, report.HeldOut, report.HeldOutWithinRoofline, report.Train, report.All, report.Errors }) + Environment.NewLine
                : PlainConsole.Render(console => Write(console, report, fitted), 220);
            await Output.WriteAsync(null, text, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, ValidationReport report, IReadOnlyDictionary<string, Efficiency>? fitted)
    {
        foreach (var (engine, e) in fitted ?? new Dictionary<string, Efficiency>())
        {
            console.WriteLine(string.Create(Invariant,
                $"fitted {engine}: Compute = {e.Compute:0.0000}, Bandwidth = {e.Bandwidth:0.0000}, Attention = {e.AttentionCompute:0.0000}, LayerOverheadMicroseconds = {e.LayerOverheadMicroseconds:0.00}, TensorParallel = {e.TensorParallel:0.0000}, AllReduceLatencyMicroseconds = {e.AllReduceLatencyMicroseconds:0.00}, AttentionBandwidth = {e.AttentionMemory:0.0000}, Experts = {e.ExpertCompute:0.0000}, LowPrecisionCompute = {e.LowPrecisionCompute ?? e.Compute:0.0000}, LowPrecisionExperts = {e.ExpertComputeFor(Precision.Fp8):0.0000}, StepOverheadMicroseconds = {e.StepOverheadMicroseconds:0.0}, KvHeadSharing = {e.KvHeadSharing:0.0000} ({e.Source})"));
        }
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "id", "split", "case", "figure" })
        {
            table.AddColumn(column);
        }
        foreach (var column in new[] { "measured", "projected", "error %" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (var e in report.Errors)
        {
            var c = e.Case;
            table.AddRow(PlainConsole.Cells(c.Id.ToString(Invariant), c.HeldOut ? "held-out" : "train",
                $"{c.Model} {c.Gpus}x {c.Gpu} {c.Precisions} b{c.Batch} {c.InputTokens}/{c.OutputTokens} {c.Engine}",
                c.Metric.ToString(), c.Value.ToString("N1", Invariant), e.Projected.ToString("N1", Invariant),
                ((e.Ratio - 1) * 100).ToString("+0.0;-0.0", Invariant)));
        }
        console.Write(table);
        console.WriteLine($"held out: {report.HeldOut}; train: {report.Train}; all: {report.All}");
        console.WriteLine($"optimistic (faster than measured): {report.HeldOut.Optimistic} of {report.HeldOut.Cases} held out");
        console.WriteLine($"held out, without the cases beyond the roofline of their stated setup: {report.HeldOutWithinRoofline}");
        foreach (var beyond in report.BeyondRoofline)
        {
            console.WriteLine(string.Create(Invariant, $"beyond the η = 1 roofline as published: {beyond.Case} {beyond.Case.Metric} {beyond.Case.Value:N1}"));
        }
        foreach (var worst in report.HeldOut.Worst)
        {
            console.WriteLine(string.Create(Invariant, $"worst held out: {worst.Case} {worst.Case.Metric} measured {worst.Case.Value:N1}, projected {worst.Projected:N1} ({worst.Factor:0.00}x)"));
        }
    }
}
