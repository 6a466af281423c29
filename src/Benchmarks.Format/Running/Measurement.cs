namespace Planner.Benchmarks.Running;

/// <summary>Per-iteration latencies of one measured loop, with its wall time and whether it was cut short by cancellation.</summary>
public sealed record Measurement(double[] LatenciesMs, double ElapsedSeconds, bool Cancelled)
{
    public int Iterations => LatenciesMs.Length;
}
