using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.UnitTests.Uncertainty;

public class DistributionSamplingTests
{
    private const int Samples = 200_000;

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.025, -1.959963984540054)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(0.9999, 3.719016485455709)]
    [InlineData(1e-10, -6.361340902404056)]
    public void Inverse_normal_cdf_matches_published_quantiles(double p, double z)
    {
        Assert.Equal(z, SpecialFunctions.InverseNormalCdf(p), 1e-12);
    }

    [Fact]
    public void Describe_names_the_kind_and_the_parameters_as_json_writes_them()
    {
        Assert.Equal("triangular(min 1.7, mode 2.5, max 4)",
            new Distribution { Kind = DistributionKind.Triangular, Min = 1.7, Mode = 2.5, Max = 4 }.Describe());
        Assert.Equal("normal(mean 2500, stdDev 400, min 1200, max 4000)",
            new Distribution { Kind = DistributionKind.Normal, Mean = 2500, StdDev = 400, Min = 1200, Max = 4000 }.Describe());
        Assert.Equal("normal(mean 0.5, stdDev 0.1)", new Distribution { Kind = DistributionKind.Normal, Mean = 0.5, StdDev = 0.1 }.Describe());
        Assert.Equal("lognormal(mean 2000000, stdDev 600000)", new Distribution { Kind = DistributionKind.LogNormal, Mean = 2e6, StdDev = 6e5 }.Describe());
        Assert.Equal("discrete(1.2: 0.3, 1.5: 0.7)", new Distribution { Kind = DistributionKind.Discrete, Values = [1.2, 1.5], Weights = [0.3, 0.7] }.Describe());
    }

    [Fact]
    public void Inverse_normal_cdf_inverts_the_cdf_across_the_range()
    {
        // Above z = 5, Φ(z) rounds to within a few ulps of 1 and the round trip loses digits; the lower tail keeps them.
        for (var z = -8.0; z <= 5.0; z += 0.25)
        {
            Assert.Equal(z, SpecialFunctions.InverseNormalCdf(SpecialFunctions.NormalCdf(z)), 1e-9);
        }
    }

    [Theory]
    [InlineData(2, 3, 0.5, 0.6875)]
    [InlineData(1, 1, 0.3, 0.3)]
    [InlineData(1, 5, 0.2, 0.67232)]
    [InlineData(5, 1, 0.8, 0.32768)]
    [InlineData(3, 3, 0.5, 0.5)]
    public void Regularized_incomplete_beta_matches_closed_forms_and_its_inverse_returns_x(double a, double b, double x, double expected)
    {
        // Closed forms: I_x(1, b) = 1 - (1 - x)^b, I_x(a, 1) = x^a, I_0.5(2, 3) = 11/16, symmetric at 0.5 when a = b.
        Assert.Equal(expected, SpecialFunctions.RegularizedIncompleteBeta(a, b, x), 1e-12);
        Assert.Equal(x, SpecialFunctions.InverseRegularizedIncompleteBeta(a, b, expected), 1e-10);
    }

    [Fact]
    public void Log_gamma_matches_factorials()
    {
        Assert.Equal(Math.Log(24), SpecialFunctions.LogGamma(5), 1e-13);
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 1e-13);
        Assert.Equal(Math.Log(362880), SpecialFunctions.LogGamma(10), 1e-12);
    }

    [Fact]
    public void Triangular_quantiles_are_the_closed_form()
    {
        var q = InverseCdf.For(new Distribution { Kind = DistributionKind.Triangular, Min = 0, Mode = 2, Max = 10 });
        // F(x) = x² / 20 below the mode: F(2) = 0.2.
        Assert.Equal(2, q.At(0.2), 12);
        Assert.Equal(Math.Sqrt(0.1 * 20), q.At(0.1), 12);
        Assert.Equal(10 - Math.Sqrt(0.5 * 10 * 8), q.At(0.5), 12);
        Assert.Equal(0, q.At(0), 12);
        Assert.Equal(10, q.At(1), 12);
    }

    [Fact]
    public void Lognormal_median_is_exp_mu_from_the_variables_mean_and_sd()
    {
        var q = InverseCdf.For(new Distribution { Kind = DistributionKind.LogNormal, Mean = 100, StdDev = 50 });
        var sigma2 = Math.Log(1 + 0.25);
        Assert.Equal(Math.Exp(Math.Log(100) - sigma2 / 2), q.At(0.5), 9);
    }

    [Fact]
    public void Truncated_normal_stays_inside_its_bounds_at_the_extremes()
    {
        var q = InverseCdf.For(new Distribution { Kind = DistributionKind.Normal, Mean = 0, StdDev = 1, Min = 3, Max = 3.5 });
        Assert.Equal(3, q.At(0), 9);
        Assert.Equal(3.5, q.At(1), 9);
        Assert.InRange(q.At(0.5), 3, 3.5);
    }

    [Fact]
    public void Discrete_quantile_is_monotone_whatever_the_order_of_values()
    {
        var q = InverseCdf.For(new Distribution { Kind = DistributionKind.Discrete, Values = [3, 1, 2], Weights = [0.2, 0.5, 0.3] });
        Assert.Equal(1, q.At(0.1));
        Assert.Equal(1, q.At(0.5));
        Assert.Equal(2, q.At(0.6));
        Assert.Equal(3, q.At(0.81));
    }

    public static TheoryData<Distribution, double, double> Moments() => new()
    {
        // Triangular: mean (a + b + c) / 3, variance (a² + b² + c² - ab - ac - bc) / 18.
        { new Distribution { Kind = DistributionKind.Triangular, Min = 1, Mode = 2, Max = 6 }, 3, Math.Sqrt((1 + 4 + 36 - 2 - 6 - 12) / 18.0) },
        // PERT: mean (a + 4c + b) / 6, variance (μ - a)(b - μ) / 7.
        { new Distribution { Kind = DistributionKind.Pert, Min = 0, Mode = 3, Max = 12 }, 4, Math.Sqrt(4 * 8 / 7.0) },
        { new Distribution { Kind = DistributionKind.Normal, Mean = 10, StdDev = 2 }, 10, 2 },
        { new Distribution { Kind = DistributionKind.LogNormal, Mean = 5, StdDev = 3 }, 5, 3 },
        // Uniform: (a + b) / 2 and (b - a) / √12.
        { new Distribution { Kind = DistributionKind.Uniform, Min = -1, Max = 3 }, 1, 4 / Math.Sqrt(12) },
        // Discrete: 0.25·1 + 0.75·3 = 2.5, variance 0.25·2.25 + 0.75·0.25 = 0.75.
        { new Distribution { Kind = DistributionKind.Discrete, Values = [1, 3], Weights = [1, 3] }, 2.5, Math.Sqrt(0.75) },
        // Truncated normal on [0, ∞): half-normal, mean σ√(2/π), sd σ√(1 - 2/π).
        { new Distribution { Kind = DistributionKind.Normal, Mean = 0, StdDev = 1, Min = 0 }, Math.Sqrt(2 / Math.PI), Math.Sqrt(1 - 2 / Math.PI) },
    };

    [Theory]
    [MemberData(nameof(Moments))]
    public void Sample_mean_and_sd_match_the_closed_forms(Distribution distribution, double mean, double sd)
    {
        var q = InverseCdf.For(distribution);
        var values = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            values[i] = q.At(CounterRandom.Uniform(7, i));
        }
        var stats = Descriptive.Summarize(values, 10);
        Assert.InRange(stats.Mean, mean - 4 * stats.StandardError, mean + 4 * stats.StandardError);
        // The standard error of a sample sd is about sd / √(2n) for near-normal shapes; allow 2% for heavier tails.
        Assert.InRange(stats.StdDev, sd * 0.98, sd * 1.02);
        Assert.Equal(mean, distribution.ExpectedValue(), 9);
    }

    [Fact]
    public void Counter_random_is_uniform_and_reproducible()
    {
        Assert.Equal(CounterRandom.Uniform(42, 12345), CounterRandom.Uniform(42, 12345));
        Assert.NotEqual(CounterRandom.Uniform(42, 12345), CounterRandom.Uniform(43, 12345));
        var counts = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            var u = CounterRandom.Uniform(1, i);
            Assert.InRange(u, double.Epsilon, 1 - 1e-17);
            counts[(int)(u * 10)]++;
        }
        // Each decile holds 10,000 ± 3 standard deviations (√(n p (1 - p)) = 94.9).
        Assert.All(counts, c => Assert.InRange(c, 10_000 - 285, 10_000 + 285));
    }

    [Fact]
    public void Percentile_interpolates_between_order_statistics()
    {
        double[] sorted = [1, 2, 3, 4, 5];
        Assert.Equal(3, Descriptive.Percentile(sorted, 0.5));
        Assert.Equal(1.4, Descriptive.Percentile(sorted, 0.1), 12);
        Assert.Equal(4.8, Descriptive.Percentile(sorted, 0.95), 12);
        Assert.Equal(5, Descriptive.Percentile(sorted, 1));
    }

    [Fact]
    public void Spearman_of_a_monotone_transform_is_one_and_ties_share_ranks()
    {
        double[] x = [3, 1, 4, 1.5, 9, 2.6];
        Assert.Equal(1, Descriptive.Spearman(x, x.Select(v => Math.Exp(v)).ToArray()), 12);
        Assert.Equal(-1, Descriptive.Spearman(x, x.Select(v => -v * v * v).ToArray()), 12);
        Assert.Equal([1.5, 1.5, 3], Descriptive.Ranks([2.0, 2.0, 5.0]));
    }
}
