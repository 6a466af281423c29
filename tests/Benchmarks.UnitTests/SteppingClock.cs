namespace Planner.Benchmarks.UnitTests;

/// <summary>A fake clock whose time moves only when the code under test says work happened.</summary>
internal sealed class SteppingClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan elapsed) => _ticks += (long)(elapsed.TotalSeconds * TimestampFrequency);
}
