using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Planner.Data.Accounts;

namespace Planner.Web.Access;

/// <summary>Authentication (cookie, API token, local mode, optional OpenID Connect) and the start-up rule of local mode (ADR 010).</summary>
public static class AccessStartup
{
    /// <summary>The default scheme: picks the token, local-mode or cookie handler per request.</summary>
    public const string PlannerScheme = "Planner";

    public static IServiceCollection AddPlannerAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section)
            .Validate(o => o.LocalMode is "auto" or "off", "Access:LocalMode must be auto or off")
            .Validate(o => o.ApiRequestsPerMinute is >= 1 and <= 1_000_000, "Access:ApiRequestsPerMinute must be 1 to 1000000")
            .Validate(o => PlannerRoles.IsKnown(o.Oidc.DefaultRole), "Access:Oidc:DefaultRole must be viewer, editor or admin")
            .ValidateOnStart();
        services.TryAddSingleton<AccessMode>();
        new IdentityBuilder(typeof(Planner.Data.Entities.PlannerUser), typeof(IdentityRole), services).AddSignInManager();

        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = PlannerScheme;
                o.DefaultChallengeScheme = PlannerScheme;
            })
            .AddPolicyScheme(PlannerScheme, "Planner", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, LocalModeAuthenticationHandler>(LocalModeAuthenticationHandler.SchemeName, null);
        authentication.AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
        {
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/signin";
            o.Cookie.Name = "planner.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            // The API answers 401/403, never a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        }));
        var oidc = configuration.GetSection(AccessOptions.Section).Get<AccessOptions>()?.Oidc ?? new OidcOptions();
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcSignIn.Scheme, oidc.DisplayName, o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.CallbackPath = "/signin-oidc";
                o.Scope.Add("email");
                o.Scope.Add("profile");
                o.MapInboundClaims = false;
            });
        }
        services.AddPlannerPolicies();
        services.AddSingleton<Microsoft.AspNetCore.Authentication.IClaimsTransformation, ReadOnlyStoreClaims>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ReadOnlyStoreRefusals>();
        services.AddCascadingAuthenticationState();
        return services;
    }

    private static string SelectScheme(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiTokenAuthenticationHandler.SchemeName;
        }
        return context.RequestServices.GetRequiredService<AccessMode>().IsLocal ? LocalModeAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme;
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Decides local mode (ADR 010) and says so; returns why the server must not start, or null. Off loopback an admin
    /// account must exist first.
    /// </summary>
    public static async Task<string?> EnsureAccessReadyAsync(this WebApplication app, CancellationToken ct)
    {
        var options = app.Services.GetRequiredService<IOptions<AccessOptions>>().Value;
        var accounts = app.Services.GetRequiredService<AccountService>();
        var mode = app.Services.GetRequiredService<AccessMode>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Planner.Access");
        var loopback = AccessMode.IsLoopbackOnly(app.Configuration);
        if (!loopback && !await accounts.AnyAdminAsync(ct))
        {
            return "Planner listens on a non-loopback address, so sign-in is required, but the store has no admin account. "
                + "Create one first: ./scripts/planner user add --role admin --name NAME (password from PLANNER_PASSWORD or standard input; "
                + "same PLANNER_DB as the server), or bind to 127.0.0.1 for single-user local mode.";
        }
        mode.IsLocal = loopback && options.LocalMode == "auto" && !await accounts.AnyAccountAsync(ct);
        mode.IsReadOnlyStore = app.Services.GetRequiredService<Planner.Data.Storage.DataLocation>().IsReadOnly;
        if (mode.IsReadOnlyStore)
        {
            log.LogWarning("Read-only serving: the store was opened with Mode=ReadOnly, so everyone reads and exports and nobody changes anything.");
        }
        if (mode.IsLocal)
        {
            log.LogWarning("Local mode: no account exists and Planner listens on loopback only, so every request from this machine acts as the admin \"{User}\". "
                + "Create an account (planner user add --role admin --name NAME) and restart to require sign-in.", AccessMode.LocalUser);
        }
        else
        {
            log.LogInformation("Sign-in required (accounts: planner user list; API tokens: planner token create).");
        }
        return null;
    }
}
