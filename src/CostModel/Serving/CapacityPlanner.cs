using System.Globalization;
using System.Text.Json.Serialization;
using Planner.CostModel.Projection;
using Planner.CostModel.Text;

namespace Planner.CostModel.Serving;

/// <summary>
/// What <c>planner capacity</c> asks: the replica (a projection of a model on its GPUs, or a step-time model fitted to a
/// measured serving run), how it serves, the requests, the latency targets, optionally a peak demand and the shapes of
/// the throughput-vs-latency curve.
/// </summary>
public sealed record CapacityPlanRequest
{
    private static readonly PhraseTemplate ClientsNeedThinkTime = new("capacity.clientsNeedThinkTime", "are closed-loop users: give {0} (0 for none)");
    private static readonly PhraseTemplate RateWithClients = new("capacity.rateWithClients", "is an open-loop demand: with closed-loop users the demand is {0}");

    /// <summary>The model on its GPUs with the workload's mean input and output tokens; null when <see cref="Measured"/> is given.</summary>
    public ProjectionRequest? Projection { get; init; }

    /// <summary>A step-time fit of a measured run (<c>planner bench serve</c>); its replica's KV room is not known (unlimited).</summary>
    public StepTimeFit? Measured { get; init; }

    public string MeasuredSource { get; init; } = "measured";

    public required CapacityQuery Query { get; init; }

    /// <summary>Peak demand, requests per second: the replicas it needs (open loop).</summary>
    public double? PeakRatePerSecond { get; init; }

    /// <summary>Peak demand in closed-loop users (a query with a think time): the replicas they need.</summary>
    public int? PeakClients { get; init; }

    /// <summary>GPUs per replica of the curve (projection only); none = the replica's own.</summary>
    public IReadOnlyList<int> CurveGpus { get; init; } = [];

    /// <summary>Batch limits of the curve; none = no curve.</summary>
    public IReadOnlyList<int> CurveBatches { get; init; } = [];

    /// <summary>Rates of the latency-against-rate sweep; 0 = no sweep (<see cref="CapacityPlanner.SweepRates"/>).</summary>
    public int SweepPoints { get; init; }

    public const int MaxCurvePoints = 64;
    public const int MaxSweepPoints = 40;
    public const double MaxPeakRate = 1_000_000;

    /// <summary>The peak demand's range: > 0 and at most <see cref="MaxPeakRate"/> requests/s; null when none is given or it is in range.</summary>
    public static InputProblem? PeakRateProblem(double? peak, Func<string, string> fieldOf)
    {
        ArgumentNullException.ThrowIfNull(fieldOf);
        return peak is { } p && !(p > 0 && p <= MaxPeakRate)
            ? InputProblem.At(fieldOf("rate"), ProblemPhrases.NotAboveAtMost(0, MaxPeakRate, p, ProblemPhrases.RequestsPerSecond.With()))
            : null;
    }

    /// <summary>The peak users' range: 1 to <see cref="ClientLoad.MaxClients"/>; null when none are given or they are in range.</summary>
    public static InputProblem? PeakClientsProblem(int? peakClients, Func<string, string> fieldOf)
    {
        ArgumentNullException.ThrowIfNull(fieldOf);
        return peakClients is { } clients && clients is < 1 or > ClientLoad.MaxClients
            ? InputProblem.At(fieldOf("clients"), ProblemPhrases.NotBetween(1, ClientLoad.MaxClients, clients))
            : null;
    }

    /// <summary>How the demand fits the loop: a peak rate for an open loop, peak users for a closed one, each in range.</summary>
    public IReadOnlyList<InputProblem> DemandProblems(Func<string, string> fieldOf)
    {
        ArgumentNullException.ThrowIfNull(fieldOf);
        var problems = new List<InputProblem>();
        if (PeakRateProblem(PeakRatePerSecond, fieldOf) is { } rate)
        {
            problems.Add(rate);
        }
        if (PeakClientsProblem(PeakClients, fieldOf) is { } clients)
        {
            problems.Add(clients);
        }
        if (PeakClients is not null && !Query.ClosedLoop)
        {
            problems.Add(InputProblem.At(fieldOf("clients"), ClientsNeedThinkTime.With(fieldOf("thinkTime"))));
        }
        if (PeakRatePerSecond is not null && Query.ClosedLoop)
        {
            problems.Add(InputProblem.At(fieldOf("rate"), RateWithClients.With(fieldOf("clients"))));
        }
        return problems;
    }
}

/// <summary>
/// A closed-loop plan's users: the most one replica serves within the targets (<see cref="CapacityPlan.MaxRatePerSecond"/>
/// is the rate they achieve), the users' mean think time, and the peak users with the replicas they need.
/// </summary>
public sealed record ClosedLoopCapacity(int MaxClientsPerReplica, double ThinkSeconds, int? PeakClients);

/// <summary>
/// One rate of the sweep (closed loop: one user count, at the rate its users achieved): the replica's latency
/// distributions there, what it delivers and whether it meets the targets.
/// </summary>
public sealed record RatePoint(double RatePerSecond, LatencyDistribution TimeToFirstTokenMs, LatencyDistribution InterTokenLatencyMs,
    double OutputTokensPerSecondPerGpu, double OutputTokensPerSecondPerUser, double? Goodput, int Failed, bool Meets)
{
    /// <summary>The closed loop's users at this point; null for an open loop.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Clients { get; init; }
}

/// <summary>
/// The answer: where the step times came from and how well they fit, the replica's KV room and batch limit, its capacity
/// at the targets, the replicas for the peak with their utilization, and the curve.
/// </summary>
public sealed record CapacityPlan(
    string StepTimesSource,
    StepTimeFit StepTimes,
    long? KvCapacityTokens,
    int MaxBatch,
    int GpusPerReplica,
    ServingTargets Targets,
    double MaxRatePerSecond,
    FleetResult? AtMaxRate,
    string? Reason,
    IReadOnlyList<CapacityProbe> Probes,
    double? PeakRatePerSecond,
    int? Replicas,
    int? Gpus,
    double? Utilization,
    IReadOnlyList<CurvePoint> Curve,
    IReadOnlyList<RatePoint> Sweep,
    IReadOnlyList<string> Notes)
{
    /// <summary>Closed loop: the users per replica, their think time and the peak users (the replicas above are for them); null for an open loop.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClosedLoopCapacity? ClosedLoop { get; init; }
}

/// <summary>Answers a <see cref="CapacityPlanRequest"/> (docs/methodology.md, "Capacity search"): the one path every host calls.</summary>
public static class CapacityPlanner
{
    /// <summary>Simulated runs one capacity search is counted as, for progress (a search at the default tolerance takes 12 to 20).</summary>
    public const int RunsPerSearch = 16;

    /// <summary>
    /// One replica's capacity at a scenario's latency targets, for a GPU option whose throughput is projected
    /// (docs/methodology.md, "Sizing at the latency targets"): the capacity search over the projection with the request's
    /// own input and output tokens, the default batch limit and run length, and the projection's KV room claimed as
    /// <paramref name="kvAllocation"/> says (the whole sequence at admission unless the scenario asks for on demand).
    /// </summary>
    /// <exception cref="InputException">The projection's inputs are out of range, or the model does not fit its GPUs.</exception>
    public static CapacityPlan AtScenarioTargets(ProjectionRequest projection, double ttftP95Seconds, double itlP95Seconds, KvAllocation kvAllocation = KvAllocation.Reserve,
        Func<string, string>? fieldOf = null)
    {
        ArgumentNullException.ThrowIfNull(projection);
        return Plan(new CapacityPlanRequest
        {
            Projection = projection,
            Query = new CapacityQuery
            {
                Model = new StepTimeModel(0, 0, 0, 0, 0),
                Settings = new FleetSettings { GpusPerReplica = projection.Gpus, KvAllocation = kvAllocation },
                Targets = new ServingTargets(ttftP95Seconds * 1000, itlP95Seconds * 1000),
                InputTokens = Math.Max(1, projection.InputTokens),
                OutputTokens = Math.Max(1, projection.OutputTokens),
            },
        }, fieldOf);
    }

    /// <summary>
    /// One replica's capacity at a scenario's latency targets from a measured serving run's fitted step times (a GPU
    /// option's <c>capacityFrom</c>; docs/methodology.md, "Sizing at the latency targets"): the capacity search with the
    /// workload's input and output tokens, the run's batch limit (the fit says nothing about larger batches), the default
    /// run length, and no KV limit (the measured server's room is not known). The replica is the run's one device.
    /// </summary>
    /// <exception cref="InputException">The lengths, batch limit or targets are out of range.</exception>
    public static CapacityPlan AtScenarioTargets(StepTimeFit measured, string source, int maxBatch, int inputTokens, int outputTokens,
        double ttftP95Seconds, double itlP95Seconds, Func<string, string>? fieldOf = null)
    {
        ArgumentNullException.ThrowIfNull(measured);
        return Plan(new CapacityPlanRequest
        {
            Measured = measured,
            MeasuredSource = source,
            Query = new CapacityQuery
            {
                Model = new StepTimeModel(0, 0, 0, 0, 0),
                Settings = new FleetSettings { GpusPerReplica = 1, MaxBatch = maxBatch },
                Targets = new ServingTargets(ttftP95Seconds * 1000, itlP95Seconds * 1000),
                InputTokens = Math.Max(1, inputTokens),
                OutputTokens = Math.Max(1, outputTokens),
            },
        }, fieldOf);
    }

    /// <param name="request">What to plan.</param>
    /// <param name="fieldOf">How the host spells a field in its problem lines.</param>
    /// <param name="progress">The share of the simulated runs done, from 0 to 1 (an estimate until the end: searches count <see cref="RunsPerSearch"/> runs each).</param>
    /// <param name="ct">Checked before every simulated run.</param>
    /// <exception cref="InputException">An input is out of range, or the model does not fit its GPUs.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    /// <summary>"meets the workload's latency targets at no request rate: {reason}", for a capacity reference that has no capacity.</summary>
    public static readonly PhraseTemplate MeetsTargetsNowhere = new("capacity.meetsTargetsNowhere", "meets the workload's latency targets at no request rate: {0}");
    private static readonly PhraseTemplate ProjectionOrFit = new("capacity.projectionOrFit", "give a projection (model and GPU) or a measured step-time fit, one of them");
    private static readonly PhraseTemplate EachBetween = new("capacity.eachBetween", "must each be >= 1 and <= {0}");
    private static readonly PhraseTemplate CurveNeedsProjection = new("capacity.curveNeedsProjection", "needs a projection: a measured fit describes one replica shape only");
    private static readonly PhraseTemplate TooManyPoints = new("capacity.tooManyPoints", "and {0} give at most {1} points together (got {2})");

    public static CapacityPlan Plan(CapacityPlanRequest request, Func<string, string>? fieldOf = null, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        fieldOf ??= f => f;
        var problems = new List<InputProblem>(request.Query.Validate(fieldOf));
        if ((request.Projection is null) == (request.Measured is null))
        {
            problems.Add(InputProblem.General(ProjectionOrFit.With()));
        }
        problems.AddRange(request.DemandProblems(fieldOf));
        if (request.CurveBatches.Any(b => b is < 1 or > ServingLoop.MaxBatchLimit))
        {
            problems.Add(InputProblem.At(fieldOf("curveBatches"), EachBetween.With(ServingLoop.MaxBatchLimit.ToString(CultureInfo.InvariantCulture))));
        }
        if (request.CurveGpus.Any(g => g is < 1 or > FleetSettings.MaxGpusPerReplica))
        {
            problems.Add(InputProblem.At(fieldOf("curveGpus"), EachBetween.With(FleetSettings.MaxGpusPerReplica.ToString(CultureInfo.InvariantCulture))));
        }
        if (request.Measured is not null && request.CurveGpus.Count > 0)
        {
            problems.Add(InputProblem.At(fieldOf("curveGpus"), CurveNeedsProjection.With()));
        }
        var curveGpus = request.CurveGpus.Count > 0 ? request.CurveGpus : [request.Projection?.Gpus ?? request.Query.Settings.GpusPerReplica];
        if (request.CurveBatches.Count * curveGpus.Count > CapacityPlanRequest.MaxCurvePoints)
        {
            problems.Add(InputProblem.At(fieldOf("curveBatches"), TooManyPoints.With(fieldOf("curveGpus"), CapacityPlanRequest.MaxCurvePoints.ToString(CultureInfo.InvariantCulture),
                (request.CurveBatches.Count * curveGpus.Count).ToString(CultureInfo.InvariantCulture))));
        }
        if (request.SweepPoints is < 0 or > CapacityPlanRequest.MaxSweepPoints)
        {
            problems.Add(InputProblem.At(fieldOf("sweepPoints"), ProblemPhrases.NotBetween(0, CapacityPlanRequest.MaxSweepPoints, request.SweepPoints)));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        var expectedRuns = (double)((1 + (request.CurveBatches.Count * curveGpus.Count)) * RunsPerSearch) + request.SweepPoints;
        var runs = 0;
        void Probed() => progress?.Report(Math.Min(0.99, ++runs / expectedRuns));

        var query = request.Query;
        var notes = new List<string>();
        StepTimeFit fit;
        long? kv;
        string source;
        var gpus = query.Settings.GpusPerReplica;
        if (request.Projection is { } projection)
        {
            var projected = ProjectedStepTimes.From(projection, query.Settings.MaxBatch, fieldOf);
            (fit, kv, gpus) = (projected.Fit, projected.KvCapacityTokens, projection.Gpus);
            source = string.Create(CultureInfo.InvariantCulture,
                $"projection of {projected.AtWorkload.Model} on {projection.Gpus}x {projected.AtWorkload.Gpu} {projected.AtWorkload.Precision} (efficiency: {projection.Efficiency.Source})");
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"KV cache room {kv:N0} tokens = the largest batch that fits ({projected.MaxBatchThatFits}) x {projection.InputTokens + projection.OutputTokens} tokens per request"));
        }
        else
        {
            (fit, kv, source) = (request.Measured!, null, request.MeasuredSource);
            notes.Add("measured step times: the KV cache room of that server is not known, so admission is limited by the batch only");
        }
        if (fit.DecodeRSquared < 0.9 || fit.PrefillRSquared < 0.9)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the linear step-time model fits loosely (R² prefill {fit.PrefillRSquared:0.000}, decode {fit.DecodeRSquared:0.000})"));
        }
        var settings = query.Settings with { GpusPerReplica = gpus, KvCapacityTokens = kv ?? query.Settings.KvCapacityTokens };
        var searched = query with { Model = fit.Model, Settings = settings };
        var capacity = CapacitySearch.Capacity(searched, ct, Probed);
        // The searches that follow count from where this one would have ended, so that the bar never runs backwards.
        runs = Math.Max(runs, RunsPerSearch);
        var fleet = request.PeakRatePerSecond is { } rate ? capacity.ReplicasFor(rate)
            : request.PeakClients is { } users ? capacity.ReplicasForClients(users)
            : null;

        IReadOnlyList<CurvePoint> curve = [];
        if (request.CurveBatches.Count > 0)
        {
            var shapes = new Dictionary<int, (StepTimeModel, long?)>();
            var fitting = new List<int>();
            foreach (var g in curveGpus)
            {
                if (request.Projection is { } p)
                {
                    try
                    {
                        var projected = ProjectedStepTimes.From(p with { Gpus = g }, request.CurveBatches.Max(), fieldOf);
                        shapes[g] = (projected.Fit.Model, projected.KvCapacityTokens);
                        fitting.Add(g);
                    }
                    catch (InputException ex)
                    {
                        notes.Add($"curve: {g} GPUs per replica left out: {ex.Message}");
                    }
                }
                else
                {
                    shapes[g] = (fit.Model, null);
                    fitting.Add(g);
                }
            }
            curve = CapacitySearch.Curve(searched, fitting, request.CurveBatches, g => shapes[g], ct, Probed);
        }
        runs = Math.Max(runs, (1 + (request.CurveBatches.Count * curveGpus.Count)) * RunsPerSearch);
        var sweep = Sweep(searched, capacity, request.SweepPoints, ct, Probed);
        progress?.Report(1);
        return new CapacityPlan(source, fit, settings.KvCapacityTokens, settings.MaxBatch, gpus, query.Targets, capacity.MaxRatePerSecond, capacity.AtMax,
            capacity.Reason, capacity.Probes, request.PeakRatePerSecond, fleet?.Replicas, fleet is { } f ? f.Replicas * gpus : null, fleet?.Utilization, curve, sweep, notes)
        {
            ClosedLoop = capacity.MaxClients is { } most ? new ClosedLoopCapacity(most, query.ThinkSeconds ?? 0, request.PeakClients) : null,
        };
    }

    /// <summary>
    /// The latency-against-load sweep: the replica at each rate of <see cref="SweepRates"/> (open loop), or at each user
    /// count of <see cref="SweepClients"/> (closed loop, each point at the rate its users achieved), with the search's
    /// seed and settings.
    /// </summary>
    private static List<RatePoint> Sweep(CapacityQuery searched, CapacityAtTarget capacity, int points, CancellationToken ct, Action probed)
    {
        var settings = searched.Settings with { Replicas = 1, Targets = searched.Targets };
        RatePoint Point(FleetResult run, double rate)
        {
            var m = run.Metrics;
            probed();
            return new RatePoint(rate, m.TimeToFirstTokenMs, m.InterTokenLatencyMs, run.OutputTokensPerSecondPerGpu, run.OutputTokensPerSecondPerUser,
                m.Goodput, m.Failed, m.MeetsTargets == true);
        }
        var sweep = new List<RatePoint>();
        if (searched.ClosedLoop)
        {
            foreach (var clients in SweepClients(capacity.MaxClients ?? 0, points))
            {
                ct.ThrowIfCancellationRequested();
                var run = FleetSimulator.RunClosedLoop(searched.ClientsAt(clients), searched.Model, settings);
                sweep.Add(Point(run, CapacitySearch.AchievedRate(run, searched.DurationSeconds)) with { Clients = clients });
            }
            return sweep;
        }
        foreach (var sweepRate in SweepRates(capacity.MaxRatePerSecond, CapacitySearch.ThroughputBound(searched), points))
        {
            ct.ThrowIfCancellationRequested();
            sweep.Add(Point(FleetSimulator.Run(searched.RequestsAt(sweepRate), searched.Model, settings), sweepRate));
        }
        return sweep;
    }

    /// <summary>
    /// The user counts of a closed loop's sweep: ⌈1.5 × the most users × k / points⌉, k = 1 … points, without repeats, so
    /// that the targets are crossed two thirds of the way along; when no user count meets them, 1 … points users.
    /// </summary>
    public static IReadOnlyList<int> SweepClients(int maxClients, int points)
    {
        var top = maxClients > 0 ? 1.5 * maxClients : Math.Max(0, points);
        return Enumerable.Range(1, Math.Max(0, points))
            .Select(k => (int)Math.Min(ClientLoad.MaxClients, Math.Max(1, Math.Ceiling((top * k / points) - 1e-9))))
            .Distinct()
            .ToList();
    }

    /// <summary>
    /// The rates of the latency-against-rate sweep: <paramref name="points"/> evenly spaced rates up to 1.5 × the capacity,
    /// so that the targets are crossed two thirds of the way along (k × 1.5 × capacity / points, k = 1 … points); when no rate
    /// meets the targets, up to the replica's throughput bound instead.
    /// </summary>
    public static IReadOnlyList<double> SweepRates(double maxRate, double throughputBound, int points)
    {
        var top = maxRate > 0 ? 1.5 * maxRate : throughputBound;
        return Enumerable.Range(1, Math.Max(0, points)).Select(k => top * k / points).ToList();
    }
}
