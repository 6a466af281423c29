using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Running;

/// <summary>Achieved memory bandwidth, or null with the reason it was not measured.</summary>
public sealed record BandwidthMeasurement(double? GbPerSecond, string Note);

/// <summary>
/// A memory-bound graph (y = 2x over a large float tensor: one read and one write of every
/// element, no reuse) timed with the same loop as the benchmarks. Bytes moved per iteration are
/// 2 × the input size; the result is the device's achieved streaming bandwidth.
/// </summary>
internal static class BandwidthProbe
{
    public static BuiltModel Build(int megabytes)
    {
        var elements = megabytes * 1024L * 1024L / 4;
        var g = new GraphBuilder("bandwidth-probe", Precision.Fp32, ReferenceModel.DefaultSeed);
        var input = new TensorSpec("input", OnnxDataType.Float, [Dim.Of(elements)]);
        var output = new TensorSpec("output", OnnxDataType.Float, [Dim.Of(elements)]);
        g.Input(input.Name, input.Type, elements);
        g.Output(g.Node("Mul", [input.Name, g.Constant([2f])]), output.Name, output.Type, elements);
        return new BuiltModel("bandwidth-probe", $"{megabytes}MiB", Precision.Fp32, g.ToBytes(), [input], [output], g.ParameterBytes);
    }

    public static BandwidthMeasurement Measure(int megabytes, RunContext context, CancellationToken cancellationToken)
    {
        if (megabytes == 0)
        {
            return new BandwidthMeasurement(null, "bandwidth probe disabled (bandwidthProbeMegabytes = 0)");
        }
        var built = Build(megabytes);
        using var options = ExecutionProviders.CreateOptions(context.Provider.Provider, context.Threads);
        using var prepared = new PreparedInference(built, new WorkloadShape(1), options, context.Seed);
        var measurement = MeasurementLoop.Run(prepared.Run, context.Measurement, context.Clock, cancellationToken);
        var stats = LatencyStatistics.Summarize(measurement.LatenciesMs);
        var invalid = LatencyStatistics.InvalidReason(measurement, stats, context.Measurement);
        if (invalid is not null || measurement.ElapsedSeconds <= 0)
        {
            return new BandwidthMeasurement(null, $"bandwidth probe invalid: {invalid ?? "no time elapsed"}");
        }
        var bytes = 2.0 * megabytes * 1024 * 1024 * measurement.Iterations;
        return new BandwidthMeasurement(
            bytes / measurement.ElapsedSeconds / 1e9,
            $"y = 2x over {megabytes} MiB of fp32 ({measurement.Iterations} iterations, read + write counted, CV {stats.Cv:0.###})");
    }
}
