using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.UnitTests.Uncertainty;

/// <summary>The Monte Carlo's per-trial shortcuts (values set in place in a worker's clones, or one copy per trial; a reused workspace) give the deterministic engine's numbers.</summary>
public class TrialFastPathTests
{
    private static readonly Scenario ThreeOptions = ScenarioJson.Parse("""
        {
          "name": "fast path", "horizonMonths": 60, "discountRateAnnual": 0.1,
          "workload": { "requestsPerMonth": 2000000, "monthlyGrowth": 0.03, "inputTokensPerRequest": 800, "outputTokensPerRequest": 250, "peakToAverage": 2.5 },
          "baseline": "api",
          "options": [
            { "id": "api", "kind": "api", "inputPricePerMillion": 0.5, "outputPricePerMillion": 1.5, "annualPriceChange": -0.3, "setupCost": 20000 },
            { "id": "cloud", "kind": "cloud", "gpuHourPrice": 2.5, "annualPriceChange": -0.1, "prefillTokensPerGpuSecond": 20000,
              "decodeTokensPerGpuSecond": 2500, "targetUtilization": 0.6, "minGpus": 1, "staffFte": 0.5, "fteAnnualCost": 180000 },
            { "id": "onprem", "kind": "onprem", "serverPrice": 320000, "gpusPerServer": 8, "prefillTokensPerGpuSecond": 20000,
              "decodeTokensPerGpuSecond": 2500, "targetUtilization": 0.6, "serverPowerKw": 10.2, "serverIdlePowerKw": 3, "pue": 1.3,
              "electricityPerKwh": 0.1, "colocationPerKwMonth": 150, "maintenanceRateAnnual": 0.08, "depreciationYears": 5,
              "resaleValueFraction": 0.8, "staffFte": 1, "fteAnnualCost": 180000 }
          ]
        }
        """);

    private static readonly string[] Keys =
    [
        "horizonMonths", "discountRateAnnual", "workload.monthlyGrowth", "workload.requestsPerMonth", "api.annualPriceChange",
        "cloud.annualPriceChange", "cloud.gpuHourPrice", "onprem.serverPrice", "onprem.gpusPerServer", "onprem.decodeTokensPerGpuSecond",
    ];

    /// <summary>Trial t's values: every input moved by a different amount, some trials leaving growth or price change as they were.</summary>
    private static double[] Values(ScenarioInput[] inputs, int trial) => inputs
        .Select((input, j) =>
        {
            var value = input.Get(ThreeOptions);
            return input.Key switch
            {
                "horizonMonths" => trial % 3 == 0 ? 60 : 36 + trial,
                "workload.monthlyGrowth" or "api.annualPriceChange" => trial % 2 == 0 ? value : value + 0.01 * trial,
                _ => value * (1 + 0.03 * ((trial + j) % 7 - 3)),
            };
        })
        .ToArray();

    [Fact]
    public void WithAll_gives_the_same_scenario_as_setting_each_input_in_turn()
    {
        var inputs = Keys.Select(k => ScenarioInputs.Find(ThreeOptions, k)!).ToArray();
        var values = Values(inputs, 5);
        var oneByOne = ThreeOptions;
        for (var j = 0; j < inputs.Length; j++)
        {
            oneByOne = inputs[j].With(oneByOne, values[j]);
        }

        var together = ScenarioInputs.WithAll(ThreeOptions, inputs, values);

        Assert.Equal(ScenarioJsonWriter.Write(oneByOne), ScenarioJsonWriter.Write(together));
        Assert.Equal(41, together.HorizonMonths);
        Assert.Equal(320000, ThreeOptions.Options.OfType<OnPremOption>().Single().ServerPrice);
    }

    [Fact]
    public void A_reused_workspace_gives_bit_identical_present_values_to_a_fresh_evaluation_for_every_trial()
    {
        var inputs = Keys.Select(k => ScenarioInputs.Find(ThreeOptions, k)!).ToArray();
        var workspace = new PresentValueWorkspace();
        var reused = new double[3];
        for (var trial = 0; trial < 12; trial++)
        {
            var scenario = ScenarioInputs.WithAll(ThreeOptions, inputs, Values(inputs, trial));

            workspace.PresentValues(scenario, reused);

            Assert.Equal(CostEngine.PresentValues(scenario), reused);
            Assert.Equal(CostEngine.Evaluate(scenario, includeTornado: false).Options.Select(o => o.PresentValue), reused);
        }
    }

    [Fact]
    public void In_place_trials_give_the_scenario_and_bit_identical_present_values_of_WithAll_for_every_trial()
    {
        var inputs = Keys.Select(k => ScenarioInputs.Find(ThreeOptions, k)!).ToArray();
        var worker = InPlaceScenario.TryCreate(ThreeOptions, inputs)!.ForWorker();
        var workspace = new PresentValueWorkspace();
        var inPlace = new double[3];
        for (var trial = 0; trial < 12; trial++)
        {
            var values = Values(inputs, trial);
            var copied = ScenarioInputs.WithAll(ThreeOptions, inputs, values);

            var set = worker.With(values);
            workspace.PresentValues(set, inPlace);

            Assert.Equal(ScenarioJsonWriter.Write(copied), ScenarioJsonWriter.Write(set));
            Assert.Equal(copied.Workload, set.Workload);
            Assert.Equal(copied.Options, set.Options);
            Assert.Equal(CostEngine.PresentValues(copied), inPlace);
        }
        Assert.Equal(60, ThreeOptions.HorizonMonths);
        Assert.Equal(320000, ThreeOptions.Options.OfType<OnPremOption>().Single().ServerPrice);
    }

    [Fact]
    public void Workers_own_their_clones_so_one_workers_trial_leaves_anothers_scenario_unchanged()
    {
        var inputs = Keys.Select(k => ScenarioInputs.Find(ThreeOptions, k)!).ToArray();
        var inPlace = InPlaceScenario.TryCreate(ThreeOptions, inputs)!;
        var first = inPlace.ForWorker().With(Values(inputs, 1));
        var before = ScenarioJsonWriter.Write(first);

        inPlace.ForWorker().With(Values(inputs, 2));

        Assert.Equal(before, ScenarioJsonWriter.Write(first));
    }

    [Fact]
    public void A_value_models_input_is_set_in_place_on_the_worker_s_copy_of_the_model()
    {
        var scenario = ScenarioJson.ReadFile(Path.Combine(RepositoryRoot(), "examples", "visual-inspection.json"));
        var defectRate = ScenarioInputs.Find(scenario, "benefits.qualityInspection.defectRate")!;

        var set = InPlaceScenario.TryCreate(scenario, [defectRate])!.ForWorker().With([0.5]);
        Assert.Equal(0.5, set.Benefits!.QualityInspection!.DefectRate);
        Assert.NotEqual(0.5, scenario.Benefits!.QualityInspection!.DefectRate);
        Assert.NotNull(InPlaceScenario.TryCreate(scenario, [ScenarioInputs.Find(scenario, "workload.requestsPerMonth")!]));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Planner.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new DirectoryNotFoundException("Planner.sln not found above the test binaries");
    }

    [Theory]
    [InlineData(1.03, 1)]
    [InlineData(0.97, 1)]
    [InlineData(0.7, 12)]
    [InlineData(1.05, 12)]
    public void Growth_and_price_factors_are_within_1e14_relative_of_Math_Pow_over_600_months(double b, int monthsPerUnit)
    {
        var timeline = new Timeline(ThreeOptions with
        {
            HorizonMonths = 600,
            Workload = ThreeOptions.Workload with { MonthlyGrowth = b - 1 },
        });
        var factors = monthsPerUnit == 1 ? timeline.Growth : timeline.PriceFactors(b - 1);

        for (var t = 1; t <= 600; t++)
        {
            var exact = Math.Pow(b, (t - 1) / (double)monthsPerUnit);
            // Math.Pow's own exponent (t - 1) / 12.0 is rounded, which alone moves b^y by |ln b| y 2⁻⁵³ (10⁻¹⁵ here).
            Assert.True(Math.Abs(factors[t] - exact) <= 1e-14 * exact, $"t = {t}: {factors[t]:R} vs {exact:R}");
            if ((t - 1) % 12 == 0 || t <= 12)
            {
                Assert.Equal(exact, factors[t]);
            }
        }
    }
}
