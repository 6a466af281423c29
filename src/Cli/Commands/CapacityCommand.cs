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
/// [--input-tokens I --output-tokens O | --trace FILE] --ttft-p95 MS --itl-p95 MS [--rate PEAK | --clients USERS [--think-time S]] [--max-batch B] [--chunk-tokens T]
/// [--curve-batches 1,8,64] [--curve-gpus 1,2,4] [--duration S] [--seed N] [--step-times RESULTS.json|RUN_ID [--step-times-rate R|--step-times-concurrency C]] [--format table|json]</c>:
/// the highest request rate one replica sustains at the latency targets (with <c>--clients</c>: the most closed-loop
/// users, and the rate they achieve), the replicas for a peak, and the throughput-vs-latency curve
/// (docs/methodology.md, "Capacity search" and "Closed-loop capacity"). The application service
/// <see cref="CapacityService"/> does the work; this command reads files and prints.
/// </summary>
public static class CapacityCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var options = new CapacityOptions();
        var command = new Command("capacity", "The highest request rate one replica serves within p95 time-to-first-token and inter-token targets (simulated continuous batching), the replicas for a peak, and the throughput-vs-latency curve; with --clients, the most closed-loop users one replica serves and the rate they achieve.");
        foreach (var option in options.All)
        {
            command.Add(option);
        }
        command.SetAction((parse, ct) => RunAsync(parse, options, ct));
        return command;
    }

    /// <summary>The command's options, in the order the help lists them.</summary>
    private sealed class CapacityOptions
    {
        public readonly Option<string?> Model = new("--model") { Description = "Models catalog name, e.g. llama-3-70b (planner catalog list models); not with --step-times" };
        public readonly Option<string?> Gpu = new("--gpu") { Description = "GPU catalog name, vendor prefix optional, e.g. \"H100 SXM\"" };
        public readonly Option<int> Gpus = new("--gpus") { Description = "GPUs per replica (tensor parallel)", DefaultValueFactory = _ => 1 };
        public readonly Option<string> Precision = new("--precision") { Description = $"The weights' format: {Precisions.Names}", DefaultValueFactory = _ => "bf16" };
        public readonly Option<string?> KvPrecision = new("--kv-precision") { Description = "The KV cache's format; by default the engines' recipe for --precision" };
        public readonly Option<string?> Engine = new("--engine") { Description = $"Efficiency preset: {string.Join(", ", EnginePresets.Names)} (default {EnginePresets.DefaultName})" };
        public readonly Option<double?> Memory = new("--memory-utilization") { Description = "Usable share of each GPU's memory, > 0 and <= 1 (default 0.90)" };
        public readonly Option<int?> Input = new("--input-tokens") { Description = "Prompt tokens per request (default 512; not with --trace)" };
        public readonly Option<int?> Output = new("--output-tokens") { Description = "Output tokens per request (default 128; not with --trace)" };
        public readonly Option<string?> Trace = new("--trace") { Description = "CSV of requests (arrival_s,input_tokens,output_tokens): their lengths and relative arrival times, paced to each rate tried" };
        public readonly Option<double> Ttft = new("--ttft-p95") { Description = "Target p95 time to first token, ms", Required = true };
        public readonly Option<double> Itl = new("--itl-p95") { Description = "Target p95 inter-token latency (per-request mean), ms", Required = true };
        public readonly Option<double?> Rate = new("--rate") { Description = "Peak demand, requests/s: the replicas it needs" };
        public readonly Option<int?> Clients = new("--clients") { Description = $"Closed loop: peak demand in users, each sending a request, waiting for the answer and thinking --think-time before the next (1 to {ClientLoad.MaxClients}); the capacity is then the most users one replica serves, with the request rate they achieve. Not with --rate or --trace" };
        public readonly Option<double?> ThinkTime = new("--think-time") { Description = $"With --clients: the users' mean think time between an answer and their next request, seconds (exponential; 0 to {ClientLoad.MaxThinkSeconds}, default 0 = a concurrency benchmark's clients)" };
        public readonly Option<int?> MaxBatch = new("--max-batch") { Description = "Most requests one replica runs together (default 256; with --step-times, the batch limit of the measured run)" };
        public readonly Option<int?> Chunk = new("--chunk-tokens") { Description = "Chunked prefill: tokens per step (decodes first, prompts with the rest); whole prompts when absent" };
        public readonly Option<int?> SchedulerSteps = new("--scheduler-steps") { Description = $"Multi-step scheduling (vLLM --num-scheduler-steps): decode steps the engine plans at once, a waiting request being admitted when the block ends (1 to {FleetSettings.MaxSchedulerSteps}; 1 when absent)" };
        public readonly Option<string?> KvAllocation = new("--kv-allocation") { Description = "How the engine claims KV-cache memory: reserve (the whole sequence at admission, TensorRT-LLM's default; when absent) or onDemand (a token at a time, pre-empting the newest request when full, as vLLM, SGLang and LMDeploy do)" };
        public readonly Option<string?> CurveBatches = new("--curve-batches") { Description = "Batch limits of the throughput-vs-latency curve, e.g. 1,8,32,128" };
        public readonly Option<string?> CurveGpus = new("--curve-gpus") { Description = "GPUs per replica of the curve, e.g. 1,2,4,8 (default --gpus)" };
        public readonly Option<double> Duration = new("--duration") { Description = "Simulated seconds of Poisson arrivals (or of the users' requests) per rate tried (a --trace keeps its own length)", DefaultValueFactory = _ => 600 };
        public readonly Option<int> Seed = new("--seed") { Description = "Seed of the arrivals (the same at every rate) or of the users' think times", DefaultValueFactory = _ => 42 };
        public readonly Option<string?> StepTimes = new("--step-times") { Description = "A results file of `planner bench serve`, or the id of such a run in the store: its fitted step-time model instead of a projection" };
        public readonly Option<double?> StepTimesRate = new("--step-times-rate") { Description = "With --step-times: the load (requests/s) of the run's sweep whose fit to take; its first when absent" };
        public readonly Option<int?> StepTimesConcurrency = new("--step-times-concurrency") { Description = "With --step-times: the load (clients) of the run's sweep whose fit to take" };
        public readonly Option<string> Format = FormatOption.Create(["table", "json"]);

        public IEnumerable<Option> All =>
        [
            Model, Gpu, Gpus, Precision, KvPrecision, Engine, Memory, Input, Output, Trace, Ttft, Itl, Rate, Clients, ThinkTime, MaxBatch, Chunk, SchedulerSteps, KvAllocation, CurveBatches, CurveGpus,
            Duration, Seed, StepTimes, StepTimesRate, StepTimesConcurrency, Format,
        ];
    }

    /// <summary>Where the replica's step times come from when not from a projection: a results file's fit, or a stored run to resolve.</summary>
    private sealed record MeasuredReplica(StepTimeFit? Fit, string Source, int? MaxBatch, ServingRunReference? StoredRun);

    private static async Task<int> RunAsync(ParseResult parse, CapacityOptions o, CancellationToken ct)
    {
        var problems = new List<InputProblem>();
        var requests = ReadTrace(parse, o, problems);
        var measuredPath = parse.GetValue(o.StepTimes);
        if (measuredPath is not null && (parse.GetValue(o.Model) is not null || parse.GetValue(o.Gpu) is not null))
        {
            problems.Add(InputProblem.At("--step-times", "replaces the projection: leave out --model and --gpu"));
        }
        if (measuredPath is null && (parse.GetValue(o.Model) is null || parse.GetValue(o.Gpu) is null))
        {
            problems.Add(InputProblem.At("--model", "and --gpu are required (or --step-times RESULTS.json|RUN_ID)"));
        }
        var batches = List(parse.GetValue(o.CurveBatches), "--curve-batches", problems);
        var shapes = List(parse.GetValue(o.CurveGpus), "--curve-gpus", problems);
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        var measured = Measured(parse, o, measuredPath);
        await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
        var plan = await store.Capacity.PlanAsync(new CapacitySettings
        {
            Model = parse.GetValue(o.Model),
            Gpu = parse.GetValue(o.Gpu),
            GpusPerReplica = parse.GetValue(o.Gpus),
            Precision = parse.GetValue(o.Precision) ?? "bf16",
            KvPrecision = parse.GetValue(o.KvPrecision),
            Engine = parse.GetValue(o.Engine),
            MemoryUtilization = parse.GetValue(o.Memory),
            InputTokens = parse.GetValue(o.Input),
            OutputTokens = parse.GetValue(o.Output),
            Trace = requests,
            TtftMs = parse.GetValue(o.Ttft),
            ItlMs = parse.GetValue(o.Itl),
            Rate = parse.GetValue(o.Rate),
            Clients = parse.GetValue(o.Clients),
            ThinkTime = parse.GetValue(o.ThinkTime),
            MaxBatch = parse.GetValue(o.MaxBatch) ?? measured.MaxBatch,
            PrefillChunkTokens = parse.GetValue(o.Chunk),
            SchedulerSteps = parse.GetValue(o.SchedulerSteps),
            KvAllocation = parse.GetValue(o.KvAllocation),
            CurveBatches = batches,
            CurveGpus = shapes,
            Duration = parse.GetValue(o.Duration),
            Seed = parse.GetValue(o.Seed),
            Measured = measured.Fit,
            MeasuredSource = measured.Source,
            StepTimesRun = measured.StoredRun,
        }, Flag, null, ct);
        var text = parse.GetValue(o.Format) == "json"
            ? PlannerJson.Serialize(plan) + Environment.NewLine
            : PlainConsole.Render(console => Write(console, plan));
        await Output.WriteAsync(null, text, ct);
        if (plan.AtMaxRate is null)
        {
            throw new NoResultException((plan.ClosedLoop is null ? "no rate meets the targets: " : "no number of users meets the targets: ") + plan.Reason);
        }
        return ExitCodes.Ok;
    }

    /// <summary>The requests of <c>--trace</c>, or null; a problem when it clashes with the lengths, is missing or is too large.</summary>
    private static IReadOnlyList<ServingRequest>? ReadTrace(ParseResult parse, CapacityOptions o, List<InputProblem> problems)
    {
        var tracePath = parse.GetValue(o.Trace);
        if (tracePath is null)
        {
            return null;
        }
        if (parse.GetValue(o.Input) is not null || parse.GetValue(o.Output) is not null)
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
            return RequestTraceFile.Read(reader, tracePath);
        }
        return null;
    }

    /// <summary>
    /// <c>--step-times</c>: a results file's step-time fit for the load named by <c>--step-times-rate</c> or
    /// <c>--step-times-concurrency</c> (its batch limit the default one), or a run id for the store to resolve.
    /// </summary>
    private static MeasuredReplica Measured(ParseResult parse, CapacityOptions o, string? measuredPath)
    {
        var (loadRate, loadConcurrency) = (parse.GetValue(o.StepTimesRate), parse.GetValue(o.StepTimesConcurrency));
        if (measuredPath is null)
        {
            return loadRate is not null || loadConcurrency is not null
                ? throw new InputException(InputProblem.At(loadRate is not null ? "--step-times-rate" : "--step-times-concurrency", "needs --step-times"))
                : new MeasuredReplica(null, "measured", null, null);
        }
        if (File.Exists(measuredPath))
        {
            var run = BenchmarkResultsJson.Read(measuredPath);
            var (serving, problem) = ServingResultChoice.Pick(run.Serving, ServingResultChoice.HasStepTimeFit, loadRate, loadConcurrency,
                "--step-times", measuredPath, ServingResultChoice.StepTimeFitKind);
            if (problem is not null)
            {
                throw new InputException(problem);
            }
            return new MeasuredReplica(serving!.StepTimeFit,
                $"step times fitted to {serving.Model}{(serving.Preset is null ? "" : " " + serving.Preset)} on {serving.Provider} ({measuredPath}, {serving.Load.Describe()})",
                serving.MaxBatch, null);
        }
        if (measuredPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || measuredPath.Contains('/', StringComparison.Ordinal))
        {
            throw new InputException(InputProblem.At("--step-times", $"{measuredPath}: file not found (give a results file of planner bench serve, or a run id from planner bench runs)"));
        }
        // Not a file: the id of a run in the store.
        return new MeasuredReplica(null, "measured", null, new ServingRunReference { Run = measuredPath, Rate = loadRate, Concurrency = loadConcurrency });
    }

    public const long MaxTraceBytes = 256L * 1_048_576;

    /// <summary>A setting as the command line spells it.</summary>
    private static string Flag(string field) => field switch
    {
        "maxBatch" => "--max-batch",
        "prefillChunkTokens" => "--chunk-tokens",
        "schedulerSteps" => "--scheduler-steps",
        "kvAllocation" => "--kv-allocation",
        "gpusPerReplica" => "--gpus",
        "targets" => "--ttft-p95/--itl-p95",
        "ttftMs" => "--ttft-p95",
        "itlMs" => "--itl-p95",
        "inputTokens" => "--input-tokens",
        "outputTokens" => "--output-tokens",
        "curveBatches" => "--curve-batches",
        "curveGpus" => "--curve-gpus",
        "stepTimes" or "stepTimesRun" => "--step-times",
        "thinkTime" => "--think-time",
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
        WriteReplica(console, plan);
        WriteCapacity(console, plan);
        WriteDemand(console, plan);
        WriteCurve(console, plan);
        foreach (var note in plan.Notes)
        {
            console.WriteLine($"Note: {note}");
        }
    }

    /// <summary>Where the step times come from, the replica and the targets.</summary>
    private static void WriteReplica(IAnsiConsole console, CapacityPlan plan)
    {
        var m = plan.StepTimes.Model;
        console.WriteLine($"Step times: {plan.StepTimesSource}");
        console.WriteLine(string.Create(Invariant,
            $"  prefill {m.PrefillFixedSeconds * 1000:0.###} ms + {m.PrefillSecondsPerToken * 1e6:0.###} µs/token (R² {plan.StepTimes.PrefillRSquared:0.000}); decode step {m.DecodeFixedSeconds * 1000:0.###} ms + {m.DecodeSecondsPerSequence * 1000:0.####} ms/sequence + {m.DecodeSecondsPerKvToken * 1e6:0.#####} µs/KV token (R² {plan.StepTimes.DecodeRSquared:0.000})"));
        console.WriteLine(string.Create(Invariant,
            $"Replica: {plan.GpusPerReplica} GPU(s), batch limit {plan.MaxBatch}, KV cache room {(plan.KvCapacityTokens is { } kv ? kv.ToString("N0", Invariant) + " tokens" : "not limited")}"));
        console.WriteLine(string.Create(Invariant, $"Targets: p95 TTFT <= {plan.Targets.TimeToFirstTokenMs:0.##} ms, p95 ITL <= {plan.Targets.InterTokenLatencyMs:0.##} ms"));
        if (plan.ClosedLoop is { } users)
        {
            console.WriteLine(string.Create(Invariant, $"Load: closed-loop users, each thinking {users.ThinkSeconds:0.###} s on average between an answer and the next request"));
        }
    }

    /// <summary>One replica's capacity and its latency percentiles there.</summary>
    private static void WriteCapacity(IAnsiConsole console, CapacityPlan plan)
    {
        if (plan.AtMaxRate is not { } at)
        {
            console.WriteLine($"Capacity: none — {plan.Reason}");
            return;
        }
        console.WriteLine(plan.ClosedLoop is { } users
            ? string.Create(Invariant, $"Capacity: {users.MaxClientsPerReplica:N0} users per replica, achieving {plan.MaxRatePerSecond:0.###} requests/s ({plan.Probes.Count} simulated runs)")
            : string.Create(Invariant, $"Capacity: {plan.MaxRatePerSecond:0.###} requests/s per replica ({plan.Probes.Count} simulated runs)"));
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

    /// <summary>The replicas for the peak (requests/s, or closed-loop users).</summary>
    private static void WriteDemand(IAnsiConsole console, CapacityPlan plan)
    {
        var (peak, unit) = plan.ClosedLoop is { PeakClients: { } users }
            ? (users.ToString("N0", Invariant), "users")
            : plan.PeakRatePerSecond is { } rate ? (rate.ToString("0.###", Invariant), "requests/s") : (null, null);
        if (peak is null)
        {
            return;
        }
        console.WriteLine(plan.Replicas is { } replicas
            ? string.Create(Invariant, $"Demand: {peak} {unit} at peak needs {replicas} replica(s) = {plan.Gpus} GPU(s), {plan.Utilization:P0} of their capacity used")
            : $"Demand: {peak} {unit} at peak cannot be served at these targets");
    }

    /// <summary>The throughput-vs-latency curve, each shape at its capacity, the Pareto front starred.</summary>
    private static void WriteCurve(IAnsiConsole console, CapacityPlan plan)
    {
        if (plan.Curve.Count == 0)
        {
            return;
        }
        var closedLoop = plan.ClosedLoop is not null;
        var curve = new Table().Border(TableBorder.Simple);
        string[] columns = closedLoop
            ? ["GPUs", "batch", "users", "req/s", "tok/s per GPU", "tok/s per user", "TTFT p95 ms", "ITL p95 ms", "Pareto"]
            : ["GPUs", "batch", "req/s", "tok/s per GPU", "tok/s per user", "TTFT p95 ms", "ITL p95 ms", "Pareto"];
        foreach (var column in columns)
        {
            curve.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (var p in plan.Curve)
        {
            string[] shape = closedLoop
                ? [p.GpusPerReplica.ToString(Invariant), p.MaxBatch.ToString(Invariant), (p.MaxClients ?? 0).ToString("N0", Invariant)]
                : [p.GpusPerReplica.ToString(Invariant), p.MaxBatch.ToString(Invariant)];
            curve.AddRow(PlainConsole.Cells([.. shape, p.MaxRatePerSecond.ToString("N3", Invariant),
                p.OutputTokensPerSecondPerGpu.ToString("N1", Invariant), p.OutputTokensPerSecondPerUser.ToString("N1", Invariant),
                p.TtftP95Ms.ToString("N1", Invariant), p.ItlP95Ms.ToString("N2", Invariant), p.Pareto ? "*" : ""]));
        }
        console.WriteLine("Throughput vs latency, each shape at its capacity (* = on the Pareto front):");
        console.Write(curve);
    }
}
