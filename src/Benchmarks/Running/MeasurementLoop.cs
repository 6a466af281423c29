namespace Planner.Benchmarks.Running;

/// <summary>
/// The timed loop: warm-up, then iterations until the minimum duration and the minimum count are
/// both reached (or a cap or cancellation stops it). Latencies go into an array sized before the
/// loop starts; the loop itself allocates nothing.
/// </summary>
public static class MeasurementLoop
{
    public static Measurement Run(Action iteration, MeasurementSettings settings, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        for (var i = 0; i < settings.WarmupIterations && !cancellationToken.IsCancellationRequested; i++)
        {
            iteration();
        }

        var frequency = (double)clock.TimestampFrequency;
        var samples = new long[settings.MaxIterations];
        var count = 0;
        var cancelled = false;
        var start = clock.GetTimestamp();
        var now = start;
        while (!settings.Done(count, (now - start) / frequency))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            var before = clock.GetTimestamp();
            iteration();
            now = clock.GetTimestamp();
            samples[count++] = now - before;
        }

        var latencies = new double[count];
        for (var i = 0; i < count; i++)
        {
            latencies[i] = samples[i] * 1000.0 / frequency;
        }
        return new Measurement(latencies, (now - start) / frequency, cancelled);
    }
}
