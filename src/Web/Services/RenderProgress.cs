namespace Planner.Web.Services;

/// <summary>
/// Progress of long work on a page (a Monte Carlo run, a capacity search): receives the engine's reports on its threads
/// and keeps at most one render queued, so however fast the reports come the circuit is not flooded; the render shows
/// the latest fraction, and a report during a render queues the next.
/// </summary>
/// <param name="render">Queues a render on the circuit; it calls the action it is given just before rendering.</param>
public sealed class RenderProgress(Func<Action, Task> render) : IProgress<double>
{
    private double _fraction;
    private int _renderPending;

    /// <summary>The share done, 0 to 1, as last reported.</summary>
    public double Fraction => Volatile.Read(ref _fraction);

    public void Report(double value)
    {
        Volatile.Write(ref _fraction, value);
        if (Interlocked.Exchange(ref _renderPending, 1) == 0)
        {
            _ = render(() => Volatile.Write(ref _renderPending, 0));
        }
    }
}
