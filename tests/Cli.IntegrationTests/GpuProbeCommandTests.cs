using System.Text.Json;
using Planner.Benchmarks.Results;

namespace Planner.Cli.IntegrationTests;

/// <summary><c>planner bench gpu-probe</c> on a machine without CUDA, and a probe run's calibration, through the real process.</summary>
public sealed class GpuProbeCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planner-gpu-probe-cli-" + Guid.NewGuid().ToString("N"));

    public GpuProbeCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<PlannerResult> Planner(params string[] args) =>
        PlannerProcess.RunAsync(args, new Dictionary<string, string> { ["PLANNER_DB"] = Path.Combine(_folder, "db", "planner.db") });

    [Fact]
    public async Task Without_cuda_the_probe_exits_2_with_one_line()
    {
        var result = await Planner("bench", "gpu-probe", "--model", "llama-3-8b", "--model", "llama-3-70b:2,4,8");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["no CUDA: libcudart.so.13 or libcudart.so.12 not found in the default library path (name the folder holding them with --cuda-lib DIR)."], result.ErrorLines);
    }

    [Fact]
    public async Task Calibrate_sets_a_probe_run_against_the_datasheet_of_the_gpu_it_measured()
    {
        var result = await Planner("project", "calibrate", WriteProbeRun(), "--gpu", "h200 sxm");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("GPU probe run gpu-probe-20261201T070000Z on NVIDIA H200, against the datasheet of NVIDIA H200 SXM: bf16 989 TFLOP/s", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("η_c (compute-bound bf16 passes, η_c·d/(d+n½)): 0.800, n½ 4096", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("η_m (device copy 4,320 GB/s over the datasheet's 4,800 GB/s): 0.900", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Carry: to catalog GPUs of the class NVIDIA Hopper", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_projection_for_a_hopper_gpu_uses_the_probed_factors()
    {
        var result = await Planner("project", "--model", "llama-3-70b", "--gpu", "h100 sxm", "--gpus", "4", "--calibration", WriteProbeRun(), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var efficiency = document.RootElement.GetProperty("efficiency");
        Assert.Equal(0.8, efficiency.GetProperty("compute").GetDouble(), 6);
        Assert.Equal(0.9, efficiency.GetProperty("bandwidth").GetDouble(), 9);
        Assert.Equal(4096, efficiency.GetProperty("halfEfficiencyHiddenSize").GetDouble(), 3);
        Assert.StartsWith("fitted on calibration run gpu-probe-20261201T070000Z on NVIDIA H200 SXM (NVIDIA Hopper, same class as NVIDIA H100 SXM)",
            efficiency.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_probe_run_against_an_unknown_gpu_names_the_flag()
    {
        var result = await Planner("project", "calibrate", WriteProbeRun(), "--gpu", "Z9000");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("--gpu: the datasheet of the GPU the probe measured: no gpus row is named 'Z9000'", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    /// <summary>
    /// A probe run on the H200 SXM datasheet (989 TFLOP/s bf16, 4800 GB/s): prefill passes at two hidden sizes on the curve
    /// η_c = 0.8, n½ = 4096 (0.4 at d = 4096, 0.5333 at d = 8192) and a 4320 GB/s copy (0.9). Test figures, not a measurement.
    /// </summary>
    private string WriteProbeRun()
    {
        BenchmarkResult Product(string model, long d, double efficiency)
        {
            var shape = new MatmulShape("qkv", d, d, d, 1);
            var meanMs = shape.Flops / 989e12 / efficiency * 1000;
            return new BenchmarkResult(model, "tp1-qkv", "bf16", BenchmarkResult.Gemm, 1, (int)d, "cuda", 20, meanMs * 0.02,
                new Throughput(shape.Flops / meanMs / 1e9, "TFLOP/s"), new LatencyStats(meanMs, 0, 0, meanMs, meanMs, meanMs, meanMs),
                shape.Flops / meanMs / 1e6, 100, null, "test", true, null)
            { Phase = BenchmarkResult.Prefill, Matmul = shape };
        }
        var run = new BenchmarkRun(BenchmarkRun.CurrentSchemaVersion, "gpu-probe-20261201T070000Z", new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 1, 7, 2, 0, TimeSpan.Zero), "gpu-probe", false,
            new RunSettings("cuda", "cuda", "gpu-probe: libcudart.so.13", 0, 0, 5, 20, 0.1, 2, 1_000_000, 0.25, 0),
            new Fingerprint("f00d", "Test CPU", 16, 128, "Linux", ".NET 10", "none (gpu-probe)", ["cuda"], new GpuInfo("NVIDIA H200", 139.8, "580.65"), null),
            new Calibration(400_000, "best", 4320, "device copy"),
            [Product("d4096", 4096, 0.4), Product("d8192", 8192, 0.8 * 8192 / 12288)],
            []);
        var path = Path.Combine(_folder, "probe.json");
        BenchmarkResultsJson.Write(run, path);
        return path;
    }
}
