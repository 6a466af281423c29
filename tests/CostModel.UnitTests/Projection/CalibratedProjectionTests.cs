using Planner.CostModel.Projection;

namespace Planner.CostModel.UnitTests.Projection;

public class CalibratedProjectionTests
{
    private static readonly ModelShape Llama70B = ProjectionTests.Llama70B;

    private static readonly GpuSpec H100 = ProjectionTests.H100;

    private static readonly Efficiency Ideal = Efficiency.Ideal;

    [Fact]
    public void Decode_step_adds_layers_times_the_per_layer_time_and_the_step_time_to_the_roofline()
    {
        var plain = ThroughputProjector.Project(Llama70B, H100, 1, Precision.Fp8, 1, 2, Ideal);
        var withOverhead = ThroughputProjector.Project(Llama70B, H100, 1, Precision.Fp8, 1, 2, Ideal with { LayerOverheadMicroseconds = 10, StepOverheadMicroseconds = 200 });

        // 80 layers × 10 µs + 200 µs = 1 ms on top of the operators.
        Assert.Equal(plain.MsPerOutputToken + 1, withOverhead.MsPerOutputToken, 9);
        Assert.Equal(1, withOverhead.LayerOverheadMsPerPass, 12);
        Assert.Equal(1000 / withOverhead.MsPerOutputToken, withOverhead.DecodeTokensPerSecondPerGpu, 9);
        Assert.Equal(plain.DecodeRooflineTokensPerSecondPerGpu, withOverhead.DecodeRooflineTokensPerSecondPerGpu);
        Assert.Equal(0, plain.LayerOverheadMsPerPass);
    }

    [Fact]
    public void Compute_efficiency_falls_with_the_half_efficiency_hidden_size()
    {
        var efficiency = new Efficiency { Compute = 0.8, Bandwidth = 1, Source = "test", HalfEfficiencyHiddenSize = 8192 };

        // At d = n½ the matrix products reach half of η_c.
        Assert.Equal(0.4, efficiency.ComputeAt(8192), 12);
        Assert.Equal(0.8 * 64 / (64 + 8192.0), efficiency.ComputeAt(64), 12);
        var p = ThroughputProjector.Project(Llama70B, H100, 8, Precision.Bf16, 1, 4096, efficiency);
        var full = ThroughputProjector.Project(Llama70B, H100, 8, Precision.Bf16, 1, 4096, efficiency with { HalfEfficiencyHiddenSize = 0 });
        Assert.Equal("compute", p.PrefillBound);
        // The compute-bound matrix products take twice as long.
        static double Ms(CostModel.Projection.Projection x) => x.Operators.Single(o => o.Phase == "prefill" && o.Operator == "feed-forward").Ms;
        Assert.Equal(2 * Ms(full), Ms(p), 6);
    }

    [Fact]
    public void Pass_time_is_the_larger_roofline_term_plus_the_fixed_time()
    {
        var work = new PassWork(Flops: 2e12, Bytes: 1e9, Layers: 4, HiddenSize: 100, Tokens: 8);
        var efficiency = new Efficiency { Compute = 0.5, Bandwidth = 0.25, LayerOverheadMicroseconds = 250, HalfEfficiencyHiddenSize = 100, Source = "test" };

        var time = ThroughputProjector.Time(work, peakFlops: 1e13, peakBytes: 1e11, efficiency, tensorParallel: 1);

        // compute: 2e12 / (1e13 × 0.5 × 100/200) = 0.8 s; memory: 1e9 / (1e11 × 0.25) = 0.04 s; fixed: 4 × 250 µs = 1 ms.
        Assert.Equal(0.8, time.ComputeSeconds, 12);
        Assert.Equal(0.04, time.MemorySeconds, 12);
        Assert.Equal(0.001, time.FixedSeconds, 12);
        Assert.Equal(0.801, time.Seconds, 12);
        Assert.Equal("compute", time.Bound);
    }

    [Fact]
    public void Without_overlap_the_smaller_roofline_term_adds_to_the_larger()
    {
        var work = new PassWork(Flops: 2e12, Bytes: 1e9, Layers: 4, HiddenSize: 100, Tokens: 8);
        var efficiency = new Efficiency { Compute = 0.5, Bandwidth = 0.25, HalfEfficiencyHiddenSize = 100, Source = "test" };

        // compute 0.8 s, memory 0.04 s (as above): o = 1 gives 0.8, o = 0 gives 0.84, o = 0.25 gives 0.8 + 0.75 × 0.04.
        Assert.Equal(0.8, ThroughputProjector.Time(work, 1e13, 1e11, efficiency, 1).Seconds, 12);
        Assert.Equal(0.84, ThroughputProjector.Time(work, 1e13, 1e11, efficiency with { Overlap = 0 }, 1).Seconds, 12);
        Assert.Equal(0.83, ThroughputProjector.Time(work, 1e13, 1e11, efficiency with { Overlap = 0.25 }, 1).Seconds, 12);
        Assert.Equal("compute", ThroughputProjector.Time(work, 1e13, 1e11, efficiency with { Overlap = 0 }, 1).Bound);
    }

    [Fact]
    public void Efficiency_out_of_range_is_rejected_naming_each_field_with_its_range()
    {
        var bad = new Efficiency { Compute = 1.5, Bandwidth = 0, LayerOverheadMicroseconds = -1, HalfEfficiencyHiddenSize = 1e9, Overlap = 1.2, Source = "test" };

        var problems = bad.Validate(field => "--" + field);

        Assert.Equal(
            [
                "--compute must be > 0 and <= 1 (got 1.5)",
                "--bandwidth must be > 0 and <= 1 (got 0)",
                "--overlap must be >= 0 and <= 1 (got 1.2)",
                "--layerOverheadMicroseconds must be >= 0 and <= 1000000 µs (got -1)",
                "--halfEfficiencyHiddenSize must be >= 0 and <= 65536 (got 1000000000)",
            ],
            problems.Select(p => p.Message));
        Assert.Contains("efficiency.compute must be > 0 and <= 1 (got 1.5)", bad.Validate().Select(p => p.Message));
    }

    [Theory]
    [InlineData(0.7, 0.45, 12.0, 50.0, 1.0)]
    [InlineData(0.55, 0.8, 0.0, 0.0, 1.0)]
    [InlineData(0.9, 0.3, 40.0, 200.0, 1.0)]
    [InlineData(0.8, 0.5, 10.0, 40.0, 0.0)]
    [InlineData(0.6, 0.4, 20.0, 100.0, 0.55)]
    public void Fit_recovers_the_factors_that_generated_the_samples(double compute, double bandwidth, double layerMicroseconds, double halfSize, double overlap)
    {
        var truth = new FittedFactors(compute, bandwidth, layerMicroseconds, halfSize, true, true, 0) { Overlap = overlap };
        var samples = SyntheticPasses().Select(p => p with { MeasuredSeconds = EfficiencyFit.ProjectedSeconds(p, truth) }).ToArray();

        var fit = EfficiencyFit.Fit(samples);

        Assert.Equal(compute, fit.Compute, 0.002);
        Assert.Equal(bandwidth, fit.Bandwidth, 0.002);
        Assert.Equal(layerMicroseconds, fit.LayerOverheadMicroseconds, 0.1);
        Assert.Equal(halfSize, fit.HalfEfficiencyHiddenSize, 0.5);
        Assert.Equal(overlap, fit.Overlap, 0.005);
        Assert.True(fit.ComputeDetermined && fit.BandwidthDetermined);
        Assert.True(fit.RmsLogError < 1e-3);
    }

    [Fact]
    public void A_factor_no_sample_is_bound_by_is_reported_as_not_determined()
    {
        var truth = new FittedFactors(0.6, 0.5, 5, 0, true, true, 0);
        var computeBound = SyntheticPasses().Where(p => p.ComputeSeconds > 5 * p.MemorySeconds).ToArray();
        var samples = computeBound.Select(p => p with { MeasuredSeconds = EfficiencyFit.ProjectedSeconds(p, truth) }).ToArray();

        var fit = EfficiencyFit.Fit(samples);

        Assert.True(fit.ComputeDetermined);
        Assert.False(fit.BandwidthDetermined);
        Assert.Equal(1, fit.Bandwidth);
    }

    [Fact]
    public void Fit_needs_five_samples_with_positive_times()
    {
        var error = Assert.Throws<InputException>(() => EfficiencyFit.Fit([new FitSample(1, 1, 1, 64, 0)]));

        Assert.Contains("needs at least 5 rows (got 1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("rows[0]: measured and roofline seconds must be finite and > 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NVIDIA H100 SXM", null, "NVIDIA Hopper")]
    [InlineData("NVIDIA H100 80GB HBM3", null, "NVIDIA Hopper")]
    [InlineData("NVIDIA H200 SXM", "NVIDIA", "NVIDIA Hopper")]
    [InlineData("NVIDIA A100-SXM4-80GB", null, "NVIDIA Ampere")]
    [InlineData("NVIDIA A10", null, "NVIDIA Ampere")]
    [InlineData("NVIDIA L40S", "NVIDIA", "NVIDIA Ada Lovelace")]
    [InlineData("NVIDIA RTX 6000 Ada Generation", null, "NVIDIA Ada Lovelace")]
    [InlineData("AMD MI300X", "AMD", "AMD CDNA 3")]
    [InlineData("AMD Instinct MI250X", null, "AMD CDNA 2")]
    [InlineData("NVIDIA H20", "NVIDIA", "NVIDIA Hopper")]
    [InlineData("NVIDIA GeForce RTX 4090", null, "NVIDIA Ada Lovelace")]
    [InlineData("Intel Gaudi 3", "Intel", "Intel Gaudi")]
    [InlineData("Intel Gaudi 3", null, "Intel Gaudi")]
    public void Gpu_class_is_vendor_and_architecture_from_the_name(string name, string? vendor, string expected)
    {
        Assert.Equal(expected, GpuClass.Of(name, vendor)?.ToString());
    }

    [Theory]
    [InlineData("AMD EPYC 7B13")]
    [InlineData("NVIDIA Quadro K1200")]
    public void A_name_outside_the_table_has_no_class(string name)
    {
        Assert.Null(GpuClass.Of(name));
    }

    /// <summary>Roofline terms (η = 1) of passes of three widths and both bounds, like a calibration run's rows.</summary>
    private static FitSample[] SyntheticPasses() =>
    [
        new(ComputeSeconds: 2e-4, MemorySeconds: 2e-5, Layers: 2, HiddenSize: 64, MeasuredSeconds: 1),
        new(1.6e-3, 4e-5, 2, 64, 1),
        new(5e-3, 4e-4, 4, 256, 1),
        new(4e-2, 6e-4, 4, 256, 1),
        new(2e-6, 2e-5, 2, 64, 1),
        new(1.6e-5, 5e-5, 2, 64, 1),
        new(0.1, 0.015, 12, 768, 1),
        new(1.6e-3, 0.015, 12, 768, 1),
        new(1.3e-2, 0.017, 12, 768, 1),
        new(0.8, 0.016, 12, 768, 1),
    ];
}
