using Planner.CostModel.Finance;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// The IRR's vector arithmetic (<see cref="BernsteinArithmetic"/>, <see cref="RateLanes"/>) against the scalar loops it
/// replaced, bit for bit (ADR 047): each lane must do one coefficient's, point's or rate's operations in the scalar order.
/// </summary>
public class RateIsolationArithmeticTests
{
    /// <summary>Polynomials of every degree from 1 to 130, and a few up to 600, with coefficients of mixed signs and sizes.</summary>
    public static TheoryData<int> Degrees() => [.. Enumerable.Range(1, 130), 239, 240, 241, 599, 600];

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Bernstein_coefficients_equal_the_scalar_loop_to_the_bit(int degree)
    {
        var power = Polynomial(degree);
        var b = new double[degree + 1];
        var abs = new double[degree + 1];

        BernsteinArithmetic.Coefficients(power, b, abs);

        for (var k = 0; k <= degree; k++)
        {
            double sum = 0, sumAbs = 0, weight = 1;
            for (var i = 0; i <= k; i++)
            {
                sum += weight * power[i];
                sumAbs += weight * Math.Abs(power[i]);
                weight = weight * (k - i) / (degree - i);
            }
            Assert.Equal(BitConverter.DoubleToInt64Bits(sum), BitConverter.DoubleToInt64Bits(b[k]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(sumAbs), BitConverter.DoubleToInt64Bits(abs[k]));
        }
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void De_casteljau_subdivision_equals_the_scalar_loop_to_the_bit(int degree)
    {
        var b = Polynomial(degree);
        var abs = b.Select(Math.Abs).ToArray();
        foreach (var lambda in new[] { 0.5, 0.4375, 0.6875 })
        {
            double[] left = new double[degree + 1], leftAbs = new double[degree + 1], right = new double[degree + 1], rightAbs = new double[degree + 1];

            BernsteinArithmetic.Subdivide(b, abs, lambda, left, leftAbs, right, rightAbs, new double[degree + 1], new double[degree + 1]);

            var work = (double[])b.Clone();
            var workAbs = (double[])abs.Clone();
            AssertBits(work[0], left[0]);
            AssertBits(work[degree], right[degree]);
            for (var level = 1; level <= degree; level++)
            {
                for (var i = 0; i <= degree - level; i++)
                {
                    work[i] = ((1 - lambda) * work[i]) + (lambda * work[i + 1]);
                    workAbs[i] = ((1 - lambda) * workAbs[i]) + (lambda * workAbs[i + 1]);
                }
                AssertBits(work[0], left[level]);
                AssertBits(workAbs[0], leftAbs[level]);
                AssertBits(work[degree - level], right[degree - level]);
                AssertBits(workAbs[degree - level], rightAbs[degree - level]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Bisection_equals_the_scalar_loop_to_the_bit(int degree)
    {
        // A root at 0.3, bisected from [0, 1] and [0.25, 0.5], and with limits of 5 steps and of 1.
        // (t - 0.3)(1 + t + ... + t^(degree - 1)) = -0.3 + 0.7t + ... + 0.7t^(degree - 1) + t^degree.
        var power = new double[degree + 1];
        Array.Fill(power, 0.7);
        power[0] = -0.3;
        power[degree] = 1;
        foreach (var (lo, hi, steps) in new[] { (0.0, 1.0, 200), (0.25, 0.5, 200), (0.0, 1.0, 5), (0.0, 0.5, 1) })
        {
            var signAtLo = Math.Sign(Horner(power, lo));

            var vector = BernsteinArithmetic.Bisect(power, lo, hi, signAtLo, steps);

            AssertBits(ScalarBisect(power, lo, hi, signAtLo, steps), vector);
        }
    }

    [Theory]
    [MemberData(nameof(Degrees))]
    public void Present_and_future_values_at_eight_rates_equal_one_rate_at_a_time_to_the_bit(int degree)
    {
        var values = Polynomial(degree);
        double[] rates = [-0.99, -0.5, -0.01, 0, 0.01, 0.3, 7.5, 1e6];
        var present = new double[RateLanes.Width];
        var future = new double[RateLanes.Width];

        RateLanes.PresentValues(values, rates, present);
        RateLanes.FutureValues(values, rates, future);

        for (var k = 0; k < rates.Length; k++)
        {
            AssertBits(FinancialFunctions.PresentValue(rates[k], values), present[k]);
            var fv = 0.0;
            foreach (var value in values)
            {
                fv = (fv * (1 + rates[k])) + value;
            }
            AssertBits(fv, future[k]);
        }
    }

    private static double ScalarBisect(double[] power, double lo, double hi, int signAtLo, int maxSteps)
    {
        for (var j = 0; j < maxSteps; j++)
        {
            var mid = (lo + hi) / 2;
            if (mid <= lo || mid >= hi)
            {
                break;
            }
            if (Math.Sign(Horner(power, mid)) == signAtLo)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static double Horner(double[] power, double t)
    {
        var value = 0.0;
        for (var i = power.Length - 1; i >= 0; i--)
        {
            value = (value * t) + power[i];
        }
        return value;
    }

    private static double[] Polynomial(int degree)
    {
        var random = new Random(degree);
        return [.. Enumerable.Range(0, degree + 1).Select(_ => (random.NextDouble() - 0.4) * Math.Pow(10, random.Next(-3, 7)))];
    }

    private static void AssertBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
