using System.Globalization;
using Planner.CostModel.Text;

namespace Planner.CostModel.Serving;

/// <summary>
/// The load a serving benchmark offers: Poisson arrivals at <see cref="RatePerSecond"/> (open loop) or
/// <see cref="Concurrency"/> clients that each send the next request when the last one ends (closed loop), for
/// <see cref="DurationSeconds"/> (no request starts later), at most <see cref="MaxRequests"/> requests, each
/// <see cref="InputTokens"/> prompt tokens long asking for <see cref="OutputTokens"/> tokens. A request unfinished
/// <see cref="RequestTimeoutSeconds"/> after it arrived is counted as a timeout error.
/// </summary>
public sealed record ServingLoad(
    double? RatePerSecond,
    int? Concurrency,
    double DurationSeconds,
    int InputTokens,
    int OutputTokens,
    int MaxRequests,
    double RequestTimeoutSeconds,
    int Seed)
{
    public const double MaxRate = 10_000;
    public const int MaxConcurrency = 1024;
    public const double MaxDurationSeconds = 3600;
    public const int MaxTokens = 32_768;
    public const int MaxRequestsLimit = 100_000;
    public const double MaxTimeoutSeconds = 3600;

    /// <summary><c>rate</c> or <c>concurrency</c>.</summary>
    public string Mode => RatePerSecond is null ? "concurrency" : "rate";

    /// <summary>
    /// Every way the load departs from its bounds, each naming the field as <paramref name="name"/> spells it
    /// (e.g. <c>--rate</c> on the command line, <c>serving.rates[1]</c> in a profile).
    /// </summary>
    public IReadOnlyList<string> Problems(Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var problems = new List<string>();
        if (RatePerSecond is null == Concurrency is null)
        {
            problems.Add($"{name("rate")} / {name("concurrency")}: give exactly one of them.");
        }
        if (RatePerSecond is { } rate && !(rate > 0 && rate <= MaxRate))
        {
            problems.Add(Range(name("rate"), "greater than 0 and at most " + MaxRate.ToString(CultureInfo.InvariantCulture), rate));
        }
        if (Concurrency is { } concurrency && (concurrency < 1 || concurrency > MaxConcurrency))
        {
            problems.Add(Range(name("concurrency"), $"between 1 and {MaxConcurrency}", concurrency));
        }
        if (!(DurationSeconds > 0 && DurationSeconds <= MaxDurationSeconds))
        {
            problems.Add(Range(name("duration"), $"greater than 0 and at most {MaxDurationSeconds} seconds", DurationSeconds));
        }
        if (InputTokens < 1 || InputTokens > MaxTokens)
        {
            problems.Add(Range(name("inputTokens"), $"between 1 and {MaxTokens}", InputTokens));
        }
        if (OutputTokens < 1 || OutputTokens > MaxTokens)
        {
            problems.Add(Range(name("outputTokens"), $"between 1 and {MaxTokens}", OutputTokens));
        }
        if (MaxRequests < 1 || MaxRequests > MaxRequestsLimit)
        {
            problems.Add(Range(name("maxRequests"), $"between 1 and {MaxRequestsLimit}", MaxRequests));
        }
        if (!(RequestTimeoutSeconds > 0 && RequestTimeoutSeconds <= MaxTimeoutSeconds))
        {
            problems.Add(Range(name("timeout"), $"greater than 0 and at most {MaxTimeoutSeconds} seconds", RequestTimeoutSeconds));
        }
        return problems;
    }

    /// <summary>
    /// Arrival times of the open-loop load, seconds from the start: exponential gaps of mean 1/rate drawn from a
    /// seeded generator (inverse transform, gap = −ln(1 − U)/rate), up to the duration or <see cref="MaxRequests"/>.
    /// Empty for a closed-loop (concurrency) load.
    /// </summary>
    public IReadOnlyList<double> PoissonArrivals()
    {
        if (RatePerSecond is not { } rate)
        {
            return [];
        }
        var random = new Random(Seed);
        var arrivals = new List<double>();
        var time = 0.0;
        while (arrivals.Count < MaxRequests)
        {
            time += -Math.Log(1 - random.NextDouble()) / rate;
            if (time >= DurationSeconds)
            {
                break;
            }
            arrivals.Add(time);
        }
        return arrivals;
    }

    /// <summary>The load in words, e.g. <c>rate 2/s for 10 s, 32 → 16 tokens</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{(RatePerSecond is { } r ? $"rate {r:0.###}/s" : Concurrency is { } c ? $"concurrency {c}" : "load not recorded")} for {DurationSeconds:0.###} s, {InputTokens} → {OutputTokens} tokens");

    private static string Range(string field, string allowed, double got) =>
        string.Create(CultureInfo.InvariantCulture, $"{field}: must be {allowed}, got {got}.");
}

/// <summary>Latency targets of a service level: time to first token and mean inter-token latency, milliseconds.</summary>
public sealed record ServingTargets(double TimeToFirstTokenMs, double InterTokenLatencyMs)
{
    public const double MaxTargetMs = 3_600_000;

    private static readonly PhraseTemplate TargetOutOfRange = new("serving.targetOutOfRange", "must be greater than 0 and at most {0} ms, got {1}.");

    /// <summary>The problem lines of <see cref="Validate"/>.</summary>
    public IReadOnlyList<string> Problems(Func<string, string> name) => Validate(name).Select(p => p.Message).ToList();

    /// <summary>Each target out of range, at its own path (<c>ttftMs</c>, <c>itlMs</c> as <paramref name="name"/> spells them).</summary>
    public IReadOnlyList<InputProblem> Validate(Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var problems = new List<InputProblem>();
        if (!(TimeToFirstTokenMs > 0 && TimeToFirstTokenMs <= MaxTargetMs))
        {
            problems.Add(InputProblem.Labelled(name("ttftMs"), TargetOutOfRange.With(MaxTargetMs.ToString(CultureInfo.InvariantCulture), TimeToFirstTokenMs.ToString(CultureInfo.InvariantCulture))));
        }
        if (!(InterTokenLatencyMs > 0 && InterTokenLatencyMs <= MaxTargetMs))
        {
            problems.Add(InputProblem.Labelled(name("itlMs"), TargetOutOfRange.With(MaxTargetMs.ToString(CultureInfo.InvariantCulture), InterTokenLatencyMs.ToString(CultureInfo.InvariantCulture))));
        }
        return problems;
    }
}
