using Planner.CostModel.Serving;

namespace Planner.CostModel.UnitTests.Serving;

public class StepTimeFitTests
{
    [Fact]
    public void The_fit_recovers_the_coefficients_of_exact_step_times()
    {
        var truth = new StepTimeModel(0.004, 0.0002, 0.010, 0.0015, 0.000003);
        var prefills = new[] { 16L, 32, 64, 128 }.Select(n => new PrefillObservation(n, truth.PrefillSeconds(n))).ToList();
        var decodes = new List<DecodeObservation>();
        foreach (var batch in new[] { 1, 2, 4, 8 })
        {
            foreach (var kv in new[] { 50L, 400, 1300 })
            {
                decodes.Add(new DecodeObservation(batch, kv, truth.DecodeStepSeconds(batch, kv)));
            }
        }

        var fit = StepTimeFitter.Fit(prefills, decodes);

        Assert.Equal(truth.PrefillFixedSeconds, fit.Model.PrefillFixedSeconds, 9);
        Assert.Equal(truth.PrefillSecondsPerToken, fit.Model.PrefillSecondsPerToken, 9);
        Assert.Equal(truth.DecodeFixedSeconds, fit.Model.DecodeFixedSeconds, 9);
        Assert.Equal(truth.DecodeSecondsPerSequence, fit.Model.DecodeSecondsPerSequence, 9);
        Assert.Equal(truth.DecodeSecondsPerKvToken, fit.Model.DecodeSecondsPerKvToken, 9);
        Assert.Equal(1, fit.PrefillRSquared, 9);
        Assert.Equal(1, fit.DecodeRSquared, 9);
        Assert.Equal((4, 12), (fit.PrefillSteps, fit.DecodeSteps));
    }

    [Fact]
    public void A_single_prompt_length_fits_a_slope_through_the_origin_instead_of_an_unidentifiable_intercept()
    {
        var prefills = new[] { 0.30, 0.34, 0.32 }.Select(s => new PrefillObservation(32, s)).ToList();

        var fit = StepTimeFitter.Fit(prefills, [new DecodeObservation(1, 10, 0.05)]);

        // Only one of the two terms can be fitted; least squares gives both the same residual, and the
        // subset search keeps the first it finds (the intercept), equal to the mean step time.
        Assert.Equal(0.32, fit.Model.PrefillSeconds(32), 9);
        Assert.True(fit.Model.PrefillFixedSeconds == 0 || fit.Model.PrefillSecondsPerToken == 0);
    }

    [Fact]
    public void A_term_that_would_fit_negative_is_dropped_and_the_rest_refitted()
    {
        // Times fall slightly with batch size: ordinary least squares would give a negative per-sequence cost.
        var decodes = new[] { (1, 0.0102), (2, 0.0101), (4, 0.0100), (8, 0.0099) }
            .Select(d => new DecodeObservation(d.Item1, 0, d.Item2)).ToList();

        var fit = StepTimeFitter.Fit([], decodes);

        Assert.Equal(0, fit.Model.DecodeSecondsPerSequence);
        Assert.Equal(0, fit.Model.DecodeSecondsPerKvToken);
        Assert.Equal(0.01005, fit.Model.DecodeFixedSeconds, 9);
    }

    [Fact]
    public void No_observations_give_a_zero_model_with_zero_fit_quality()
    {
        var fit = StepTimeFitter.Fit([], []);

        Assert.Equal(new StepTimeModel(0, 0, 0, 0, 0), fit.Model);
        Assert.Equal((0.0, 0.0), (fit.PrefillRSquared, fit.DecodeRSquared));
    }
}
