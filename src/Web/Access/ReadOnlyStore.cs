using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Planner.Data.Accounts;

namespace Planner.Web.Access;

/// <summary>
/// Read-only serving (docs/security.md): on a store opened with <c>Mode=ReadOnly</c> every principal's role is
/// lowered to viewer and marked with <see cref="PlannerAccess.ReadOnlyStoreClaim"/>, so the one set of role rules
/// disables the pages' buttons and refuses the API's changes; a refused change answers 503 with the reason instead
/// of a bare 403.
/// </summary>
public sealed class ReadOnlyStoreClaims(AccessMode mode) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (!mode.IsReadOnlyStore || principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity
            || PlannerAccess.OnReadOnlyStore(principal))
        {
            return Task.FromResult(principal);
        }
        var claims = identity.Claims
            .Where(c => c.Type != identity.RoleClaimType)
            .Append(new Claim(identity.RoleClaimType, PlannerRoles.Viewer))
            .Append(new Claim(PlannerAccess.ReadOnlyStoreClaim, "true"));
        return Task.FromResult(new ClaimsPrincipal(new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType)));
    }
}

/// <summary>Answers a change refused on a read-only store with 503 and the reason, as problem details.</summary>
public sealed class ReadOnlyStoreRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && PlannerAccess.OnReadOnlyStore(context.User))
        {
            await Results.Problem(
                title: "The store is read-only",
                detail: PlannerAccess.ReadOnlyStoreReason + ".",
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
