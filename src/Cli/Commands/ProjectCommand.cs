using System.CommandLine;
using System.Globalization;
using Planner.Benchmarks.Projections;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.CostModel.Projection;
using Planner.Data;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>
/// <c>planner project --model M --gpu G [--gpus N] [--precision P] [--batch B] [--context T] [--calibration RESULTS.json]
/// [--compute-efficiency X] [--bandwidth-efficiency X] [--layer-overhead-us X] [--half-efficiency-hidden-size X] [--overlap X]
/// [--format table|json]</c>;
/// <c>planner project calibrate RESULTS.json</c>.
/// </summary>
public static class ProjectCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Models catalog name, e.g. llama-3-70b (planner catalog list models)", Required = true };
        var gpu = new Option<string>("--gpu") { Description = "GPU catalog name, vendor prefix optional, e.g. \"H100 SXM\"", Required = true };
        var gpus = new Option<int>("--gpus") { Description = "GPUs serving one copy of the model (tensor parallel)", DefaultValueFactory = _ => 1 };
        var precision = new Option<string>("--precision") { Description = "fp32, bf16, fp16, fp8 or int8", DefaultValueFactory = _ => "bf16" };
        var batch = new Option<int>("--batch") { Description = "Sequences decoded together", DefaultValueFactory = _ => 1 };
        var context = new Option<int?>("--context") { Description = "Tokens per sequence (prompt and output); the model's context length by default" };
        var calibration = new Option<string?>("--calibration")
        {
            Description = "A results JSON file of `planner bench run`: its fitted η_c, η_m, t_layer, n½ and overlap (planner project calibrate) apply when it was measured on a GPU of the same vendor and architecture as --gpu; otherwise the default does",
        };
        var compute = new Option<double?>(ComputeFlag) { Description = "η_c, achieved share of peak FLOP/s, > 0 and <= 1 (overrides the default or --calibration)" };
        var bandwidth = new Option<double?>(BandwidthFlag) { Description = "η_m, achieved share of memory bandwidth, > 0 and <= 1 (overrides the default or --calibration)" };
        var layerOverhead = new Option<double?>(LayerOverheadFlag) { Description = "t_layer, fixed microseconds per layer and pass, >= 0 and <= 1000000 (overrides the default 0 or --calibration)" };
        var halfSize = new Option<double?>(HalfSizeFlag) { Description = "n½, the hidden size at which matrix products reach half of η_c, >= 0 and <= 65536 (overrides the default 0 or --calibration)" };
        var overlap = new Option<double?>(OverlapFlag) { Description = "o, how much of the smaller of compute and memory time hides under the larger: a pass takes max + (1 - o) x min; >= 0 and <= 1 (overrides the default 1 or --calibration)" };
        var format = new Option<string>("--format") { Description = "table (default) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("project", "Project memory and prefill/decode throughput of a model too large to benchmark here, from its shape and a GPU's datasheet (roofline).")
        {
            model, gpu, gpus, precision, batch, context, calibration, compute, bandwidth, layerOverhead, halfSize, overlap, format,
            CalibrateCommand.Create(),
            ValidateCommand.Create(),
        };
        command.SetAction(async (parse, ct) =>
        {
            var overrides = (Compute: parse.GetValue(compute), Bandwidth: parse.GetValue(bandwidth), LayerOverhead: parse.GetValue(layerOverhead),
                HalfSize: parse.GetValue(halfSize), Overlap: parse.GetValue(overlap));
            var problems = (Efficiency.GpuDefault with
            {
                Compute = overrides.Compute ?? Efficiency.GpuDefault.Compute,
                Bandwidth = overrides.Bandwidth ?? Efficiency.GpuDefault.Bandwidth,
                LayerOverheadMicroseconds = overrides.LayerOverhead ?? 0,
                HalfEfficiencyHiddenSize = overrides.HalfSize ?? 0,
                Overlap = overrides.Overlap ?? 1,
            }).Validate(FlagOf);
            if (problems.Count > 0)
            {
                throw new InputException(problems);
            }
            var report = parse.GetValue(calibration) is { } path ? Calibrator.Calibrate(BenchmarkResultsJson.Read(path)) : null;
            Efficiency EfficiencyFor(GpuSpec spec)
            {
                var chosen = report is null ? Efficiency.GpuDefault : Calibrator.EfficiencyFor(report, spec);
                if (overrides is { Compute: null, Bandwidth: null, LayerOverhead: null, HalfSize: null, Overlap: null })
                {
                    return chosen;
                }
                var given = string.Join(", ", new[] { (ComputeFlag, overrides.Compute), (BandwidthFlag, overrides.Bandwidth), (LayerOverheadFlag, overrides.LayerOverhead), (HalfSizeFlag, overrides.HalfSize), (OverlapFlag, overrides.Overlap) }
                    .Where(o => o.Item2 is not null).Select(o => $"{o.Item1} {o.Item2!.Value.ToString(Invariant)}"));
                return chosen with
                {
                    Compute = overrides.Compute ?? chosen.Compute,
                    Bandwidth = overrides.Bandwidth ?? chosen.Bandwidth,
                    LayerOverheadMicroseconds = overrides.LayerOverhead ?? chosen.LayerOverheadMicroseconds,
                    HalfEfficiencyHiddenSize = overrides.HalfSize ?? chosen.HalfEfficiencyHiddenSize,
                    Overlap = overrides.Overlap ?? chosen.Overlap,
                    Source = $"command line ({given}); otherwise {chosen.Source}",
                };
            }
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var projection = await store.Projections.ProjectAsync(
                parse.GetRequiredValue(model),
                parse.GetRequiredValue(gpu),
                parse.GetValue(gpus),
                parse.GetValue(precision) ?? "bf16",
                parse.GetValue(batch),
                parse.GetValue(context),
                EfficiencyFor,
                field => field == "contextLength" ? "--context" : "--" + field,
                ct);
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

    private const string ComputeFlag = "--compute-efficiency";
    private const string BandwidthFlag = "--bandwidth-efficiency";
    private const string LayerOverheadFlag = "--layer-overhead-us";
    private const string HalfSizeFlag = "--half-efficiency-hidden-size";
    private const string OverlapFlag = "--overlap";

    private static string FlagOf(string field) => field switch
    {
        "compute" => ComputeFlag,
        "bandwidth" => BandwidthFlag,
        "layerOverheadMicroseconds" => LayerOverheadFlag,
        "halfEfficiencyHiddenSize" => HalfSizeFlag,
        "overlap" => OverlapFlag,
        _ => "efficiency." + field,
    };

    private static void Write(IAnsiConsole console, Projection p)
    {
        console.WriteLine($"{p.Model} on {p.Gpus}x {p.Gpu}, {p.Precision}, batch {p.Batch}, {p.ContextLength.ToString("N0", Invariant)} tokens per sequence");
        var e = p.Efficiency;
        console.WriteLine(string.Create(Invariant,
            $"Efficiency: compute {e.Compute:0.000}, bandwidth {e.Bandwidth:0.000}, tensor parallel {e.TensorParallel:0.00}, layer overhead {e.LayerOverheadMicroseconds:0.0} µs, n½ {e.HalfEfficiencyHiddenSize:0}, overlap {e.Overlap:0.00}"));
        console.WriteLine($"Efficiency source: {e.Source}");
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
        Row("fixed time per pass (layers × t_layer)", $"{p.LayerOverheadMsPerPass.ToString("N3", Invariant)} ms");
        console.Write(table);
    }
}
