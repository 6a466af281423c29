using FsCheck;
using FsCheck.Xunit;
using Planner.CostModel.Serving;

namespace Planner.CostModel.UnitTests.Serving;

public class FleetSimulatorTests
{
    /// <summary>Prefill 100 ms whatever the prompt; decode 20 ms + 10 ms per sequence (as in ServingLoopTests).</summary>
    private static readonly StepTimeModel Steps = new(0.1, 0, 0.02, 0.01, 0);

    /// <summary>A model where every term matters: prefill 5 ms + 0.2 ms per token; decode 8 ms + 0.5 ms per sequence + 2 µs per KV token.</summary>
    private static readonly StepTimeModel Busy = new(0.005, 0.0002, 0.008, 0.0005, 0.000002);

    private static ServingRequest Request(int id, double arrival, int input, int output) => new(id, arrival, input, output);

    private static double Ttft(RequestTrace r) => r.TokenSeconds[0] - r.ArrivalSeconds;

    [Theory]
    [InlineData(5.0, 8, 3600.0)]
    [InlineData(40.0, 16, 3600.0)]
    [InlineData(60.0, 4, 2.0)] // overloaded: requests time out in the queue and in the batch
    public void With_whole_prompts_it_gives_the_serving_loops_traces_request_for_request(double rate, int maxBatch, double timeout)
    {
        var load = new ServingLoad(rate, null, 30, 200, 40, 10_000, timeout, 7);
        var loop = ServingSimulator.Run(load, maxBatch, Busy);
        var fleet = FleetSimulator.Run(FleetSimulator.Poisson(rate, 30, 200, 40, 7), Busy,
            new FleetSettings { MaxBatch = maxBatch, TimeoutSeconds = timeout });

        Assert.Equal(loop.Requests.Count, fleet.Requests.Count);
        for (var i = 0; i < loop.Requests.Count; i++)
        {
            var (expected, actual) = (loop.Requests[i], fleet.Requests[i]);
            Assert.Equal(expected.Error, actual.Error);
            Assert.Equal(expected.EndSeconds!.Value, actual.EndSeconds!.Value, 9);
            if (expected.Completed)
            {
                Assert.Equal(expected.TokenSeconds[0], actual.TokenSeconds[0], 9);
                Assert.Equal(expected.TokenSeconds[^1], actual.TokenSeconds[^1], 9);
                Assert.Equal(expected.OutputTokens, actual.OutputTokens);
            }
        }
        Assert.Equal(loop.WallSeconds, fleet.Metrics.DurationSeconds, 9);
        Assert.Equal(loop.Prefills.Count + loop.Decodes.Count, fleet.Steps);
    }

    [Theory]
    [InlineData(1, 8, 3600.0)]
    [InlineData(6, 8, 3600.0)]
    [InlineData(12, 4, 3600.0)] // more clients than the batch: some wait in the queue
    public void A_closed_loop_with_whole_prompts_gives_the_serving_loops_closed_loop(int clients, int maxBatch, double timeout)
    {
        var load = new ServingLoad(null, clients, 20, 200, 40, 10_000, timeout, 7);
        var loop = ServingSimulator.Run(load, maxBatch, Busy);
        var fleet = FleetSimulator.RunClosedLoop(load, Busy, new FleetSettings { MaxBatch = maxBatch, TimeoutSeconds = timeout });

        // Clients are alike, so requests that arrive together may be numbered in another order: compare them sorted.
        static List<(double, double, double)> Sorted(IEnumerable<RequestTrace> traces) =>
            [.. traces.Select(r => (Math.Round(r.ArrivalSeconds, 9), Math.Round(r.TokenSeconds[0], 9), Math.Round(r.EndSeconds!.Value, 9))).Order()];
        Assert.Equal(Sorted(loop.Requests), Sorted(fleet.Requests));
        Assert.Equal(loop.WallSeconds, fleet.Metrics.DurationSeconds, 9);
    }

    [Fact]
    public void A_closed_loop_client_sends_its_next_request_when_the_last_ends_until_the_duration_is_up()
    {
        // Prompt 100 ms, decode steps of 30 ms: each request takes 0.16 s; requests start at 0, 0.16, 0.32 and 0.48 (< 0.5).
        var result = FleetSimulator.RunClosedLoop(new ServingLoad(null, 1, 0.5, 4, 3, 100, 3600, 1), Steps, new FleetSettings());

        Assert.Equal([0, 0.16, 0.32, 0.48], result.Requests.Select(r => r.ArrivalSeconds), Close);
        Assert.Equal([0.16, 0.32, 0.48, 0.64], result.Requests.Select(r => r.EndSeconds!.Value), Close);
        Assert.Equal(2, FleetSimulator.RunClosedLoop(new ServingLoad(null, 1, 0.5, 4, 3, 2, 3600, 1), Steps, new FleetSettings()).Requests.Count);
    }

    [Fact]
    public void Chunked_prefill_staggers_clients_that_start_together()
    {
        // Prefill 50 ms + 1 ms per token; decode 20 ms + 10 ms per sequence; 8 tokens a step; two clients, 8 prompt tokens.
        // 0–0.058: r0's prompt; 0.058–0.095: r0 decodes, 7 of r1's tokens ride along; 0.095–0.126: r0's last token with
        // r1's last prompt token; then r1 decodes alone to 0.186. Whole prompts would give both their first token at 0.066.
        var model = new StepTimeModel(0.05, 0.001, 0.02, 0.01, 0);
        var load = new ServingLoad(null, 2, 0.1, 8, 3, 100, 3600, 1);

        var chunked = FleetSimulator.RunClosedLoop(load, model, new FleetSettings { PrefillChunkTokens = 8 });
        var whole = FleetSimulator.RunClosedLoop(load, model, new FleetSettings());

        Assert.Equal([0.058, 0.126], chunked.Requests[0].TokenSeconds, Close);
        Assert.Equal([0.126, 0.186], chunked.Requests[1].TokenSeconds, Close);
        Assert.Equal([0.066, 0.066], whole.Requests.Select(r => r.TokenSeconds[0]), Close);
    }

    [Fact]
    public void A_closed_loop_needs_clients()
    {
        var ex = Assert.Throws<InputException>(() => FleetSimulator.RunClosedLoop(new ServingLoad(2, null, 10, 8, 3, 100, 3600, 1), Steps, new FleetSettings()));
        Assert.Contains("a closed loop needs a concurrency (clients), not a rate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_waits_for_kv_cache_room_even_when_the_batch_has_room()
    {
        // Each request reserves 4 + 3 = 7 tokens; 10 hold only one. r0: prefill 0–0.1, decode steps of 30 ms to 0.16; r1 then.
        var requests = new[] { Request(0, 0, 4, 3), Request(1, 0, 4, 3) };

        var limited = FleetSimulator.Run(requests, Steps, new FleetSettings { MaxBatch = 4, KvCapacityTokens = 10 });
        var unlimited = FleetSimulator.Run(requests, Steps, new FleetSettings { MaxBatch = 4 });

        Assert.Equal([0.1, 0.16], limited.Requests[0].TokenSeconds, Close);
        Assert.Equal([0.26, 0.32], limited.Requests[1].TokenSeconds, Close);
        Assert.Equal(1, limited.MeanBatch, 9);
        // Held at the start of each step: prefill 0, decode 4 then 5 (r0); prefill 0, decode 4 then 5 (r1); over 0.32 s busy.
        Assert.Equal(((0.03 * 4) + (0.03 * 5)) * 2 / 10 / 0.32, limited.MeanKvOccupancy!.Value, 9);
        Assert.Equal(0.5, limited.MaxKvOccupancy!.Value, 9);
        // Without the limit both are prefilled together and decode in 40 ms steps.
        Assert.Equal([0.1, 0.18], unlimited.Requests[1].TokenSeconds, Close);
        Assert.Null(unlimited.MeanKvOccupancy);
    }

    [Fact]
    public void On_demand_kv_admits_both_prompts_and_preempts_the_newest_when_a_step_does_not_fit_then_recomputes_it()
    {
        // Two requests of 2 prompt and 5 output tokens, 10 tokens of KV. Reserving 7 each, only one fits at a time:
        // r0 prefill 0–0.1, four 30 ms steps to 0.22; r1 prefill 0.22–0.32, four steps to 0.44.
        var requests = new[] { Request(0, 0, 2, 5), Request(1, 0, 2, 5) };
        var reserve = FleetSimulator.Run(requests, Steps, new FleetSettings { MaxBatch = 4, KvCapacityTokens = 10 });
        Assert.Equal([0.32, 0.44], reserve.Requests[1].TokenSeconds, Close);
        Assert.Equal(0, reserve.Preemptions);

        // On demand both prompts (2 + 2) are admitted at 0 and prefilled together (first tokens at 0.1); each 40 ms step
        // of two adds 2 tokens: 6 at 0.14, 8 at 0.18, 10 at 0.22. The fourth step would need 12: r1, the newest, is
        // pre-empted having given 4 tokens (its 2 + 3 cached tokens freed); r0 steps alone (30 ms) to 0.25 and ends; r1
        // is prefilled again over 2 + 4 = 6 tokens, 0.25–0.35, which gives its fifth and last token.
        var onDemand = FleetSimulator.Run(requests, Steps, new FleetSettings { MaxBatch = 4, KvCapacityTokens = 10, KvAllocation = KvAllocation.OnDemand });
        Assert.Equal([0.1, 0.25], onDemand.Requests[0].TokenSeconds, Close);
        Assert.Equal([0.1, 0.35], onDemand.Requests[1].TokenSeconds, Close);
        Assert.Equal(1, onDemand.Preemptions);
        Assert.All(onDemand.Requests, r => Assert.Equal((5, true), (r.OutputTokens, r.Completed)));
        // Held at the start of each step: 0 (prefill), 4, 6, 8, then 5 after the pre-emption, then 0 (r1's prefill again).
        Assert.Equal(0.8, onDemand.MaxKvOccupancy!.Value, 9);
        // The pre-empted request's ITL holds the wait and the recompute: (0.35 − 0.1) / 4 tokens.
        Assert.Equal(new[] { 0.15 / 4 * 1000, 0.25 / 4 * 1000 }.Average(), onDemand.Metrics.InterTokenLatencyMs.Mean, 9);
    }

    [Fact]
    public void On_demand_kv_without_a_kv_limit_is_the_reserving_run()
    {
        var requests = FleetSimulator.Poisson(20, 10, 300, 40, 7);
        var reserve = FleetSimulator.Run(requests, Busy, new FleetSettings { MaxBatch = 16, PrefillChunkTokens = 512 });
        var onDemand = FleetSimulator.Run(requests, Busy, new FleetSettings { MaxBatch = 16, PrefillChunkTokens = 512, KvAllocation = KvAllocation.OnDemand });
        Assert.Equal(reserve.Requests.Select(r => (r.TokenSeconds[0], r.EndSeconds)), onDemand.Requests.Select(r => (r.TokenSeconds[0], r.EndSeconds)));
    }

    [Fact]
    public void A_request_that_could_never_fit_the_kv_cache_ends_at_arrival_as_an_error()
    {
        var result = FleetSimulator.Run([Request(0, 0.5, 8, 3), Request(1, 1, 4, 3)], Steps,
            new FleetSettings { KvCapacityTokens = 10, Targets = new ServingTargets(1000, 1000) });

        Assert.Equal(FleetSimulator.KvCacheError, result.Requests[0].Error);
        Assert.Equal(0.5, result.Requests[0].EndSeconds);
        Assert.Equal((2, 1, 1), (result.Metrics.Issued, result.Metrics.Completed, result.Metrics.Failed));
        Assert.Equal(0.5, result.Metrics.Goodput);
    }

    [Fact]
    public void Chunked_prefill_shares_steps_with_decoding_and_spends_the_rest_of_the_token_budget_on_prompts()
    {
        // Prefill 50 ms + 1 ms per token; decode 20 ms + 10 ms per sequence; 8 tokens a step.
        var model = new StepTimeModel(0.05, 0.001, 0.02, 0.01, 0);
        var requests = new[] { Request(0, 0, 10, 3), Request(1, 0.06, 4, 2) };

        var result = FleetSimulator.Run(requests, model, new FleetSettings { PrefillChunkTokens = 8 });

        // 0–0.058: r0's first 8 prompt tokens; 0.058–0.110: its last 2 (first token); 0.110–0.144: r0 decodes (30 ms)
        // while r1's 4 prompt tokens ride along (+4 ms); 0.144–0.184: both decode (40 ms) and end.
        Assert.Equal([0.110, 0.184], result.Requests[0].TokenSeconds, Close);
        Assert.Equal([0.144, 0.184], result.Requests[1].TokenSeconds, Close);
        Assert.Equal((0.034 + (0.04 * 2)) / 0.074, result.MeanBatch, 9);
        Assert.Equal(4, result.Steps);
    }

    [Theory]
    [InlineData(null, new[] { 0.080, 0.080, 0.080 }, 0.130)] // no limit: the three prompts in one prefill
    [InlineData(20, new[] { 0.070, 0.070, 0.130 }, 0.180)] // two prompts fill the step's 20 tokens, the third waits for the next
    [InlineData(5, new[] { 0.060, 0.120, 0.180 }, 0.230)] // a prompt longer than the limit is still taken, alone
    public void With_whole_prompts_a_prefill_step_takes_waiting_prompts_while_their_tokens_stay_within_the_limit(int? maxPrefillTokens, double[] firstTokens, double end)
    {
        // Prefill 50 ms + 1 ms per token; decode 20 ms + 10 ms per sequence; three prompts of 10 tokens arrive together.
        var model = new StepTimeModel(0.05, 0.001, 0.02, 0.01, 0);
        var requests = new[] { Request(0, 0, 10, 2), Request(1, 0, 10, 2), Request(2, 0, 10, 2) };

        var result = FleetSimulator.Run(requests, model, new FleetSettings { MaxPrefillTokens = maxPrefillTokens });

        // Every prefill comes before the running requests' decode step (3 sequences: 50 ms), which gives the last tokens.
        Assert.Equal(firstTokens, result.Requests.Select(r => r.TokenSeconds[0]), Close);
        Assert.All(result.Requests, r => Assert.Equal(end, r.EndSeconds!.Value, 9));
    }

    [Theory]
    [InlineData(1, 0.118)]
    [InlineData(4, 0.208)]
    public void With_multi_step_scheduling_a_waiting_request_is_admitted_when_the_running_block_of_decode_steps_ends(int schedulerSteps, double firstToken)
    {
        // Prefill 50 ms + 1 ms per token; decode 20 ms + 10 ms per sequence; 8 tokens a step. r0 (4 prompt tokens) is
        // prefilled 0–0.054 and then decodes alone in 30 ms steps: 0.084, 0.114, 0.144, 0.174. r1 arrives at 0.06.
        // Every step decides: r1 joins the step at 0.084 (30 ms + 4 ms of prompt), first token at 0.118. Blocks of 4
        // decode steps (the first starting at 0.054): r1 waits for the block to end at 0.174, first token at 0.208.
        var model = new StepTimeModel(0.05, 0.001, 0.02, 0.01, 0);
        var requests = new[] { Request(0, 0, 4, 10), Request(1, 0.06, 4, 2) };

        var result = FleetSimulator.Run(requests, model, new FleetSettings { PrefillChunkTokens = 8, SchedulerSteps = schedulerSteps });

        Assert.Equal(0.054, result.Requests[0].TokenSeconds[0], 9);
        Assert.Equal(firstToken, result.Requests[1].TokenSeconds[0], 9);
        Assert.Equal(firstToken + 0.04, result.Requests[1].EndSeconds!.Value, 9);
    }

    [Fact]
    public void Scheduler_steps_out_of_range_are_named_with_their_allowed_range()
    {
        var ex = Assert.Throws<InputException>(() => FleetSimulator.Run([], Steps, new FleetSettings { SchedulerSteps = 0 }));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("schedulerSteps", problem.Path);
        Assert.Contains("must be >= 1 and <= 64 (got 0)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_replicas_share_one_queue_first_come_first_served()
    {
        // Batch 1: three requests at 0; replicas 0 and 1 take r0 and r1 (0.16 each); r2 waits for the first free one.
        var requests = Enumerable.Range(0, 3).Select(i => Request(i, 0, 4, 3)).ToArray();

        var result = FleetSimulator.Run(requests, Steps, new FleetSettings { MaxBatch = 1, Replicas = 2, GpusPerReplica = 2 });

        Assert.Equal([0.1, 0.1, 0.26], result.Requests.Select(r => r.TokenSeconds[0]), Close);
        Assert.Equal(0.32, result.Metrics.DurationSeconds, 9);
        Assert.Equal(9 / 0.32 / 4, result.OutputTokensPerSecondPerGpu, 9);
        Assert.Equal(1000 / 30.0, result.OutputTokensPerSecondPerUser, 9);
    }

    [Fact]
    public void The_queue_length_over_time_integrates_the_waiting_requests()
    {
        // Batch 1, three requests at 0: two wait 0–0.16, one 0.16–0.32, none after; the run lasts 0.48 s.
        var requests = Enumerable.Range(0, 3).Select(i => Request(i, 0, 4, 3)).ToArray();

        var result = FleetSimulator.Run(requests, Steps, new FleetSettings { MaxBatch = 1 });

        Assert.Equal(0.48, result.Metrics.DurationSeconds, 9);
        Assert.Equal(((2 * 0.16) + 0.16) / 0.48, result.MeanQueueLength, 9);
        Assert.Equal(3, result.MaxQueueLength);
        var sample = Assert.Single(result.QueueOverTime);
        Assert.Equal(result.MeanQueueLength, sample.MeanWaiting, 9);
    }

    [Theory]
    [InlineData(1, 0.7, 11)]
    [InlineData(3, 2.1, 12)]
    [InlineData(8, 6.0, 13)]
    public void With_batch_one_and_exponential_service_times_it_reproduces_erlang_c_waiting(int servers, double rate, int seed)
    {
        // Service = a prefill of an exponentially distributed prompt (mean 10 000 tokens at 0.1 ms each = 1 s); one output token.
        const double meanTokens = 10_000;
        var random = new Random(seed + 1000); // not the arrivals' seed: gaps and services must be independent
        var arrivals = FleetSimulator.Poisson(rate, 100_000 / rate, 1, 1, seed);
        var requests = arrivals.Select(a => a with { InputTokens = Math.Max(1, (int)Math.Round(-Math.Log(1 - random.NextDouble()) * meanTokens)) }).ToList();
        var model = new StepTimeModel(0, 1 / meanTokens, 0, 0, 0);

        var result = FleetSimulator.Run(requests, model, new FleetSettings { MaxBatch = 1, Replicas = servers });

        var services = requests.Select(r => r.InputTokens / meanTokens).ToList();
        var waits = result.Requests.Select((r, i) => Ttft(r) - services[i]).ToList();
        var mu = 1 / services.Average();
        var (probability, meanWait) = ErlangC(servers, rate, mu);
        Assert.True(result.Requests.All(r => r.Completed));
        Assert.InRange(waits.Count(w => w > 1e-9) / (double)waits.Count, probability - 0.02, probability + 0.02);
        Assert.InRange(waits.Average(), meanWait * 0.94, meanWait * 1.06);
    }

    /// <summary>M/M/c: the probability of waiting C(c, a) with a = λ/μ, and the mean wait C / (cμ − λ).</summary>
    private static (double Probability, double MeanWait) ErlangC(int c, double lambda, double mu)
    {
        var a = lambda / mu;
        var rho = a / c;
        var term = 1.0;
        var sum = 0.0;
        for (var k = 0; k < c; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }
        var last = term / (1 - rho);
        var probability = last / (sum + last);
        return (probability, probability / ((c * mu) - lambda));
    }

    [Property(MaxTest = 40)]
    public bool Every_request_ends_once_and_completed_ones_have_all_their_tokens(PositiveInt seed, byte batch, bool chunked, bool kvLimited, bool onDemand)
    {
        var random = new Random(seed.Get);
        var time = 0.0;
        var requests = Enumerable.Range(0, 300).Select(i =>
        {
            time += random.NextDouble() * 0.02;
            return Request(i, time, 1 + random.Next(400), 1 + random.Next(60));
        }).ToList();
        var result = FleetSimulator.Run(requests, Busy, new FleetSettings
        {
            MaxBatch = 1 + (batch % 32),
            PrefillChunkTokens = chunked ? 256 : null,
            KvCapacityTokens = kvLimited ? 2000 : null,
            KvAllocation = onDemand ? KvAllocation.OnDemand : KvAllocation.Reserve,
            TimeoutSeconds = 5,
        });
        var completed = result.Requests.Where(r => r.Completed).ToList();
        return result.Requests.All(r => r.EndSeconds is not null)
            && result.Metrics.Completed + result.Metrics.Failed == requests.Count
            && completed.All(r => r.OutputTokens == r.OutputTokensRequested && r.TokenSeconds[0] >= r.ArrivalSeconds && r.EndSeconds >= r.TokenSeconds[0])
            && result.Metrics.OutputTokens == completed.Sum(r => (long)r.OutputTokensRequested)
            && (!kvLimited || result.MaxKvOccupancy <= 1);
    }

    [Property(MaxTest = 30)]
    public bool With_batch_one_a_higher_rate_never_gives_a_request_an_earlier_first_token(PositiveInt seed, byte rate, byte step)
    {
        var low = 0.5 + (rate / 50.0);
        var high = low + ((1 + step) / 50.0);
        var settings = new FleetSettings { MaxBatch = 1 };
        var slow = FleetSimulator.Run(FleetSimulator.Poisson(low, 60, 50, 5, seed.Get), Steps, settings).Requests;
        var fast = FleetSimulator.Run(FleetSimulator.Poisson(high, 60, 50, 5, seed.Get), Steps, settings).Requests;
        return Enumerable.Range(0, slow.Count).All(i => Ttft(fast[i]) >= Ttft(slow[i]) - 1e-9);
    }

    [Property(MaxTest = 30)]
    public bool With_batch_one_more_replicas_never_give_a_request_a_later_first_token(PositiveInt seed, byte replicas)
    {
        var requests = FleetSimulator.Poisson(8, 30, 50, 5, seed.Get);
        var fewer = 1 + (replicas % 6);
        var few = FleetSimulator.Run(requests, Steps, new FleetSettings { MaxBatch = 1, Replicas = fewer }).Requests;
        var many = FleetSimulator.Run(requests, Steps, new FleetSettings { MaxBatch = 1, Replicas = fewer + 1 }).Requests;
        return Enumerable.Range(0, few.Count).All(i => many[i].EndSeconds <= few[i].EndSeconds + 1e-9);
    }

    [Fact]
    public void Settings_out_of_range_are_named_with_their_allowed_range()
    {
        var ex = Assert.Throws<InputException>(() => FleetSimulator.Run([], Steps,
            new FleetSettings { MaxBatch = 0, KvCapacityTokens = 0, PrefillChunkTokens = -1, MaxPrefillTokens = 0, KvAllocation = (KvAllocation)7, Replicas = 300, TimeoutSeconds = -1 }));

        Assert.Equal(["maxBatch", "kvCapacityTokens", "prefillChunkTokens", "maxPrefillTokens", "kvAllocation", "replicas", "timeout"], ex.Problems.Select(p => p.Path));
        Assert.Contains("(got 0)", ex.Problems[3].Message, StringComparison.Ordinal);
        Assert.Contains("must be one of reserve, onDemand (got \"7\")", ex.Problems[4].Message, StringComparison.Ordinal);
        Assert.Contains("must be >= 1 and <= 256 (got 300)", ex.Problems[5].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_file_is_read_with_columns_in_any_order()
    {
        var requests = RequestTraceFile.Read(new StringReader("# from the gateway log\ninput_tokens,arrival_s,output_tokens\n512,0,128\n\n64, 0.25 ,8\n"), "t.csv");

        Assert.Equal([Request(0, 0, 512, 128), Request(1, 0.25, 64, 8)], requests);
    }

    [Fact]
    public void A_bad_trace_file_names_each_bad_line_and_what_is_allowed()
    {
        var ex = Assert.Throws<InputException>(() => RequestTraceFile.Read(
            new StringReader("arrival_s,input_tokens,output_tokens\n1,10,10\n0.5,10,10\nx,0,10\n2,10\n"), "t.csv"));

        Assert.Equal(["t.csv:3", "t.csv:4", "t.csv:4", "t.csv:5"], ex.Problems.Select(p => p.Path));
        Assert.Contains("arrival_s must not be earlier than the line before (0.5 < 1)", ex.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("input_tokens must be a whole number >= 1 and <= 1048576 (got \"0\")", ex.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("output_tokens must be a whole number", ex.Problems[3].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "t.csv is empty")]
    [InlineData("arrival,input_tokens,output_tokens\n0,1,1\n", "t.csv:1 must be the header naming the columns arrival_s,input_tokens,output_tokens (missing arrival_s)")]
    [InlineData("arrival_s,input_tokens,output_tokens\n", "t.csv has a header but no requests")]
    public void A_trace_file_without_a_header_or_requests_is_refused(string text, string message)
    {
        var ex = Assert.Throws<InputException>(() => RequestTraceFile.Read(new StringReader(text), "t.csv"));

        Assert.StartsWith(message, ex.Problems[0].Message, StringComparison.Ordinal);
    }

    private static readonly IEqualityComparer<double> Close = EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-9, _ => 0);
}
