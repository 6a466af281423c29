using Planner.CostModel.Evaluation;
using Planner.CostModel.Uncertainty;

namespace Planner.Reports.IntegrationTests;

/// <summary>A report is made from the evaluation its host already made (docs/decisions/054-named-steps-and-one-evaluation-per-request.md).</summary>
public class ReportInputTests
{
    [Fact]
    public void A_report_carries_the_evaluation_it_was_given_and_evaluates_nothing_again()
    {
        var scenario = Scenarios.Risky();
        var evaluation = CostEngine.Evaluate(scenario);

        var input = ReportInput.Simulated(scenario, evaluation, new SimulationSettings { Trials = 1000, Seed = 3 }, null, CancellationToken.None);

        Assert.Same(evaluation, input.Evaluation);
        Assert.Same(scenario, input.Scenario);
        Assert.NotNull(input.Simulation);
    }

    [Fact]
    public void A_report_refuses_the_evaluation_of_another_scenario_or_horizon()
    {
        var scenario = Scenarios.Example();
        var evaluation = CostEngine.Evaluate(scenario);

        var renamed = Assert.Throws<ArgumentException>(() => ReportInput.For(scenario with { Name = "Another plan" }, evaluation));
        var longer = Assert.Throws<ArgumentException>(() => ReportInput.For(scenario with { HorizonMonths = scenario.HorizonMonths + 12 }, evaluation));

        Assert.Equal("evaluation", renamed.ParamName);
        Assert.Contains("\"Another plan\"", renamed.Message, StringComparison.Ordinal);
        Assert.Contains($"over {scenario.HorizonMonths + 12} months", longer.Message, StringComparison.Ordinal);
    }
}
