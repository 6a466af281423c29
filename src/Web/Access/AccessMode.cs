using System.Net;

namespace Planner.Web.Access;

/// <summary>
/// Whether the server runs in single-user local mode, decided once at start (<see cref="AccessStartup"/>): no account
/// exists, the server listens on loopback addresses only, and <see cref="AccessOptions.LocalMode"/> is <c>auto</c>.
/// </summary>
public sealed class AccessMode
{
    /// <summary>The account name local mode acts as.</summary>
    public const string LocalUser = "local";

    public bool IsLocal { get; internal set; }

    /// <summary>
    /// The store was opened read-only (<c>Mode=ReadOnly</c> in PLANNER_DB): everyone reads and exports, nobody changes
    /// anything (<see cref="PlannerAccess.ReadOnlyStoreClaim"/>; docs/security.md, "Read-only serving").
    /// </summary>
    public bool IsReadOnlyStore { get; internal set; }

    /// <summary>Whether every address in <c>urls</c> and Kestrel's endpoints is a loopback one (no setting: localhost:5000).</summary>
    public static bool IsLoopbackOnly(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["http_ports"]) || !string.IsNullOrWhiteSpace(configuration["https_ports"]))
        {
            return false;
        }
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls.All(IsLoopbackUrl);
    }

    public static bool IsLoopbackUrl(string url)
    {
        var host = BindingAddressHost(url);
        return host is not null && IsLoopbackHost(host);
    }

    /// <summary>localhost, 127.0.0.0/8 or ::1; never a wildcard (*, +, 0.0.0.0, [::]).</summary>
    public static bool IsLoopbackHost(string host)
    {
        host = host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static string? BindingAddressHost(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return null;
        }
        var rest = url[(scheme + 3)..];
        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            rest = rest[..slash];
        }
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            return close < 0 ? null : rest[..(close + 1)];
        }
        var colon = rest.LastIndexOf(':');
        return colon < 0 ? rest : rest[..colon];
    }

    /// <summary>
    /// Whether a request may act as the local user: it came from this machine (or the in-memory test host), names a
    /// loopback host (a DNS-rebinding page names its own), and was not forwarded by a proxy.
    /// </summary>
    public static bool IsLocalRequest(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is not null && !IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            return false;
        }
        if (context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("Forwarded"))
        {
            return false;
        }
        return IsLoopbackHost(context.Request.Host.Host);
    }
}
