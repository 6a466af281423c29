using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Planner.Web.Apis;

namespace Planner.Web.Localization;

/// <summary>
/// The interface languages (English, the default, and Simplified Chinese), how a request picks one (the culture cookie
/// first, then the browser's Accept-Language), and the endpoint the language switch calls to keep a choice
/// (docs/decisions/025-localization.md).
/// </summary>
public static class PlannerCultures
{
    public const string English = "en";

    public const string Chinese = "zh-CN";

    /// <summary>The cultures the interface is written in, the default first.</summary>
    public static IReadOnlyList<string> Supported { get; } = [English, Chinese];

    /// <summary>The address of the language switch: GET /culture?culture=zh-CN&amp;redirectUri=/editor.</summary>
    public const string SwitchPath = "/culture";

    /// <summary>How long the choice is kept in the browser.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(365);

    /// <summary>Whether the current UI culture is Chinese (zh-CN or a culture that falls back to it).</summary>
    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>The address that switches to <paramref name="culture"/> and comes back to <paramref name="returnPath"/>.</summary>
    public static string SwitchUri(string culture, string returnPath) =>
        $"{SwitchPath}?culture={Uri.EscapeDataString(culture)}&redirectUri={Uri.EscapeDataString(returnPath)}";

    public static IServiceCollection AddPlannerLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(English);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // The cookie the switch sets comes first, then the browser's languages; the query string is not consulted.
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>Sets each request's culture and UI culture; Blazor Server's circuit keeps the one its page was loaded with.</summary>
    public static WebApplication UsePlannerLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet(SwitchPath, Switch).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Keeps <paramref name="culture"/> in the culture cookie for a year and goes back to <paramref name="redirectUri"/>
    /// (a path on this site; a full page load, since a Blazor Server circuit keeps the culture it started with).
    /// </summary>
    internal static IResult Switch(HttpContext context, TimeProvider clock, string? culture, string? redirectUri)
    {
        var chosen = Supported.FirstOrDefault(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
        {
            return Problems.BadParameter("culture",
                $"culture must be one of {string.Join(", ", Supported)} (got '{Problems.Quote(culture ?? "")}')");
        }
        var target = string.IsNullOrEmpty(redirectUri) ? "/" : redirectUri;
        if (!IsLocal(target))
        {
            return Problems.BadParameter("redirectUri",
                $"redirectUri must be a path on this site starting with a single '/' (got '{Problems.Quote(target)}')");
        }
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions
            {
                Expires = clock.GetUtcNow().Add(CookieLifetime),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Path = "/",
                Secure = context.Request.IsHttps,
            });
        return Results.LocalRedirect(target);
    }

    private static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
