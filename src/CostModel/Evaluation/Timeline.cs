using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Evaluation;

/// <summary>
/// The per-month factors that do not depend on an option: discount factors for t = 0..H and demand growth for
/// t = 1..H. Month-t costs are paid at the end of month t; purchases for month t at its start (t - 1).
/// A timeline can be moved to another scenario with <see cref="Update"/>, which recomputes a factor array only when
/// the inputs it depends on changed: the Monte Carlo keeps one per worker so that a trial that does not draw the
/// horizon, discount rate or growth costs no powers.
/// </summary>
internal sealed class Timeline
{
    public const double HoursPerMonth = 730;
    public const double SecondsPerMonth = HoursPerMonth * 3600;

    private double _discountRate = double.NaN;
    private double _growth = double.NaN;
    private bool _shapeKnown;
    private IReadOnlyList<double>? _hourlyShares;
    private IReadOnlyList<double>? _weekendHourlyShares;
    private double _weekendDayVolume = double.NaN;

    public Timeline(Scenario scenario)
    {
        Update(scenario);
    }

    public int Horizon { get; private set; } = -1;

    /// <summary>m = (1 + annual rate)^(1/12) - 1.</summary>
    public double MonthlyRate { get; private set; }

    /// <summary>1 / (1 + m)^t, t = 0..H.</summary>
    public double[] Discount { get; private set; } = [];

    /// <summary>
    /// Running sums of the discount factors: [t] = Discount[1] + ... + Discount[t], added in that order ([0] = 0). Made on
    /// first use after the discount factors changed (the owned-server depreciation's present value reads it on every run:
    /// the break-even search runs an option dozens of times on one timeline).
    /// </summary>
    public double[] DiscountSums
    {
        get
        {
            if (_discountSums is null || _discountSums.Length != Horizon + 1)
            {
                var sums = new double[Horizon + 1];
                for (var t = 1; t <= Horizon; t++)
                {
                    sums[t] = sums[t - 1] + Discount[t];
                }
                _discountSums = sums;
            }
            return _discountSums;
        }
    }

    private double[]? _discountSums;

    /// <summary>(1 + monthly growth)^(t - 1), t = 1..H (index 0 unused).</summary>
    public double[] Growth { get; private set; } = [];

    public double InputTokensPerRequest { get; private set; }

    public double OutputTokensPerRequest { get; private set; }

    /// <summary>The busiest hour's rate over the average rate: the profile's largest hour factor, else the workload's peakToAverage.</summary>
    public double PeakToAverage { get; private set; }

    /// <summary>Each weekday and weekend hour's rate over the month's average rate (<see cref="DemandShape.HourFactors"/>); null without a profile.</summary>
    public (double[] Weekday, double[] Weekend)? HourFactors { get; private set; }

    /// <summary>Whether the workload has latency targets.</summary>
    public bool HasLatencyTargets { get; private set; }
    /// <summary>The share of input tokens an API reads from its prompt cache.</summary>
    public double CachedInputShare { get; private set; }

    /// <summary>The share of requests sent to an API's batch service.</summary>
    public double BatchShare { get; private set; }

    /// <summary>The scenario's options, for a kind that prices part of its demand as another option does (a hybrid's overflow).</summary>
    public IReadOnlyList<SourcingOption> Options { get; private set; } = [];

    /// <summary>The tax rate on profit; 0 compares options before tax.</summary>
    public double TaxRate { get; private set; }

    /// <summary>Points the timeline at <paramref name="scenario"/>; factor arrays are recomputed only when their inputs changed.</summary>
    public void Update(Scenario scenario)
    {
        var horizon = scenario.HorizonMonths;
        var growth = scenario.Workload.MonthlyGrowth;
        var rate = scenario.DiscountRateAnnual;
        var resized = horizon != Horizon;
        if (resized)
        {
            Horizon = horizon;
            Discount = new double[horizon + 1];
            Growth = new double[horizon + 1];
        }
        if (resized || !rate.Equals(_discountRate))
        {
            _discountRate = rate;
            MonthlyRate = Math.Pow(1 + rate, 1.0 / 12) - 1;
            for (var t = 0; t <= horizon; t++)
            {
                Discount[t] = Math.Pow(1 + MonthlyRate, -t);
            }
            _discountSums = null;
        }
        if (resized || !growth.Equals(_growth))
        {
            _growth = growth;
            MonthlyPowers(1 + growth, 1, Growth);
        }
        InputTokensPerRequest = scenario.Workload.InputTokensPerRequest;
        OutputTokensPerRequest = scenario.Workload.OutputTokensPerRequest;
        var workload = scenario.Workload;
        if (!_shapeKnown || !ReferenceEquals(workload.HourlyShares, _hourlyShares)
            || !ReferenceEquals(workload.WeekendHourlyShares, _weekendHourlyShares) || !workload.WeekendDayVolume.Equals(_weekendDayVolume))
        {
            // The hour factors are two arrays: made only when the profile changed, not on every Monte Carlo trial.
            _shapeKnown = true;
            _hourlyShares = workload.HourlyShares;
            _weekendHourlyShares = workload.WeekendHourlyShares;
            _weekendDayVolume = workload.WeekendDayVolume;
            HourFactors = DemandShape.HourFactors(workload);
        }
        PeakToAverage = DemandShape.PeakToAverage(workload, HourFactors);
        HasLatencyTargets = scenario.Workload.HasLatencyTargets;
        CachedInputShare = scenario.Workload.CachedInputShare;
        BatchShare = scenario.Workload.BatchShare;
        TaxRate = scenario.TaxRateAnnual;
        Options = scenario.Options;
    }

    /// <summary>
    /// Price factor (1 + annual change)^((t - 1) / 12) for t = 0..H (index 0 unused), written into
    /// <paramref name="factors"/> when it has the right length, else into a new array.
    /// </summary>
    public double[] PriceFactors(double annualPriceChange, double[]? factors = null)
    {
        if (factors is null || factors.Length != Horizon + 1)
        {
            factors = new double[Horizon + 1];
        }
        MonthlyPowers(1 + annualPriceChange, 12, factors);
        return factors;
    }

    /// <summary>
    /// into[t] = b^((t - 1) / d) for t = 1..H, computed as b^(12a / d) × b^(r / d) with t - 1 = 12a + r: 11 + H/12 calls
    /// of Math.Pow instead of H (the Monte Carlo recomputes growth and price factors every trial). Entries with a = 0
    /// or r = 0 are Math.Pow's own; the others differ from it by rounding only (below 10⁻¹⁴ relative over 50 years;
    /// Math.Pow's own rounded exponent (t - 1) / 12.0 contributes about as much).
    /// </summary>
    private void MonthlyPowers(double b, int d, double[] into)
    {
        Span<double> withinYear = stackalloc double[12];
        withinYear[0] = 1;
        for (var r = 1; r < 12 && r < Horizon; r++)
        {
            withinYear[r] = Math.Pow(b, r / (double)d);
        }
        var year = 1.0;
        for (var t = 1; t <= Horizon; t++)
        {
            var a = (t - 1) / 12;
            var r = (t - 1) % 12;
            if (r == 0)
            {
                year = a == 0 ? 1 : Math.Pow(b, 12.0 * a / d);
                into[t] = year;
            }
            else
            {
                into[t] = year * withinYear[r];
            }
        }
    }

    public double PresentValue(ReadOnlySpan<double> cash)
    {
        var pv = 0.0;
        for (var t = 0; t < cash.Length; t++)
        {
            pv += cash[t] * Discount[t];
        }
        return pv;
    }
}
