namespace Planner.CostModel.Serving;

/// <summary>One request as the scheduler sees it.</summary>
public sealed record ServingRequest(int Id, double ArrivalSeconds, int InputTokens, int OutputTokens);

/// <summary>
/// What happened to one request, times in seconds from the start of the run: when it arrived, when each output
/// token was produced, and the error that ended it (null when it completed). Measured serving, the endpoint
/// load tester and the simulator all produce these, so one summary computes the metrics for all of them.
/// </summary>
public sealed class RequestTrace(int id, double arrivalSeconds, int inputTokens, int outputTokensRequested)
{
    public int Id { get; } = id;

    public double ArrivalSeconds { get; } = arrivalSeconds;

    public int InputTokens { get; } = inputTokens;

    public int OutputTokensRequested { get; } = outputTokensRequested;

    /// <summary>When each output token arrived (for a stream that sends several tokens in one chunk, the chunk's time once per chunk; see <see cref="OutputTokens"/>).</summary>
    public List<double> TokenSeconds { get; } = [];

    /// <summary>Output tokens received: the server's usage count where it reports one, else the tokens (chunks) seen.</summary>
    public int OutputTokens { get; set; }

    /// <summary>The error kind (e.g. <c>http 429</c>, <c>timeout</c>, <c>stream closed</c>), or null.</summary>
    public string? Error { get; set; }

    /// <summary>When the request ended (completed or failed), seconds from the start; null while in flight.</summary>
    public double? EndSeconds { get; set; }

    public bool Completed => Error is null && EndSeconds is not null;
}

/// <summary>A clock the serving loop reads and waits on: the real one, or a simulated one that jumps.</summary>
public interface IServingClock
{
    /// <summary>Seconds since the run started.</summary>
    double Now { get; }

    /// <summary>Returns at <paramref name="seconds"/> (or at once if that has passed).</summary>
    void WaitUntil(double seconds, CancellationToken cancellationToken);
}

/// <summary>Runs model steps for the serving loop: a real decoder (ONNX Runtime) or the step-time model.</summary>
public interface IServingBackend
{
    /// <summary>Processes the prompts of newly admitted requests; each has its first output token afterwards.</summary>
    void Prefill(IReadOnlyList<ServingRequest> admitted, CancellationToken cancellationToken);

    /// <summary>One decode step: every running request gets its next token; <paramref name="kvTokens"/> is the cache they hold in all before it.</summary>
    void Decode(IReadOnlyList<ServingRequest> running, long kvTokens, CancellationToken cancellationToken);

    /// <summary>The request left the batch (finished, timed out or cancelled); its cache can go.</summary>
    void Release(ServingRequest request);
}

/// <summary>The outcome of a serving run: every request's trace, the measured steps (for the fit), the wall time and whether it was cancelled.</summary>
public sealed record ServingTrace(
    IReadOnlyList<RequestTrace> Requests,
    IReadOnlyList<PrefillObservation> Prefills,
    IReadOnlyList<DecodeObservation> Decodes,
    double WallSeconds,
    bool Cancelled);

/// <summary>Progress of a serving run: requests issued and ended so far, seconds elapsed.</summary>
public sealed record ServingProgress(int Issued, int Ended, int Failed, double ElapsedSeconds);

/// <summary>Where the serving loop's requests come from: a scheduled load, or a live server's clients.</summary>
public interface IRequestSource
{
    /// <summary>The requests that have arrived by <paramref name="now"/> and were not handed out yet, in arrival order.</summary>
    IReadOnlyList<ServingRequest> Arrived(double now);

    /// <summary>Called when nothing is waiting or running: waits for the next arrival; false when none will come.</summary>
    bool WaitForNext(IServingClock clock, CancellationToken cancellationToken);

    /// <summary>The request ended: completed (<paramref name="error"/> null) or failed.</summary>
    void Ended(ServingRequest request, double now, string? error);
}

/// <summary>
/// Continuous batching (docs/methodology.md, "Serving"): requests wait in arrival order; each iteration either
/// admits waiting requests up to <c>maxBatch</c> running ones and prefills them together (prefill first, as vLLM's
/// default scheduler does), or, when none can be admitted, runs one decode step for the whole running batch.
/// Requests leave the batch as soon as they have their tokens, so others join at the next iteration; one still
/// unfinished <c>timeoutSeconds</c> after it arrived ends as a <c>timeout</c> error. Pure apart from its clock and
/// backend, so a fake clock and the step-time model make it the serving simulator.
/// </summary>
public static class ServingLoop
{
    public const int MaxBatchLimit = 1024;

    /// <summary>Runs a scheduled load (<see cref="ServingLoad"/>) to its end, or until cancelled.</summary>
    public static ServingTrace Run(
        ServingLoad load,
        int maxBatch,
        IServingBackend backend,
        IServingClock clock,
        IProgress<ServingProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        var arrivals = load.RatePerSecond is null
            ? Enumerable.Repeat(0.0, Math.Min(load.Concurrency ?? 1, load.MaxRequests)).ToList()
            : load.PoissonArrivals();
        return Run(load, arrivals, maxBatch, backend, clock, progress, cancellationToken);
    }

    /// <summary>The loop with the first arrivals given (tests choose them; closed-loop clients add theirs as requests end).</summary>
    internal static ServingTrace Run(
        ServingLoad load,
        IReadOnlyList<double> arrivals,
        int maxBatch,
        IServingBackend backend,
        IServingClock clock,
        IProgress<ServingProgress>? progress,
        CancellationToken cancellationToken) =>
        Run(new ScheduledRequests(load, arrivals), maxBatch, load.RequestTimeoutSeconds, backend, clock, progress, cancellationToken);

    /// <summary>Serves the requests of <paramref name="source"/> until it has no more, or until cancelled.</summary>
    public static ServingTrace Run(
        IRequestSource source,
        int maxBatch,
        double timeoutSeconds,
        IServingBackend backend,
        IServingClock clock,
        IProgress<ServingProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        var traces = new List<RequestTrace>();
        var traceOf = new Dictionary<int, RequestTrace>();
        var prefills = new List<PrefillObservation>();
        var decodes = new List<DecodeObservation>();
        var waiting = new Queue<ServingRequest>();
        var running = new List<ServingRequest>();
        var cancelled = false;
        var ended = 0;
        var failed = 0;

        void End(ServingRequest request, double now, string? error)
        {
            var trace = traceOf[request.Id];
            trace.EndSeconds = now;
            trace.Error = error;
            ended++;
            failed += error is null ? 0 : 1;
            source.Ended(request, now, error);
        }

        void Finish(IEnumerable<ServingRequest> stepped, double now)
        {
            foreach (var request in stepped.ToList())
            {
                var trace = traceOf[request.Id];
                trace.TokenSeconds.Add(now);
                trace.OutputTokens = trace.TokenSeconds.Count;
                if (trace.OutputTokens >= request.OutputTokens)
                {
                    running.Remove(request);
                    backend.Release(request);
                    End(request, now, null);
                }
            }
        }

        void TimeOut(double now)
        {
            foreach (var request in running.Where(r => now - r.ArrivalSeconds >= timeoutSeconds).ToList())
            {
                running.Remove(request);
                backend.Release(request);
                End(request, now, "timeout");
            }
            while (waiting.Count > 0 && now - waiting.Peek().ArrivalSeconds >= timeoutSeconds)
            {
                End(waiting.Dequeue(), now, "timeout");
            }
        }

        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = clock.Now;
                foreach (var request in source.Arrived(now))
                {
                    var trace = new RequestTrace(request.Id, request.ArrivalSeconds, request.InputTokens, request.OutputTokens);
                    traces.Add(trace);
                    traceOf[request.Id] = trace;
                    waiting.Enqueue(request);
                }
                TimeOut(now);
                progress?.Report(new ServingProgress(traces.Count, ended, failed, now));
                if (running.Count == 0 && waiting.Count == 0)
                {
                    if (!source.WaitForNext(clock, cancellationToken))
                    {
                        break;
                    }
                    continue;
                }
                var admitted = new List<ServingRequest>();
                while (waiting.Count > 0 && running.Count + admitted.Count < maxBatch)
                {
                    admitted.Add(waiting.Dequeue());
                }
                if (admitted.Count > 0)
                {
                    var start = clock.Now;
                    backend.Prefill(admitted, cancellationToken);
                    var end = clock.Now;
                    prefills.Add(new PrefillObservation(admitted.Sum(r => (long)r.InputTokens), end - start));
                    running.AddRange(admitted);
                    Finish(admitted, end);
                }
                else
                {
                    var kvTokens = running.Sum(r => (long)r.InputTokens + traceOf[r.Id].OutputTokens - 1);
                    var batch = running.ToList();
                    var start = clock.Now;
                    backend.Decode(batch, kvTokens, cancellationToken);
                    var end = clock.Now;
                    decodes.Add(new DecodeObservation(batch.Count, kvTokens, end - start));
                    Finish(batch, end);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            foreach (var request in running)
            {
                backend.Release(request);
            }
        }
        return new ServingTrace(traces, prefills, decodes, clock.Now, cancelled);
    }

    /// <summary>
    /// The requests of a <see cref="ServingLoad"/>: the given arrivals (Poisson), and for a closed loop a client's next
    /// request as soon as its last one ends, until the duration is up or <see cref="ServingLoad.MaxRequests"/> were sent.
    /// </summary>
    private sealed class ScheduledRequests(ServingLoad load, IReadOnlyList<double> arrivals) : IRequestSource
    {
        private readonly Queue<double> _scheduled = new(arrivals);
        private int _issued;

        public IReadOnlyList<ServingRequest> Arrived(double now)
        {
            var arrived = new List<ServingRequest>();
            while (_scheduled.Count > 0 && _scheduled.Peek() <= now)
            {
                arrived.Add(new ServingRequest(_issued++, _scheduled.Dequeue(), load.InputTokens, load.OutputTokens));
            }
            return arrived;
        }

        public bool WaitForNext(IServingClock clock, CancellationToken cancellationToken)
        {
            if (_scheduled.Count == 0)
            {
                return false;
            }
            clock.WaitUntil(_scheduled.Peek(), cancellationToken);
            return true;
        }

        public void Ended(ServingRequest request, double now, string? error)
        {
            if (load.RatePerSecond is null && now < load.DurationSeconds && _issued + _scheduled.Count < load.MaxRequests)
            {
                _scheduled.Enqueue(now);
            }
        }
    }
}
