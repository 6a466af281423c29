using Planner.CostModel.Projection;

namespace Planner.CostModel.Serving;

/// <summary>
/// A published serving measurement (data/validation/published-serving.csv): a model on GPUs under an engine, requests of
/// fixed (or, for a dataset such as ShareGPT, mean) lengths sent by <see cref="Concurrency"/> clients (closed loop) or at
/// <see cref="RatePerSecond"/> (Poisson arrivals, as <c>bench_serving --request-rate</c> sends them), and the time to first
/// token and inter-token latency measured, each the mean or the median (<see cref="Statistic"/> for the TTFT,
/// <see cref="ItlStatistic"/> for the ITL); <see cref="Preset"/> is the efficiency preset the projection uses for it and
/// <see cref="SchedulerSteps"/> the engine's multi-step scheduling as the source ran it (1 = none) and
/// <see cref="KvAllocation"/> how it claims KV-cache memory (the whole sequence at admission, or as tokens come);
/// <see cref="StepTokens"/> the engine's token budget per step as the source ran it (its flag, else the engine version's
/// default), spent on prompt chunks beside the decodes when <see cref="ChunkedPrefill"/>, else on whole prompts prefilled
/// before any decode; <see cref="KvPrecision"/> the format of its KV cache when it is not the precision's recipe (empty:
/// the recipe's);
/// <see cref="NotModelled"/> names what the engine did that the simulator does not model (empty when nothing), the reason
/// the case's errors are reported and not bounded (docs/methodology.md, "Serving validation").
/// </summary>
public sealed record PublishedServingCase(
    string Id,
    string Model,
    string Gpu,
    int Gpus,
    string Precision,
    string Engine,
    string Preset,
    int SchedulerSteps,
    KvAllocation KvAllocation,
    int StepTokens,
    bool ChunkedPrefill,
    string KvPrecision,
    string Tool,
    int InputTokens,
    int OutputTokens,
    int? Concurrency,
    double? RatePerSecond,
    int Requests,
    double TtftMs,
    double ItlMs,
    double OutputTokensPerSecond,
    string Statistic,
    string ItlStatistic,
    string NotModelled,
    string Source,
    string SourceUrl,
    string Retrieved);

/// <summary>
/// A case against the simulator, replayed on the same engine (<see cref="FleetSimulator"/>: the case's step budget,
/// chunked or whole prompts, the projected KV room): the benchmark's closed loop of clients (a concurrency case only; null for a rate case), and
/// Poisson arrivals at the request rate. Each gives the simulated TTFT and ITL (the case's statistic of each).
/// </summary>
public sealed record ServingCaseError(PublishedServingCase Case, double? ClosedLoopTtftMs, double? ClosedLoopItlMs, double AtRateTtftMs, double AtRateItlMs)
{
    /// <summary>The request rate of the open-loop replay: the case's own rate, else measured output tokens/s ÷ output tokens per request.</summary>
    public double RatePerSecond => Case.RatePerSecond ?? Case.OutputTokensPerSecond / Case.OutputTokens;

    /// <summary>Simulated ÷ measured TTFT, closed loop: above 1 the simulator is pessimistic.</summary>
    public double? ClosedLoopTtftFactor => ClosedLoopTtftMs / Case.TtftMs;

    public double? ClosedLoopItlFactor => ClosedLoopItlMs / Case.ItlMs;

    /// <summary>Simulated ÷ measured TTFT, Poisson at the measured rate.</summary>
    public double AtRateTtftFactor => AtRateTtftMs / Case.TtftMs;

    public double AtRateItlFactor => AtRateItlMs / Case.ItlMs;
}

/// <summary>
/// Validation of the serving simulator against published serving benchmarks (docs/methodology.md, "Serving validation"):
/// the step times projected for the case's model, GPUs, format and preset (<see cref="ProjectedStepTimes"/>), the case
/// replayed as a closed loop of clients and as Poisson arrivals at its measured rate (<see cref="ServingCaseError"/>).
/// </summary>
public static class ServingValidation
{
    /// <summary>The batch limit simulated: vLLM's and NIM's default of 256 sequences (never below the clients).</summary>
    public const int EngineBatchLimit = 256;

    public const int Seed = 42;

    /// <summary>Requests of the open-loop replay: Poisson arrivals for as long as this many take at the rate.</summary>
    public const int RequestsAtRate = 1000;

    /// <summary>
    /// Whether the benchmark's closed loop sends its requests in bursts: more than one client, and the prompts of all the
    /// clients fit one prefill step (clients × input tokens ≤ <see cref="PublishedServingCase.StepTokens"/>). Clients that start together
    /// are then prefilled in one step, all requests have the same lengths, so they end in the same step and the next
    /// requests arrive together: every TTFT includes the prefill of the whole burst. Poisson arrivals at the same mean
    /// rate come one at a time, so the at-rate replay's TTFT measures a different load than the benchmark's
    /// (docs/methodology.md, "Serving validation"). With one client there is no burst; with more prompt tokens than a
    /// chunk the prompts are spread over several steps and the clients drift apart (docs/decisions/036-closed-loop-clients.md).
    /// </summary>
    public static bool ArrivesInBursts(PublishedServingCase @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return @case.Concurrency is > 1 and { } clients && (long)clients * @case.InputTokens <= @case.StepTokens;
    }

    /// <param name="case">The measurement.</param>
    /// <param name="request">The case's model on its GPUs with its formats, preset and lengths.</param>
    public static ServingCaseError Evaluate(PublishedServingCase @case, ProjectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(request);
        var maxBatch = Math.Max(EngineBatchLimit, @case.Concurrency ?? 0);
        var steps = ProjectedStepTimes.From(request, maxBatch);
        var engine = new FleetSettings
        {
            MaxBatch = maxBatch,
            KvCapacityTokens = steps.KvCapacityTokens,
            PrefillChunkTokens = @case.ChunkedPrefill ? @case.StepTokens : null,
            MaxPrefillTokens = @case.ChunkedPrefill ? null : @case.StepTokens,
            GpusPerReplica = @case.Gpus,
            SchedulerSteps = @case.SchedulerSteps,
            KvAllocation = @case.KvAllocation,
        };
        ServingMetrics? closedLoop = null;
        if (@case.Concurrency is { } clients)
        {
            var load = new ServingLoad(null, clients, ServingLoad.MaxDurationSeconds, @case.InputTokens, @case.OutputTokens, @case.Requests,
                ServingLoad.MaxTimeoutSeconds, Seed);
            closedLoop = FleetSimulator.RunClosedLoop(load, steps.Fit.Model, engine).Metrics;
        }
        // A rate case replays its own request count at its rate; a concurrency case 1,000 requests at its measured rate.
        var rate = @case.RatePerSecond ?? @case.OutputTokensPerSecond / @case.OutputTokens;
        var requests = @case.RatePerSecond is null ? RequestsAtRate : @case.Requests;
        var atRate = FleetSimulator.Run(FleetSimulator.Poisson(rate, requests / rate, @case.InputTokens, @case.OutputTokens, Seed), steps.Fit.Model, engine).Metrics;
        static double Of(LatencyDistribution d, string statistic) => statistic == "median" ? d.P50 : d.Mean;
        double Ttft(ServingMetrics m) => Of(m.TimeToFirstTokenMs, @case.Statistic);
        double Itl(ServingMetrics m) => Of(m.InterTokenLatencyMs, @case.ItlStatistic);
        return new ServingCaseError(@case, closedLoop is null ? null : Ttft(closedLoop), closedLoop is null ? null : Itl(closedLoop), Ttft(atRate), Itl(atRate));
    }
}
