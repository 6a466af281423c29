using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.UnitTests.Uncertainty;

public class MonteCarloTests
{
    /// <summary>An API-vs-cloud scenario; <paramref name="apiSetup"/> and <paramref name="extra"/> are spliced into the JSON.</summary>
    private static Scenario TwoOptions(string apiSetup = "20000", string cloudPrice = "2.5", string extra = "") => ScenarioJson.Parse($$"""
        {
          "name": "risk test", "horizonMonths": 24, "discountRateAnnual": 0.08,
          "workload": { "requestsPerMonth": 1000000, "monthlyGrowth": 0.02, "inputTokensPerRequest": 500, "outputTokensPerRequest": 200 },
          "baseline": "api",
          "options": [
            { "id": "api", "kind": "api", "inputPricePerMillion": 1, "outputPricePerMillion": 4, "annualPriceChange": -0.2, "setupCost": {{apiSetup}} },
            { "id": "cloud", "kind": "cloud", "gpuHourPrice": {{cloudPrice}}, "prefillTokensPerGpuSecond": 10000,
              "decodeTokensPerGpuSecond": 1000, "targetUtilization": 0.5, "setupCost": 1000 }
          ]{{extra}}
        }
        """);

    [Fact]
    public void Pv_linear_in_one_normal_input_is_normal_with_the_inputs_mean_and_sd()
    {
        var scenario = TwoOptions(apiSetup: """{ "distribution": "normal", "mean": 50000, "stdDev": 5000 }""");
        var deterministic = CostEngine.PresentValues(scenario)[0];

        var result = MonteCarlo.Run(scenario, 20_000, 11, null, CancellationToken.None);

        var api = result.GetOption("api").PresentValue;
        Assert.InRange(api.Mean, deterministic - 3 * api.StandardError, deterministic + 3 * api.StandardError);
        var sdError = 5000 / Math.Sqrt(2 * 20_000.0);
        Assert.InRange(api.StdDev, 5000 - 3 * sdError, 5000 + 3 * sdError);
        // The median of a normal is its mean; P5 is mean - 1.645 sd.
        Assert.InRange(api.P50, deterministic - 150, deterministic + 150);
        Assert.InRange(api.P5, deterministic - 1.6449 * 5000 - 200, deterministic - 1.6449 * 5000 + 200);
        // The cloud option does not depend on the input: no spread.
        Assert.Equal(0, result.GetOption("cloud").PresentValue.StdDev, 6);
        Assert.Equal(result.Trials, result.GetOption("api").PresentValue.Histogram.Sum(b => b.Count));
    }

    [Fact]
    public void Npv_savings_and_probability_cheapest_follow_the_per_trial_present_values()
    {
        // The cloud price straddles the break-even price, so each option is cheapest in some trials; at its mean
        // (0.95 x break-even) the cloud is recommended, so the tornado metric is its NPV savings.
        var breakEven = BreakEvenCloudPrice();
        var scenario = TwoOptions(cloudPrice: $$"""{ "distribution": "uniform", "min": {{breakEven * 0.4}}, "max": {{breakEven * 1.5}} }""");

        var result = MonteCarlo.Run(scenario, 10_000, 5, null, CancellationToken.None);

        var api = result.GetOption("api");
        var cloud = result.GetOption("cloud");
        Assert.Null(api.NpvSavings);
        Assert.Equal(1, api.ProbabilityCheapest + cloud.ProbabilityCheapest, 12);
        // Cloud PV is linear in its price, so it is cheaper when the price is below break-even: P = 0.6 / 1.1,
        // within 3 binomial standard errors.
        Assert.Equal("cloud", result.Recommendation);
        Assert.InRange(cloud.ProbabilityCheapest, 0.6 / 1.1 - 0.015, 0.6 / 1.1 + 0.015);
        Assert.Equal(cloud.ProbabilityCheapest, cloud.ProbabilityBeatsBaseline!.Value, 12);
        Assert.Equal(api.PresentValue.Mean - cloud.PresentValue.Mean, cloud.NpvSavings!.Mean, 6);
        var bar = Assert.Single(result.Tornado);
        Assert.Equal("cloud.gpuHourPrice", bar.Input);
        Assert.True(bar.RankCorrelation < -0.99, "the cloud price moves the metric one-to-one, downwards");
    }

    private static double BreakEvenCloudPrice()
    {
        var atOne = CostEngine.PresentValues(TwoOptions(cloudPrice: "1"));
        var atTwo = CostEngine.PresentValues(TwoOptions(cloudPrice: "2"));
        var slope = atTwo[1] - atOne[1];
        return 1 + (atOne[0] - atOne[1]) / slope;
    }

    [Fact]
    public void Same_seed_gives_the_same_result_on_any_number_of_threads()
    {
        var scenario = ScenarioJson.ReadFile(ExamplePath("risk-support-assistant.json"));
        string RunWith(int threads, long seed) => PlannerJson.Serialize(MonteCarlo.Run(scenario,
            new SimulationSettings { Trials = 5000, Seed = seed, MaxDegreeOfParallelism = threads }, null, CancellationToken.None));

        var single = RunWith(1, 42);
        Assert.Equal(single, RunWith(2, 42));
        Assert.Equal(single, RunWith(-1, 42));
        Assert.NotEqual(single, RunWith(2, 43));
    }

    [Fact]
    public void Result_depends_on_the_seed_only_not_on_threads_scheduling_or_the_runs_before_it()
    {
        // 20,000 trials are 79 blocks, the last one partial: with 3 or 7 workers the blocks land on workers in an order
        // that changes from run to run. A larger run first leaves its values in the pooled columns the later runs reuse.
        var scenario = ScenarioJson.ReadFile(ExamplePath("risk-support-assistant.json"));
        string RunWith(int trials, int threads) => PlannerJson.Serialize(MonteCarlo.Run(scenario,
            new SimulationSettings { Trials = trials, Seed = 5, MaxDegreeOfParallelism = threads }, null, CancellationToken.None));

        var single = RunWith(20_000, 1);
        RunWith(60_000, -1);
        foreach (var threads in new[] { 2, 3, 7, -1, 1 })
        {
            Assert.Equal(single, RunWith(20_000, threads));
        }
    }

    [Fact]
    public void Requested_rank_correlation_is_achieved()
    {
        var copula = GaussianCopula.Create(["a", "b", "c"], [new RankCorrelation("a", "b", 0.6), new RankCorrelation("b", "c", -0.4)]);
        var a = InverseCdf.For(new Distribution { Kind = DistributionKind.Triangular, Min = 0, Mode = 1, Max = 5 });
        var b = InverseCdf.For(new Distribution { Kind = DistributionKind.LogNormal, Mean = 3, StdDev = 2 });
        var c = InverseCdf.For(new Distribution { Kind = DistributionKind.Uniform, Min = -1, Max = 1 });
        const int n = 20_000;
        var xa = new double[n];
        var xb = new double[n];
        var xc = new double[n];
        var u = new double[3];
        var scratch = new double[3];
        for (var t = 0; t < n; t++)
        {
            for (var j = 0; j < 3; j++)
            {
                u[j] = CounterRandom.Uniform(99, 3L * t + j);
            }
            copula.Correlate(u, scratch);
            xa[t] = a.At(u[0]);
            xb[t] = b.At(u[1]);
            xc[t] = c.At(u[2]);
        }
        Assert.InRange(Descriptive.Spearman(xa, xb), 0.55, 0.65);
        Assert.InRange(Descriptive.Spearman(xb, xc), -0.45, -0.35);
        // No correlation was asked between a and c: the copula's matrix holds 0 there.
        Assert.InRange(Descriptive.Spearman(xa, xc), -0.05, 0.05);
    }

    [Fact]
    public void Spearman_to_normal_correlation_is_two_sine_pi_rho_over_six()
    {
        Assert.Equal(1, GaussianCopula.NormalCorrelation(1), 12);
        Assert.Equal(0, GaussianCopula.NormalCorrelation(0), 12);
        Assert.Equal(2 * Math.Sin(Math.PI * 0.5 / 6), GaussianCopula.NormalCorrelation(0.5), 12);
    }

    [Fact]
    public void Inconsistent_correlations_are_rejected_naming_them()
    {
        var ex = Assert.Throws<InputException>(() => GaussianCopula.Create(["a", "b", "c"],
            [new RankCorrelation("a", "b", 0.9), new RankCorrelation("b", "c", 0.9), new RankCorrelation("a", "c", -0.9)]));
        Assert.Contains("correlations are inconsistent: their matrix is not positive semi-definite", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a ~ c: -0.9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_whose_correlations_no_joint_distribution_has_is_refused_when_read_not_only_when_simulated()
    {
        // ρs 0.9, 0.9, -0.9 between three inputs: normal correlations 0.908, 0.908, -0.908; the matrix's determinant
        // 1 - 3(0.908²) - 2(0.908³) < 0, so it is not positive semi-definite.
        const string Uncertain = """
            { "id": "api", "kind": "api", "inputPricePerMillion": 1, "outputPricePerMillion": 4,
              "annualPriceChange": { "distribution": "uniform", "min": -0.3, "max": 0 }, "setupCost": { "distribution": "uniform", "min": 0, "max": 1000 } },
            """;
        string File(string correlations) => $$"""
            {
              "name": "risk test", "horizonMonths": 24,
              "workload": { "requestsPerMonth": 1000000, "inputTokensPerRequest": 500, "outputTokensPerRequest": 200,
                            "monthlyGrowth": { "distribution": "uniform", "min": 0, "max": 0.05 } },
              "options": [ {{Uncertain}}
                { "id": "cloud", "kind": "cloud", "gpuHourPrice": 2.5, "prefillTokensPerGpuSecond": 10000, "decodeTokensPerGpuSecond": 1000, "targetUtilization": 0.5 } ],
              "correlations": [ {{correlations}} ]
            }
            """;
        var inconsistent = Assert.Throws<InputException>(() => ScenarioJson.Parse(File("""
            { "inputs": ["api.annualPriceChange", "api.setupCost"], "rank": 0.9 },
            { "inputs": ["api.setupCost", "workload.monthlyGrowth"], "rank": 0.9 },
            { "inputs": ["api.annualPriceChange", "workload.monthlyGrowth"], "rank": -0.9 }
            """)));
        var problem = Assert.Single(inconsistent.Problems);
        Assert.Equal("correlations", problem.Path);
        Assert.StartsWith("correlations are inconsistent: their matrix is not positive semi-definite", problem.Message, StringComparison.Ordinal);
        Assert.Contains("api.annualPriceChange ~ workload.monthlyGrowth: -0.9", problem.Message, StringComparison.Ordinal);

        // The same pair twice (either way round) is named at the second one.
        var repeated = Assert.Throws<InputException>(() => ScenarioJson.Parse(File("""
            { "inputs": ["api.annualPriceChange", "api.setupCost"], "rank": 0.5 },
            { "inputs": ["api.setupCost", "api.annualPriceChange"], "rank": 0.4 }
            """)));
        Assert.Equal("correlations[1].inputs repeats the pair of correlations[0] (api.setupCost, api.annualPriceChange)", Assert.Single(repeated.Problems).Message);

        // Weakened, the three can be had together.
        Assert.Equal(3, ScenarioJson.Parse(File("""
            { "inputs": ["api.annualPriceChange", "api.setupCost"], "rank": 0.5 },
            { "inputs": ["api.setupCost", "workload.monthlyGrowth"], "rank": 0.5 },
            { "inputs": ["api.annualPriceChange", "workload.monthlyGrowth"], "rank": -0.3 }
            """)).Correlations.Count);
    }

    [Fact]
    public void Perfect_rank_correlation_is_accepted_and_moves_inputs_together()
    {
        var copula = GaussianCopula.Create(["a", "b"], [new RankCorrelation("a", "b", 1)]);
        double[] u = [0.3, 0.9];
        copula.Correlate(u, new double[2]);
        Assert.Equal(u[0], u[1], 12);
    }

    [Fact]
    public void Trials_out_of_range_are_rejected_naming_the_option_and_range()
    {
        var scenario = TwoOptions(apiSetup: """{ "distribution": "uniform", "min": 0, "max": 1000 }""");
        var ex = Assert.Throws<InputException>(() => MonteCarlo.Run(scenario, 99, 1, null, CancellationToken.None));
        Assert.Equal("--trials must be >= 100 and <= 1,000,000 (got 99)", Assert.Single(ex.Lines));
        Assert.Throws<InputException>(() => MonteCarlo.Run(scenario, 10_000_001, 1, null, CancellationToken.None));
    }

    [Fact]
    public void A_scenario_without_distributions_is_rejected()
    {
        var ex = Assert.Throws<InputException>(() => MonteCarlo.Run(TwoOptions(), 1000, 1, null, CancellationToken.None));
        Assert.StartsWith("no input carries a distribution", Assert.Single(ex.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Sampled_values_outside_the_fields_range_are_clamped_and_counted()
    {
        // Utilization must be > 0 and <= 1; a uniform on [0.5, 1.5] is clamped to 1 half the time.
        var scenario = TwoOptions(extra: "") with { };
        var utilization = ScenarioJson.Parse(ScenarioJsonWriter.Write(scenario).Replace(
            "\"targetUtilization\": 0.5", "\"targetUtilization\": { \"distribution\": \"uniform\", \"min\": 0.5, \"max\": 1.5, \"value\": 0.5 }",
            StringComparison.Ordinal));

        var result = MonteCarlo.Run(utilization, 4000, 3, null, CancellationToken.None);

        var input = Assert.Single(result.Inputs);
        Assert.InRange(input.ClampedFraction, 0.45, 0.55);
        Assert.Equal(1, input.P95, 12);
    }

    [Fact]
    public void Progress_reaches_one_and_cancellation_stops_the_run()
    {
        var scenario = TwoOptions(apiSetup: """{ "distribution": "uniform", "min": 0, "max": 1000 }""");
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports);
        MonteCarlo.Run(scenario, new SimulationSettings { Trials = 5000, MaxDegreeOfParallelism = 1 }, progress, CancellationToken.None);
        Assert.Equal(1, reports[^1]);
        Assert.Equal(reports.Order().ToList(), reports);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => MonteCarlo.Run(scenario, 5000, 1, null, cancelled.Token));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Progress_rises_in_equal_steps_of_whole_trials_and_ends_at_one(int threads)
    {
        var scenario = TwoOptions(apiSetup: """{ "distribution": "uniform", "min": 0, "max": 1000 }""");
        var reports = new List<double>();
        const int trials = 100_000;

        MonteCarlo.Run(scenario, new SimulationSettings { Trials = trials, MaxDegreeOfParallelism = threads }, new SynchronousProgress(reports), CancellationToken.None);

        // 391 blocks of 256 trials (the last of 160), reported every 3 blocks' worth: steps of 768 trials, rounded down,
        // whatever order the blocks finish in, then 1. The 130th step (99,840) is skipped when the block that ends the
        // run is a full one that finished last.
        Assert.All(reports, r => Assert.Equal(Math.Round(r * trials), r * trials, 6));
        var steps = reports.SkipLast(1).Select(r => Math.Round(r * trials)).ToList();
        Assert.Equal(Enumerable.Range(1, steps.Count).Select(k => 768.0 * k), steps);
        Assert.InRange(steps.Count, 129, 130);
        Assert.Equal(1, reports[^1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void A_cancelled_simulation_throws_and_stops_within_a_block_of_the_cancel(int threads)
    {
        var scenario = TwoOptions(apiSetup: """{ "distribution": "uniform", "min": 0, "max": 1000 }""");
        var reports = new List<double>();
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(reports, onReport: fraction =>
        {
            if (fraction >= 0.2)
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            MonteCarlo.Run(scenario, new SimulationSettings { Trials = 1_000_000, MaxDegreeOfParallelism = threads }, progress, cancel.Token));

        // Reports rose in steps until the cancel; afterwards only blocks already started (one per thread) could finish.
        Assert.Equal(reports.Order().Distinct().ToList(), reports);
        var atCancel = reports.FindIndex(r => r >= 0.2);
        Assert.InRange(reports.Count - 1 - atCancel, 0, threads == 1 ? 0 : Environment.ProcessorCount);
        Assert.True(reports[^1] < 0.3, $"the run went on to {reports[^1]:P1} after being cancelled at 20%");
    }

    [Fact]
    public void A_cancel_after_the_last_trial_still_throws_rather_than_return_a_result()
    {
        var scenario = TwoOptions(apiSetup: """{ "distribution": "uniform", "min": 0, "max": 1000 }""");
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress([], onReport: fraction =>
        {
            if (fraction == 1)
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => MonteCarlo.Run(scenario, 5000, 1, progress, cancel.Token));
    }

    [Fact]
    public void Risk_example_runs_and_its_correlated_price_changes_push_the_same_way()
    {
        var scenario = ScenarioJson.ReadFile(ExamplePath("risk-support-assistant.json"));
        Assert.True(scenario.Uncertainties.Count >= 10);

        var result = MonteCarlo.Run(scenario, 2000, 42, null, CancellationToken.None);

        Assert.Equal(1, result.Options.Sum(o => o.ProbabilityCheapest), 12);
        Assert.Equal(scenario.Uncertainties.Count, result.Tornado.Count);
        Assert.True(result.Tornado.Zip(result.Tornado.Skip(1)).All(p => Math.Abs(p.First.RankCorrelation) >= Math.Abs(p.Second.RankCorrelation)));
        var json = PlannerJson.Serialize(result);
        Assert.Contains("\"probabilityCheapest\"", json, StringComparison.Ordinal);
        Assert.Contains("\"distribution\"", json, StringComparison.Ordinal);
    }

    internal static string ExamplePath(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "examples")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("no examples folder above the test binaries"), "examples", name);
    }

    private sealed class SynchronousProgress(List<double> reports, Action<double>? onReport = null) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
            onReport?.Invoke(value);
        }
    }
}
