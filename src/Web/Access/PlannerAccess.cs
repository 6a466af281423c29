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

    public const string ReadPolicy = "planner-read";
    public const string EditPolicy = "planner-edit";
    public const string AdminPolicy = "planner-admin";

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    public static ClaimsPrincipal Nobody => Anonymous;

    public static bool CanRead(ClaimsPrincipal user) => Has(user, PlannerRoles.Viewer);

    public static bool CanEdit(ClaimsPrincipal user) => Has(user, PlannerRoles.Editor);

    public static bool IsAdmin(ClaimsPrincipal user) => Has(user, PlannerRoles.Admin);

    /// <summary>Whether <paramref name="user"/> has at least <paramref name="role"/>'s rights (and, for changes, a token of write scope).</summary>
    public static bool Has(ClaimsPrincipal user, string role)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }
        if (role != PlannerRoles.Viewer && user.FindFirst(ScopeClaim)?.Value == TokenScopes.Read)
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

    public static IServiceCollection AddPlannerPolicies(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => CanRead(c.User)))
            .AddPolicy(EditPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => CanEdit(c.User)))
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => IsAdmin(c.User)))
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
