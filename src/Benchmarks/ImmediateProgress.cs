namespace Planner.Benchmarks;

/// <summary>
/// Reports on the caller's thread, in order. <see cref="Progress{T}"/> posts to the thread pool and can reorder
/// reports; hosts that drive <see cref="BenchmarkEngine"/> (the CLI's progress bar, the web app's run queue) use this.
/// </summary>
public sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
