namespace Planner.Web.Access;

/// <summary>
/// Refuses state-changing API requests that a page on another site could send: a cross-origin <c>Origin</c> (403),
/// and any body type a browser sends without a CORS preflight (text/plain, form data: 415). The API takes
/// application/json, and text/csv for catalog imports; neither can be sent cross-site without the server's consent,
/// which Planner never gives (no CORS).
/// </summary>
public static class CrossSiteGuard
{
    public static IApplicationBuilder UseCrossSiteGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(context);
            return;
        }
        if (request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "Cross-origin request refused",
                $"requests from {origin} may not change anything here; call the API from a script or the planner CLI");
            return;
        }
        if (request.Path.StartsWithSegments("/api") && !IsAcceptedType(request.ContentType))
        {
            await Refuse(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Content-Type must be application/json (text/csv for catalog imports); got \"{request.ContentType}\"");
            return;
        }
        await next(context);
    });

    private static bool IsAcceptedType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            || media.Equals("text/csv", StringComparison.OrdinalIgnoreCase);
    }

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
