using System.CommandLine;
using System.Globalization;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Profiles;
using Planner.CostModel.Projection;
using Planner.Data;
using Planner.Data.Entities;
using Planner.GpuProbe;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary><c>planner bench</c>: list, run, compare and export benchmarks.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure what this machine does with reference models (ONNX Runtime, ML.NET).");
        bench.Subcommands.Add(CreateList());
        bench.Subcommands.Add(BenchRunCommand.Create());
        bench.Subcommands.Add(BenchCompareCommand.Create());
        bench.Subcommands.Add(BenchServeCommand.Create());
        bench.Subcommands.Add(BenchEndpointCommand.Create());
        bench.Subcommands.Add(BenchConvertCommand.Create());
        bench.Subcommands.Add(CreateExport());
        bench.Subcommands.Add(BenchCacheCommand.Create());
        bench.Subcommands.Add(GpuProbeCommand.Create(CatalogShapesAsync));
        BenchStoreCommands.AddTo(bench);
        return bench;
    }

    /// <summary>The store's model catalog: where <c>bench gpu-probe</c> finds shapes when --shapes is not given.</summary>
    private static async Task<IReadOnlyList<ModelShape>> CatalogShapesAsync(CancellationToken ct)
    {
        await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
        return [.. (await store.Catalogs.ListAsync<CatalogModelShape>(ct)).Select(m => m.ToShape())];
    }

    private static Command CreateList()
    {
        var list = new Command("list", "List reference models (presets, precisions) and shipped profiles.");
        list.SetAction(_ =>
        {
            BenchTables.UseWideLayoutWhenRedirected();
            var models = new Table().AddColumns("model", "presets", "precisions", "unit", "description");
            foreach (var model in ModelCatalog.All)
            {
                models.AddRow(
                    Markup.Escape(model.Name),
                    Markup.Escape(string.Join(", ", model.Presets)),
                    Markup.Escape(string.Join(", ", model.Precisions.Select(p => p.ToName()))),
                    Markup.Escape(model.ThroughputUnit),
                    Markup.Escape(model.Description));
            }
            AnsiConsole.Write(models);
            var profiles = new Table().AddColumns("profile", "description");
            foreach (var name in ProfileLoader.ShippedNames())
            {
                profiles.AddRow(Markup.Escape(name), Markup.Escape(ProfileLoader.Load(name).Description));
            }
            AnsiConsole.Write(profiles);
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command CreateExport()
    {
        var modelArgument = new Argument<string>("model") { Description = "Reference model name (see `planner bench list`)." };
        var presetOption = new Option<string?>("--preset") { Description = "Size preset; default: the model's smallest." };
        var precisionOption = new Option<string>("--precision") { Description = "fp32, int8 or fp16 (where the model has it).", DefaultValueFactory = _ => "fp32" };
        var outOption = new Option<FileInfo>("--out") { Description = "Where to write the .onnx file.", Required = true };
        var export = new Command("export", "Write the exact ONNX model that is measured, for onnxruntime_perf_test, Python or other tools.");
        export.Arguments.Add(modelArgument);
        export.Options.Add(presetOption);
        export.Options.Add(precisionOption);
        export.Options.Add(outOption);
        export.SetAction(parseResult =>
        {
            var model = ModelCatalog.Get(parseResult.GetValue(modelArgument)!);
            var precisionName = parseResult.GetValue(precisionOption);
            if (!PrecisionNames.TryParse(precisionName, out var precision))
            {
                throw new CostModel.InputException($"--precision: '{precisionName}' is not a precision; allowed: {string.Join(", ", PrecisionNames.All)}.");
            }
            var preset = parseResult.GetValue(presetOption) ?? model.DefaultPreset;
            var built = model.Define(preset, precision);
            var path = parseResult.GetValue(outOption)!.FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Streamed: the weights are drawn as they are written, never held; moved into place when complete.
            var temporary = path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                built.WriteTo(file);
            }
            File.Move(temporary, path, overwrite: true);
            var shape = new WorkloadShape(1, model.DefaultSequenceLength);
            Console.WriteLine(path);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model.Name} {preset} {precision.ToName()}: {built.ParameterBytes / 1048576.0:0.##} MiB of parameters, {model.FlopsPerSample(preset, precision, shape) / 1e6:0.###} MFLOP per sample{(model.HasSequence ? $" at sequence length {shape.SequenceLength}" : "")}"));
            Console.WriteLine("inputs:  " + string.Join(", ", built.Inputs.Select(Describe)));
            Console.WriteLine("outputs: " + string.Join(", ", built.Outputs.Select(Describe)));
            return ExitCodes.Ok;
        });
        return export;
    }

    private static string Describe(TensorSpec spec) =>
        $"{spec.Name} {spec.Type.ToString().ToLowerInvariant()}[{string.Join(", ", spec.Dims.Select(d => d.ToOnnxText()))}]";
}
