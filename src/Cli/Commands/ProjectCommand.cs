using System.CommandLine;
using System.Globalization;
using Planner.Benchmarks.Projections;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.CostModel.Projection;
using Planner.Data;
using Planner.Data.Projections;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>
/// <c>planner project --model M --gpu G [--gpus N] [--precision P] [--batch B] [--input-tokens I --output-tokens O | --context T]
/// [--activation-precision A] [--kv-precision K] [--engine E] [--memory-utilization U] [--calibration RESULTS.json]
/// [--compute-efficiency X] [--bandwidth-efficiency X] [--layer-overhead-us X] [--half-efficiency-hidden-size X] [--overlap X]
/// [--format table|json]</c>;
/// <c>planner project calibrate RESULTS.json</c>.
/// </summary>
public static class ProjectCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var projection = new ProjectionOptions();
        var calibration = new Option<string?>("--calibration")
        {
            Description = "A results JSON file of `planner bench run`: its fitted η_c, η_m, t_layer, n½ and overlap (planner project calibrate) apply when it was measured on a GPU of the same vendor and architecture as --gpu; otherwise the default does",
        };
        var compute = new Option<double?>(ComputeFlag) { Description = "η_c, achieved share of peak FLOP/s, > 0 and <= 1 (overrides the default or --calibration)" };
        var bandwidth = new Option<double?>(BandwidthFlag) { Description = "η_m, achieved share of memory bandwidth, > 0 and <= 1 (overrides the default or --calibration)" };
        var layerOverhead = new Option<double?>(LayerOverheadFlag) { Description = "t_layer, fixed microseconds per layer and pass, >= 0 and <= 1000000 (overrides the default 0 or --calibration)" };
        var halfSize = new Option<double?>(HalfSizeFlag) { Description = "n½, the hidden size at which matrix products reach half of η_c, >= 0 and <= 65536 (overrides the default 0 or --calibration)" };
        var overlap = new Option<double?>(OverlapFlag) { Description = "o, how much of the smaller of compute and memory time hides under the larger: a pass takes max + (1 - o) x min; >= 0 and <= 1 (overrides the default 1 or --calibration)" };
        var format = FormatOption.Create(["table", "json"]);
        var command = new Command("project", "Project memory and prefill/decode throughput of a model too large to benchmark here, from its shape and a GPU's datasheet (roofline).")
        {
            calibration, compute, bandwidth, layerOverhead, halfSize, overlap, format,
            CalibrateCommand.Create(),
            ValidateCommand.Create(),
        };
        foreach (var option in projection.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, ct) =>
        {
            var overrides = new EfficiencyOverrides(parse.GetValue(compute), parse.GetValue(bandwidth), parse.GetValue(layerOverhead),
                parse.GetValue(halfSize), parse.GetValue(overlap));
            var baseline = parse.GetValue(projection.Engine) is { } engineName ? EnginePresets.Get(engineName, "--engine") : Efficiency.GpuDefault;
            var problems = overrides.Validate(baseline);
            if (problems.Count > 0)
            {
                throw new InputException(problems);
            }
            var report = parse.GetValue(calibration) is { } path ? await CalibrationFiles.CalibrateAsync(path, null, null, ct) : null;
            Efficiency EfficiencyFor(GpuSpec spec) => overrides.Apply(report is null ? baseline : Calibrator.EfficiencyFor(report, spec));
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var result = await store.Projections.ProjectAsync(
                projection.Settings(parse),
                EfficiencyFor,
                SettingFlag,
                ct);
            var text = parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(result) + Environment.NewLine
                : PlainConsole.Render(console => Write(console, result));
            await Output.WriteAsync(null, text, ct);
            if (!result.Fits)
            {
                throw new NoResultException("does not fit: " + ThroughputProjector.DoesNotFit(result));
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

    /// <summary>A projection setting as the command line spells it (messages name the flag).</summary>
    private static string SettingFlag(string field) => field switch
    {
        "contextLength" => "--context",
        "inputTokens" => "--input-tokens",
        "outputTokens" => "--output-tokens",
        "activationPrecision" => "--activation-precision",
        "kvPrecision" => "--kv-precision",
        "memoryUtilization" => "--memory-utilization",
        _ => "--" + field,
    };

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
        console.WriteLine($"{p.Model} on {p.Gpus}x {p.Gpu}, weights {p.Precision}, activations {p.ActivationPrecision}, KV cache {p.KvCachePrecision}, static batch of {p.Batch}, {p.InputTokens.ToString("N0", Invariant)} input + {p.OutputTokens.ToString("N0", Invariant)} output tokens");
        var e = p.Efficiency;
        console.WriteLine(string.Create(Invariant,
            $"Efficiency: compute {e.Compute:0.000} (8-bit {e.LowPrecisionCompute ?? e.Compute:0.000}), bandwidth {e.Bandwidth:0.000}, attention {e.AttentionCompute:0.000}/{e.AttentionMemory:0.000}, link {e.TensorParallel:0.00} + {e.AllReduceLatencyMicroseconds:0.0} µs per ring step, fixed {e.StepOverheadMicroseconds:0.0} µs per step + {e.LayerOverheadMicroseconds:0.0} µs per layer, n½ {e.HalfEfficiencyHiddenSize:0}, overlap {e.Overlap:0.00}"));
        console.WriteLine($"Efficiency source: {e.Source}{(e.Engine is null ? "" : $" ({e.Engine})")}");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("quantity");
        table.AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(PlainConsole.Cells(name, value));
        Row("weights", $"{p.WeightMemoryGb.ToString("N1", Invariant)} GB");
        Row($"KV cache ({p.KvCacheTokensPerSequence.ToString("N0", Invariant)} tokens per request)", $"{p.KvCacheGb.ToString("N1", Invariant)} GB");
        Row("activation workspace", $"{p.WorkspaceGb.ToString("N1", Invariant)} GB");
        Row($"framework reserve ({(1 - p.MemoryUtilization).ToString("P0", Invariant)} of memory)", $"{p.ReserveGb.ToString("N1", Invariant)} GB");
        Row("memory needed", $"{p.TotalMemoryGb.ToString("N1", Invariant)} GB");
        Row("memory available", $"{p.AvailableMemoryGb.ToString("N1", Invariant)} GB");
        Row("fits", p.Fits ? "yes" : $"no: {p.MissingGb.ToString("N1", Invariant)} GB missing");
        Row("largest batch that fits", p.MaxBatchThatFits.ToString("N0", Invariant));
        Row("output tokens/s per GPU", p.OutputTokensPerSecondPerGpu.ToString("N1", Invariant));
        Row("time to first token (prefill of the batch)", $"{p.TimeToFirstTokenMs.ToString("N1", Invariant)} ms ({p.PrefillBound}-bound)");
        Row("ms per output token (mean decode step)", $"{p.MsPerOutputToken.ToString("N2", Invariant)} ({p.DecodeBound}-bound)");
        Row("batch latency", $"{p.BatchLatencyMs.ToString("N0", Invariant)} ms");
        Row("prefill tokens/s per GPU", p.PrefillTokensPerSecondPerGpu.ToString("N0", Invariant));
        Row("decode tokens/s per GPU", p.DecodeTokensPerSecondPerGpu.ToString("N1", Invariant));
        if (p.ExpertsTouchedPerDecodeStep is { } touched)
        {
            Row("experts read per layer and decode step", touched.ToString("N1", Invariant));
        }
        console.Write(table);
        var operators = new Table().Border(TableBorder.Simple);
        operators.AddColumn("phase");
        operators.AddColumn("operator");
        foreach (var column in new[] { "GFLOP", "MB", "compute ms", "memory ms", "ms", "bound" })
        {
            operators.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (var o in p.Operators)
        {
            operators.AddRow(PlainConsole.Cells(o.Phase, o.Operator, (o.Flops / 1e9).ToString("N1", Invariant), (o.Bytes / 1e6).ToString("N1", Invariant),
                o.ComputeMs.ToString("N3", Invariant), o.MemoryMs.ToString("N3", Invariant), o.Ms.ToString("N3", Invariant), o.Bound));
        }
        console.WriteLine("Per GPU: the prefill pass, then one mean decode step");
        console.Write(operators);
        foreach (var note in p.NotModelled)
        {
            console.WriteLine($"Not modelled: {note}");
        }
    }

    /// <summary>The efficiency factors given on the command line, each replacing the preset's or the calibration's.</summary>
    private sealed record EfficiencyOverrides(double? Compute, double? Bandwidth, double? LayerOverhead, double? HalfSize, double? Overlap)
    {
        private bool None => this is { Compute: null, Bandwidth: null, LayerOverhead: null, HalfSize: null, Overlap: null };

        /// <summary>Problems of the factors as they would apply to <paramref name="baseline"/>, each naming its flag.</summary>
        public IReadOnlyList<InputProblem> Validate(Efficiency baseline) => (baseline with
        {
            Compute = Compute ?? baseline.Compute,
            Bandwidth = Bandwidth ?? baseline.Bandwidth,
            LayerOverheadMicroseconds = LayerOverhead ?? baseline.LayerOverheadMicroseconds,
            HalfEfficiencyHiddenSize = HalfSize ?? baseline.HalfEfficiencyHiddenSize,
            Overlap = Overlap ?? baseline.Overlap,
        }).Validate(FlagOf);

        /// <summary><paramref name="chosen"/> with the given factors replaced, its source naming them.</summary>
        public Efficiency Apply(Efficiency chosen)
        {
            if (None)
            {
                return chosen;
            }
            var given = string.Join(", ", new[] { (ComputeFlag, Compute), (BandwidthFlag, Bandwidth), (LayerOverheadFlag, LayerOverhead), (HalfSizeFlag, HalfSize), (OverlapFlag, Overlap) }
                .Where(o => o.Item2 is not null).Select(o => $"{o.Item1} {o.Item2!.Value.ToString(Invariant)}"));
            return chosen with
            {
                Compute = Compute ?? chosen.Compute,
                LowPrecisionCompute = Compute ?? chosen.LowPrecisionCompute,
                Bandwidth = Bandwidth ?? chosen.Bandwidth,
                LayerOverheadMicroseconds = LayerOverhead ?? chosen.LayerOverheadMicroseconds,
                HalfEfficiencyHiddenSize = HalfSize ?? chosen.HalfEfficiencyHiddenSize,
                Overlap = Overlap ?? chosen.Overlap,
                Source = $"command line ({given}); otherwise {chosen.Source}",
            };
        }
    }
}
