using Planner.CostModel.Serving;

namespace Planner.CostModel.UnitTests.Serving;

public class ServingLoopTests
{
    /// <summary>Prefill 100 ms whatever the prompt; decode 20 ms + 10 ms per sequence.</summary>
    private static readonly StepTimeModel Steps = new(0.1, 0, 0.02, 0.01, 0);

    private static ServingLoad Load(double? rate = 1, int? concurrency = null, double duration = 10, int output = 3, double timeout = 60) =>
        new(rate, concurrency, duration, 4, output, 1000, timeout, 42);

    [Fact]
    public void One_closed_loop_client_sees_the_prefill_as_ttft_and_the_decode_step_as_inter_token_latency()
    {
        // Each request: prefill 100 ms, two decode steps of 30 ms: ends 160 ms after it starts.
        var trace = ServingSimulator.Run(Load(rate: null, concurrency: 1, duration: 0.9), 8, Steps);
        var metrics = ServingSummary.Summarize(trace.Requests, trace.WallSeconds, new ServingTargets(150, 40));

        Assert.Equal(6, metrics.Issued); // starts at 0, 0.16, ..., 0.80 (< 0.9)
        Assert.Equal(6, metrics.Completed);
        Assert.Equal(100, metrics.TimeToFirstTokenMs.P95, 9);
        Assert.Equal(30, metrics.InterTokenLatencyMs.P50, 9);
        Assert.Equal(160, metrics.EndToEndMs.Max, 9);
        Assert.Equal(0.96, trace.WallSeconds, 9);
        Assert.Equal(18 / 0.96, metrics.OutputTokensPerSecond, 9);
        Assert.Equal(1.0, metrics.Goodput);
        Assert.True(metrics.MeetsTargets);
    }

    [Fact]
    public void A_request_arriving_during_a_step_joins_the_running_batch_at_the_next_iteration()
    {
        var trace = ServingSimulator.Run(Load(), [0, 0.05], 4, Steps);

        // r0 prefilled 0–0.1; r1 (arrived 0.05) prefilled 0.1–0.2; then both decode together: 40 ms steps to 0.24 and 0.28.
        Assert.Equal([0.1, 0.24, 0.28], trace.Requests[0].TokenSeconds, Close);
        Assert.Equal([0.2, 0.24, 0.28], trace.Requests[1].TokenSeconds, Close);
        Assert.Equal([new DecodeObservation(2, 4 + 4, 0.04), new DecodeObservation(2, 5 + 5, 0.04)], trace.Decodes.Select(Rounded));
        Assert.Equal([4L, 4L], trace.Prefills.Select(p => p.PromptTokens));
    }

    [Fact]
    public void A_full_batch_makes_a_new_request_wait_until_a_running_one_leaves()
    {
        var trace = ServingSimulator.Run(Load(), [0, 0.05], 1, Steps);

        // r0 runs alone to 0.16 (decode steps of 30 ms); r1 waits, then is prefilled 0.16–0.26.
        Assert.Equal([0.1, 0.13, 0.16], trace.Requests[0].TokenSeconds, Close);
        Assert.Equal([0.26, 0.29, 0.32], trace.Requests[1].TokenSeconds, Close);
        var metrics = ServingSummary.Summarize(trace.Requests, trace.WallSeconds, null);
        Assert.Equal(210, metrics.TimeToFirstTokenMs.Max, 9);
        Assert.Null(metrics.Goodput);
    }

    [Fact]
    public void Requests_unfinished_at_their_timeout_end_as_timeout_errors_not_as_fast_responses()
    {
        var trace = ServingSimulator.Run(Load(timeout: 0.11), [0, 0.01], 1, Steps);
        var metrics = ServingSummary.Summarize(trace.Requests, trace.WallSeconds, new ServingTargets(1000, 1000));

        Assert.Equal(0, metrics.Completed);
        Assert.Equal(2, metrics.ErrorsByKind["timeout"]);
        Assert.Equal(0, metrics.Goodput);
        Assert.False(metrics.MeetsTargets);
        Assert.Equal(0, metrics.TimeToFirstTokenMs.Count);
    }

    [Fact]
    public void Cancelling_keeps_the_ended_requests_and_counts_the_rest_as_incomplete()
    {
        using var cancellation = new CancellationTokenSource();
        var clock = new ServingSimulator.SimulatedClock();
        var backend = new CancellingBackend(clock, cancellation, cancelAtDecode: 3);

        var trace = ServingLoop.Run(Load(), [0, 0.5], 4, backend, clock, null, cancellation.Token);
        var metrics = ServingSummary.Summarize(trace.Requests, trace.WallSeconds, null);

        Assert.True(trace.Cancelled);
        Assert.Equal((2, 1, 1), (metrics.Issued, metrics.Completed, metrics.Incomplete));
        Assert.Equal([0, 1], backend.Released); // r0 when it finished, r1 when the run was cancelled
    }

    [Fact]
    public void Poisson_arrivals_are_seeded_and_average_the_asked_rate()
    {
        var load = Load(rate: 10, duration: 1000) with { MaxRequests = 100_000 };

        var arrivals = load.PoissonArrivals();

        Assert.Equal(arrivals, load.PoissonArrivals());
        Assert.InRange(arrivals.Count, 9_700, 10_300); // 10 000 expected, standard deviation 100
        Assert.True(arrivals.Zip(arrivals.Skip(1)).All(p => p.Second > p.First));
        Assert.Equal(25, (load with { MaxRequests = 25 }).PoissonArrivals().Count);
    }

    [Fact]
    public void Goodput_counts_failures_against_the_share_and_needs_both_targets_met()
    {
        RequestTrace Completed(int id, double first, double last)
        {
            var trace = new RequestTrace(id, 0, 8, 3) { EndSeconds = last };
            trace.TokenSeconds.AddRange([first, (first + last) / 2, last]);
            trace.OutputTokens = 3;
            return trace;
        }
        var requests = new[]
        {
            Completed(0, 0.1, 0.2),   // TTFT 100 ms, ITL 50 ms: good
            Completed(1, 0.3, 0.4),   // TTFT 300 ms: misses TTFT
            Completed(2, 0.1, 0.5),   // ITL 200 ms: misses ITL
            new RequestTrace(3, 0, 8, 3) { EndSeconds = 0.05, Error = "http 429" },
        };

        var metrics = ServingSummary.Summarize(requests, 2, new ServingTargets(200, 100));

        Assert.Equal(0.25, metrics.Goodput);
        Assert.Equal(0.5, metrics.GoodputRequestsPerSecond);
        Assert.Equal(1, metrics.ErrorsByKind["http 429"]);
        Assert.Equal(9 / 2.0, metrics.OutputTokensPerSecond);
        Assert.Equal(50, metrics.InterTokenLatencyMs.P50, 9);
        Assert.Equal(200, metrics.InterTokenLatencyMs.Max, 9);
        Assert.False(metrics.MeetsTargets);
    }

    [Fact]
    public void Load_problems_name_the_field_and_the_allowed_range()
    {
        var problems = new ServingLoad(null, null, 0, 0, 40_000, 0, 0, 1).Problems(f => "--" + f);

        Assert.Contains("--rate / --concurrency: give exactly one of them.", problems);
        Assert.Contains("--duration: must be greater than 0 and at most 3600 seconds, got 0.", problems);
        Assert.Contains("--inputTokens: must be between 1 and 32768, got 0.", problems);
        Assert.Contains("--outputTokens: must be between 1 and 32768, got 40000.", problems);
        Assert.Equal(6, problems.Count);
    }

    private static DecodeObservation Rounded(DecodeObservation d) => d with { Seconds = Math.Round(d.Seconds, 9) };

    private static readonly IEqualityComparer<double> Close = EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-9, _ => 0);

    /// <summary>Runs the step-time model and cancels during the given decode step, as Ctrl+C would.</summary>
    private sealed class CancellingBackend(ServingSimulator.SimulatedClock clock, CancellationTokenSource cancellation, int cancelAtDecode) : IServingBackend
    {
        private int _decodes;

        public List<int> Released { get; } = [];

        public void Prefill(IReadOnlyList<ServingRequest> admitted, CancellationToken cancellationToken) => clock.Advance(Steps.PrefillSeconds(0));

        public void Decode(IReadOnlyList<ServingRequest> running, long kvTokens, CancellationToken cancellationToken)
        {
            clock.Advance(Steps.DecodeStepSeconds(running.Count, kvTokens));
            if (++_decodes == cancelAtDecode)
            {
                cancellation.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        public void Release(ServingRequest request) => Released.Add(request.Id);
    }
}
