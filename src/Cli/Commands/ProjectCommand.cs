using System.CommandLine;
using System.Globalization;
using Planner.Cli.Catalog;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.CostModel.Projection;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary><c>planner project --model M --gpu G [--gpus N] [--precision P] [--batch B] [--context T] [--format table|json]</c>.</summary>
public static class ProjectCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model-shape catalog name, e.g. llama-3-70b", Required = true };
        var gpu = new Option<string>("--gpu") { Description = "GPU catalog name, vendor prefix optional, e.g. \"H100 SXM\"", Required = true };
        var gpus = new Option<int>("--gpus") { Description = "GPUs serving one copy of the model (tensor parallel)", DefaultValueFactory = _ => 1 };
        var precision = new Option<string>("--precision") { Description = "fp32, bf16, fp16, fp8 or int8", DefaultValueFactory = _ => "bf16" };
        var batch = new Option<int>("--batch") { Description = "Sequences decoded together", DefaultValueFactory = _ => 1 };
        var context = new Option<int?>("--context") { Description = "Tokens per sequence (prompt and output); the model's context length by default" };
        var format = new Option<string>("--format") { Description = "table (default) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("project", "Project memory and prefill/decode throughput of a model too large to benchmark here, from its shape and a GPU's datasheet (roofline).")
        {
            model, gpu, gpus, precision, batch, context, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var catalog = ProjectionCatalog.Load();
            var projection = ThroughputProjector.Project(
                catalog.Model(parse.GetRequiredValue(model)),
                catalog.Gpu(parse.GetRequiredValue(gpu)),
                parse.GetValue(gpus),
                Precisions.Parse(parse.GetValue(precision) ?? "bf16", "--precision"),
                parse.GetValue(batch),
                parse.GetValue(context),
                Efficiency.GpuDefault);
            var text = parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(projection) + Environment.NewLine
                : PlainConsole.Render(console => Write(console, projection));
            await Output.WriteAsync(null, text, ct);
            if (!projection.Fits)
            {
                throw new NoResultException("does not fit: " + ThroughputProjector.DoesNotFit(projection));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, Projection p)
    {
        console.WriteLine($"{p.Model} on {p.Gpus}x {p.Gpu}, {p.Precision}, batch {p.Batch}, {p.ContextLength.ToString("N0", Invariant)} tokens per sequence");
        console.WriteLine($"Efficiency: compute {p.Efficiency.Compute:0.00}, bandwidth {p.Efficiency.Bandwidth:0.00}, tensor parallel {p.Efficiency.TensorParallel:0.00} ({p.Efficiency.Source})");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("quantity");
        table.AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(PlainConsole.Cells(name, value));
        Row("weights", $"{p.WeightMemoryGb.ToString("N1", Invariant)} GB");
        Row("overhead (20% of weights)", $"{p.OverheadGb.ToString("N1", Invariant)} GB");
        Row("KV cache per token", $"{p.KvCacheBytesPerToken.ToString("N0", Invariant)} bytes");
        Row("KV cache per sequence", $"{p.KvCacheGbPerSequence.ToString("N2", Invariant)} GB");
        Row("memory needed", $"{p.TotalMemoryGb.ToString("N1", Invariant)} GB");
        Row("memory available", $"{p.AvailableMemoryGb.ToString("N1", Invariant)} GB");
        Row("fits", p.Fits ? "yes" : $"no: {p.MissingGb.ToString("N1", Invariant)} GB missing");
        Row("largest batch that fits", p.MaxBatchThatFits.ToString("N0", Invariant));
        Row("prefill tokens/s per GPU", $"{p.PrefillTokensPerSecondPerGpu.ToString("N0", Invariant)} ({p.PrefillBound}-bound)");
        Row("decode tokens/s per GPU", $"{p.DecodeTokensPerSecondPerGpu.ToString("N1", Invariant)} ({p.DecodeBound}-bound)");
        Row("ms per output token", p.MsPerOutputToken.ToString("N2", Invariant));
        console.Write(table);
    }
}
