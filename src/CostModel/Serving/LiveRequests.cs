using System.Collections.Concurrent;

namespace Planner.CostModel.Serving;

/// <summary>
/// Requests submitted by a live server's clients, from any thread, for <see cref="ServingLoop"/> running on its own
/// thread. The loop waits on it while idle and runs until cancelled.
/// </summary>
public sealed class LiveRequests(IServingClock clock, Action<ServingRequest, string?> ended) : IRequestSource, IDisposable
{
    private readonly ConcurrentQueue<ServingRequest> _queue = new();
    private readonly SemaphoreSlim _submitted = new(0);
    private int _nextId;

    /// <summary>
    /// Queues a request arriving now; the loop picks it up at its next iteration. <paramref name="register"/> runs
    /// first, so whatever the backend needs for the request (its prompt) is in place before the loop can see it.
    /// </summary>
    public ServingRequest Submit(int inputTokens, int outputTokens, Action<ServingRequest> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        var request = new ServingRequest(Interlocked.Increment(ref _nextId), clock.Now, inputTokens, outputTokens);
        register(request);
        _queue.Enqueue(request);
        _submitted.Release();
        return request;
    }

    public IReadOnlyList<ServingRequest> Arrived(double now)
    {
        var arrived = new List<ServingRequest>();
        while (_queue.TryDequeue(out var request))
        {
            arrived.Add(request);
        }
        return arrived;
    }

    public bool WaitForNext(IServingClock clock, CancellationToken cancellationToken)
    {
        _submitted.Wait(cancellationToken);
        return true;
    }

    public void Ended(ServingRequest request, double now, string? error) => ended(request, error);

    public void Dispose() => _submitted.Dispose();
}
