using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Planner.Data.Accounts;

namespace Planner.Web.Access;

/// <summary><c>Authorization: Bearer plnr_…</c>: an API token (per user, scoped, revocable; only its SHA-256 is stored).</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountService accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var identity = await accounts.VerifyTokenAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("the token is unknown or revoked");
        }
        var principal = PlannerAccess.Principal(identity.UserName, identity.Role, SchemeName, identity.Scope);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>Single-user local mode (<see cref="AccessMode"/>): every request from this machine acts as the admin "local".</summary>
public sealed class LocalModeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessMode mode)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Local";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(mode.IsLocal && AccessMode.IsLocalRequest(Context)
            ? AuthenticateResult.Success(new AuthenticationTicket(PlannerAccess.Principal(AccessMode.LocalUser, PlannerRoles.Admin, SchemeName), SchemeName))
            : AuthenticateResult.NoResult());
}
