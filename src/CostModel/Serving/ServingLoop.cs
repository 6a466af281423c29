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

/// <summary>
/// Continuous batching (docs/methodology.md, "Serving"): requests wait in arrival order; each iteration either
/// admits waiting requests up to <c>maxBatch</c> running ones and prefills them together (prefill first, as vLLM's
/// default scheduler does), or, when none can be admitted, runs one decode step for the whole running batch.
/// Requests leave the batch as soon as they have their tokens, so others join at the next iteration. Pure apart
/// from its clock and backend, so a fake clock and the step-time model make it the serving simulator.
/// </summary>
public static class ServingLoop
{
    public const int MaxBatchLimit = 1024;

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
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        var traces = new List<RequestTrace>();
        var prefills = new List<PrefillObservation>();
        var decodes = new List<DecodeObservation>();
        var scheduled = new Queue<double>(arrivals);
        var waiting = new Queue<ServingRequest>();
        var running = new List<ServingRequest>();
        var cancelled = false;
        var failed = 0;

        ServingRequest Issue(double arrival)
        {
            var request = new ServingRequest(traces.Count, arrival, load.InputTokens, load.OutputTokens);
            traces.Add(new RequestTrace(request.Id, arrival, load.InputTokens, load.OutputTokens));
            return request;
        }

        void End(ServingRequest request, double now, string? error)
        {
            var trace = traces[request.Id];
            trace.EndSeconds = now;
            trace.Error = error;
            failed += error is null ? 0 : 1;
            // A closed-loop client sends its next request as soon as the last one ends, until the duration is up.
            if (load.RatePerSecond is null && now < load.DurationSeconds && traces.Count < load.MaxRequests)
            {
                scheduled.Enqueue(now);
            }
        }

        void Finish(IEnumerable<ServingRequest> stepped, double now)
        {
            foreach (var request in stepped.ToList())
            {
                var trace = traces[request.Id];
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
            foreach (var request in running.Where(r => now - r.ArrivalSeconds >= load.RequestTimeoutSeconds).ToList())
            {
                running.Remove(request);
                backend.Release(request);
                End(request, now, "timeout");
            }
            while (waiting.Count > 0 && now - waiting.Peek().ArrivalSeconds >= load.RequestTimeoutSeconds)
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
                while (scheduled.Count > 0 && scheduled.Peek() <= now)
                {
                    waiting.Enqueue(Issue(scheduled.Dequeue()));
                }
                TimeOut(now);
                progress?.Report(new ServingProgress(traces.Count, traces.Count(t => t.EndSeconds is not null), failed, now));
                if (running.Count == 0 && waiting.Count == 0)
                {
                    if (scheduled.Count == 0)
                    {
                        break;
                    }
                    clock.WaitUntil(scheduled.Peek(), cancellationToken);
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
                    var kvTokens = running.Sum(r => (long)r.InputTokens + traces[r.Id].OutputTokens - 1);
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
}
