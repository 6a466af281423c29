using System.Globalization;
using Planner.CostModel.Json;
using Planner.CostModel.Text;

namespace Planner.CostModel.Scenarios;

/// <summary>
/// The hour-by-hour shape of demand (docs/methodology.md, "Demand with a shape"): a day's requests split into 24 hourly
/// shares, optionally a second profile for weekend days with its own day volume. Each hour's request rate relative to the
/// month's average rate is its factor; the largest factor is the busiest hour's peak-to-average, which replaces the
/// workload's single <see cref="Workload.PeakToAverage"/> when a profile is given.
/// </summary>
public static class DemandShape
{
    public const int HoursPerDay = 24;

    public const int HoursPerWeek = 168;

    /// <summary>Shares must add up to 1 within this (they are then used divided by their sum).</summary>
    public const double ShareSumTolerance = 0.001;

    public const double WeekdaysPerWeek = 5;

    public const double WeekendDaysPerWeek = 2;

    /// <summary>
    /// Rate factors f = (an hour's request rate) / (the month's average rate), for the 24 weekday hours and the 24 weekend
    /// hours (the weekday's own when there is no weekend profile): f_h = 24 × D × s_h / Σs, with the day volume D = 1 without a
    /// weekend profile, else 7 / (5 + 2v) on weekdays and 7v / (5 + 2v) on weekend days (v = weekendDayVolume), so that the
    /// factors average 1 over a week. Null without a profile.
    /// </summary>
    public static (double[] Weekday, double[] Weekend)? HourFactors(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.HourlyShares is not { } weekday)
        {
            return null;
        }
        if (workload.WeekendHourlyShares is not { } weekend)
        {
            var factors = Factors(weekday, 1);
            return (factors, factors);
        }
        var v = workload.WeekendDayVolume;
        var week = WeekdaysPerWeek + (WeekendDaysPerWeek * v);
        return (Factors(weekday, 7 / week), Factors(weekend, 7 * v / week));
    }

    /// <summary>The busiest hour's rate over the average rate: the largest hour factor with a profile, else the workload's peakToAverage.</summary>
    public static double PeakToAverage(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return PeakToAverage(workload, HourFactors(workload));
    }

    /// <summary><see cref="PeakToAverage(Workload)"/> from the workload's <see cref="HourFactors"/>, already computed.</summary>
    internal static double PeakToAverage(Workload workload, (double[] Weekday, double[] Weekend)? hourFactors)
    {
        if (hourFactors is not var (weekday, weekend))
        {
            return workload.PeakToAverage;
        }
        return Math.Max(weekday.Max(), weekend.Max());
    }

    /// <summary>
    /// The <paramref name="percentile"/>-th percentile (0 &lt; p ≤ 100) of the hour factors over the 168 hours of a week
    /// (each weekday hour 5 times, each weekend hour twice), by nearest rank: the smallest factor f such that the hours
    /// with a factor ≤ f are at least p % of the week, i.e. the k-th smallest with k = ⌈p / 100 × 168⌉. At 100 it is the
    /// busiest hour's factor (<see cref="PeakToAverage"/>).
    /// </summary>
    public static double PercentileFactor(double[] weekday, double[] weekend, double percentile)
    {
        ArgumentNullException.ThrowIfNull(weekday);
        ArgumentNullException.ThrowIfNull(weekend);
        var rank = Math.Clamp((int)Math.Ceiling(percentile / 100 * HoursPerWeek - 1e-9), 1, HoursPerWeek);
        var hours = new (double Factor, int Count)[2 * HoursPerDay];
        for (var h = 0; h < HoursPerDay; h++)
        {
            hours[h] = (weekday[h], (int)WeekdaysPerWeek);
            hours[HoursPerDay + h] = (weekend[h], (int)WeekendDaysPerWeek);
        }
        Array.Sort(hours, (a, b) => a.Factor.CompareTo(b.Factor));
        var seen = 0;
        foreach (var (factor, count) in hours)
        {
            seen += count;
            if (seen >= rank)
            {
                return factor;
            }
        }
        return hours[^1].Factor;
    }

    private static double[] Factors(IReadOnlyList<double> shares, double dayVolume)
    {
        var sum = shares.Sum();
        var factors = new double[HoursPerDay];
        for (var h = 0; h < HoursPerDay && h < shares.Count; h++)
        {
            factors[h] = sum > 0 ? HoursPerDay * dayVolume * shares[h] / sum : 0;
        }
        return factors;
    }

    /// <summary>
    /// The rules of the workload's latency targets and profile, each at its JSON path: both targets or none; 24 shares, each
    /// ≥ 0, adding up to 1; a weekend profile and its day volume only with a weekday profile; peakToAverage left out with a profile.
    /// </summary>
    public static IEnumerable<InputProblem> Problems(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if ((workload.TtftP95Seconds > 0) != (workload.ItlP95Seconds > 0))
        {
            var (given, missing) = workload.TtftP95Seconds > 0 ? ("ttftP95Seconds", "itlP95Seconds") : ("itlP95Seconds", "ttftP95Seconds");
            yield return InputProblem.At($"workload.{missing}", TargetHalfGiven.With(given));
        }
        foreach (var problem in ShareProblems(workload.HourlyShares, "workload.hourlyShares"))
        {
            yield return problem;
        }
        foreach (var problem in ShareProblems(workload.WeekendHourlyShares, "workload.weekendHourlyShares"))
        {
            yield return problem;
        }
        if (workload.HourlyShares is null && workload.WeekendHourlyShares is not null)
        {
            yield return InputProblem.At("workload.weekendHourlyShares", WeekendAlone.With());
        }
        if (workload.WeekendHourlyShares is null && workload.WeekendDayVolume != 1)
        {
            yield return InputProblem.At("workload.weekendDayVolume", VolumeWithoutWeekend.With(ScenarioJson.Format(workload.WeekendDayVolume)));
        }
        if (workload.HourlyShares is not null && workload.PeakToAverage != 1)
        {
            yield return InputProblem.At("workload.peakToAverage", PeakWithProfile.With(ScenarioJson.Format(workload.PeakToAverage)));
        }
    }

    private static readonly PhraseTemplate TargetHalfGiven = new("workload.targetHalfGiven",
        "is required with {0} (latency targets come in pairs: p95 time to first token and p95 inter-token latency, both > 0)");
    private static readonly PhraseTemplate WeekendAlone = new("workload.weekendAlone", "needs hourlyShares (the weekday profile; got a weekend profile alone)");
    private static readonly PhraseTemplate VolumeWithoutWeekend = new("workload.volumeWithoutWeekend",
        "needs weekendHourlyShares (without a weekend profile every day is alike; got weekendDayVolume {0})");
    private static readonly PhraseTemplate PeakWithProfile = new("workload.peakWithProfile",
        "must be left out with hourlyShares (the profile's busiest hour sets the peak; got peakToAverage {0})");
    private static readonly PhraseTemplate WrongShareCount = new("workload.wrongShareCount", "must list exactly {0} hourly shares, hour 0 (00:00-01:00) first (got {1})");
    private static readonly PhraseTemplate BadShare = new("workload.badShare", "must be >= 0 and <= 1 (a share of the day's requests; got {0})");
    private static readonly PhraseTemplate SharesDoNotAddUp = new("workload.sharesDoNotAddUp",
        "must add up to 1 (within {0}): each is the share of a day's requests in that hour (got a sum of {1})");

    private static IEnumerable<InputProblem> ShareProblems(IReadOnlyList<double>? shares, string path)
    {
        if (shares is null)
        {
            yield break;
        }
        if (shares.Count != HoursPerDay)
        {
            yield return InputProblem.At(path, WrongShareCount.With(HoursPerDay.ToString(CultureInfo.InvariantCulture), shares.Count.ToString(CultureInfo.InvariantCulture)));
            yield break;
        }
        for (var h = 0; h < shares.Count; h++)
        {
            if (!(shares[h] >= 0 && shares[h] <= 1))
            {
                yield return InputProblem.At($"{path}[{h}]", BadShare.With(ScenarioJson.Format(shares[h])));
            }
        }
        // The sum is said even when some hours are out of range: hourly counts pasted as they are are out of range
        // hour by hour, and the sum (with the tolerance) is what tells the reader to scale them.
        var sum = shares.Sum();
        if (Math.Abs(sum - 1) > ShareSumTolerance)
        {
            yield return InputProblem.At(path, SharesDoNotAddUp.With(ShareSumTolerance.ToString(CultureInfo.InvariantCulture), sum.ToString("0.######", CultureInfo.InvariantCulture)));
        }
    }
}
