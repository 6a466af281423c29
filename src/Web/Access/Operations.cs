using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Planner.Web.Access;

/// <summary>
/// What running Planner on a network needs around the app (docs/deployment.md): a rate limit on the API per user (or
/// IP address when signed out), security headers on every answer, an access log line per request with its user, and
/// client aborts logged as information rather than failures.
/// </summary>
public static class Operations
{
    public const string ApiRateLimit = "api";

    /// <summary>Works with Blazor Server (its script and web socket are same-origin) and MudBlazor (inline styles only).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IServiceCollection AddPlannerOperations(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ApiRateLimit, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.ApiRequestsPerMinute;
                var key = context.User.Identity?.IsAuthenticated == true
                    ? "user:" + context.User.Identity.Name
                    : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"the API allows {context.HttpContext.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.ApiRequestsPerMinute} requests a minute per user; retry after {retryAfter} s")
                    .ExecuteAsync(context.HttpContext);
            };
        });

    /// <summary>Outermost: a request the client gave up on is one information line, not an error with a stack trace.</summary>
    public static IApplicationBuilder UseClientAbortLogging(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Planner.Access")
                .LogInformation("Client closed the request {Method} {Path} before the answer ({Exception})", context.Request.Method, context.Request.Path, ex.GetType().Name);
        }
    });

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>After authentication: one line per request with its user, status and duration (not the circuit's own traffic or static files).</summary>
    public static IApplicationBuilder UseAccessLog(this IApplicationBuilder app)
    {
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Planner.AccessLog");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var path = context.Request.Path;
                var staticFile = Path.HasExtension(path.Value) && !path.StartsWithSegments("/api");
                if (!staticFile && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content") && !path.StartsWithSegments("/_blazor"))
                {
                    log.LogInformation("{Method} {Path} {Status} {ElapsedMs:0} ms user={User} ip={Ip}", context.Request.Method, path,
                        context.RequestAborted.IsCancellationRequested ? 499 : context.Response.StatusCode,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds, PlannerAccess.NameOf(context.User), context.Connection.RemoteIpAddress);
                }
            }
        });
    }
}
