namespace Planner.Web.ComponentTests;

/// <summary>
/// A clock whose timers fire only when the test says (<see cref="Elapse"/>); its time is the system's. Registered as the
/// app's <see cref="TimeProvider"/>, it holds MudBlazor's field debounce (MudDebouncedInput waits on the injected
/// provider), so a test can end a pause in typing at the moment it chooses.
/// </summary>
public sealed class HeldTimers : TimeProvider
{
    private readonly List<HeldTimer> _timers = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new HeldTimer(this, callback, state, dueTime != Timeout.InfiniteTimeSpan);
        lock (_timers)
        {
            _timers.Add(timer);
        }
        return timer;
    }

    /// <summary>Fires every armed timer once, on the calling thread, as if its time had come.</summary>
    public void Elapse()
    {
        List<HeldTimer> due;
        lock (_timers)
        {
            due = _timers.Where(t => t.Armed).ToList();
            foreach (var timer in due)
            {
                timer.Armed = false;
            }
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Remove(HeldTimer timer)
    {
        lock (_timers)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class HeldTimer(HeldTimers owner, TimerCallback callback, object? state, bool armed) : ITimer
    {
        public bool Armed { get; set; } = armed;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._timers)
            {
                Armed = dueTime != Timeout.InfiniteTimeSpan;
            }
            return true;
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
