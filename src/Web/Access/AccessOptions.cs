namespace Planner.Web.Access;

/// <summary>Settings of sign-in, bound from the "Access" configuration section (docs/security.md).</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>
    /// <c>auto</c> (default): with no account in the store and the server bound to loopback only, every request acts as
    /// the admin "local". <c>off</c>: sign-in is always required.
    /// </summary>
    public string LocalMode { get; set; } = "auto";

    /// <summary>Optional company sign-in; off unless Authority and ClientId are set.</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>Requests per minute one user (or, signed out, one IP address) may make to /api before 429.</summary>
    public int ApiRequestsPerMinute { get; set; } = 600;
}

/// <summary>OpenID Connect with an identity provider (Entra ID, Okta, Keycloak...): configuration only.</summary>
public sealed class OidcOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The button's text on the sign-in page.</summary>
    public string DisplayName { get; set; } = "company sign-in";

    /// <summary>The role a first-time OpenID Connect user's account gets (an admin can change it).</summary>
    public string DefaultRole { get; set; } = Planner.Data.Accounts.PlannerRoles.Viewer;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
