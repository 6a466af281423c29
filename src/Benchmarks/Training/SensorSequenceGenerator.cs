namespace Planner.Benchmarks.Training;

/// <summary>
/// The <c>sensor-sequences</c> dataset: windows of T hourly readings of four channels of one machine, flattened step by
/// step — vibration RMS (mm/s; machine baseline 2.5, sd 0.5; AR(1) noise φ = 0.7, innovation sd 0.25; a transient spike
/// of +1 to +3 at 3 % of steps), bearing temperature (°C; 60, sd 3; noise sd 0.6), motor current (A; 12, sd 1; noise sd
/// 0.3) and hydraulic pressure (bar; 6, sd 0.3; noise sd 0.1; no signal). Each window has a degradation severity
/// d ~ Exponential(1) and an onset at a uniform 0-50 % of the window; after the onset a ramp r rises linearly from 0 to 1
/// at the window's end and adds 1.2·d·r² to the vibration, 4·d·r to the temperature and 0.8·d·r to the current. The
/// label (a failure within the horizon after the window) marks the 10 % of windows with the highest d + noise (sd
/// 0.25). Machines differ more in baseline than a mild trend moves them, so it is the trend, not the level, that tells.
/// Assumptions for a benchmark, not readings of a real machine (docs/methodology.md, "Synthetic datasets").
/// </summary>
internal static class SensorSequenceGenerator
{
    public const int Channels = 4;

    /// <summary>One window's readings ([steps, channels] row-major) and its failure risk.</summary>
    public static (float[] Features, double Risk) Window(Random random, int steps)
    {
        var vibration = ManufacturingDatasets.Normal(random, 2.5, 0.5);
        var temperature = ManufacturingDatasets.Normal(random, 60, 3);
        var current = ManufacturingDatasets.Normal(random, 12, 1);
        var pressure = ManufacturingDatasets.Normal(random, 6, 0.3);
        var severity = -Math.Log(1 - random.NextDouble());
        var onset = random.NextDouble() * 0.5;
        var values = new float[steps * Channels];
        var vibrationNoise = 0.0;
        for (var t = 0; t < steps; t++)
        {
            var progress = steps > 1 ? t / (steps - 1.0) : 1.0;
            var ramp = Math.Max(0, (progress - onset) / (1 - onset));
            vibrationNoise = (0.7 * vibrationNoise) + ManufacturingDatasets.Normal(random, 0, 0.25);
            var spike = random.NextDouble() < 0.03 ? 1 + (2 * random.NextDouble()) : 0;
            values[(t * Channels) + 0] = (float)(vibration + (1.2 * severity * ramp * ramp) + vibrationNoise + spike);
            values[(t * Channels) + 1] = (float)(temperature + (4 * severity * ramp) + ManufacturingDatasets.Normal(random, 0, 0.6));
            values[(t * Channels) + 2] = (float)(current + (0.8 * severity * ramp) + ManufacturingDatasets.Normal(random, 0, 0.3));
            values[(t * Channels) + 3] = (float)(pressure + ManufacturingDatasets.Normal(random, 0, 0.1));
        }
        return (values, severity + ManufacturingDatasets.Normal(random, 0, 0.25));
    }
}
