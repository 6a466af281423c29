namespace Planner.CostModel.Finance;

/// <summary>
/// Finance functions with spreadsheet semantics (docs/methodology.md, "Finance functions"):
/// NPV discounts the first value by one period; IRR treats the first value as period 0;
/// XNPV and XIRR use actual days over a 365-day year; PMT uses the end-of-period (type 0) or
/// beginning-of-period (type 1) convention and the spreadsheet sign convention.
/// </summary>
public static class FinancialFunctions
{
    private const int MaxIterations = 200;
    private const double Tolerance = 1e-12;

    /// <summary>Spreadsheet NPV: sum of values[i] / (1 + rate)^(i + 1).</summary>
    public static double Npv(double rate, IReadOnlyList<double> values)
    {
        RequireRate(rate, nameof(rate));
        var npv = 0.0;
        var factor = 1.0;
        for (var i = 0; i < values.Count; i++)
        {
            factor /= 1 + rate;
            npv += values[i] * factor;
        }
        return npv;
    }

    /// <summary>Present value with the first value at period 0 (the engine's convention for month 0).</summary>
    public static double PresentValue(double rate, IReadOnlyList<double> values)
    {
        RequireRate(rate, nameof(rate));
        var pv = 0.0;
        var factor = 1.0;
        for (var i = 0; i < values.Count; i++)
        {
            pv += values[i] * factor;
            factor /= 1 + rate;
        }
        return pv;
    }

    /// <summary>
    /// Spreadsheet IRR: the rate r at which sum values[i] / (1 + r)^i = 0. Newton's method from the guess,
    /// then a bracketing search (bisection on a sign change) if Newton does not converge.
    /// </summary>
    /// <exception cref="NoResultException">No sign change in the values, or no rate found.</exception>
    public static double Irr(IReadOnlyList<double> values, double guess = 0.1)
    {
        if (!values.Any(v => v > 0) || !values.Any(v => v < 0))
        {
            throw new NoResultException("IRR needs at least one positive and one negative value (the values never change sign)");
        }
        double Value(double r) => PresentValue(r, values);
        double Derivative(double r)
        {
            var d = 0.0;
            var factor = 1 / (1 + r);
            var power = factor;
            for (var i = 1; i < values.Count; i++)
            {
                power *= factor;
                d -= i * values[i] * power;
            }
            return d;
        }
        return Solve(Value, Derivative, guess, "IRR");
    }

    /// <summary>Spreadsheet XNPV: sum values[i] / (1 + rate)^((dates[i] - dates[0]) / 365).</summary>
    public static double Xnpv(double rate, IReadOnlyList<double> values, IReadOnlyList<DateOnly> dates)
    {
        RequireSameLength(values, dates);
        if (rate <= -1)
        {
            throw new InputException($"rate must be > -1 (got {rate})");
        }
        var npv = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            npv += values[i] / Math.Pow(1 + rate, (dates[i].DayNumber - dates[0].DayNumber) / 365.0);
        }
        return npv;
    }

    /// <summary>Spreadsheet XIRR: the rate at which <see cref="Xnpv"/> is zero.</summary>
    public static double Xirr(IReadOnlyList<double> values, IReadOnlyList<DateOnly> dates, double guess = 0.1)
    {
        RequireSameLength(values, dates);
        if (!values.Any(v => v > 0) || !values.Any(v => v < 0))
        {
            throw new NoResultException("XIRR needs at least one positive and one negative value (the values never change sign)");
        }
        if (dates.Any(d => d < dates[0]))
        {
            throw new InputException("dates must not precede the first date");
        }
        double Value(double r) => Xnpv(r, values, dates);
        double Derivative(double r)
        {
            var d = 0.0;
            for (var i = 0; i < values.Count; i++)
            {
                var years = (dates[i].DayNumber - dates[0].DayNumber) / 365.0;
                d -= years * values[i] / Math.Pow(1 + r, years + 1);
            }
            return d;
        }
        return Solve(Value, Derivative, guess, "XIRR");
    }

    /// <summary>
    /// Spreadsheet PMT: the payment per period for a loan of <paramref name="pv"/> over <paramref name="nper"/>
    /// periods, leaving <paramref name="fv"/>; <paramref name="type"/> 1 pays at the start of each period.
    /// </summary>
    public static double Pmt(double rate, double nper, double pv, double fv = 0, int type = 0)
    {
        if (type is not (0 or 1))
        {
            throw new InputException($"type must be 0 or 1 (got {type})");
        }
        if (!(nper > 0) || !double.IsFinite(nper))
        {
            throw new InputException($"nper must be > 0 (got {nper})");
        }
        RequireRate(rate, nameof(rate));
        if (rate == 0)
        {
            return -(pv + fv) / nper;
        }
        var growth = Math.Pow(1 + rate, nper);
        return -(rate * (fv + pv * growth)) / ((1 + rate * type) * (growth - 1));
    }

    private static double Solve(Func<double, double> f, Func<double, double> derivative, double guess, string name)
    {
        if (!(guess > -1) || !double.IsFinite(guess))
        {
            throw new InputException($"guess must be > -1 (got {guess})");
        }
        var rate = guess;
        for (var i = 0; i < MaxIterations; i++)
        {
            var value = f(rate);
            var slope = derivative(rate);
            if (!double.IsFinite(value) || !double.IsFinite(slope) || slope == 0)
            {
                break;
            }
            var next = rate - value / slope;
            if (!(next > -1) || !double.IsFinite(next))
            {
                break;
            }
            if (Math.Abs(next - rate) <= Tolerance * Math.Max(1, Math.Abs(next)))
            {
                return next;
            }
            rate = next;
        }
        return Bracket(f, name);
    }

    /// <summary>The rates <see cref="Bracket"/> tries: -0.99 to 0 by 0.01, then 0 to 1 by 0.01 and on by factors of 1.1 to 1e6.</summary>
    private static readonly double[] RateGrid = BuildRateGrid();

    /// <summary>The index of the first rate >= 0 in <see cref="RateGrid"/>.</summary>
    private static readonly int RateGridZero = Array.FindIndex(RateGrid, r => r >= 0);

    private static double[] BuildRateGrid()
    {
        var grid = new List<double>();
        for (var r = -0.99; r < 0; r += 0.01)
        {
            grid.Add(r);
        }
        for (var r = 0.0; r <= 1e6; r = r < 1 ? r + 0.01 : r * 1.1)
        {
            grid.Add(r);
        }
        return [.. grid.Order()];
    }

    /// <summary>
    /// Finds a sign change on a grid of rates in (-1, 1e6) nearest to zero and bisects it. Each grid rate's value is
    /// computed once: neighbouring brackets share an end.
    /// </summary>
    private static double Bracket(Func<double, double> f, string name)
    {
        var sorted = RateGrid;
        var start = RateGridZero;
        Span<double> values = stackalloc double[sorted.Length];
        Span<bool> known = stackalloc bool[sorted.Length];
        double At(Span<double> values, Span<bool> known, int i)
        {
            if (!known[i])
            {
                values[i] = f(sorted[i]);
                known[i] = true;
            }
            return values[i];
        }
        for (var k = 0; k < sorted.Length; k++)
        {
            for (var side = 0; side < 2; side++)
            {
                var i = side == 0 ? start + k : start - k - 1;
                if (i < 0 || i + 1 >= sorted.Length)
                {
                    continue;
                }
                double lo = sorted[i], hi = sorted[i + 1];
                double flo = At(values, known, i), fhi = At(values, known, i + 1);
                if (double.IsFinite(flo) && double.IsFinite(fhi) && Math.Sign(flo) != Math.Sign(fhi))
                {
                    for (var j = 0; j < 200 && hi - lo > Tolerance * Math.Max(1, Math.Abs(lo)); j++)
                    {
                        var mid = (lo + hi) / 2;
                        var fmid = f(mid);
                        if (Math.Sign(fmid) == Math.Sign(flo))
                        {
                            lo = mid;
                            flo = fmid;
                        }
                        else
                        {
                            hi = mid;
                        }
                    }
                    return (lo + hi) / 2;
                }
            }
        }
        throw new NoResultException($"{name} did not converge: no rate between -99% and 1e8% makes the value zero");
    }

    private static void RequireRate(double rate, string name)
    {
        if (!(rate > -1) || !double.IsFinite(rate))
        {
            throw new InputException($"{name} must be > -1 (got {rate})");
        }
    }

    private static void RequireSameLength(IReadOnlyList<double> values, IReadOnlyList<DateOnly> dates)
    {
        if (values.Count != dates.Count)
        {
            throw new InputException($"values and dates must have the same count (got {values.Count} values and {dates.Count} dates)");
        }
        if (values.Count == 0)
        {
            throw new InputException("values must not be empty");
        }
    }
}
