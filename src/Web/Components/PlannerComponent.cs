using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Planner.Web.Access;

namespace Planner.Web.Components;

/// <summary>
/// A component whose work stops when it leaves the page: <see cref="Aborted"/> is cancelled on dispose (navigation,
/// a closed tab), so reads and computations it started stop there; Blazor ignores the cancelled task. Changes the user
/// asked for (save, restore, delete, import) are given <see cref="UntilDone"/> instead: once started they complete, so
/// what the page acknowledged is stored. It also knows the signed-in user: pages hide or disable what the user's role
/// does not allow, and check again before changing anything (<see cref="PlannerAccess"/>).
/// </summary>
public abstract class PlannerComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _aborted = new();

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationStateTask { get; set; }

    /// <summary>Cancelled when the component is disposed.</summary>
    protected CancellationToken Aborted => _aborted.Token;

    /// <summary>For a change the user asked for: it is short and transactional, and runs to its end.</summary>
    protected static CancellationToken UntilDone => CancellationToken.None;

    /// <summary>The circuit's user (known when the circuit starts); nobody when there is no authentication state.</summary>
    protected ClaimsPrincipal User => AuthenticationStateTask is { IsCompletedSuccessfully: true } state ? state.Result.User : PlannerAccess.Nobody;

    /// <summary>The name history and the audit log record for this user's changes.</summary>
    protected string UserName => PlannerAccess.NameOf(User);

    /// <summary>May save scenarios and run benchmarks (editor or admin).</summary>
    protected bool CanEdit => PlannerAccess.CanEdit(User);

    /// <summary>May change catalogs, accounts and delete (admin).</summary>
    protected bool IsAdmin => PlannerAccess.IsAdmin(User);

    /// <summary>The server serves a read-only store: nobody changes anything, whatever their role.</summary>
    protected bool OnReadOnlyStore => PlannerAccess.OnReadOnlyStore(User);

    /// <summary>Why this user cannot do what needs <paramref name="role"/> (a read-only store, or the role), for the caption by a disabled button.</summary>
    protected string WhyNot(string role) => PlannerAccess.WhyNot(User, role);

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
