using System.Globalization;
using System.Text.Json.Serialization;
using Planner.CostModel.Text;

namespace Planner.CostModel.Serving;

/// <summary>
/// What one replica serves, for the capacity search: its step times and serving settings, the requests' lengths (fixed,
/// or a trace whose arrivals are rescaled to each rate tried), how long each simulated run lasts and its seed; and
/// whether the requests come open loop (Poisson arrivals or the trace, the search is over the rate) or from closed-loop
/// users thinking <see cref="ThinkSeconds"/> between requests (the search is over the number of users).
/// </summary>
public sealed record CapacityQuery
{
    public const double MaxDurationSeconds = 86_400;

    public required StepTimeModel Model { get; init; }

    /// <summary>Batch limit, KV room, chunking and GPUs of the replica; its replica count is ignored (one replica is searched).</summary>
    public required FleetSettings Settings { get; init; }

    public required ServingTargets Targets { get; init; }

    public int InputTokens { get; init; } = 512;

    public int OutputTokens { get; init; } = 128;

    /// <summary>A recorded trace: its lengths and relative arrival times are kept, its pace is scaled to the rate tried.</summary>
    public IReadOnlyList<ServingRequest>? Trace { get; init; }

    public double DurationSeconds { get; init; } = 600;

    public int Seed { get; init; } = 42;

    /// <summary>
    /// Closed loop: the users' mean think time between a request's end and their next (0 = none, a concurrency
    /// benchmark's load); null = open loop.
    /// </summary>
    public double? ThinkSeconds { get; init; }

    private static readonly PhraseTemplate NoPace = new("capacity.noPace", "needs at least two requests arriving at different times to have a pace");
    private static readonly PhraseTemplate TraceIsOpenLoop = new("capacity.traceIsOpenLoop", "replays open-loop arrivals: leave out {0} and {1}");

    public IReadOnlyList<InputProblem> Validate(Func<string, string>? fieldOf = null)
    {
        fieldOf ??= f => f;
        var problems = new List<InputProblem>(Settings.Validate(fieldOf));
        problems.AddRange(Targets.Validate(fieldOf));
        if (Trace is null)
        {
            if (InputTokens is < 1 or > RequestTraceFile.MaxTokens)
            {
                problems.Add(InputProblem.At(fieldOf("inputTokens"), ProblemPhrases.NotBetween(1, RequestTraceFile.MaxTokens, InputTokens)));
            }
            if (OutputTokens is < 1 or > RequestTraceFile.MaxTokens)
            {
                problems.Add(InputProblem.At(fieldOf("outputTokens"), ProblemPhrases.NotBetween(1, RequestTraceFile.MaxTokens, OutputTokens)));
            }
        }
        else if (Trace.Count < 2 || !(Trace[^1].ArrivalSeconds > Trace[0].ArrivalSeconds))
        {
            problems.Add(InputProblem.At(fieldOf("trace"), NoPace.With()));
        }
        if (!(DurationSeconds >= 1 && DurationSeconds <= MaxDurationSeconds))
        {
            problems.Add(InputProblem.At(fieldOf("duration"), ProblemPhrases.NotBetween(1, MaxDurationSeconds, DurationSeconds, ProblemPhrases.Seconds.With())));
        }
        if (ThinkSeconds is { } think)
        {
            problems.AddRange(ClientLoad.ThinkTimeProblems(think, fieldOf));
            if (Trace is not null)
            {
                problems.Add(InputProblem.At(fieldOf("trace"), TraceIsOpenLoop.With(fieldOf("clients"), fieldOf("thinkTime"))));
            }
        }
        return problems;
    }

    /// <summary>Whether the requests come from closed-loop users (<see cref="ThinkSeconds"/> given).</summary>
    public bool ClosedLoop => ThinkSeconds is not null;

    /// <summary>The closed loop of <paramref name="clients"/> users on one replica (<see cref="ThinkSeconds"/>, the lengths, the run's length and seed).</summary>
    public ClientLoad ClientsAt(int clients) => new(clients, ThinkSeconds ?? 0, DurationSeconds, InputTokens, OutputTokens, Seed);

    /// <summary>The requests at <paramref name="rate"/> per second: Poisson arrivals, or the trace with its times scaled to that mean rate.</summary>
    public IReadOnlyList<ServingRequest> RequestsAt(double rate)
    {
        if (Trace is null)
        {
            return FleetSimulator.Poisson(rate, DurationSeconds, InputTokens, OutputTokens, Seed);
        }
        var start = Trace[0].ArrivalSeconds;
        var scale = (Trace.Count - 1) / (Trace[^1].ArrivalSeconds - start) / rate;
        return Trace.Select(r => r with { ArrivalSeconds = (r.ArrivalSeconds - start) * scale }).ToList();
    }

    /// <summary>The mean input and output tokens of a request.</summary>
    public (double Input, double Output) MeanLengths() => Trace is null
        ? (InputTokens, OutputTokens)
        : (Trace.Average(r => (double)r.InputTokens), Trace.Average(r => (double)r.OutputTokens));
}

/// <summary>
/// One run of the search: the rate tried (closed loop: the rate the <see cref="Clients"/> users achieved), whether it met
/// the targets, and its p95 TTFT and ITL.
/// </summary>
public sealed record CapacityProbe(double RatePerSecond, bool Meets, double TtftP95Ms, double ItlP95Ms, int Failed)
{
    /// <summary>The closed loop's users; null for an open loop.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Clients { get; init; }
}

/// <summary>
/// The highest request rate one replica sustains at the targets, what the replica delivers there (null when no rate
/// meets them, with <see cref="Reason"/>), and every rate tried.
/// </summary>
public sealed record CapacityAtTarget(double MaxRatePerSecond, FleetResult? AtMax, string? Reason, IReadOnlyList<CapacityProbe> Probes)
{
    /// <summary>Closed loop: the most users the replica serves within the targets (0 when even one is too many), at which it achieves <see cref="MaxRatePerSecond"/>; null for an open loop.</summary>
    public int? MaxClients { get; init; }

    /// <summary>
    /// Replicas for <paramref name="peakClients"/> closed-loop users: ⌈users / most users⌉, and their utilization
    /// users / (replicas × most users); null when no user count meets the targets (or for an open-loop capacity).
    /// </summary>
    public (int Replicas, double Utilization)? ReplicasForClients(int peakClients)
    {
        if (MaxClients is not ({ } most and > 0) || peakClients < 1)
        {
            return null;
        }
        var replicas = (peakClients + most - 1) / most;
        return (replicas, (double)peakClients / ((long)replicas * most));
    }

    /// <summary>
    /// Replicas for a peak of <paramref name="peakRate"/> requests/s: ⌈peak / max rate⌉ (each replica gets its share of the
    /// arrivals, as a random router splits a Poisson stream into Poisson streams), and their utilization peak / (replicas × max rate).
    /// </summary>
    public (int Replicas, double Utilization)? ReplicasFor(double peakRate)
    {
        if (MaxRatePerSecond <= 0 || !(peakRate > 0))
        {
            return null;
        }
        var replicas = (int)Math.Ceiling((peakRate / MaxRatePerSecond) - 1e-9);
        return (Math.Max(1, replicas), peakRate / (Math.Max(1, replicas) * MaxRatePerSecond));
    }
}

/// <summary>A point of the throughput-vs-latency curve: a replica shape at its capacity, and whether no other point beats it on both axes.</summary>
public sealed record CurvePoint(int GpusPerReplica, int MaxBatch, double MaxRatePerSecond, double OutputTokensPerSecondPerGpu, double OutputTokensPerSecondPerUser,
    double TtftP95Ms, double ItlP95Ms, bool Pareto)
{
    /// <summary>Closed loop: the shape's most users within the targets (it achieves <see cref="MaxRatePerSecond"/> with them); null for an open loop.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxClients { get; init; }
}

/// <summary>
/// Capacity at a latency target (docs/methodology.md, "Capacity search"): the highest rate at which one replica's p95 TTFT
/// and p95 ITL stay within the targets with no failed request, found by bisection over the simulator with a fixed seed
/// (the same unit arrival gaps at every rate, so runs differ only by the rate); and the throughput-vs-latency curve.
/// </summary>
public static class CapacitySearch
{
    private static readonly PhraseTemplate SearchNeedsClosedLoop = new("capacity.searchNeedsClosedLoop", "a search over users needs a closed loop (a think time)");

    /// <summary>Bisection stops when the bracket is within this share of its upper end.</summary>
    public const double RelativeTolerance = 0.005;

    public const int MaxProbes = 60;

    /// <param name="query">The replica and its requests.</param>
    /// <param name="ct">Checked before every simulated run.</param>
    /// <param name="probed">Called after every simulated run (the planner's progress).</param>
    /// <exception cref="InputException">The query is out of range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static CapacityAtTarget MaxRate(CapacityQuery query, CancellationToken ct = default, Action? probed = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = query.Validate();
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        var settings = query.Settings with { Replicas = 1, Targets = query.Targets };
        var probes = new List<CapacityProbe>();
        (bool Meets, FleetResult Result) Probe(double rate)
        {
            ct.ThrowIfCancellationRequested();
            var result = FleetSimulator.Run(query.RequestsAt(rate), query.Model, settings);
            var m = result.Metrics;
            var meets = m.MeetsTargets == true;
            probes.Add(new CapacityProbe(rate, meets, m.TimeToFirstTokenMs.P95, m.InterTokenLatencyMs.P95, m.Failed));
            probed?.Invoke();
            return (meets, result);
        }

        var bound = ThroughputBound(query);
        // The light-load probe: a thousandth of the bound, raised so that a Poisson run holds about 50 requests (none would meet nothing).
        var low = Math.Min(bound / 10, Math.Max(bound / 1000, 50 / query.DurationSeconds));
        var (lowMeets, lowResult) = Probe(low);
        if (!lowMeets)
        {
            var m = lowResult.Metrics;
            return new CapacityAtTarget(0, null, string.Create(CultureInfo.InvariantCulture,
                $"the targets are not met even at {low:0.####} requests/s (p95 TTFT {m.TimeToFirstTokenMs.P95:0.#} ms against {query.Targets.TimeToFirstTokenMs:0.#}, p95 ITL {m.InterTokenLatencyMs.P95:0.##} ms against {query.Targets.InterTokenLatencyMs:0.##}{(m.Failed > 0 ? $", {m.Failed} failed" : "")})"),
                probes);
        }
        var best = lowResult;
        var high = bound;
        while (probes.Count < MaxProbes)
        {
            var (meets, result) = Probe(high);
            if (!meets)
            {
                break;
            }
            (low, best, high) = (high, result, high * 2);
        }
        while (probes.Count < MaxProbes && high - low > RelativeTolerance * high)
        {
            var middle = (low + high) / 2;
            var (meets, result) = Probe(middle);
            if (meets)
            {
                (low, best) = (middle, result);
            }
            else
            {
                high = middle;
            }
        }
        return new CapacityAtTarget(low, best, null, probes);
    }

    /// <summary>
    /// The replica's capacity in the query's own loop: <see cref="MaxRate"/> for open-loop arrivals, <see cref="MaxClients"/>
    /// for closed-loop users.
    /// </summary>
    public static CapacityAtTarget Capacity(CapacityQuery query, CancellationToken ct = default, Action? probed = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.ClosedLoop ? MaxClients(query, ct, probed) : MaxRate(query, ct, probed);
    }

    /// <summary>
    /// Closed-loop capacity (docs/methodology.md, "Closed-loop capacity"): the most users, each thinking
    /// <see cref="CapacityQuery.ThinkSeconds"/> on average between a request's end and the next, one replica serves with
    /// p95 TTFT and p95 ITL within the targets and no failed request, and the request rate they achieve there
    /// (requests sent ÷ the run's duration). One user first (fails → 0 with the reason), then doubling while the targets
    /// are met, then bisection over whole users until the bracket is within 0.5 % of its upper end (or one user).
    /// </summary>
    /// <exception cref="InputException">The query is out of range or not a closed loop.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static CapacityAtTarget MaxClients(CapacityQuery query, CancellationToken ct = default, Action? probed = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = query.Validate().ToList();
        if (!query.ClosedLoop)
        {
            problems.Add(InputProblem.General(SearchNeedsClosedLoop.With()));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        var settings = query.Settings with { Replicas = 1, Targets = query.Targets };
        var probes = new List<CapacityProbe>();
        (bool Meets, FleetResult Result, double Rate) Probe(int clients)
        {
            ct.ThrowIfCancellationRequested();
            var result = FleetSimulator.RunClosedLoop(query.ClientsAt(clients), query.Model, settings);
            var m = result.Metrics;
            var meets = m.MeetsTargets == true;
            var rate = AchievedRate(result, query.DurationSeconds);
            probes.Add(new CapacityProbe(rate, meets, m.TimeToFirstTokenMs.P95, m.InterTokenLatencyMs.P95, m.Failed) { Clients = clients });
            probed?.Invoke();
            return (meets, result, rate);
        }

        var (oneMeets, oneResult, oneRate) = Probe(1);
        if (!oneMeets)
        {
            var m = oneResult.Metrics;
            return new CapacityAtTarget(0, null, string.Create(CultureInfo.InvariantCulture,
                $"the targets are not met even with one user (p95 TTFT {m.TimeToFirstTokenMs.P95:0.#} ms against {query.Targets.TimeToFirstTokenMs:0.#}, p95 ITL {m.InterTokenLatencyMs.P95:0.##} ms against {query.Targets.InterTokenLatencyMs:0.##}{(m.Failed > 0 ? $", {m.Failed} failed" : "")})"),
                probes) { MaxClients = 0 };
        }
        var (low, best, bestRate) = (1, oneResult, oneRate);
        var high = 2;
        while (probes.Count < MaxProbes)
        {
            var (meets, result, rate) = Probe(high);
            if (!meets)
            {
                break;
            }
            (low, best, bestRate) = (high, result, rate);
            if (high == ClientLoad.MaxClients)
            {
                break;
            }
            high = (int)Math.Min(ClientLoad.MaxClients, 2L * high);
        }
        while (probes.Count < MaxProbes && high - low > Math.Max(1, RelativeTolerance * high))
        {
            var middle = low + ((high - low) / 2);
            var (meets, result, rate) = Probe(middle);
            if (meets)
            {
                (low, best, bestRate) = (middle, result, rate);
            }
            else
            {
                high = middle;
            }
        }
        return new CapacityAtTarget(bestRate, best, null, probes) { MaxClients = low };
    }

    /// <summary>The request rate a closed-loop run achieved: the requests its users sent ÷ the run's duration (no request is sent after it).</summary>
    public static double AchievedRate(FleetResult run, double durationSeconds)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Requests.Count / durationSeconds;
    }

    /// <summary>
    /// An upper bound of the rate one replica can serve at all: one request needs at least its prompt's per-token prefill
    /// time plus (output − 1) decode steps shared by a full batch.
    /// </summary>
    public static double ThroughputBound(CapacityQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (input, output) = query.MeanLengths();
        var batch = query.Settings.MaxBatch;
        var model = query.Model;
        var stepShare = model.DecodeStepSeconds(batch, (long)(batch * (input + (output / 2)))) / batch;
        var seconds = (model.PrefillSecondsPerToken * input) + (model.PrefillFixedSeconds / batch) + (Math.Max(0, output - 1) * stepShare);
        return seconds > 0 ? 1 / seconds : 1e6;
    }

    /// <summary>
    /// The throughput-vs-latency curve: for every GPU count (its step times and KV room from <paramref name="replicaFor"/>)
    /// and batch limit, the replica at its capacity (<see cref="Capacity"/>, in the query's loop): output tokens/s per GPU against output tokens/s
    /// per user there; shapes that meet the targets at no rate are left out. A point is on the Pareto front when no other
    /// point has at least its tokens/s per GPU and per user and more of one.
    /// </summary>
    public static IReadOnlyList<CurvePoint> Curve(CapacityQuery query, IReadOnlyList<int> gpusPerReplica, IReadOnlyList<int> batchLimits,
        Func<int, (StepTimeModel Model, long? KvCapacityTokens)> replicaFor, CancellationToken ct = default, Action? probed = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(gpusPerReplica);
        ArgumentNullException.ThrowIfNull(batchLimits);
        ArgumentNullException.ThrowIfNull(replicaFor);
        var points = new List<CurvePoint>();
        foreach (var gpus in gpusPerReplica)
        {
            var (model, kv) = replicaFor(gpus);
            foreach (var batch in batchLimits)
            {
                var capacity = Capacity(query with
                {
                    Model = model,
                    Settings = query.Settings with { GpusPerReplica = gpus, MaxBatch = batch, KvCapacityTokens = kv },
                }, ct, probed);
                if (capacity.AtMax is { } at)
                {
                    points.Add(new CurvePoint(gpus, batch, capacity.MaxRatePerSecond, at.OutputTokensPerSecondPerGpu, at.OutputTokensPerSecondPerUser,
                        at.Metrics.TimeToFirstTokenMs.P95, at.Metrics.InterTokenLatencyMs.P95, false) { MaxClients = capacity.MaxClients });
                }
            }
        }
        return MarkPareto(points);
    }

    /// <summary>Marks the points no other point dominates (at least as good on both axes, better on one).</summary>
    public static IReadOnlyList<CurvePoint> MarkPareto(IReadOnlyList<CurvePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return points.Select(p => p with
        {
            Pareto = !points.Any(q => q.OutputTokensPerSecondPerGpu >= p.OutputTokensPerSecondPerGpu && q.OutputTokensPerSecondPerUser >= p.OutputTokensPerSecondPerUser
                && (q.OutputTokensPerSecondPerGpu > p.OutputTokensPerSecondPerGpu || q.OutputTokensPerSecondPerUser > p.OutputTokensPerSecondPerUser)),
        }).ToList();
    }
}
