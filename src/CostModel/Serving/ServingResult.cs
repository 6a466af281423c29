namespace Planner.CostModel.Serving;

/// <summary>
/// One serving measurement in a results file (<c>serving[]</c>, docs/benchmark-results.md): what was loaded
/// (the reference decoder here, an OpenAI-compatible endpoint, or an imported GuideLLM / AIPerf run), the load and
/// targets, the metrics, and for the decoder the fitted step-time model and the simulator's prediction.
/// </summary>
public sealed record ServingResult(
    string Source,
    string Model,
    string? Preset,
    string? Endpoint,
    string Provider,
    ServingLoad Load,
    int? MaxBatch,
    ServingTargets? Targets,
    ServingMetrics Metrics,
    StepTimeFit? StepTimeFit,
    IReadOnlyList<PredictionError>? Prediction,
    bool Partial,
    string? Note)
{
    /// <summary>Measured here with the reference decoder (<c>planner bench serve</c>).</summary>
    public const string DecoderSource = "decoder";

    /// <summary>Measured against an OpenAI-compatible endpoint (<c>planner bench endpoint</c>).</summary>
    public const string EndpointSource = "endpoint";

    public const string GuideLlmSource = "guidellm";

    public const string AiPerfSource = "aiperf";

    public static IReadOnlyList<string> Sources { get; } = [DecoderSource, EndpointSource, GuideLlmSource, AiPerfSource];

    /// <summary>What two runs' serving results are matched by: source, model, preset, provider and the load.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Source}/{Model}/{Preset ?? "-"}/{Provider}/{Load.Describe()}/batch {MaxBatch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
}

/// <summary>How far the serving simulator's figure is from the measured one: (predicted − measured) / measured, in percent.</summary>
public sealed record PredictionError(string Metric, double MeasuredMs, double PredictedMs, double ErrorPercent)
{
    /// <summary>
    /// Runs the simulator with the fitted model on the same load and batch limit and compares p50 and p95 of TTFT,
    /// ITL and end-to-end latency with the measured ones.
    /// </summary>
    public static IReadOnlyList<PredictionError> Compare(ServingLoad load, int maxBatch, StepTimeModel model, ServingMetrics measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var trace = ServingSimulator.Run(load, maxBatch, model);
        var predicted = ServingSummary.Summarize(trace.Requests, trace.WallSeconds, null);
        var errors = new List<PredictionError>();
        void Add(string metric, double m, double p) => errors.Add(new PredictionError(metric, m, p, m > 0 ? (p - m) / m * 100 : 0));
        Add("ttftMs.p50", measured.TimeToFirstTokenMs.P50, predicted.TimeToFirstTokenMs.P50);
        Add("ttftMs.p95", measured.TimeToFirstTokenMs.P95, predicted.TimeToFirstTokenMs.P95);
        Add("itlMs.p50", measured.InterTokenLatencyMs.P50, predicted.InterTokenLatencyMs.P50);
        Add("itlMs.p95", measured.InterTokenLatencyMs.P95, predicted.InterTokenLatencyMs.P95);
        Add("e2eMs.p50", measured.EndToEndMs.P50, predicted.EndToEndMs.P50);
        Add("e2eMs.p95", measured.EndToEndMs.P95, predicted.EndToEndMs.P95);
        return errors;
    }
}

/// <summary>The real clock for the serving loop, read from a <see cref="TimeProvider"/>; waits sleep until the time or cancellation.</summary>
public sealed class TimeProviderServingClock : IServingClock
{
    private readonly TimeProvider _time;
    private readonly long _start;

    public TimeProviderServingClock(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _start = time.GetTimestamp();
    }

    public double Now => _time.GetElapsedTime(_start).TotalSeconds;

    /// <summary>
    /// Sleeps until about 2 ms before the time, then yields until it has come: a sleep alone wakes a millisecond
    /// or more late, which would be charged to the next request's time to first token.
    /// </summary>
    public void WaitUntil(double seconds, CancellationToken cancellationToken)
    {
        var remaining = seconds - Now;
        if (remaining > 0.002)
        {
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(remaining - 0.002));
        }
        while (Now < seconds && !cancellationToken.IsCancellationRequested)
        {
            Thread.Yield();
        }
        cancellationToken.ThrowIfCancellationRequested();
    }
}
