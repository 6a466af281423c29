using Planner.CostModel.Serving;
using Planner.Web.Components.Shared;

namespace Planner.Web.ComponentTests;

public sealed class ServingResultsPanelTests : MudTestContext
{
    private static readonly ServingLoad Load = new(4, null, 2, 16, 8, 100, 60, 42);

    /// <summary>A serving result from the simulator (a real run of the scheduler with a step-time model).</summary>
    private static ServingResult Simulated(StepTimeModel model, ServingTargets targets)
    {
        var trace = ServingSimulator.Run(Load, 4, model);
        var metrics = ServingSummary.Summarize(trace.Requests, trace.WallSeconds, targets);
        var fit = StepTimeFitter.Fit(trace.Prefills, trace.Decodes);
        return new ServingResult(ServingResult.DecoderSource, "gpt-decoder", "tiny", null, "cpu", Load, 4, targets, metrics, fit,
            PredictionError.Compare(Load, 4, fit.Model, metrics), false, null);
    }

    [Fact]
    public void A_load_point_that_misses_its_latency_targets_is_flagged_and_one_that_meets_them_is_not()
    {
        var fast = Simulated(new StepTimeModel(0.002, 0, 0.005, 0, 0), new ServingTargets(50, 20));
        var slow = Simulated(new StepTimeModel(0.2, 0, 0.05, 0, 0), new ServingTargets(50, 20));

        var cut = Render<ServingResultsPanel>(p => p.Add(c => c.Results, [fast, slow]));

        var rows = cut.FindAll("[data-testid=serving-results] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("met", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Empty(rows[0].QuerySelectorAll("[data-testid=targets-missed]"));
        Assert.Single(rows[1].QuerySelectorAll("[data-testid=targets-missed]"));
        Assert.True(slow.Metrics.TimeToFirstTokenMs.P50 >= 200, "TTFT includes the 200 ms prefill");
        Assert.Equal(2, cut.FindAll("[data-testid=step-time-model]").Count);
        Assert.Contains("simulator vs measured", cut.Markup, StringComparison.Ordinal);
    }
}
