using Planner.Benchmarks.Running;

namespace Planner.GpuProbe;

/// <summary>
/// Times GPU work with CUDA events: warm-up launches, then launches in groups of <see cref="Group"/>, each between its own
/// start and end event on the default stream, until <see cref="MeasurementSettings.Done"/> says the minimums are met or a
/// cap is hit. The per-launch GPU times are the latencies; their sum is the elapsed time (host overhead excluded).
/// </summary>
public sealed class EventTimer : IDisposable
{
    /// <summary>Launches queued before the host waits: enough to keep the GPU busy between waits.</summary>
    public const int Group = 16;

    private readonly CudaRuntime _cuda;
    private readonly IntPtr[] _starts = new IntPtr[Group];
    private readonly IntPtr[] _ends = new IntPtr[Group];

    public EventTimer(CudaRuntime cuda)
    {
        ArgumentNullException.ThrowIfNull(cuda);
        _cuda = cuda;
        for (var i = 0; i < Group; i++)
        {
            _starts[i] = cuda.CreateEvent();
            _ends[i] = cuda.CreateEvent();
        }
    }

    public Measurement Measure(Action launch, MeasurementSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(settings);
        for (var i = 0; i < settings.WarmupIterations; i++)
        {
            launch();
        }
        _cuda.Synchronize();
        var latencies = new List<double>();
        var elapsedMs = 0.0;
        while (!settings.Done(latencies.Count, elapsedMs / 1000))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new Measurement([.. latencies], elapsedMs / 1000, Cancelled: true);
            }
            var launches = Math.Min(Group, settings.MaxIterations - latencies.Count);
            for (var i = 0; i < launches; i++)
            {
                _cuda.Record(_starts[i]);
                launch();
                _cuda.Record(_ends[i]);
            }
            _cuda.WaitFor(_ends[launches - 1]);
            for (var i = 0; i < launches; i++)
            {
                var ms = _cuda.ElapsedMilliseconds(_starts[i], _ends[i]);
                latencies.Add(ms);
                elapsedMs += ms;
            }
        }
        return new Measurement([.. latencies], elapsedMs / 1000, Cancelled: false);
    }

    public void Dispose()
    {
        foreach (var cudaEvent in _starts.Concat(_ends))
        {
            _cuda.DestroyEvent(cudaEvent);
        }
    }
}
