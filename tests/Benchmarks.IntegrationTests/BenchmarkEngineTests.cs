using Planner.Benchmarks.Results;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.IntegrationTests;

public class BenchmarkEngineTests
{
    private static BenchmarkProfile Tiny() => new()
    {
        Name = "engine-test",
        Measurement = new MeasurementSettings(WarmupIterations: 1, MinIterations: 5, MinDurationSeconds: 0.05, MaxDurationSeconds: 2, MaxIterations: 10_000, MaxCv: 100),
        BandwidthProbeMegabytes = 8,
        Inference =
        [
            new InferenceSpec { Model = "text-classifier", BatchSizes = [1, 4], SequenceLength = 16 },
            new InferenceSpec { Model = "mlp", Precisions = ["fp32", "fp16"], BatchSizes = [2] },
        ],
    };

    [Fact]
    public async Task Engine_reports_progress_for_every_step_and_skips_fp16_on_cpu_with_a_reason()
    {
        var reports = new List<BenchmarkProgress>();

        var run = await new BenchmarkEngine().RunAsync(Tiny(), DeviceRequest.Cpu, new SyncProgress(reports.Add));

        Assert.False(run.Partial);
        Assert.Equal(3, run.Results.Count);
        Assert.All(run.Results, r => Assert.Equal(Planner.Benchmarks.Models.ModelCatalog.Get(r.Model).ParameterCount(r.Preset), r.Parameters));
        var skipped = Assert.Single(run.Skipped);
        Assert.Equal("fp16", skipped.Precision);
        Assert.Contains("CUDA", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(5, reports.Count); // probe + 3 benchmarks + done
        Assert.Equal(Enumerable.Range(0, 5), reports.Select(r => r.StepIndex));
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.NotNull(run.Calibration.PeakGflops);
    }

    [Fact]
    public async Task Cancelling_keeps_finished_results_and_marks_the_run_partial()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.StepIndex == 2)
            {
                cancellation.Cancel();
            }
        });

        var run = await new BenchmarkEngine().RunAsync(Tiny(), DeviceRequest.Cpu, progress, cancellation.Token);

        Assert.True(run.Partial);
        // Step 2 was cancelled before its first timed iteration, so only step 1's result is kept.
        var kept = Assert.Single(run.Results);
        Assert.Equal(("text-classifier", 1), (kept.Model, kept.BatchSize));
        Assert.True(kept.Valid);
    }

    [Fact]
    public async Task Every_finished_step_but_the_last_is_checkpointed_as_a_partial_run_under_the_final_run_id()
    {
        var checkpoints = new List<BenchmarkRun>();

        var run = await new BenchmarkEngine { Checkpoint = checkpoints.Add }.RunAsync(Tiny(), DeviceRequest.Cpu);

        // probe, text-classifier b1, text-classifier b4, mlp b2 (fp16 is skipped before planning): 4 steps, 3 checkpoints.
        Assert.Equal(3, checkpoints.Count);
        Assert.All(checkpoints, c => Assert.True(c.Partial));
        Assert.All(checkpoints, c => Assert.Equal(run.RunId, c.RunId));
        Assert.Equal([0, 1, 2], checkpoints.Select(c => c.Results.Count));
        Assert.NotNull(checkpoints[0].Calibration.MemoryBandwidthGbPerSecond);
        Assert.Equal(run.Results.Take(2).Select(r => (r.Model, r.BatchSize)), checkpoints[^1].Results.Select(r => (r.Model, r.BatchSize)));
        Assert.False(run.Partial);
        Assert.Equal(3, run.Results.Count);
    }

    [Fact]
    public async Task Progress_names_the_device_in_use_and_each_step_precision()
    {
        var reports = new List<BenchmarkProgress>();

        var run = await new BenchmarkEngine().RunAsync(Tiny(), DeviceRequest.Auto, new SyncProgress(reports.Add));

        Assert.All(reports, r => Assert.Equal($"CPU ({run.Fingerprint.CpuModel})", r.Device));
        Assert.Equal("", reports[0].Precision); // the bandwidth probe
        Assert.Equal(["fp32", "fp32", "fp32"], reports.Where(r => r.Phase == "inference").Select(r => r.Precision));
    }

    [Fact]
    public async Task Auto_device_falls_back_to_cpu_and_records_why()
    {
        var run = await new BenchmarkEngine().RunAsync(Tiny() with { Inference = [new InferenceSpec { Model = "lenet5" }] }, DeviceRequest.Auto);

        Assert.Equal("cpu", run.Settings.Provider);
        Assert.Contains("CUDA unavailable", run.Settings.ProviderNote, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(Action<BenchmarkProgress> report) : IProgress<BenchmarkProgress>
    {
        public void Report(BenchmarkProgress value) => report(value);
    }
}
