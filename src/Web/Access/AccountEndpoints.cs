using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Planner.Data.Accounts;
using Planner.Data.Entities;

namespace Planner.Web.Access;

/// <summary>
/// Sign-in and sign-out: plain form posts from the sign-in and sign-out pages (antiforgery is checked on every form
/// post by UseAntiforgery), and the OpenID Connect round trip when it is configured.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        // Antiforgery is checked here rather than by form binding, so an expired form answers with the sign-in page, not an error.
        account.MapPost("/signin", SignInAsync).AllowAnonymous().DisableAntiforgery();
        account.MapPost("/signout", SignOutAsync).AllowAnonymous().DisableAntiforgery();
        account.MapGet("/oidc", (string? returnUrl, IOptions<AccessOptions> options) => options.Value.Oidc.Enabled
            ? Results.Challenge(new Microsoft.AspNetCore.Authentication.AuthenticationProperties
                { RedirectUri = "/account/oidc/callback?returnUrl=" + Uri.EscapeDataString(LocalOrHome(returnUrl)) }, [OidcSignIn.Scheme])
            : Results.NotFound()).AllowAnonymous();
        account.MapGet("/oidc/callback", OidcSignIn.CallbackAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, SignInManager<PlannerUser> signIn, AccessMode mode, ILoggerFactory logs)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect("/signin?error=expired");
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userName = form["userName"].ToString();
        var password = form["password"].ToString();
        var target = LocalOrHome(form["returnUrl"].ToString());
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return Results.LocalRedirect("/signin?error=missing&returnUrl=" + Uri.EscapeDataString(target));
        }
        // A read-only store cannot count failed attempts, so it signs in without lockout (its accounts were made elsewhere).
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: !mode.IsReadOnlyStore);
        var log = logs.CreateLogger("Planner.Access");
        if (!result.Succeeded)
        {
            log.LogWarning("Sign-in failed for {User} ({Reason})", userName, result.IsLockedOut ? "locked out" : "wrong name or password");
            return Results.LocalRedirect($"/signin?error={(result.IsLockedOut ? "locked" : "failed")}&returnUrl=" + Uri.EscapeDataString(target));
        }
        log.LogInformation("Signed in: {User}", userName);
        return Results.LocalRedirect(target);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, SignInManager<PlannerUser> signIn)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect("/signout");
        }
        await signIn.SignOutAsync();
        return Results.LocalRedirect("/signin");
    }

    /// <summary>Only a path on this site (no open redirect).</summary>
    internal static string LocalOrHome(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}

/// <summary>
/// OpenID Connect: the provider's user signs in to a Planner account linked to that login; the first time, the account
/// is made with <see cref="OidcOptions.DefaultRole"/> and named after the provider's preferred user name or e-mail.
/// </summary>
public static class OidcSignIn
{
    public const string Scheme = "oidc";

    internal static async Task<IResult> CallbackAsync(string? returnUrl, SignInManager<PlannerUser> signIn, AccountService accounts,
        IOptions<AccessOptions> options, ILoggerFactory logs, TimeProvider time, CancellationToken ct)
    {
        var target = AccountEndpoints.LocalOrHome(returnUrl);
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            return Results.LocalRedirect("/signin?error=external");
        }
        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        if (result.Succeeded)
        {
            return Results.LocalRedirect(target);
        }
        var name = info.Principal.FindFirst("preferred_username")?.Value ?? info.Principal.FindFirst("email")?.Value;
        if (string.IsNullOrEmpty(name) || await accounts.FindUserAsync(name, ct) is not null)
        {
            logs.CreateLogger("Planner.Access").LogWarning("OpenID Connect sign-in refused: the provider gave no user name, or {User} already exists without this login", name);
            return Results.LocalRedirect("/signin?error=external");
        }
        var user = new PlannerUser { UserName = name, Email = info.Principal.FindFirst("email")?.Value, CreatedAt = time.GetUtcNow().UtcDateTime };
        var users = signIn.UserManager;
        if (!(await users.CreateAsync(user)).Succeeded || !(await users.AddToRoleAsync(user, options.Value.Oidc.DefaultRole)).Succeeded
            || !(await users.AddLoginAsync(user, info)).Succeeded)
        {
            return Results.LocalRedirect("/signin?error=external");
        }
        await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
        return Results.LocalRedirect(target);
    }
}
