using System.Globalization;
using Planner.CostModel.Text;

namespace Planner.CostModel.Serving;

/// <summary>
/// Picks one serving result of a run for a hand-off (docs/methodology.md, "Inputs from the catalogs and stored benchmark
/// runs"): among the results that qualify (e.g. the decoder's, with a step-time fit), the one whose load has the named
/// rate or concurrency; with neither named, the first. The CLI's <c>--step-times</c>, a scenario's <c>capacityFrom</c>
/// and an API option's <c>latencyFrom</c> all pick with it.
/// </summary>
public static class ServingResultChoice
{
    /// <summary>The serving results whose step times a capacity search can take: the reference decoder's, with a fit.</summary>
    public static bool HasStepTimeFit(ServingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Source == ServingResult.DecoderSource && result.StepTimeFit is not null;
    }

    /// <summary>What <see cref="HasStepTimeFit"/> takes, in messages.</summary>
    public const string StepTimeFitKind = "decoder serving result with a step-time fit (planner bench serve writes one)";

    /// <param name="results">The run's serving results (null when it has none).</param>
    /// <param name="qualifies">Which results can be handed over.</param>
    /// <param name="rate">The load's requests/s, or null.</param>
    /// <param name="concurrency">The load's clients, or null.</param>
    /// <param name="path">Where problems are reported, e.g. "options[0].capacityFrom".</param>
    /// <param name="runId">The run, for messages.</param>
    /// <param name="kind">What qualifies, for messages ("decoder serving result with a step-time fit").</param>
    /// <returns>The result, or null and the problem saying what the run has.</returns>
    private static readonly PhraseTemplate RateAndConcurrency = new("serving.rateAndConcurrency", "names rate and concurrency; name one of them (the load of the serving result to take)");
    private static readonly PhraseTemplate NoneOfKind = new("serving.noneOfKind", "run '{0}' has no {1}");
    private static readonly PhraseTemplate NoneOfKindAt = new("serving.noneOfKindAt", "run '{0}' has no {1} at {2} (it has: {3})");

    public static (ServingResult? Result, InputProblem? Problem) Pick(IReadOnlyList<ServingResult>? results, Func<ServingResult, bool> qualifies,
        double? rate, int? concurrency, string path, string runId, string kind)
    {
        ArgumentNullException.ThrowIfNull(qualifies);
        if (rate is not null && concurrency is not null)
        {
            return (null, InputProblem.At(path, RateAndConcurrency.With()));
        }
        var candidates = (results ?? []).Where(qualifies).ToList();
        if (candidates.Count == 0)
        {
            return (null, InputProblem.Labelled(path, NoneOfKind.With(runId, kind)));
        }
        if (rate is null && concurrency is null)
        {
            return (candidates[0], null);
        }
        var match = candidates.FirstOrDefault(r => rate is { } λ ? r.Load.RatePerSecond is { } x && Math.Abs(x - λ) <= 1e-9 * Math.Max(1, λ)
            : r.Load.Concurrency == concurrency);
        if (match is not null)
        {
            return (match, null);
        }
        var wanted = rate is { } w ? string.Create(CultureInfo.InvariantCulture, $"rate {w}/s") : string.Create(CultureInfo.InvariantCulture, $"concurrency {concurrency}");
        return (null, InputProblem.Labelled(path, NoneOfKindAt.With(runId, kind, wanted, string.Join("; ", candidates.Select(r => r.Load.Describe())))));
    }
}
