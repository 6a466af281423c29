using System.Text.Json;

namespace Planner.Cli.IntegrationTests;

/// <summary><c>planner capacity</c> through the real process (store on a temporary PLANNER_DB).</summary>
public sealed class CapacityCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planner-capacity-cli-" + Guid.NewGuid().ToString("N"));

    public CapacityCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<PlannerResult> Planner(params string[] args) =>
        PlannerProcess.RunAsync(args, new Dictionary<string, string> { ["PLANNER_DB"] = Path.Combine(_folder, "db", "planner.db") });

    [Fact]
    public async Task Capacity_of_a_projected_replica_at_targets_gives_the_rate_the_replicas_and_a_pareto_curve_as_json()
    {
        var result = await Planner("capacity", "--model", "llama-3-70b", "--gpu", "H100 SXM", "--gpus", "4", "--precision", "fp8",
            "--input-tokens", "1024", "--output-tokens", "256", "--ttft-p95", "2000", "--itl-p95", "60", "--rate", "20",
            "--curve-batches", "8,64", "--curve-gpus", "2,4", "--duration", "120", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        var rate = root.GetProperty("maxRatePerSecond").GetDouble();
        Assert.True(rate > 0);
        var at = root.GetProperty("atMaxRate");
        Assert.True(at.GetProperty("metrics").GetProperty("timeToFirstTokenMs").GetProperty("p95").GetDouble() <= 2000);
        Assert.True(at.GetProperty("metrics").GetProperty("interTokenLatencyMs").GetProperty("p95").GetDouble() <= 60);
        Assert.True(at.GetProperty("outputTokensPerSecondPerGpu").GetDouble() > 0);
        var replicas = root.GetProperty("replicas").GetInt32();
        Assert.Equal((int)Math.Ceiling(20 / rate), replicas);
        Assert.Equal(replicas * 4, root.GetProperty("gpus").GetInt32());
        Assert.True(root.GetProperty("kvCapacityTokens").GetInt64() > 0);
        var curve = root.GetProperty("curve").EnumerateArray().ToList();
        Assert.Equal(4, curve.Count);
        Assert.Contains(curve, p => p.GetProperty("pareto").GetBoolean());
        Assert.StartsWith("projection of llama-3-70b on 4x ", root.GetProperty("stepTimesSource").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capacity_replays_a_trace_and_prints_a_table()
    {
        var trace = Path.Combine(_folder, "trace.csv");
        await File.WriteAllLinesAsync(trace, ["arrival_s,input_tokens,output_tokens", .. Enumerable.Range(0, 400).Select(i => $"{i * 0.25},{200 + (i % 7 * 100)},{50 + (i % 5 * 40)}")]);

        var result = await Planner("capacity", "--model", "llama-3-8b", "--gpu", "H100 SXM", "--trace", trace, "--ttft-p95", "500", "--itl-p95", "30",
            "--max-batch", "64", "--chunk-tokens", "2048");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Capacity: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("TTFT ms", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Output tokens/s per GPU", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Targets_out_of_reach_exit_1_saying_why()
    {
        var result = await Planner("capacity", "--model", "llama-3-70b", "--gpu", "H100 SXM", "--gpus", "4", "--precision", "fp8",
            "--ttft-p95", "1000", "--itl-p95", "0.5", "--duration", "60");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no rate meets the targets: the targets are not met even at", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capacity_of_a_measured_replica_uses_the_step_time_fit_of_a_bench_serve_run()
    {
        var run = Path.Combine(PlannerProcess.RepositoryRoot, "docs", "measurements", "serving-small-cpu-20261201-070451-733f182a.json");

        var result = await Planner("capacity", "--step-times", run, "--input-tokens", "64", "--output-tokens", "16", "--ttft-p95", "5000", "--itl-p95", "500",
            "--max-batch", "8", "--duration", "300", "--rate", "1", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        Assert.StartsWith("step times fitted to gpt-decoder small on cpu", root.GetProperty("stepTimesSource").GetString(), StringComparison.Ordinal);
        Assert.Equal(0.018416592499999867, root.GetProperty("stepTimes").GetProperty("model").GetProperty("decodeSecondsPerSequence").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("kvCapacityTokens").ValueKind);
        var rate = root.GetProperty("maxRatePerSecond").GetDouble();
        Assert.True(rate > 0);
        Assert.Equal((int)Math.Ceiling(1 / rate), root.GetProperty("replicas").GetInt32());
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("the linear step-time model fits loosely", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Capacity_from_a_stored_serving_run_gives_the_same_answer_as_its_file_and_a_cpu_run_is_refused_for_a_gpu_option_in_a_scenario()
    {
        var file = Path.Combine(PlannerProcess.RepositoryRoot, "docs", "measurements", "serving-small-cpu-20261201-070451-733f182a.json");
        var import = await Planner("bench", "import", file);
        Assert.True(import.ExitCode == 0, import.ToString());
        string[] Args(string stepTimes) => ["capacity", "--step-times", stepTimes, "--step-times-rate", "1", "--input-tokens", "64", "--output-tokens", "16",
            "--ttft-p95", "5000", "--itl-p95", "500", "--duration", "300", "--format", "json"];

        var fromFile = await Planner(Args(file));
        var fromStore = await Planner(Args("20261201-070451-733f182a"));
        var scenario = Path.Combine(_folder, "scenario.json");
        await File.WriteAllTextAsync(scenario, """
            { "name": "Measured capacity", "currency": "USD", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 100000, "inputTokensPerRequest": 64, "outputTokensPerRequest": 16, "ttftP95Seconds": 5, "itlP95Seconds": 0.5 },
              "options": [ { "id": "cloud", "kind": "cloud", "cloudOffer": "aws-p5-48xlarge-ondemand", "prefillTokensPerGpuSecond": 5000, "decodeTokensPerGpuSecond": 500,
                             "capacityFrom": { "run": "20261201-070451-733f182a", "rate": 1 } } ] }
            """);
        var evaluate = await Planner("evaluate", scenario);

        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.True(fromStore.ExitCode == 0, fromStore.ToString());
        using var a = JsonDocument.Parse(fromFile.Stdout);
        using var b = JsonDocument.Parse(fromStore.Stdout);
        // Both take the fit at 1 request/s and the run's batch limit of 4.
        Assert.Equal(0.006541558095237904, b.RootElement.GetProperty("stepTimes").GetProperty("model").GetProperty("decodeSecondsPerSequence").GetDouble(), 12);
        Assert.Equal(4, b.RootElement.GetProperty("maxBatch").GetInt32());
        Assert.Equal(a.RootElement.GetProperty("maxRatePerSecond").GetDouble(), b.RootElement.GetProperty("maxRatePerSecond").GetDouble());
        Assert.StartsWith("step times fitted to gpt-decoder small served on ", b.RootElement.GetProperty("stepTimesSource").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, evaluate.ExitCode);
        Assert.Contains("options[0].capacityFrom is refused: run '20261201-070451-733f182a' was measured on a CPU", evaluate.Stderr, StringComparison.Ordinal);
        Assert.Contains("a CPU's serving step times say nothing about a GPU's", evaluate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_exits_2_naming_each_flag()
    {
        var trace = Path.Combine(_folder, "bad.csv");
        await File.WriteAllTextAsync(trace, "arrival_s,input_tokens,output_tokens\n0,10,10\n-1,10,10\n");

        var missing = await Planner("capacity", "--ttft-p95", "1000", "--itl-p95", "50");
        var badTrace = await Planner("capacity", "--model", "llama-3-8b", "--gpu", "H100 SXM", "--trace", trace, "--ttft-p95", "1000", "--itl-p95", "50");
        var badRange = await Planner("capacity", "--model", "llama-3-8b", "--gpu", "H100 SXM", "--ttft-p95", "-1", "--itl-p95", "50", "--max-batch", "0", "--curve-batches", "8,x");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--model and --gpu are required (or --step-times RESULTS.json|RUN_ID)", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badTrace.ExitCode);
        Assert.Contains("bad.csv:3 arrival_s must be a number >= 0", badTrace.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badRange.ExitCode);
        Assert.Contains("--curve-batches must be a comma list of whole numbers >= 1 (got \"x\")", badRange.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_loop_users_give_the_most_users_per_replica_the_rate_they_achieve_and_the_replicas_for_the_peak_users()
    {
        string[] args = ["capacity", "--model", "llama-3-70b", "--gpu", "H100 SXM", "--gpus", "4", "--precision", "fp8", "--input-tokens", "1024",
            "--output-tokens", "256", "--ttft-p95", "2000", "--itl-p95", "60", "--clients", "500", "--think-time", "5", "--curve-batches", "8,64", "--duration", "120"];

        var json = await Planner([.. args, "--format", "json"]);
        var table = await Planner(args);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var root = document.RootElement;
        var users = root.GetProperty("closedLoop");
        var most = users.GetProperty("maxClientsPerReplica").GetInt32();
        Assert.True(most > 1, $"{most} users per replica");
        Assert.Equal(5, users.GetProperty("thinkSeconds").GetDouble());
        Assert.Equal(500, users.GetProperty("peakClients").GetInt32());
        var replicas = root.GetProperty("replicas").GetInt32();
        Assert.Equal((500 + most - 1) / most, replicas);
        Assert.Equal(replicas * 4, root.GetProperty("gpus").GetInt32());
        var at = root.GetProperty("atMaxRate");
        Assert.True(at.GetProperty("metrics").GetProperty("timeToFirstTokenMs").GetProperty("p95").GetDouble() <= 2000);
        Assert.True(at.GetProperty("metrics").GetProperty("interTokenLatencyMs").GetProperty("p95").GetDouble() <= 60);
        // The achieved rate: each user's cycle is its request's time plus 5 s of thinking, so it is below users / 5 s.
        var rate = root.GetProperty("maxRatePerSecond").GetDouble();
        Assert.InRange(rate, 0.01, most / 5.0);
        var probes = root.GetProperty("probes").EnumerateArray().ToList();
        Assert.Equal(1, probes[0].GetProperty("clients").GetInt32());
        Assert.Contains(probes, p => p.GetProperty("clients").GetInt32() == most && p.GetProperty("meets").GetBoolean());
        Assert.All(root.GetProperty("curve").EnumerateArray(), p => Assert.True(p.GetProperty("maxClients").GetInt32() >= 1));
        Assert.False(root.TryGetProperty("peakRatePerSecond", out var peak) && peak.ValueKind != JsonValueKind.Null);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains($"Capacity: {most:N0} users per replica, achieving {rate.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} requests/s", table.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Demand: 500 users at peak needs {replicas} replica(s) = {replicas * 4} GPU(s)", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Load: closed-loop users, each thinking 5 s on average", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("users   req/s", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("TTFT ms", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_loop_input_out_of_range_or_at_odds_with_the_open_loop_exits_2_naming_each_flag()
    {
        string[] replica = ["capacity", "--model", "llama-3-8b", "--gpu", "H100 SXM", "--ttft-p95", "1000", "--itl-p95", "50"];
        var trace = Path.Combine(_folder, "trace.csv");
        await File.WriteAllLinesAsync(trace, ["arrival_s,input_tokens,output_tokens", "0,10,10", "1,10,10"]);

        var zero = await Planner([.. replica, "--clients", "0", "--think-time", "-2"]);
        var tooMany = await Planner([.. replica, "--clients", "1000001"]);
        var thinkAlone = await Planner([.. replica, "--think-time", "3"]);
        var withRate = await Planner([.. replica, "--clients", "10", "--rate", "5"]);
        var withTrace = await Planner("capacity", "--model", "llama-3-8b", "--gpu", "H100 SXM", "--ttft-p95", "1000", "--itl-p95", "50", "--trace", trace, "--clients", "10");
        var noOne = await Planner("capacity", "--model", "llama-3-70b", "--gpu", "H100 SXM", "--gpus", "4", "--precision", "fp8", "--ttft-p95", "1000", "--itl-p95", "0.5",
            "--clients", "10", "--duration", "60");

        Refused(zero, "--clients must be >= 1 and <= 1000000 (got 0)", "--think-time must be >= 0 and <= 3600 seconds (got -2)");
        Refused(tooMany, "--clients must be >= 1 and <= 1000000 (got 1000001)");
        Refused(thinkAlone, "--think-time is the think time of closed-loop users: give --clients too");
        Refused(withRate, "--rate is an open-loop demand: with closed-loop users the demand is --clients");
        Refused(withTrace, "--trace replays open-loop arrivals: leave out --clients and --think-time");
        Assert.Equal(1, noOne.ExitCode);
        Assert.Contains("no number of users meets the targets: the targets are not met even with one user", noOne.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multi_step_scheduling_lowers_the_capacity_at_a_tight_ttft_target_and_out_of_range_names_the_flag()
    {
        string[] replica = ["capacity", "--model", "llama-3-8b", "--gpu", "H100 SXM", "--ttft-p95", "150", "--itl-p95", "50", "--duration", "120", "--chunk-tokens", "8192", "--format", "json"];

        var everyStep = await Planner(replica);
        var tenSteps = await Planner([.. replica, "--scheduler-steps", "10"]);
        var zero = await Planner([.. replica, "--scheduler-steps", "0"]);

        Assert.True(everyStep.ExitCode == 0, everyStep.ToString());
        Assert.True(tenSteps.ExitCode == 0, tenSteps.ToString());
        using var every = JsonDocument.Parse(everyStep.Stdout);
        using var ten = JsonDocument.Parse(tenSteps.Stdout);
        // A request waits for the running block of ten decode steps before its prefill: the TTFT target is met at a lower rate.
        Assert.True(ten.RootElement.GetProperty("maxRatePerSecond").GetDouble() < every.RootElement.GetProperty("maxRatePerSecond").GetDouble(), tenSteps.Stdout);
        Refused(zero, "--scheduler-steps must be >= 1 and <= 64 (got 0)");
    }

    [Fact]
    public async Task On_demand_kv_allocation_serves_more_users_where_whole_sequences_do_not_fit_and_a_bad_value_names_the_flag()
    {
        // Llama 2 7B (no grouped KV heads) with 2,048-token answers on one A100: 64 whole sequences do not fit its KV room.
        string[] replica = ["capacity", "--model", "llama-2-7b", "--gpu", "A100 SXM 80GB", "--precision", "fp16", "--input-tokens", "128", "--output-tokens", "2048",
            "--ttft-p95", "5000", "--itl-p95", "100", "--clients", "64", "--duration", "300", "--chunk-tokens", "8192", "--format", "json"];

        var reserve = await Planner(replica);
        var onDemand = await Planner([.. replica, "--kv-allocation", "onDemand"]);
        var bad = await Planner([.. replica, "--kv-allocation", "paged"]);

        Assert.True(reserve.ExitCode == 0, reserve.ToString());
        Assert.True(onDemand.ExitCode == 0, onDemand.ToString());
        using var reserved = JsonDocument.Parse(reserve.Stdout);
        using var paged = JsonDocument.Parse(onDemand.Stdout);
        Assert.True(paged.RootElement.GetProperty("closedLoop").GetProperty("maxClientsPerReplica").GetInt32() > reserved.RootElement.GetProperty("closedLoop").GetProperty("maxClientsPerReplica").GetInt32(), reserve.Stdout + onDemand.Stdout);
        Refused(bad, "--kv-allocation must be one of reserve, onDemand (got \"paged\")");
    }

    /// <summary>Exit 2 (bad input) with each of <paramref name="lines"/> on stderr.</summary>
    private static void Refused(PlannerResult result, params string[] lines)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.All(lines, line => Assert.Contains(line, result.Stderr, StringComparison.Ordinal));
    }
}
