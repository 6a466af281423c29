using System.Security.Claims;
using Planner.Data.Accounts;

namespace Planner.Web.Access;

/// <summary>
/// Who may do what, for the API's policies and the pages' buttons alike: viewer reads and exports, editor also saves
/// scenarios and benchmark runs, admin also changes catalogs, accounts and deletes. A read-scoped API token only reads,
/// whatever its account's role (docs/security.md).
/// </summary>
public static class PlannerAccess
{
    /// <summary>The claim an API token's principal carries: <c>read</c> or <c>write</c>.</summary>
    public const string ScopeClaim = "planner:scope";

    /// <summary>
    /// Carried by every principal of a server that serves a read-only store: its role is lowered to viewer
    /// (<see cref="ReadOnlyStoreClaims"/>), so pages disable and the API refuses every change, with this reason.
    /// </summary>
    public const string ReadOnlyStoreClaim = "planner:read-only-store";

    /// <summary>Why nothing can be changed on a server that serves a read-only store.</summary>
    public const string ReadOnlyStoreReason =
        "This server serves a read-only store (Mode=ReadOnly in PLANNER_DB): you can read and export, but changes are off";

    public const string ReadPolicy = "planner-read";
    public const string EditPolicy = "planner-edit";
    public const string AdminPolicy = "planner-admin";

    /// <summary>Reads only admins may make (the audit log): a read-scoped token of an admin is enough.</summary>
    public const string AdminReadPolicy = "planner-admin-read";

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    public static ClaimsPrincipal Nobody => Anonymous;

    public static bool CanRead(ClaimsPrincipal user) => Has(user, PlannerRoles.Viewer);

    public static bool CanEdit(ClaimsPrincipal user) => Has(user, PlannerRoles.Editor);

    public static bool IsAdmin(ClaimsPrincipal user) => Has(user, PlannerRoles.Admin);

    /// <summary>May read what only admins read (the audit log), with any token scope.</summary>
    public static bool IsAdminReader(ClaimsPrincipal user) => Has(user, PlannerRoles.Admin, forChange: false);

    /// <summary>
    /// Whether <paramref name="user"/> has at least <paramref name="role"/>'s rights; for a change (an editor's or admin's
    /// right, <paramref name="forChange"/>) an API token must also be of write scope.
    /// </summary>
    public static bool Has(ClaimsPrincipal user, string role, bool forChange = true)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }
        if (forChange && role != PlannerRoles.Viewer && user.FindFirst(ScopeClaim)?.Value == TokenScopes.Read)
        {
            return false;
        }
        return RoleOf(user) is { } own && PlannerRoles.Includes(own, role);
    }

    /// <summary>The user's highest role, or null.</summary>
    public static string? RoleOf(ClaimsPrincipal user) => PlannerRoles.All.LastOrDefault(user.IsInRole);

    /// <summary>The name history and the audit log record.</summary>
    public static string NameOf(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";

    /// <summary>Why a button is disabled, for its tooltip.</summary>
    public static string Needs(string role) => $"Needs the {role} role (ask an admin)";

    /// <summary>Whether <paramref name="user"/> is served from a read-only store, where nobody changes anything.</summary>
    public static bool OnReadOnlyStore(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ReadOnlyStoreClaim);

    /// <summary>Why <paramref name="user"/> cannot do what needs <paramref name="role"/>: a read-only store, or the role.</summary>
    public static string WhyNot(ClaimsPrincipal user, string role) => OnReadOnlyStore(user) ? ReadOnlyStoreReason : Needs(role);

    public static IServiceCollection AddPlannerPolicies(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => CanRead(c.User)))
            .AddPolicy(EditPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => CanEdit(c.User)))
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => IsAdmin(c.User)))
            .AddPolicy(AdminReadPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => IsAdminReader(c.User)))
            .Services;

    /// <summary>A principal for an account name and role, as the token and local-mode handlers make it.</summary>
    public static ClaimsPrincipal Principal(string name, string role, string authenticationType, string? scope = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, role) };
        if (scope is not null)
        {
            claims.Add(new Claim(ScopeClaim, scope));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
