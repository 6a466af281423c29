using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>An API's measured p95 latency against the workload's targets (docs/methodology.md, "Latency of an API").</summary>
public class ApiLatencyTests
{
    private static readonly Workload Targeted = Workload(1_000) with { TtftP95Seconds = 2, ItlP95Seconds = 0.05 };

    [Fact]
    public void An_api_within_both_targets_meets_them_and_equal_counts_as_meeting()
    {
        var api = Api() with { MeasuredTtftP95Seconds = 1.5, MeasuredItlP95Seconds = 0.05 };

        var latency = CostEngine.Evaluate(Scenario(12, 0, Targeted, api)).GetOption("api").Latency!;

        Assert.True(latency.MeetsTargets);
        Assert.Equal((1.5, 0.05), (latency.MeasuredTtftP95Seconds!.Value, latency.MeasuredItlP95Seconds!.Value));
        Assert.Equal("meets the latency targets as measured", latency.Note);
    }

    [Fact]
    public void An_api_slower_than_a_target_is_flagged_with_the_figure_that_misses()
    {
        var api = Api() with { MeasuredTtftP95Seconds = 2.5, MeasuredItlP95Seconds = 0.04 };

        var evaluation = CostEngine.Evaluate(Scenario(12, 0, Targeted, api, Cloud()));
        var latency = evaluation.GetOption("api").Latency!;

        Assert.False(latency.MeetsTargets);
        Assert.Equal("misses the latency targets: p95 time to first token 2.5 s > target 2 s", latency.Note);
        Assert.Null(evaluation.GetOption("cloud").Latency);
    }

    [Fact]
    public void An_unmeasured_api_is_marked_and_no_targets_means_no_check()
    {
        var unmeasured = CostEngine.Evaluate(Scenario(12, 0, Targeted, Api())).GetOption("api").Latency!;
        var untargeted = CostEngine.Evaluate(Scenario(12, 0, Workload(1_000), Api() with { MeasuredTtftP95Seconds = 9, MeasuredItlP95Seconds = 1 })).GetOption("api");

        Assert.Null(unmeasured.MeetsTargets);
        Assert.StartsWith("latency not measured", unmeasured.Note, StringComparison.Ordinal);
        Assert.Null(untargeted.Latency);
    }

    [Fact]
    public void The_flag_leaves_the_cost_and_the_ranking_alone()
    {
        var fast = CostEngine.Evaluate(Scenario(12, 0.08, Targeted, Api() with { MeasuredTtftP95Seconds = 1, MeasuredItlP95Seconds = 0.01 }, Cloud()));
        var slow = CostEngine.Evaluate(Scenario(12, 0.08, Targeted, Api() with { MeasuredTtftP95Seconds = 9, MeasuredItlP95Seconds = 1 }, Cloud()));

        Assert.Equal(fast.Options.Select(o => o.PresentValue), slow.Options.Select(o => o.PresentValue));
        Assert.Equal(fast.Recommendation, slow.Recommendation);
    }

    [Fact]
    public void A_measured_latency_comes_in_pairs()
    {
        var scenario = Scenario(12, 0, Targeted, Api() with { MeasuredItlP95Seconds = 0.03 });

        Assert.Equal("options[0].measuredTtftP95Seconds is required with measuredItlP95Seconds (a measured latency is a pair: p95 time to first token and p95 inter-token latency, both > 0)",
            Assert.Single(ScenarioValidator.Validate(scenario)).ToString());
    }
}
