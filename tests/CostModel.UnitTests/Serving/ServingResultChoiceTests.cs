using Planner.CostModel.Serving;

namespace Planner.CostModel.UnitTests.Serving;

public class ServingResultChoiceTests
{
    private static readonly ServingLoad Rate1 = new(1, null, 60, 64, 16, 1000, 60, 42);

    private static ServingResult Result(ServingLoad load, string source = ServingResult.DecoderSource, bool fit = true) =>
        new(source, "gpt-decoder", "small", null, "cuda", load, 8, null,
            new ServingMetrics(1, 1, 0, 0, new Dictionary<string, int>(), 1, LatencyDistribution.Empty, LatencyDistribution.Empty, LatencyDistribution.Empty, 1, 1, 1, null, null, null),
            fit ? new StepTimeFit(new StepTimeModel(0.01, 0.0001, 0.01, 0.001, 0), 1, 1, 3, 10) : null, null, false, null);

    private static readonly IReadOnlyList<ServingResult> Sweep =
        [Result(Rate1, fit: false), Result(Rate1 with { RatePerSecond = 2 }), Result(Rate1 with { RatePerSecond = 4 }), Result(Rate1 with { RatePerSecond = null, Concurrency = 8 }, ServingResult.EndpointSource, fit: false)];

    [Fact]
    public void Without_a_load_the_first_result_that_qualifies_is_taken()
    {
        var (result, problem) = ServingResultChoice.Pick(Sweep, ServingResultChoice.HasStepTimeFit, null, null, "p", "r1", ServingResultChoice.StepTimeFitKind);

        Assert.Null(problem);
        Assert.Same(Sweep[1], result);
    }

    [Fact]
    public void A_named_rate_or_concurrency_takes_that_load_among_those_that_qualify()
    {
        Assert.Same(Sweep[2], ServingResultChoice.Pick(Sweep, ServingResultChoice.HasStepTimeFit, 4, null, "p", "r1", "fit").Result);
        Assert.Same(Sweep[3], ServingResultChoice.Pick(Sweep, r => r.Source == ServingResult.EndpointSource, null, 8, "p", "r1", "endpoint result").Result);
    }

    [Fact]
    public void A_load_the_run_lacks_is_a_problem_listing_the_loads_it_has()
    {
        var (result, problem) = ServingResultChoice.Pick(Sweep, ServingResultChoice.HasStepTimeFit, 1, null, "options[0].capacityFrom", "r1", "result with a fit");

        Assert.Null(result);
        Assert.Equal("options[0].capacityFrom: run 'r1' has no result with a fit at rate 1/s (it has: rate 2/s for 60 s, 64 → 16 tokens; rate 4/s for 60 s, 64 → 16 tokens)", problem!.Message);
        Assert.Equal("p: run 'r1' has no x", ServingResultChoice.Pick(null, ServingResultChoice.HasStepTimeFit, null, null, "p", "r1", "x").Problem!.Message);
    }
}
