using System.Globalization;
using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;

namespace Planner.GpuProbe;

/// <summary>
/// Runs a <see cref="ProbeRequest"/> on GPU 0: each model slice's products at every pass and precision (fp8 only where
/// the GPU has it, compute capability 8.9 or later), then the device copy, and returns the run in the results format.
/// Cancellation stops after the current measurement and returns what was measured, marked partial.
/// </summary>
public static class GpuProbeRunner
{
    private const double MiB = 1024 * 1024;

    /// <exception cref="Planner.CostModel.InputException">No CUDA here (one line), or a bad request.</exception>
    /// <exception cref="Planner.CostModel.NoResultException">A CUDA or cuBLASLt call failed (the line names it).</exception>
    public static BenchmarkRun Run(ProbeRequest request, TextWriter progress, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(clock);
        request.Validate();
        var started = clock.GetUtcNow();
        var libraries = CudaLibraries.Load(request.CudaLibraryDirectories);
        var cuda = new CudaRuntime(libraries);
        cuda.DeviceCount();
        cuda.SetDevice(0);
        var (major, minor) = cuda.ComputeCapability(0);
        var (runtimeVersion, driverVersion) = cuda.Versions();
        var hasFp8 = major > 8 || (major == 8 && minor >= 9);
        using var blas = new CublasLt(libraries);
        var results = new List<BenchmarkResult>();
        var skipped = new List<SkippedBenchmark>();
        var workspace = cuda.Allocate(CublasLt.WorkspaceBytes);
        var passes = request.Passes();
        var total = request.Models.Sum(m => m.TensorParallel.Count) * 5 * request.Precisions.Count * passes.Count;
        var cancelled = false;
        using (var timer = new EventTimer(cuda))
        {
            foreach (var model in request.Models)
            {
                foreach (var tp in model.TensorParallel)
                {
                    var largest = passes.Max(p => p.Rows);
                    foreach (var template in LayerMatmuls.For(model.Shape, tp, largest))
                    {
                        foreach (var precision in request.Precisions)
                        {
                            if (cancelled)
                            {
                                break;
                            }
                            if (precision == "fp8" && !hasFp8)
                            {
                                skipped.Add(new SkippedBenchmark(model.Shape.Name, ProbeResults.Preset(template), precision, ProviderNames.Cuda,
                                    $"fp8 needs compute capability 8.9 or later; this GPU is {major}.{minor}"));
                                continue;
                            }
                            cancelled = TimeProduct(cuda, blas, timer, workspace, request, model.Shape.Name, template, precision, passes,
                                results, skipped, progress, total, cancellationToken);
                        }
                    }
                }
            }
        }
        var (copyGbPerSecond, copyNote) = cancelled
            ? (null, "cancelled before the copy was timed")
            : TimeCopy(cuda, request, progress, cancellationToken);
        cuda.Free(workspace);
        var settings = request.Measurement;
        var versions = string.Create(CultureInfo.InvariantCulture,
            $"gpu-probe: {libraries.RuntimePath} (CUDA runtime {Version(runtimeVersion)}), {blas.LibraryPath} (cuBLASLt {blas.Version}), driver supports CUDA {Version(driverVersion)}, compute capability {major}.{minor}");
        return new BenchmarkRun(
            BenchmarkRun.CurrentSchemaVersion,
            $"{ProbeResults.Profile}-{started:yyyyMMdd'T'HHmmss'Z'}",
            started,
            clock.GetUtcNow(),
            ProbeResults.Profile,
            cancelled || cancellationToken.IsCancellationRequested,
            new RunSettings(DeviceRequestName, ProviderNames.Cuda, versions, 0, 0, settings.WarmupIterations, settings.MinIterations,
                settings.MinDurationSeconds, settings.MaxDurationSeconds, settings.MaxIterations, settings.MaxCv, 0),
            FingerprintProbe.Collect($"none ({versions})", [ProviderNames.Cuda]),
            ProbeResults.Calibration(results, copyGbPerSecond, copyNote),
            results,
            skipped);
    }

    /// <summary>The probe always asks for CUDA: <c>settings.device</c> of its runs.</summary>
    private const string DeviceRequestName = "cuda";

    private static string Version(int cudaVersion) => string.Create(CultureInfo.InvariantCulture, $"{cudaVersion / 1000}.{cudaVersion % 1000 / 10}");

    /// <summary>Times one product at every pass; returns true when cancelled.</summary>
    private static bool TimeProduct(CudaRuntime cuda, CublasLt blas, EventTimer timer, IntPtr workspace, ProbeRequest request,
        string model, MatmulShape template, string precision, IReadOnlyList<(string Phase, int Batch, int? PromptTokens, long Rows)> passes,
        List<BenchmarkResult> results, List<SkippedBenchmark> skipped, TextWriter progress, int total, CancellationToken cancellationToken)
    {
        var operand = precision == "fp8" ? 1 : 2;
        var weightBytes = template.N * template.K * operand;
        var inputBytes = template.M * template.K * operand;
        var outputBytes = template.M * template.N * 2;
        var weights = cuda.Allocate(weightBytes);
        var input = cuda.Allocate(inputBytes);
        var output = cuda.Allocate(outputBytes);
        var memoryMb = (weightBytes + inputBytes + outputBytes + CublasLt.WorkspaceBytes) / MiB;
        try
        {
            foreach (var pass in passes)
            {
                var shape = template with { M = pass.Rows };
                var (plan, unsupported) = blas.Prepare(shape, precision, weights, input, output, workspace);
                if (plan is null)
                {
                    skipped.Add(new SkippedBenchmark(model, ProbeResults.Preset(shape), precision, ProviderNames.Cuda, $"{pass.Phase} batch {pass.Batch}: {unsupported}"));
                    continue;
                }
                using (plan)
                {
                    using var energy = EnergyMeter.Start(ProviderNames.Cuda);
                    var measurement = timer.Measure(plan.Run, request.Measurement, cancellationToken);
                    var result = ProbeResults.Gemm(model, shape, pass.Phase, pass.Batch, pass.PromptTokens, precision, measurement, energy.Stop(),
                        request.Measurement, memoryMb);
                    results.Add(result);
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{results.Count + skipped.Count}/{total}] {model} {result.Preset} {precision} {pass.Phase} batch {pass.Batch} (M {shape.M}, N {shape.N}, K {shape.K}): {result.Throughput.Value:0.0} TFLOP/s, {result.LatencyMs.Mean:0.000} ms{(result.Valid ? "" : $" (invalid: {result.InvalidReason})")}"));
                    if (measurement.Cancelled)
                    {
                        return true;
                    }
                }
            }
            return false;
        }
        finally
        {
            cuda.Free(output);
            cuda.Free(input);
            cuda.Free(weights);
        }
    }

    private static (double? GbPerSecond, string Note) TimeCopy(CudaRuntime cuda, ProbeRequest request, TextWriter progress, CancellationToken cancellationToken)
    {
        if (request.CopyMegabytes == 0)
        {
            return (null, "device copy skipped (--copy-mb 0)");
        }
        var bytes = request.CopyMegabytes * 1024L * 1024L;
        var source = cuda.Allocate(bytes);
        var destination = cuda.Allocate(bytes);
        try
        {
            using var timer = new EventTimer(cuda);
            var measurement = timer.Measure(() => cuda.CopyDeviceToDevice(destination, source, bytes), request.Measurement, cancellationToken);
            var stats = LatencyStatistics.Summarize(measurement.LatenciesMs);
            var invalid = LatencyStatistics.InvalidReason(measurement, stats, request.Measurement);
            if (invalid is not null)
            {
                return (null, $"device copy invalid: {invalid}");
            }
            var gbPerSecond = ProbeResults.CopyGbPerSecond(bytes, measurement);
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"device copy of {request.CopyMegabytes} MiB: {gbPerSecond:0.0} GB/s (read + write)"));
            return (gbPerSecond, string.Create(CultureInfo.InvariantCulture,
                $"cudaMemcpy device to device of {request.CopyMegabytes} MiB timed with CUDA events ({measurement.Iterations} copies, read + write counted, CV {stats.Cv:0.###})"));
        }
        finally
        {
            cuda.Free(destination);
            cuda.Free(source);
        }
    }
}
