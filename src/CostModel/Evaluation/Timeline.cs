using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Evaluation;

/// <summary>
/// The per-month factors that do not depend on an option: discount factors for t = 0..H and demand growth for
/// t = 1..H. Month-t costs are paid at the end of month t; purchases for month t at its start (t - 1).
/// </summary>
internal sealed class Timeline
{
    public const double HoursPerMonth = 730;
    public const double SecondsPerMonth = HoursPerMonth * 3600;

    public Timeline(Scenario scenario)
    {
        Horizon = scenario.HorizonMonths;
        MonthlyRate = Math.Pow(1 + scenario.DiscountRateAnnual, 1.0 / 12) - 1;
        Discount = new double[Horizon + 1];
        Growth = new double[Horizon + 1];
        for (var t = 0; t <= Horizon; t++)
        {
            Discount[t] = Math.Pow(1 + MonthlyRate, -t);
            Growth[t] = t == 0 ? 0 : Math.Pow(1 + scenario.Workload.MonthlyGrowth, t - 1);
        }
        InputTokensPerRequest = scenario.Workload.InputTokensPerRequest;
        OutputTokensPerRequest = scenario.Workload.OutputTokensPerRequest;
        PeakToAverage = scenario.Workload.PeakToAverage;
    }

    public int Horizon { get; }

    /// <summary>m = (1 + annual rate)^(1/12) - 1.</summary>
    public double MonthlyRate { get; }

    /// <summary>1 / (1 + m)^t, t = 0..H.</summary>
    public double[] Discount { get; }

    /// <summary>(1 + monthly growth)^(t - 1), t = 1..H (index 0 unused).</summary>
    public double[] Growth { get; }

    public double InputTokensPerRequest { get; }

    public double OutputTokensPerRequest { get; }

    public double PeakToAverage { get; }

    /// <summary>Price factor (1 + annual change)^((t - 1) / 12) for t = 0..H (index 0 unused).</summary>
    public double[] PriceFactors(double annualPriceChange)
    {
        var factors = new double[Horizon + 1];
        for (var t = 1; t <= Horizon; t++)
        {
            factors[t] = Math.Pow(1 + annualPriceChange, (t - 1) / 12.0);
        }
        return factors;
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
