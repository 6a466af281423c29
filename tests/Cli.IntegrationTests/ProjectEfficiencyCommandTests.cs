using System.Text.Json;
using Planner.Benchmarks.Results;
using Planner.CostModel.Projection;

namespace Planner.Cli.IntegrationTests;

/// <summary><c>planner project</c> with calibrated or explicit efficiency factors, through the real process.</summary>
public sealed class ProjectEfficiencyCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planner-efficiency-cli-" + Guid.NewGuid().ToString("N"));

    public ProjectEfficiencyCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<PlannerResult> Planner(params string[] args) =>
        PlannerProcess.RunAsync(args, new Dictionary<string, string> { ["PLANNER_DB"] = Path.Combine(_folder, "db", "planner.db") });

    [Fact]
    public async Task Explicit_efficiency_flags_set_the_factors_and_the_source_names_them()
    {
        var result = await Planner("project", "--model", "llama-3-70b", "--gpu", "h100 sxm", "--gpus", "4", "--format", "json",
            "--compute-efficiency", "0.4", "--layer-overhead-us", "20", "--half-efficiency-hidden-size", "0", "--overlap", "0.5");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        var efficiency = root.GetProperty("efficiency");
        Assert.Equal(0.4, efficiency.GetProperty("compute").GetDouble());
        Assert.Equal(EnginePresets.Default.Bandwidth, efficiency.GetProperty("bandwidth").GetDouble());
        Assert.Equal(20, efficiency.GetProperty("layerOverheadMicroseconds").GetDouble());
        Assert.Equal(0.5, efficiency.GetProperty("overlap").GetDouble());
        Assert.StartsWith("command line (--compute-efficiency 0.4, --layer-overhead-us 20, --half-efficiency-hidden-size 0, --overlap 0.5); otherwise engine preset tensorrt-llm",
            efficiency.GetProperty("source").GetString(), StringComparison.Ordinal);
        // 80 layers × 20 µs per decode step, plus the preset's fixed time per step.
        Assert.Equal(1.6 + EnginePresets.Default.StepOverheadMicroseconds / 1000, root.GetProperty("layerOverheadMsPerPass").GetDouble(), 9);
    }

    [Fact]
    public async Task Efficiency_flags_out_of_range_exit_2_naming_each_flag_and_its_range()
    {
        var result = await Planner("project", "--model", "llama-3-70b", "--gpu", "h100 sxm", "--gpus", "4",
            "--compute-efficiency", "1.5", "--bandwidth-efficiency", "0", "--layer-overhead-us", "-3", "--half-efficiency-hidden-size", "100000", "--overlap", "-0.1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--compute-efficiency must be > 0 and <= 1 (got 1.5)", result.ErrorLines);
        Assert.Contains("--bandwidth-efficiency must be > 0 and <= 1 (got 0)", result.ErrorLines);
        Assert.Contains("--layer-overhead-us must be >= 0 and <= 1000000 µs (got -3)", result.ErrorLines);
        Assert.Contains("--half-efficiency-hidden-size must be >= 0 and <= 65536 (got 100000)", result.ErrorLines);
        Assert.Contains("--overlap must be >= 0 and <= 1 (got -0.1)", result.ErrorLines);
    }

    [Fact]
    public async Task A_gpu_calibration_run_carries_to_the_same_architecture_and_not_to_another()
    {
        var file = WriteRun("gpu.json", provider: "cuda", gpu: "NVIDIA H100 PCIe");

        var h200 = await Planner("project", "--model", "llama-3-70b", "--gpu", "h200 sxm", "--gpus", "2", "--calibration", file);
        var l40s = await Planner("project", "--model", "llama-3-8b", "--gpu", "l40s", "--calibration", file, "--format", "json");

        Assert.True(h200.ExitCode == 0, h200.ToString());
        Assert.Contains("Efficiency source: fitted on calibration run 20260110-120000-calib001 on NVIDIA H100 PCIe (NVIDIA Hopper, same class as NVIDIA H200 SXM)", h200.Stdout, StringComparison.Ordinal);
        Assert.True(l40s.ExitCode == 0, l40s.ToString());
        using var document = JsonDocument.Parse(l40s.Stdout);
        var efficiency = document.RootElement.GetProperty("efficiency");
        var preset = EnginePresets.Default;
        Assert.Equal((preset.Compute, preset.Bandwidth, preset.LayerOverheadMicroseconds),
            (efficiency.GetProperty("compute").GetDouble(), efficiency.GetProperty("bandwidth").GetDouble(), efficiency.GetProperty("layerOverheadMicroseconds").GetDouble()));
        Assert.EndsWith("(NVIDIA Hopper) does not carry to NVIDIA L40S (NVIDIA Ada Lovelace)", efficiency.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cpu_calibration_run_keeps_the_default_and_says_why()
    {
        var file = WriteRun("cpu.json", provider: "cpu", gpu: null);

        var result = await Planner("project", "--model", "llama-3-70b", "--gpu", "h100 sxm", "--gpus", "4", "--calibration", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Efficiency: compute 0.663 (8-bit 0.534), bandwidth 1.000,", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(cpu): CPU factors never carry to GPUs", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_calibration_file_exits_2_naming_it()
    {
        var result = await Planner("project", "--model", "llama-3-70b", "--gpu", "h100 sxm", "--gpus", "4", "--calibration", "/nonexistent/calib.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/calib.json", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A calibration run with five tiny-decoder rows (enough for the five-parameter fit), written as results JSON.</summary>
    private string WriteRun(string name, string provider, string? gpu)
    {
        BenchmarkResult Row(string phase, int batch, int sequence, double tokensPerSecond) =>
            new BenchmarkResult("gpt-decoder", "tiny", "fp32", BenchmarkResult.Inference, batch, sequence, provider, 100, 1.0,
                new Throughput(tokensPerSecond, "tokens/s"), new LatencyStats(1, 0.01, 0.01, 1, 1, 1, 1), null, 100, null, "test", true, null)
            { Phase = phase, ContextLength = phase == BenchmarkResult.Prefill ? sequence : 129 };
        var run = new BenchmarkRun(BenchmarkRun.CurrentSchemaVersion, "20260110-120000-calib001", new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 10, 12, 5, 0, TimeSpan.Zero), "calibration", false,
            new RunSettings("auto", provider, null, 0, 1, 2, 5, 0.5, 15, 100_000, 25, 42),
            new Fingerprint("feedc0de12345678", "Test CPU 9000", 2, 24, "Linux", ".NET 10", "1.31.1", ["CPUExecutionProvider"],
                gpu is null ? null : new GpuInfo(gpu, 80, "550.54"), gpu is null ? "no NVIDIA driver" : null),
            new Calibration(150, "gpt-decoder/tiny/fp32 prefill batch 8", 30, "probe"),
            [Row(BenchmarkResult.Prefill, 1, 64, 240_000), Row(BenchmarkResult.Decode, 1, 1, 20_000), Row(BenchmarkResult.Prefill, 8, 64, 280_000), Row(BenchmarkResult.Decode, 8, 1, 42_000),
                Row(BenchmarkResult.Decode, 4, 1, 32_000)],
            []);
        var path = Path.Combine(_folder, name);
        BenchmarkResultsJson.Write(run, path);
        return path;
    }
}
