using Planner.CostModel.Scenarios;
using Planner.CostModel.Text;

namespace Planner.CostModel.Evaluation;

/// <summary>
/// Sizing at the latency targets (docs/methodology.md, "Sizing at the latency targets"): one replica serves
/// <see cref="GpuOption.ReplicaRequestsPerSecond"/> requests/s within the targets, so an hour whose rate is λ needs
/// ⌈λ / capacity⌉ replicas. Owned GPUs are bought for the busiest hour; rented ones follow the hourly profile (at least
/// the minimum, in whole scaling steps) or are rented flat for the busiest hour.
/// </summary>
internal static class TargetSizing
{
    public const string RentedFollowing = SizingWords.RentedFollowing;
    public const string RentedFlat = SizingWords.RentedFlat;
    public const string Owned = SizingWords.Owned;
    public const string EveryDay = SizingWords.EveryDay;
    public const string Weekday = SizingWords.Weekday;
    public const string Weekend = SizingWords.Weekend;

    /// <summary>Replicas an hour at <paramref name="ratePerSecond"/> needs: ⌈rate / capacity⌉ (0 for no requests).</summary>
    public static int Needed(double ratePerSecond, double capacityPerSecond) =>
        ratePerSecond > 0 ? OptionCashFlow.CeilTolerant(ratePerSecond / capacityPerSecond) : 0;

    /// <summary>Replicas rented in an hour that needs <paramref name="needed"/>: max(minReplicas, step × ⌈needed / step⌉), or needed itself for a flat fleet (step 0).</summary>
    public static int Rented(int needed, CloudOption cloud)
    {
        var step = cloud.ReplicaScalingStep;
        var stepped = step > 0 ? (int)Math.Min(int.MaxValue, (long)step * ((needed + (long)step - 1) / step)) : needed;
        return Math.Max(cloud.MinReplicas, stepped);
    }

    /// <summary>Whether the rented fleet follows the profile hour by hour: it has a scaling step and the workload a profile.</summary>
    public static bool Follows(CloudOption cloud, Timeline timeline) => cloud.ReplicaScalingStep > 0 && timeline.HourFactors is not null;

    /// <summary>
    /// Replica-hours rented in a month of average rate <paramref name="averageRate"/> (requests/s): following the profile,
    /// 730 / 168 × (5 × Σ weekday hours + 2 × Σ weekend hours) of the hour's rented replicas; otherwise the busiest hour's
    /// rented replicas × 730. A hybrid's overflow rents for what each hour leaves above the owned fleet's
    /// <paramref name="servedAbove"/> requests/s, max(f × rate − servedAbove, 0) (0 for an option serving the whole demand).
    /// </summary>
    public static double RentedReplicaHours(Timeline timeline, double averageRate, CloudOption cloud, double servedAbove = 0)
    {
        var capacity = cloud.ReplicaRequestsPerSecond;
        if (!Follows(cloud, timeline))
        {
            return Rented(Needed(Above(timeline.PeakToAverage * averageRate, servedAbove), capacity), cloud) * Timeline.HoursPerMonth;
        }
        var (weekday, weekend) = timeline.HourFactors!.Value;
        double weekdaySum = 0, weekendSum = 0;
        for (var h = 0; h < DemandShape.HoursPerDay; h++)
        {
            weekdaySum += Rented(Needed(Above(weekday[h] * averageRate, servedAbove), capacity), cloud);
            weekendSum += Rented(Needed(Above(weekend[h] * averageRate, servedAbove), capacity), cloud);
        }
        return Timeline.HoursPerMonth / DemandShape.HoursPerWeek * ((DemandShape.WeekdaysPerWeek * weekdaySum) + (DemandShape.WeekendDaysPerWeek * weekendSum));
    }

    /// <summary>The rate an hour leaves above <paramref name="servedAbove"/>: max(rate − servedAbove, 0); the rate itself when nothing is served before.</summary>
    public static double Above(double rate, double servedAbove) => servedAbove == 0 ? rate : Math.Max(rate - servedAbove, 0);

    /// <summary>
    /// Each hour of the profile in a month of average rate <paramref name="averageRate"/>: its rate (above
    /// <paramref name="servedAbove"/>, for a hybrid's overflow), the replicas it needs and the replicas running
    /// (<paramref name="running"/> of the needed count); weekday hours, then weekend hours when the profile has its own.
    /// Empty without a profile.
    /// </summary>
    public static IReadOnlyList<HourReplicas> Hours(Timeline timeline, double averageRate, double capacity, Func<int, int> running, bool weekendProfile, double servedAbove = 0)
    {
        if (timeline.HourFactors is not var (weekday, weekend))
        {
            return [];
        }
        var hours = new List<HourReplicas>();
        void Day(string day, double[] factors)
        {
            for (var h = 0; h < DemandShape.HoursPerDay; h++)
            {
                var rate = Above(factors[h] * averageRate, servedAbove);
                var needed = Needed(rate, capacity);
                hours.Add(new HourReplicas(day, h, rate, needed, running(needed)));
            }
        }
        Day(weekendProfile ? Weekday : EveryDay, weekday);
        if (weekendProfile)
        {
            Day(Weekend, weekend);
        }
        return hours;
    }
}

/// <summary>
/// The words a sizing at the latency targets writes into an evaluation (<see cref="TargetSizingResult.Sizing"/> and the
/// days of <see cref="HourReplicas.Day"/>), one text each, and as phrases for hosts that write them in the reader's language.
/// </summary>
public static class SizingWords
{
    public const string RentedFollowing = "rented, following the profile";
    public const string RentedFlat = "rented, flat";
    public const string Owned = "owned";
    public const string OverflowRentedFollowing = "overflow rented, following the profile";
    public const string OverflowRentedFlat = "overflow rented, flat";
    public const string EveryDay = "every day";
    public const string Weekday = "weekday";
    public const string Weekend = "weekend";

    public static readonly IReadOnlyList<PhraseTemplate> Phrases =
    [
        new("sizing.rentedFollowing", RentedFollowing),
        new("sizing.rentedFlat", RentedFlat),
        new("sizing.owned", Owned),
        new("sizing.overflowRentedFollowing", OverflowRentedFollowing),
        new("sizing.overflowRentedFlat", OverflowRentedFlat),
        new("day.everyDay", EveryDay),
        new("day.weekday", Weekday),
        new("day.weekend", Weekend),
    ];
}
