using Microsoft.AspNetCore.Components;

namespace Planner.Web.Components;

/// <summary>
/// A component whose work stops when it leaves the page: <see cref="Aborted"/> is cancelled on dispose (navigation,
/// a closed tab), so reads and computations it started stop there; Blazor ignores the cancelled task. Changes the user
/// asked for (save, restore, delete, import) are given <see cref="UntilDone"/> instead: once started they complete, so
/// what the page acknowledged is stored.
/// </summary>
public abstract class PlannerComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _aborted = new();

    /// <summary>Cancelled when the component is disposed.</summary>
    protected CancellationToken Aborted => _aborted.Token;

    /// <summary>For a change the user asked for: it is short and transactional, and runs to its end.</summary>
    protected static CancellationToken UntilDone => CancellationToken.None;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Unsubscribe from events here; call the base last.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aborted.Cancel();
            _aborted.Dispose();
        }
    }
}
