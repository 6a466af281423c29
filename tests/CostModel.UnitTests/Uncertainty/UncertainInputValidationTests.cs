using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.UnitTests.Uncertainty;

/// <summary>
/// A distribution made in memory (the web editor's) is checked by the validator with the lines the JSON reader gives for
/// the same distribution in a file, so the editor shows under each parameter exactly what `planner evaluate` would print.
/// </summary>
public class UncertainInputValidationTests
{
    private static Scenario Risk() => ScenarioJson.ReadFile(MonteCarloTests.ExamplePath("risk-support-assistant.json"));

    private static Scenario With(Scenario scenario, string key, Distribution distribution) => scenario with
    {
        Uncertainties = [.. scenario.Uncertainties.Where(u => u.Key != key), new UncertainInput(key, distribution) { BaseValue = 2.5 }],
    };

    /// <summary>The reader's problems for the scenario written out with the distribution in place.</summary>
    private static IReadOnlyList<string> ReaderLines(Scenario scenario) =>
        Assert.Throws<InputException>(() => ScenarioJson.Parse(ScenarioJsonWriter.Write(scenario))).Problems.Select(p => p.Message).ToList();

    public static TheoryData<Distribution, string> BadDistributions => new()
    {
        { new Distribution { Kind = DistributionKind.Normal, Mean = 2.5, StdDev = -1 }, "options[1].gpuHourPrice.stdDev must be > 0 (got -1)" },
        { new Distribution { Kind = DistributionKind.Triangular, Min = 3, Mode = 2.5, Max = 4 }, "options[1].gpuHourPrice must have min <= mode <= max and min < max (got 3, 2.5, 4)" },
        { new Distribution { Kind = DistributionKind.Pert, Min = 2, Max = 4 }, "options[1].gpuHourPrice.mode is required for a pert distribution" },
        { new Distribution { Kind = DistributionKind.Uniform, Min = 4, Max = 4 }, "options[1].gpuHourPrice must have min < max (got 4, 4)" },
        { new Distribution { Kind = DistributionKind.LogNormal, Mean = 0, StdDev = 1 }, "options[1].gpuHourPrice.mean must be > 0 for a lognormal distribution (got 0)" },
        { new Distribution { Kind = DistributionKind.Discrete, Values = [2, 3], Weights = [1] }, "options[1].gpuHourPrice.weights must have one weight per value (2), got 1" },
        { new Distribution { Kind = DistributionKind.Discrete, Values = [] }, "options[1].gpuHourPrice.values must list at least one value" },
    };

    [Theory]
    [MemberData(nameof(BadDistributions))]
    public void A_bad_distribution_built_in_memory_gets_the_readers_line_at_its_path(Distribution distribution, string line)
    {
        var scenario = With(Risk(), "cloud.gpuHourPrice", distribution);

        var problems = ScenarioValidator.Validate(scenario);

        Assert.Contains(line, problems.Select(p => p.Message));
        Assert.Contains(line, ReaderLines(scenario));
        Assert.StartsWith("options[1].gpuHourPrice", problems.Single(p => p.Message == line).Path, StringComparison.Ordinal);
    }

    [Fact]
    public void The_examples_distributions_are_valid()
    {
        Assert.Empty(ScenarioValidator.Validate(Risk()));
    }

    [Fact]
    public void A_whole_number_input_with_a_distribution_is_refused_at_its_path()
    {
        var scenario = Risk() with
        {
            Uncertainties = [.. Risk().Uncertainties, new UncertainInput("onprem.gpusPerServer", new Distribution { Kind = DistributionKind.Uniform, Min = 4, Max = 8 })],
        };

        var problem = Assert.Single(ScenarioValidator.Validate(scenario));

        // Path and line as before; the problem now also carries its phrase (ADR 042), which record equality compares too.
        Assert.Equal(("options[2].gpusPerServer", "options[2].gpusPerServer must be a number (a whole number), not a distribution"), (problem.Path, problem.Message));
    }

    [Fact]
    public void An_input_with_two_distributions_is_refused_at_its_path()
    {
        var risk = Risk();
        var scenario = risk with { Uncertainties = [.. risk.Uncertainties, risk.Uncertainties.Single(u => u.Key == "cloud.gpuHourPrice")] };

        var problem = Assert.Single(ScenarioValidator.Validate(scenario));

        Assert.Equal("options[1].gpuHourPrice carries more than one distribution", problem.Message);
    }
}
