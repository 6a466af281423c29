using Planner.CostModel.Text;
using System.Runtime.CompilerServices;

namespace Planner.CostModel.Finance;

/// <summary>
/// Finance functions with spreadsheet semantics (docs/methodology.md, "Finance functions"):
/// NPV discounts the first value by one period; IRR treats the first value as period 0;
/// XNPV and XIRR use actual days over a 365-day year; PMT uses the end-of-period (type 0) or
/// beginning-of-period (type 1) convention and the spreadsheet sign convention.
/// </summary>
public static class FinancialFunctions
{
    // The checks of the functions' own arguments (the CLI's finance commands and the workbook's formulas use them).
    private static readonly PhraseTemplate AboveMinusOne = new("finance.aboveMinusOne", "{0} must be > -1 (got {1})");
    private static readonly PhraseTemplate ZeroOrOne = new("finance.zeroOrOne", "{0} must be 0 or 1 (got {1})");
    private static readonly PhraseTemplate Positive = new("finance.positive", "{0} must be > 0 (got {1})");
    private static readonly PhraseTemplate DateBeforeFirst = new("finance.dateBeforeFirst", "dates must not precede the first date");
    private static readonly PhraseTemplate SameCount = new("finance.sameCount", "values and dates must have the same count (got {0} values and {1} dates)");
    private static readonly PhraseTemplate NoValues = new("finance.noValues", "values must not be empty");

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
        var array = AsArray(values);
        var pv = 0.0;
        var factor = 1.0;
        for (var i = 0; i < array.Length; i++)
        {
            pv += array[i] * factor;
            factor /= 1 + rate;
        }
        return pv;
    }

    /// <summary>
    /// The values as an array, copied only when they are not one: the IRR searches read them hundreds of times, and an
    /// interface call per element cost more than the arithmetic (issue 19). The arithmetic, and so every result, is unchanged.
    /// </summary>
    private static double[] AsArray(IReadOnlyList<double> values) => values as double[] ?? [.. values];

    /// <summary>
    /// Spreadsheet IRR: the rate r at which sum values[i] / (1 + r)^i = 0. Newton's method from the guess
    /// (<see cref="IrrByNewton"/>), then a bracketing search (<see cref="IrrByBracket"/>) if Newton does not converge.
    /// </summary>
    /// <exception cref="NoResultException">No sign change in the values, or no rate found.</exception>
    public static double Irr(IReadOnlyList<double> values, double guess = 0.1) => IrrByNewton(values, guess) ?? IrrByBracket(values);

    /// <summary>
    /// The rate Newton's method reaches from <paramref name="guess"/>, as a spreadsheet's IRR(values, guess) does, when it
    /// converges to a rate above -100% within 200 steps; null otherwise.
    /// </summary>
    /// <exception cref="NoResultException">No sign change in the values.</exception>
    public static double? IrrByNewton(IReadOnlyList<double> values, double guess = 0.1)
    {
        RequireSignChange(values, "IRR");
        var array = AsArray(values);
        // The present value (PresentValue's loop) and its derivative sum -i values[i] / (1 + r)^(i + 1) in one pass: each
        // keeps its own operations in their order, so both are the doubles two separate loops give, and the derivative's
        // multiplications run beside the present value's divisions instead of after them.
        (double Value, double Slope) ValueAndSlope(double r)
        {
            RequireRate(r, "rate");
            var pv = 0.0;
            var factor = 1.0;
            pv += array[0] * factor;
            factor /= 1 + r;
            var d = 0.0;
            var inverse = 1 / (1 + r);
            var power = inverse;
            for (var i = 1; i < array.Length; i++)
            {
                pv += array[i] * factor;
                factor /= 1 + r;
                power *= inverse;
                d -= i * array[i] * power;
            }
            return (pv, d);
        }
        return Newton(ValueAndSlope, guess);
    }

    /// <summary>
    /// The rate nearest 0 at which the present value of <paramref name="values"/> changes sign: a scan outward from 0 over
    /// rates from -99% to 1e8% (<see cref="RateGrid"/>), then from -99% down towards -100% (<see cref="NearMinusOne"/>,
    /// where the sign is taken from the future value, which does not overflow), then bisection.
    /// </summary>
    /// <exception cref="NoResultException">No sign change in the values, or none in the present value on the grid.</exception>
    public static double IrrByBracket(IReadOnlyList<double> values)
    {
        RequireSignChange(values, "IRR");
        var array = AsArray(values);
        if (TryBracket((rates, results) => RateLanes.PresentValues(array, rates, results), RateGrid, RateGridZero, out var rate))
        {
            return rate;
        }
        // Below -99% a month the present value's later terms overflow; the future value sum values[i] (1 + r)^(n - i)
        // has its sign (times (1 + r)^n > 0) and stays finite.
        if (TryBracket((rates, results) => RateLanes.FutureValues(array, rates, results), NearMinusOne, NearMinusOne.Length - 1, out rate))
        {
            return rate;
        }
        throw new NoResultException("IRR did not converge: no rate between -100% and 1e8% a month makes the value zero on the search grid");
    }

    /// <summary>
    /// Whether no rate above -100% makes the present value of <paramref name="values"/> zero, proved by Descartes' rule of
    /// signs on each side of 0 (docs/methodology.md, "Finance functions"). With x = 1 / (1 + r), the present value is the
    /// polynomial P(x) = sum values[i] x^i; x = 1 + z maps rates r in (-1, 0) to z in (0, inf), x = 1 / (1 + z) maps
    /// r in (0, inf) onto it, and the two polynomials' coefficients are
    /// <c>below_j = sum_i values[i] C(i, j)</c> and <c>above_j = sum_i values[i] C(n - i, j)</c>, j = 0..n (n the last index).
    /// When every coefficient of both has the sign of the total (which both share as their j = 0 term), by more than
    /// 1e-9 of the sum of its terms' absolute values (the rounding allowance), neither has a positive root: the present
    /// value keeps the total's sign at every rate. False when that is not proved (a rate may still not exist).
    /// The coefficients are checked from j = n down: the last ones are the first and last values themselves, which refute
    /// the proof at once for the usual investment (a cost first, savings later), so the O(n²) sums run only when needed.
    /// </summary>
    public static bool ProvedNoIrr(IReadOnlyList<double> values)
    {
        var array = AsArray(values);
        var n = array.Length - 1;
        var total = 0.0;
        for (var i = 0; i <= n; i++)
        {
            total += array[i];
        }
        var sign = Math.Sign(total);
        if (sign == 0)
        {
            return false;
        }
        // Four coefficients at a time: each sums its own terms in the same order as alone, but their binomial recurrences
        // (a division each step) overlap in the processor, which makes the O(n²) proof about three times faster when it holds.
        var j = n;
        for (; j >= 3; j -= 4)
        {
            var first = new ShiftedCoefficient(j);
            var second = new ShiftedCoefficient(j - 1);
            var third = new ShiftedCoefficient(j - 2);
            var fourth = new ShiftedCoefficient(j - 3);
            fourth.Add(array, n, j - 3);
            third.Add(array, n, j - 2);
            fourth.Add(array, n, j - 2);
            second.Add(array, n, j - 1);
            third.Add(array, n, j - 1);
            fourth.Add(array, n, j - 1);
            for (var k = j; k <= n; k++)
            {
                first.Add(array, n, k);
                second.Add(array, n, k);
                third.Add(array, n, k);
                fourth.Add(array, n, k);
            }
            if (!first.KeepsSign(sign) || !second.KeepsSign(sign) || !third.KeepsSign(sign) || !fourth.KeepsSign(sign))
            {
                return false;
            }
        }
        for (; j >= 0; j--)
        {
            var coefficient = new ShiftedCoefficient(j);
            for (var k = j; k <= n; k++)
            {
                coefficient.Add(array, n, k);
            }
            if (!coefficient.KeepsSign(sign))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The j-th coefficients of <see cref="ProvedNoIrr"/>'s two polynomials, below_j = sum_k values[k] C(k, j) and
    /// above_j = sum_k values[n - k] C(k, j), with the sums of their terms' absolute values, added up for k = j..n in turn.
    /// </summary>
    private struct ShiftedCoefficient
    {
        private readonly int _j;
        private double _below;
        private double _belowAbs;
        private double _above;
        private double _aboveAbs;
        private double _binomial; // C(k, j) for k = j, j + 1, ..., n

        public ShiftedCoefficient(int j)
        {
            _j = j;
            _binomial = 1.0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(double[] values, int n, int k)
        {
            _below += values[k] * _binomial;
            _belowAbs += Math.Abs(values[k]) * _binomial;
            _above += values[n - k] * _binomial;
            _aboveAbs += Math.Abs(values[n - k]) * _binomial;
            _binomial = _binomial * (k + 1) / (k + 1 - _j);
        }

        /// <summary>Whether both coefficients have <paramref name="sign"/>, by more than 1e-9 of their terms' absolute values.</summary>
        public readonly bool KeepsSign(int sign) => (sign * _below) - (1e-9 * _belowAbs) > 0 && (sign * _above) - (1e-9 * _aboveAbs) > 0;
    }

    /// <summary>A coefficient's sign counts only when it exceeds this share of the sum of its terms' absolute values (rounding).</summary>
    private const double RoundingAllowance = 1e-9;

    /// <summary>How many halvings <see cref="IrrRates"/> may make of a side before it gives up on a part (2^-60 is below a double's resolution).</summary>
    private const int MaxIsolationDepth = 60;

    /// <summary>How many halvings the bisection of a one-root interval makes at most.</summary>
    private const int MaxBisectionSteps = 200;

    /// <summary>How many intervals <see cref="IrrRates"/> may examine in all before it gives up.</summary>
    private const int MaxIsolationIntervals = 4_000;

    /// <summary>The split points tried, in order, when the midpoint's sign is within the rounding allowance.</summary>
    private static readonly double[] SplitPoints = [0.5, 0.4375, 0.5625, 0.375, 0.625, 0.3125, 0.6875];

    /// <summary>
    /// Every rate above -100% at which the present value of <paramref name="values"/> (the first at period 0) is zero, each
    /// proved to be the only one in its interval, in ascending order (docs/methodology.md, "Finance functions", "IRR rates,
    /// proved"). With x = 1 / (1 + r) the present value is P(x) = sum values[i] x^i: rates of 0 and above are x in (0, 1],
    /// and rates in (-1, 0) are y = 1 + r in (0, 1) of Q(y) = y^n P(1 / y) = sum values[i] y^(n - i). Each side's Bernstein
    /// coefficients on [0, 1] are Descartes' coefficients of ProvedNoIrr's substitution (times C(n, k) > 0): their number of
    /// sign changes bounds the roots in the interval and has their parity, so 0 proves none and 1 proves exactly one. An
    /// interval with more is halved (de Casteljau's subdivision, each new coefficient an average of two, so rounding stays
    /// below the allowance) until every interval has 0 or 1. A coefficient's sign counts only when it exceeds 1e-9 of the
    /// sum of its terms' absolute values; a rate inside a one-root interval is then found by bisection.
    /// <see cref="RateIsolation.Complete"/> is false when a part could not be settled within 60 halvings (a double root, or
    /// roots closer than rounding can separate) or the zero rate's sign is within the allowance: the list then holds the
    /// rates proved so far, and no claim is made about the rest.
    /// </summary>
    public static RateIsolation IrrRates(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        // Zero values at either end are roots at x = 0 (r = +inf) or y = 0 (r = -1): not rates. Leave them out.
        var first = 0;
        var last = values.Count - 1;
        while (first <= last && values[first] == 0)
        {
            first++;
        }
        while (last >= first && values[last] == 0)
        {
            last--;
        }
        if (last - first < 1)
        {
            return new RateIsolation([], Complete: true);
        }
        var v = new double[last - first + 1];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = values[first + i];
        }
        double total = 0, totalAbs = 0;
        foreach (var value in v)
        {
            total += value;
            totalAbs += Math.Abs(value);
        }
        if (!(Math.Abs(total) > RoundingAllowance * totalAbs))
        {
            // The present value at r = 0 is within rounding of zero: whether 0 is a rate cannot be settled here.
            return new RateIsolation([], Complete: false);
        }
        var reversed = new double[v.Length];
        for (var i = 0; i < v.Length; i++)
        {
            reversed[i] = v[v.Length - 1 - i];
        }
        var rates = new List<double>();
        var budget = MaxIsolationIntervals;
        // Rates from 0 up: P on x in (0, 1), r = 1 / x - 1. Rates below 0: Q on y in (0, 1), r = y - 1.
        var complete = Isolate(v, x => (1 / x) - 1, rates, ref budget) & Isolate(reversed, y => y - 1, rates, ref budget);
        rates.Sort();
        return new RateIsolation(rates, complete);
    }

    /// <summary>
    /// Isolates the roots in (0, 1) of sum power[i] t^i and adds each as <paramref name="rate"/>(t); false when a part was
    /// left unsettled.
    /// </summary>
    private static bool Isolate(double[] power, Func<double, double> rate, List<double> rates, ref int budget)
    {
        if (CumulativeSumsKeepSign(power))
        {
            // The first interval's coefficients would all keep that sign (ADR 047): no root, settled at the first look.
            return --budget >= 0;
        }
        var n = power.Length - 1;
        // Bernstein coefficients on [0, 1]: b_k = sum_{i <= k} C(k, i) / C(n, i) a_i, and beside each the same sum of absolute values.
        var b = new double[n + 1];
        var abs = new double[n + 1];
        BernsteinArithmetic.Coefficients(power, b, abs);
        double[]? work = null, workAbs = null;
        var complete = true;
        var pending = new Stack<(double[] B, double[] Abs, double Lo, double Hi, int Depth)>();
        pending.Push((b, abs, 0, 1, 0));
        while (pending.Count > 0)
        {
            var (cb, ca, lo, hi, depth) = pending.Pop();
            if (--budget < 0)
            {
                return false;
            }
            var changes = SignChanges(cb, ca, out var settled);
            if (settled && changes == 0)
            {
                continue;
            }
            if (settled && changes == 1)
            {
                rates.Add(rate(BernsteinArithmetic.Bisect(power, lo, hi, Math.Sign(cb[0]), MaxBisectionSteps)));
                continue;
            }
            if (depth >= MaxIsolationDepth || !TrySplit(cb, ca, lo, hi, depth, pending, work ??= new double[n + 1], workAbs ??= new double[n + 1]))
            {
                complete = false;
            }
        }
        return complete;
    }

    /// <summary>
    /// Whether every cumulative sum power[0] + ... + power[i] has the sign of power[0] by more than 2e-9 of the sum of
    /// the absolute values (degree at most 100,000). Then sum power[i] t^i has no root in (0, 1), and <see cref="Isolate"/>'s
    /// first look would say so: each Bernstein coefficient b_k = sum_{i &lt;= k} w_{k,i} power[i], w_{k,i} = C(k, i) / C(n, i),
    /// is by Abel's summation sum_{i &lt;= k} (w_{k,i} - w_{k,i+1}) A_i with the cumulative sums A_i and weights
    /// w_{k,0} = 1 >= w_{k,1} >= ... >= w_{k,k+1} = 0, a convex combination of A_0..A_k: it keeps their sign, at least as
    /// far from 0 as the nearest of them, while its allowance is 1e-9 of at most the same sum of absolute values; the
    /// rounding of the coefficients and of the sums (below 5e-11 of that sum up to degree 100,000) fits in the other 1e-9
    /// (docs/methodology.md, "IRR rates, proved"). O(n) instead of the coefficients' O(n^2).
    /// </summary>
    internal static bool CumulativeSumsKeepSign(double[] power)
    {
        if (power.Length > MaxCumulativeShortcutLength)
        {
            return false;
        }
        var sumAbs = 0.0;
        foreach (var value in power)
        {
            sumAbs += Math.Abs(value);
        }
        var margin = 2 * RoundingAllowance * sumAbs;
        var sign = Math.Sign(power[0]);
        var cumulative = 0.0;
        foreach (var value in power)
        {
            cumulative += value;
            if (!(Math.Abs(cumulative) > margin) || Math.Sign(cumulative) != sign)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The longest values (degree 100,000) for which <see cref="CumulativeSumsKeepSign"/>'s rounding bound holds.</summary>
    private const int MaxCumulativeShortcutLength = 100_001;

    /// <summary>Sign changes of the coefficients whose sign exceeds the rounding allowance; <paramref name="settled"/> is false when any is within it.</summary>
    private static int SignChanges(double[] b, double[] abs, out bool settled)
    {
        settled = true;
        var changes = 0;
        var sign = 0;
        for (var k = 0; k < b.Length; k++)
        {
            if (!(Math.Abs(b[k]) > RoundingAllowance * abs[k]))
            {
                settled = false;
                continue;
            }
            var s = Math.Sign(b[k]);
            if (sign != 0 && s != sign)
            {
                changes++;
            }
            sign = s;
        }
        return changes;
    }

    /// <summary>
    /// Splits [lo, hi] by de Casteljau's algorithm at the first of <see cref="SplitPoints"/> where the polynomial's sign is
    /// beyond the rounding allowance, and pushes both halves; false when every split point's sign is within it.
    /// </summary>
    private static bool TrySplit(double[] b, double[] abs, double lo, double hi, int depth, Stack<(double[] B, double[] Abs, double Lo, double Hi, int Depth)> pending,
        double[] work, double[] workAbs)
    {
        var n = b.Length - 1;
        var left = new double[n + 1];
        var right = new double[n + 1];
        var leftAbs = new double[n + 1];
        var rightAbs = new double[n + 1];
        foreach (var lambda in SplitPoints)
        {
            BernsteinArithmetic.Subdivide(b, abs, lambda, left, leftAbs, right, rightAbs, work, workAbs);
            if (Math.Abs(left[n]) > RoundingAllowance * leftAbs[n])
            {
                var mid = lo + ((hi - lo) * lambda);
                pending.Push((right, rightAbs, mid, hi, depth + 1));
                pending.Push((left, leftAbs, lo, mid, depth + 1));
                return true;
            }
        }
        return false;
    }

    private static void RequireSignChange(IReadOnlyList<double> values, string name)
    {
        if (!values.Any(v => v > 0) || !values.Any(v => v < 0))
        {
            throw new NoResultException($"{name} needs at least one positive and one negative value (the values never change sign)");
        }
    }

    /// <summary>Spreadsheet XNPV: sum values[i] / (1 + rate)^((dates[i] - dates[0]) / 365).</summary>
    public static double Xnpv(double rate, IReadOnlyList<double> values, IReadOnlyList<DateOnly> dates)
    {
        RequireSameLength(values, dates);
        if (rate <= -1)
        {
            throw new InputException(InputProblem.General(AboveMinusOne.With("rate", ProblemPhrases.Invariant(rate))));
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
        RequireSignChange(values, "XIRR");
        if (dates.Any(d => d < dates[0]))
        {
            throw new InputException(InputProblem.General(DateBeforeFirst.With()));
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
            throw new InputException(InputProblem.General(ZeroOrOne.With("type", ProblemPhrases.Invariant(type))));
        }
        if (!(nper > 0) || !double.IsFinite(nper))
        {
            throw new InputException(InputProblem.General(Positive.With("nper", ProblemPhrases.Invariant(nper))));
        }
        RequireRate(rate, nameof(rate));
        if (rate == 0)
        {
            return -(pv + fv) / nper;
        }
        var growth = Math.Pow(1 + rate, nper);
        return -(rate * (fv + pv * growth)) / ((1 + rate * type) * (growth - 1));
    }

    private static double Solve(Func<double, double> f, Func<double, double> derivative, double guess, string name) =>
        Newton(r => (f(r), derivative(r)), guess)
        ?? (TryBracket(RateLanes.OneAtATime(f), RateGrid, RateGridZero, out var rate) ? rate : throw new NoResultException($"{name} did not converge: no rate between -99% and 1e8% makes the value zero"));

    /// <summary>Newton's method from the guess: the rate it converges to, or null when it leaves rates above -1, stalls or runs out of steps.</summary>
    private static double? Newton(Func<double, (double Value, double Slope)> f, double guess)
    {
        if (!(guess > -1) || !double.IsFinite(guess))
        {
            throw new InputException(InputProblem.General(AboveMinusOne.With("guess", ProblemPhrases.Invariant(guess))));
        }
        var rate = guess;
        for (var i = 0; i < MaxIterations; i++)
        {
            var (value, slope) = f(rate);
            if (!double.IsFinite(value) || !double.IsFinite(slope) || slope == 0)
            {
                return null;
            }
            var next = rate - value / slope;
            if (!(next > -1) || !double.IsFinite(next))
            {
                return null;
            }
            if (Math.Abs(next - rate) <= Tolerance * Math.Max(1, Math.Abs(next)))
            {
                return next;
            }
            rate = next;
        }
        return null;
    }

    /// <summary>The rates <see cref="TryBracket"/> tries first: -0.99 to 0 by 0.01, then 0 to 1 by 0.01 and on by factors of 1.1 to 1e6.</summary>
    private static readonly double[] RateGrid = BuildRateGrid();

    /// <summary>The index of the first rate >= 0 in <see cref="RateGrid"/>.</summary>
    private static readonly int RateGridZero = Array.FindIndex(RateGrid, r => r >= 0);

    /// <summary>The rates an IRR search tries below -99% a month: -1 + 10^(-k/2) for k = 4 (-99%) to 24 (-1 + 1e-12), ascending.</summary>
    private static readonly double[] NearMinusOne = [.. Enumerable.Range(4, 21).Reverse().Select(k => -1 + Math.Pow(10, -k / 2.0))];

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
    /// Finds a sign change of <paramref name="f"/> on <paramref name="grid"/> (ascending) nearest to its index
    /// <paramref name="start"/> and bisects it. Each grid rate's value is computed once: neighbouring brackets share an end.
    /// The values are computed eight at a time (<see cref="RateLanes"/>): the grid rates the scan needs next, outward from
    /// <paramref name="start"/>, and in the bisection the midpoints of its next three steps whichever halves they keep; the
    /// scan and the bisection then take their steps as one value at a time would, with the same values (ADR 047).
    /// </summary>
    private static bool TryBracket(RateValues f, double[] grid, int start, out double rate)
    {
        Span<double> values = stackalloc double[grid.Length];
        Span<bool> known = stackalloc bool[grid.Length];
        var lanes = new Lanes(stackalloc double[RateLanes.Width], stackalloc double[RateLanes.Width], stackalloc int[RateLanes.Width]);
        // The grid indices outward from start (start, start + 1, start - 1, start + 2, ...): the order the scan needs them.
        Span<int> order = stackalloc int[grid.Length];
        var count = 0;
        for (var m = 0; count < grid.Length; m++)
        {
            if (start + m < grid.Length)
            {
                order[count++] = start + m;
            }
            if (m > 0 && start - m >= 0)
            {
                order[count++] = start - m;
            }
        }
        var next = 0;
        double At(Span<double> values, Span<bool> known, ReadOnlySpan<int> order, ref int next, Lanes lanes, int i)
        {
            if (!known[i])
            {
                // This rate and the next ones the scan may need, as far as eight.
                var filled = 0;
                lanes.Indices[filled++] = i;
                for (; next < order.Length && filled < RateLanes.Width; next++)
                {
                    if (!known[order[next]] && order[next] != i)
                    {
                        lanes.Indices[filled++] = order[next];
                    }
                }
                for (var b = 0; b < RateLanes.Width; b++)
                {
                    lanes.Rates[b] = grid[lanes.Indices[b < filled ? b : 0]];
                }
                f(lanes.Rates, lanes.Values);
                for (var b = 0; b < filled; b++)
                {
                    values[lanes.Indices[b]] = lanes.Values[b];
                    known[lanes.Indices[b]] = true;
                }
            }
            return values[i];
        }
        for (var k = 0; k < grid.Length; k++)
        {
            for (var side = 0; side < 2; side++)
            {
                var i = side == 0 ? start + k : start - k - 1;
                if (i < 0 || i + 1 >= grid.Length)
                {
                    continue;
                }
                double lo = grid[i], hi = grid[i + 1];
                double flo = At(values, known, order, ref next, lanes, i), fhi = At(values, known, order, ref next, lanes, i + 1);
                if (double.IsFinite(flo) && double.IsFinite(fhi) && Math.Sign(flo) != Math.Sign(fhi))
                {
                    rate = BisectBracket(f, lo, flo, hi, lanes.Rates, lanes.Values);
                    return true;
                }
            }
        }
        rate = double.NaN;
        return false;
    }

    /// <summary>The scratch of one batch of <see cref="RateLanes.Width"/> values: the rates, their values, and their grid indices.</summary>
    private readonly ref struct Lanes(Span<double> rates, Span<double> values, Span<int> indices)
    {
        public Span<double> Rates { get; } = rates;

        public Span<double> Values { get; } = values;

        public Span<int> Indices { get; } = indices;
    }

    /// <summary>
    /// Bisects [lo, hi], whose ends' values differ in sign, until it is narrower than the tolerance (at most 200 steps),
    /// and returns its midpoint. Each pass evaluates the seven midpoints of the next three steps (heap order: node m's
    /// halves are 2m + 1, kept [lo, mid], and 2m + 2, kept [mid, hi]) and takes those steps.
    /// </summary>
    private static double BisectBracket(RateValues f, double lo, double flo, double hi, Span<double> points, Span<double> values)
    {
        var steps = 0;
        while (true)
        {
            RateLanes.Midpoints(points, lo, hi);
            f(points, values);
            var node = 0;
            for (var depth = 0; depth < 3; depth++)
            {
                if (!(steps < 200 && hi - lo > Tolerance * Math.Max(1, Math.Abs(lo))))
                {
                    return (lo + hi) / 2;
                }
                var mid = points[node];
                var fmid = values[node];
                if (Math.Sign(fmid) == Math.Sign(flo))
                {
                    lo = mid;
                    flo = fmid;
                    node = (2 * node) + 2;
                }
                else
                {
                    hi = mid;
                    node = (2 * node) + 1;
                }
                steps++;
            }
        }
    }

    private static void RequireRate(double rate, string name)
    {
        if (!(rate > -1) || !double.IsFinite(rate))
        {
            throw new InputException(InputProblem.General(AboveMinusOne.With(name, ProblemPhrases.Invariant(rate))));
        }
    }

    private static void RequireSameLength(IReadOnlyList<double> values, IReadOnlyList<DateOnly> dates)
    {
        if (values.Count != dates.Count)
        {
            throw new InputException(InputProblem.General(SameCount.With(ProblemPhrases.Invariant(values.Count), ProblemPhrases.Invariant(dates.Count))));
        }
        if (values.Count == 0)
        {
            throw new InputException(InputProblem.General(NoValues.With()));
        }
    }
}
