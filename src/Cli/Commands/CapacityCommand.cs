using System.CommandLine;
using System.Globalization;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.CostModel.Projection;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Serving;
using Planner.Data;
using Planner.Data.Projections;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>
/// <c>planner capacity --model M --gpu G [--gpus N] [--precision P] [--kv-precision K] [--engine E] [--memory-utilization U]
/// [--input-tokens I --output-tokens O | --trace FILE] --ttft-p95 MS --itl-p95 MS [--rate PEAK] [--max-batch B] [--chunk-tokens T]
/// [--curve-batches 1,8,64] [--curve-gpus 1,2,4] [--duration S] [--seed N] [--step-times RESULTS.json|RUN_ID [--step-times-rate R|--step-times-concurrency C]] [--format table|json]</c>:
/// the highest request rate one replica sustains at the latency targets, the replicas for a peak, and the
/// throughput-vs-latency curve (docs/methodology.md, "Capacity search").
/// </summary>
public static class CapacityCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Models catalog name, e.g. llama-3-70b (planner catalog list models); not with --step-times" };
        var gpu = new Option<string?>("--gpu") { Description = "GPU catalog name, vendor prefix optional, e.g. \"H100 SXM\"" };
        var gpus = new Option<int>("--gpus") { Description = "GPUs per replica (tensor parallel)", DefaultValueFactory = _ => 1 };
        var precision = new Option<string>("--precision") { Description = $"The weights' format: {Precisions.Names}", DefaultValueFactory = _ => "bf16" };
        var kvPrecision = new Option<string?>("--kv-precision") { Description = "The KV cache's format; by default the engines' recipe for --precision" };
        var engine = new Option<string?>("--engine") { Description = $"Efficiency preset: {string.Join(", ", EnginePresets.Names)} (default {EnginePresets.DefaultName})" };
        var memory = new Option<double?>("--memory-utilization") { Description = "Usable share of each GPU's memory, > 0 and <= 1 (default 0.90)" };
        var input = new Option<int?>("--input-tokens") { Description = "Prompt tokens per request (default 512; not with --trace)" };
        var output = new Option<int?>("--output-tokens") { Description = "Output tokens per request (default 128; not with --trace)" };
        var trace = new Option<string?>("--trace") { Description = "CSV of requests (arrival_s,input_tokens,output_tokens): their lengths and relative arrival times, paced to each rate tried" };
        var ttft = new Option<double>("--ttft-p95") { Description = "Target p95 time to first token, ms", Required = true };
        var itl = new Option<double>("--itl-p95") { Description = "Target p95 inter-token latency (per-request mean), ms", Required = true };
        var rate = new Option<double?>("--rate") { Description = "Peak demand, requests/s: the replicas it needs" };
        var maxBatch = new Option<int?>("--max-batch") { Description = "Most requests one replica runs together (default 256; with --step-times, the batch limit of the measured run)" };
        var chunk = new Option<int?>("--chunk-tokens") { Description = "Chunked prefill: tokens per step (decodes first, prompts with the rest); whole prompts when absent" };
        var curveBatches = new Option<string?>("--curve-batches") { Description = "Batch limits of the throughput-vs-latency curve, e.g. 1,8,32,128" };
        var curveGpus = new Option<string?>("--curve-gpus") { Description = "GPUs per replica of the curve, e.g. 1,2,4,8 (default --gpus)" };
        var duration = new Option<double>("--duration") { Description = "Simulated seconds of Poisson arrivals per rate tried (a --trace keeps its own length)", DefaultValueFactory = _ => 600 };
        var seed = new Option<int>("--seed") { Description = "Seed of the arrivals (the same at every rate)", DefaultValueFactory = _ => 42 };
        var stepTimes = new Option<string?>("--step-times") { Description = "A results file of `planner bench serve`, or the id of such a run in the store: its fitted step-time model instead of a projection" };
        var stepTimesRate = new Option<double?>("--step-times-rate") { Description = "With --step-times: the load (requests/s) of the run's sweep whose fit to take; its first when absent" };
        var stepTimesConcurrency = new Option<int?>("--step-times-concurrency") { Description = "With --step-times: the load (clients) of the run's sweep whose fit to take" };
        var format = FormatOption.Create(["table", "json"]);
        var command = new Command("capacity", "The highest request rate one replica serves within p95 time-to-first-token and inter-token targets (simulated continuous batching), the replicas for a peak, and the throughput-vs-latency curve.")
        {
            model, gpu, gpus, precision, kvPrecision, engine, memory, input, output, trace, ttft, itl, rate, maxBatch, chunk, curveBatches, curveGpus,
            duration, seed, stepTimes, stepTimesRate, stepTimesConcurrency, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var problems = new List<InputProblem>();
            var tracePath = parse.GetValue(trace);
            IReadOnlyList<ServingRequest>? requests = null;
            if (tracePath is not null)
            {
                if (parse.GetValue(input) is not null || parse.GetValue(output) is not null)
                {
                    problems.Add(InputProblem.At("--trace", "gives the lengths: leave out --input-tokens and --output-tokens"));
                }
                else if (!File.Exists(tracePath))
                {
                    problems.Add(InputProblem.At("--trace", $"{tracePath}: file not found"));
                }
                else if (new FileInfo(tracePath).Length > MaxTraceBytes)
                {
                    problems.Add(InputProblem.At("--trace", $"{tracePath}: must be at most {MaxTraceBytes / 1_048_576} MiB"));
                }
                else
                {
                    using var reader = File.OpenText(tracePath);
                    requests = RequestTraceFile.Read(reader, tracePath);
                }
            }
            var measuredPath = parse.GetValue(stepTimes);
            if (measuredPath is not null && (parse.GetValue(model) is not null || parse.GetValue(gpu) is not null))
            {
                problems.Add(InputProblem.At("--step-times", "replaces the projection: leave out --model and --gpu"));
            }
            if (measuredPath is null && (parse.GetValue(model) is null || parse.GetValue(gpu) is null))
            {
                problems.Add(InputProblem.At("--model", "and --gpu are required (or --step-times RESULTS.json|RUN_ID)"));
            }
            var batches = List(parse.GetValue(curveBatches), "--curve-batches", problems);
            var shapes = List(parse.GetValue(curveGpus), "--curve-gpus", problems);
            if (problems.Count > 0)
            {
                throw new InputException(problems);
            }
            StepTimeFit? measured = null;
            var measuredSource = "measured";
            var maxBatchValue = parse.GetValue(maxBatch);
            ServingRunReference? storedRun = null;
            var (loadRate, loadConcurrency) = (parse.GetValue(stepTimesRate), parse.GetValue(stepTimesConcurrency));
            if (measuredPath is null && (loadRate is not null || loadConcurrency is not null))
            {
                throw new InputException(InputProblem.At(loadRate is not null ? "--step-times-rate" : "--step-times-concurrency", "needs --step-times"));
            }
            if (measuredPath is not null && File.Exists(measuredPath))
            {
                var run = BenchmarkResultsJson.Read(measuredPath);
                var (serving, problem) = ServingResultChoice.Pick(run.Serving, ServingResultChoice.HasStepTimeFit, loadRate, loadConcurrency,
                    "--step-times", measuredPath, ServingResultChoice.StepTimeFitKind);
                if (problem is not null)
                {
                    throw new InputException(problem);
                }
                measured = serving!.StepTimeFit;
                measuredSource = $"step times fitted to {serving.Model}{(serving.Preset is null ? "" : " " + serving.Preset)} on {serving.Provider} ({measuredPath}, {serving.Load.Describe()})";
                maxBatchValue ??= serving.MaxBatch;
            }
            else if (measuredPath is not null && (measuredPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || measuredPath.Contains('/', StringComparison.Ordinal)))
            {
                throw new InputException(InputProblem.At("--step-times", $"{measuredPath}: file not found (give a results file of planner bench serve, or a run id from planner bench runs)"));
            }
            else if (measuredPath is not null)
            {
                // Not a file: the id of a run in the store.
                storedRun = new ServingRunReference { Run = measuredPath, Rate = loadRate, Concurrency = loadConcurrency };
            }
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var plan = await store.Capacity.PlanAsync(new CapacitySettings
            {
                Model = parse.GetValue(model),
                Gpu = parse.GetValue(gpu),
                GpusPerReplica = parse.GetValue(gpus),
                Precision = parse.GetValue(precision) ?? "bf16",
                KvPrecision = parse.GetValue(kvPrecision),
                Engine = parse.GetValue(engine),
                MemoryUtilization = parse.GetValue(memory),
                InputTokens = parse.GetValue(input),
                OutputTokens = parse.GetValue(output),
                Trace = requests,
                TtftMs = parse.GetValue(ttft),
                ItlMs = parse.GetValue(itl),
                Rate = parse.GetValue(rate),
                MaxBatch = maxBatchValue,
                PrefillChunkTokens = parse.GetValue(chunk),
                CurveBatches = batches,
                CurveGpus = shapes,
                Duration = parse.GetValue(duration),
                Seed = parse.GetValue(seed),
                Measured = measured,
                MeasuredSource = measuredSource,
                StepTimesRun = storedRun,
            }, Flag, null, ct);
            var text = parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(plan) + Environment.NewLine
                : PlainConsole.Render(console => Write(console, plan));
            await Output.WriteAsync(null, text, ct);
            if (plan.AtMaxRate is null)
            {
                throw new NoResultException("no rate meets the targets: " + plan.Reason);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public const long MaxTraceBytes = 256L * 1_048_576;

    /// <summary>A setting as the command line spells it.</summary>
    private static string Flag(string field) => field switch
    {
        "maxBatch" => "--max-batch",
        "prefillChunkTokens" => "--chunk-tokens",
        "gpusPerReplica" => "--gpus",
        "targets" => "--ttft-p95/--itl-p95",
        "ttftMs" => "--ttft-p95",
        "itlMs" => "--itl-p95",
        "inputTokens" => "--input-tokens",
        "outputTokens" => "--output-tokens",
        "curveBatches" => "--curve-batches",
        "curveGpus" => "--curve-gpus",
        "stepTimes" or "stepTimesRun" => "--step-times",
        "kvPrecision" => "--kv-precision",
        "activationPrecision" => "--activation-precision",
        "memoryUtilization" => "--memory-utilization",
        _ => "--" + field,
    };

    private static List<int> List(string? text, string flag, List<InputProblem> problems)
    {
        var values = new List<int>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return values;
        }
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.Integer, Invariant, out var value) && value >= 1)
            {
                values.Add(value);
            }
            else
            {
                problems.Add(InputProblem.At(flag, $"must be a comma list of whole numbers >= 1 (got \"{part}\")"));
            }
        }
        return values;
    }

    private static void Write(IAnsiConsole console, CapacityPlan plan)
    {
        var m = plan.StepTimes.Model;
        console.WriteLine($"Step times: {plan.StepTimesSource}");
        console.WriteLine(string.Create(Invariant,
            $"  prefill {m.PrefillFixedSeconds * 1000:0.###} ms + {m.PrefillSecondsPerToken * 1e6:0.###} µs/token (R² {plan.StepTimes.PrefillRSquared:0.000}); decode step {m.DecodeFixedSeconds * 1000:0.###} ms + {m.DecodeSecondsPerSequence * 1000:0.####} ms/sequence + {m.DecodeSecondsPerKvToken * 1e6:0.#####} µs/KV token (R² {plan.StepTimes.DecodeRSquared:0.000})"));
        console.WriteLine(string.Create(Invariant,
            $"Replica: {plan.GpusPerReplica} GPU(s), batch limit {plan.MaxBatch}, KV cache room {(plan.KvCapacityTokens is { } kv ? kv.ToString("N0", Invariant) + " tokens" : "not limited")}"));
        console.WriteLine(string.Create(Invariant, $"Targets: p95 TTFT <= {plan.Targets.TimeToFirstTokenMs:0.##} ms, p95 ITL <= {plan.Targets.InterTokenLatencyMs:0.##} ms"));
        if (plan.AtMaxRate is not { } at)
        {
            console.WriteLine($"Capacity: none — {plan.Reason}");
        }
        else
        {
            console.WriteLine(string.Create(Invariant, $"Capacity: {plan.MaxRatePerSecond:0.###} requests/s per replica ({plan.Probes.Count} simulated runs)"));
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("at capacity");
            foreach (var column in new[] { "p50", "p90", "p95", "p99" })
            {
                table.AddColumn(new TableColumn(column).RightAligned());
            }
            void Row(string name, LatencyDistribution d) => table.AddRow(PlainConsole.Cells(name,
                d.P50.ToString("N1", Invariant), d.P90.ToString("N1", Invariant), d.P95.ToString("N1", Invariant), d.P99.ToString("N1", Invariant)));
            Row("TTFT ms", at.Metrics.TimeToFirstTokenMs);
            Row("ITL ms", at.Metrics.InterTokenLatencyMs);
            Row("end-to-end ms", at.Metrics.EndToEndMs);
            console.Write(table);
            console.WriteLine(string.Create(Invariant,
                $"Output tokens/s per GPU {at.OutputTokensPerSecondPerGpu:N1}, per user {at.OutputTokensPerSecondPerUser:N1}; goodput {at.Metrics.Goodput:P1}; mean batch {at.MeanBatch:N1}; KV occupancy {(at.MeanKvOccupancy is { } occ ? occ.ToString("P0", Invariant) : "-")}; mean queue {at.MeanQueueLength:N2} (max {at.MaxQueueLength})"));
        }
        if (plan.PeakRatePerSecond is { } peak)
        {
            console.WriteLine(plan.Replicas is { } replicas
                ? string.Create(Invariant, $"Demand: {peak:0.###} requests/s at peak needs {replicas} replica(s) = {plan.Gpus} GPU(s), {plan.Utilization:P0} of their capacity used")
                : string.Create(Invariant, $"Demand: {peak:0.###} requests/s at peak cannot be served at these targets"));
        }
        if (plan.Curve.Count > 0)
        {
            var curve = new Table().Border(TableBorder.Simple);
            foreach (var column in new[] { "GPUs", "batch", "req/s", "tok/s per GPU", "tok/s per user", "TTFT p95 ms", "ITL p95 ms", "Pareto" })
            {
                curve.AddColumn(new TableColumn(column).RightAligned());
            }
            foreach (var p in plan.Curve)
            {
                curve.AddRow(PlainConsole.Cells(p.GpusPerReplica.ToString(Invariant), p.MaxBatch.ToString(Invariant), p.MaxRatePerSecond.ToString("N3", Invariant),
                    p.OutputTokensPerSecondPerGpu.ToString("N1", Invariant), p.OutputTokensPerSecondPerUser.ToString("N1", Invariant),
                    p.TtftP95Ms.ToString("N1", Invariant), p.ItlP95Ms.ToString("N2", Invariant), p.Pareto ? "*" : ""));
            }
            console.WriteLine("Throughput vs latency, each shape at its capacity (* = on the Pareto front):");
            console.Write(curve);
        }
        foreach (var note in plan.Notes)
        {
            console.WriteLine($"Note: {note}");
        }
    }
}
