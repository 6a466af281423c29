using Planner.CostModel.Projection;
using Planner.CostModel.Projection.Validation;

namespace Planner.CostModel.UnitTests.Projection;

public class ValidationTests
{
    private static MeasuredCase Case(int id, double value, MeasuredMetric metric = MeasuredMetric.OutputTokensPerSecondPerGpu, bool heldOut = false,
        int batch = 8, int input = 512, int output = 64, int gpus = 1) => new()
    {
        Id = id,
        Model = "llama-3-70b",
        Gpu = "NVIDIA H100 SXM",
        Gpus = gpus,
        Precisions = TensorPrecisions.For(Precision.Fp8),
        Batch = batch,
        InputTokens = input,
        OutputTokens = output,
        Engine = "test",
        EngineVersion = "1",
        Setting = "static batch",
        Metric = metric,
        Value = value,
        Unit = "",
        HeldOut = heldOut,
        Source = "synthetic",
        SourceUrl = "https://example.org",
        AsOf = "2026-12",
    };

    [Fact]
    public void Accuracy_is_the_median_absolute_error_the_share_within_15_percent_and_the_worst_factor()
    {
        CaseError[] errors =
        [
            new(Case(1, 100), 110),
            new(Case(2, 100), 80),
            new(Case(3, 100), 100),
            new(Case(4, 100), 160),
        ];

        var summary = AccuracySummary.Of(errors);

        // |error|: 0.10, 0.20, 0, 0.60 → median (0.10 + 0.20) / 2; within 15%: 2; worst: 1.6x; faster than measured: 2.
        Assert.Equal(0.15, summary.MedianAbsoluteError, 12);
        Assert.Equal(2, summary.WithinFifteenPercent);
        Assert.Equal(1.6, summary.WorstFactor, 12);
        Assert.Equal(2, summary.Optimistic);
        Assert.Equal(4, summary.Worst[0].Case.Id);
        Assert.Equal("median error 15.0%, 2 of 4 within 15%, worst 1.60x", summary.ToString());
    }

    [Fact]
    public void A_projected_time_below_the_measured_one_is_optimistic_and_its_factor_counts_either_way()
    {
        var error = new CaseError(Case(1, 50, MeasuredMetric.TimeToFirstTokenMs), 25);
        Assert.True(error.Optimistic);
        Assert.Equal(2, error.Factor, 12);
        Assert.Equal(0.5, error.AbsoluteError, 12);
    }

    [Fact]
    public void Fit_reproduces_measurements_a_known_engine_produced()
    {
        var truth = EngineFit.Start with
        {
            Compute = 0.5, Bandwidth = 0.8, Attention = 0.5, AttentionBandwidth = 0.6, LayerOverheadMicroseconds = 40, StepOverheadMicroseconds = 500,
            TensorParallel = 0.6, AllReduceLatencyMicroseconds = 8, Source = "truth",
        };
        (int Batch, int Input, int Output, int Gpus)[] shapes = [(1, 128, 1, 1), (64, 2048, 128, 2), (256, 128, 128, 4), (8, 1024, 512, 1), (512, 128, 2048, 8), (1, 2048, 1, 4), (32, 512, 512, 2)];
        var cases = shapes.Select((s, i) => new ResolvedCase(Case(i + 1, 1, s.Batch == 1 ? MeasuredMetric.TimeToFirstTokenMs : MeasuredMetric.OutputTokensPerSecondPerGpu,
                batch: s.Batch, input: s.Input, output: s.Output, gpus: s.Gpus), ProjectionTests.Llama70B, ProjectionTests.H100))
            .Select(c => c with { Case = c.Case with { Value = ResolvedCase.Figure(c.Project(truth), c.Case.Metric) } })
            .ToList();

        var fitted = EngineFit.Fit(cases, "test", "synthetic");

        // Within 5%: the weak prior holds the factors seven cases barely determine near the start.
        Assert.All(cases, c => Assert.InRange(c.Error(fitted).Ratio, 0.95, 1.05));
        Assert.Equal("test", fitted.Engine);
    }

    [Fact]
    public void A_refit_carries_the_factors_it_does_not_determine_from_the_engines_shipped_preset()
    {
        // Dense static batches (as the vllm preset's train cases are) say nothing of η_em and t_blk, which only
        // block-scaled mixtures use: the fit keeps the preset's, and only the fitted factors change.
        var cases = Enumerable.Range(1, 7).Select(i => new ResolvedCase(Case(i, 20 * i, batch: 4 * i) with { Engine = EnginePresets.Vllm }, ProjectionTests.Llama70B, ProjectionTests.H100)).ToList();
        var preset = EnginePresets.Get(EnginePresets.Vllm);

        var fitted = ValidationReport.FitPresets(cases)[EnginePresets.Vllm];
        var unset = EngineFit.Fit(cases, EnginePresets.Vllm, "no preset");

        Assert.Equal((0.24, 17.6), (fitted.ExpertBandwidth, fitted.BlockScaledProductMicroseconds));
        Assert.Equal((preset.HalfEfficiencyHiddenSize, preset.Overlap), (fitted.HalfEfficiencyHiddenSize, fitted.Overlap));
        Assert.Equal((null, 0.0), (unset.ExpertBandwidth, unset.BlockScaledProductMicroseconds));
        Assert.Equal(unset with { Source = fitted.Source, ExpertBandwidth = 0.24, BlockScaledProductMicroseconds = 17.6 }, fitted);
    }

    [Fact]
    public void Fit_needs_more_cases_than_a_handful()
    {
        var one = new ResolvedCase(Case(1, 100), ProjectionTests.Llama70B, ProjectionTests.H100);
        var ex = Assert.Throws<InputException>(() => EngineFit.Fit([one], "test", "synthetic"));
        Assert.Equal("the fit of an engine's factors needs at least 6 measurements (got 1 for test)", ex.Message);
    }

    [Fact]
    public void A_measurement_faster_than_the_roofline_of_its_setup_is_flagged()
    {
        var resolved = new ResolvedCase(Case(1, 1), ProjectionTests.Llama70B, ProjectionTests.H100);
        var roofline = ResolvedCase.Figure(resolved.Project(Efficiency.Ideal), MeasuredMetric.OutputTokensPerSecondPerGpu);

        Assert.True((resolved with { Case = resolved.Case with { Value = roofline * 1.1 } }).Error(EnginePresets.Default).BeyondRoofline);
        Assert.False((resolved with { Case = resolved.Case with { Value = roofline * 0.9 } }).Error(EnginePresets.Default).BeyondRoofline);
    }

    [Fact]
    public void An_unknown_engine_preset_is_rejected_naming_the_field_and_the_presets()
    {
        var ex = Assert.Throws<InputException>(() => EnginePresets.Get("sglang", "--engine"));
        Assert.Equal("--engine must be one of tensorrt-llm, vllm (got \"sglang\")", ex.Message);
    }
}
