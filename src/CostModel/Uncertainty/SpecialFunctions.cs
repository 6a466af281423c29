namespace Planner.CostModel.Uncertainty;

/// <summary>Normal distribution functions (the cost model has no package dependencies).</summary>
public static class SpecialFunctions
{
    private const double InvSqrt2Pi = 0.39894228040143267794;

    public static double NormalPdf(double z) => double.IsInfinity(z) ? 0 : InvSqrt2Pi * Math.Exp(-0.5 * z * z);

    public static double NormalCdf(double z)
    {
        if (double.IsNegativeInfinity(z))
        {
            return 0;
        }
        if (double.IsPositiveInfinity(z))
        {
            return 1;
        }
        return 0.5 * Erfc(-z / Math.Sqrt(2));
    }

    /// <summary>Complementary error function: the Chebyshev fit of Numerical Recipes (3rd ed., 6.2.2), relative error about 1.2e-16.</summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }
        const int ncof = 28;
        ReadOnlySpan<double> cof =
        [
            -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3,
            -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
            -1.624290004647e-6, 1.303655835580e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
            5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12,
            8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
        ];
        double d = 0, dd = 0;
        var t = 2.0 / (2.0 + x);
        var ty = 4.0 * t - 2.0;
        for (var j = ncof - 1; j > 0; j--)
        {
            var tmp = d;
            d = ty * d - dd + cof[j];
            dd = tmp;
        }
        return t * Math.Exp(-x * x + 0.5 * (cof[0] + ty * d) - dd);
    }
}
