using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using Scalar.AspNetCore;
using Planner.Data;
using Planner.Data.Storage;
using Planner.Web.Access;
using Planner.Web.Apis;
using Planner.Web.Benchmarks;
using Planner.Web.Components;
using Planner.Web.Localization;
using Planner.Web.Services;

namespace Planner.Web;

/// <summary>Composes the web host: Blazor Server UI, HTTP API, OpenAPI document and health check.</summary>
public static class PlannerWebHost
{
    public static WebApplicationBuilder AddPlannerWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddProblemDetails();
        services.AddExceptionHandler<PlannerExceptionHandler>();
        services.AddOpenApi(options => options.DescribeScenarioBodies().DescribeApiSecurity());
        services.AddHealthChecks();
        services.AddPlannerData();
        services.AddOptions<PlannerWebOptions>().BindConfiguration(PlannerWebOptions.Section);
        services.AddPlannerWebServices();
        // Kestrel refuses larger bodies itself (413 through PlannerExceptionHandler); RequestBody applies the same limit.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = CostModel.Limits.RequestBodyBytes);
        services.AddPlannerAccess(builder.Configuration);
        services.AddPlannerOperations();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        services.AddHostedService<BenchmarkRunner>();
        return builder;
    }

    /// <summary>
    /// The services the pages and the API use (the store must be added separately: from configuration by the host,
    /// on a temporary file by the component tests). One list for the host and the tests.
    /// </summary>
    public static IServiceCollection AddPlannerWebServices(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddPlannerLocalization();
        services.AddOptions<PlannerWebOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ScenarioTemplates>();
        services.AddSingleton<MethodologyDocument>();
        services.AddSingleton<SavedScenarios>();
        services.AddSingleton<CalibrationCache>();
        services.AddScoped<ScenarioWorkspace>();
        services.AddScoped<SavedScenarioOpener>();
        services.AddSingleton<BenchmarkRunQueue>();
        services.TryAddSingleton<Access.AccessMode>();
        return services;
    }

    /// <summary>Creates, migrates and seeds the store before the first request, so a bad PLANNER_DB fails at start.</summary>
    public static Task EnsureStoreReadyAsync(this WebApplication app, CancellationToken ct) =>
        app.Services.GetRequiredService<PlannerDatabase>().EnsureReadyAsync(ct);

    /// <summary>
    /// As <see cref="EnsureStoreReadyAsync"/>, but a store that cannot be opened, migrated or seeded (read-only, full,
    /// locked, not a database) gives the one line that says why the server cannot start, instead of an exception.
    /// </summary>
    public static async Task<string?> TryEnsureStoreReadyAsync(this WebApplication app, CancellationToken ct)
    {
        var database = app.Services.GetRequiredService<PlannerDatabase>();
        try
        {
            await database.EnsureReadyAsync(ct);
            return null;
        }
        catch (Exception ex) when (DatabaseError(ex) is { } error)
        {
            var reason = error.Message.Split('\n')[0].Trim().TrimEnd('.');
            return $"Planner cannot start: the store {database.Location.Display} (PLANNER_DB) cannot be used: {reason}. "
                + (database.Location.IsReadOnly
                    ? "A store opened with Mode=ReadOnly is served as it is, so this version of Planner must have prepared it: "
                        + "open it once writable (for example PLANNER_DB=FILE ./scripts/planner catalog list gpus), then serve it read-only (docs/security.md)."
                    : "The server creates, migrates and seeds its store on start, so it needs the file and its folder writable; "
                        + "fix the permissions or free space, point PLANNER_DB at another file, or serve a prepared copy read-only with Mode=ReadOnly (docs/deployment.md).");
        }
    }

    private static System.Data.Common.DbException? DatabaseError(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException db)
            {
                return db;
            }
        }
        return null;
    }

    /// <summary>The interactive API reference.</summary>
    public const string ApiDocsPath = "/api-docs";

    /// <summary>The page shown for an unknown address.</summary>
    public const string NotFoundPath = "/not-found";

    /// <summary>A browser asking for a page: a GET that accepts HTML, outside the API.</summary>
    private static bool IsPageRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How many pages are rendered at once: twice the processors (a render also waits on the store). Every page of the
    /// app is prerendered on the server; with 64 users on two cores, rendering all their pages at once kept every render
    /// tree alive 30 times longer than one render takes, so the garbage of each survived into the oldest GC generation and
    /// the server's memory grew 5-fold, for no gain in throughput. Pages over the limit wait in turn (first come, first
    /// served; docs/performance.md, "Editor page under 64 users").
    /// </summary>
    public static int PageRendersAtOnce { get; } = Math.Max(2, 2 * Environment.ProcessorCount);

    private static readonly System.Threading.RateLimiting.ConcurrencyLimiter PageRenders = new(new()
    {
        PermitLimit = PageRendersAtOnce,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Page requests (<see cref="IsPageRequest"/>) take a turn of <see cref="PageRendersAtOnce"/>; the API, static files and the circuits' web sockets do not.</summary>
    private static IApplicationBuilder UsePageRenderLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsPageRequest(context.Request))
        {
            await next(context);
            return;
        }
        using var turn = await PageRenders.AcquireAsync(1, context.RequestAborted);
        await next(context);
    });

    public static WebApplication UsePlannerWeb(this WebApplication app)
    {
        // Bad input answers 400 and a stale save 409 (PlannerExceptionHandler); other errors answer with problem
        // details (AddProblemDetails), never a stack trace.
        app.UseClientAbortLogging();
        // The API reference page (Scalar) starts itself with an inline module script; only that page may run one. Registered
        // before the security headers so its header callback runs after theirs (callbacks run last-registered first).
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ApiDocsPath, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.ContentSecurityPolicy = Access.Operations.ContentSecurityPolicy.Replace(
                        "script-src 'self'", "script-src 'self' 'unsafe-inline'", StringComparison.Ordinal);
                    return Task.CompletedTask;
                });
            }
            return next(context);
        });
        app.UseSecurityHeaders();
        // The interface language (cookie, then Accept-Language) before anything renders text.
        app.UsePlannerLocalization();
        app.UseExceptionHandler();
        if (!app.Environment.IsDevelopment())
        {
            // Sent on HTTPS answers only (Kestrel with a certificate, or a TLS proxy with ASPNETCORE_FORWARDEDHEADERS_ENABLED): docs/deployment.md.
            app.UseHsts();
        }
        // An address nobody serves: the API and other machine endpoints answer problem details; a browser asking for a
        // page gets the not-found page (Pages/NotFound.razor) with the 404 status.
        app.UseWhen(context => !IsPageRequest(context.Request), machine => machine.UseStatusCodePages());
        app.UseWhen(context => IsPageRequest(context.Request), pages => pages.UseStatusCodePagesWithReExecute(NotFoundPath, createScopeForStatusCodePages: true));
        // Routing after the status code pages, so the re-executed request is routed to the not-found page.
        app.UseRouting();
        app.UseCrossSiteGuard();
        app.UseAuthentication();
        app.UseAccessLog();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UsePageRenderLimit();
        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/openapi", () => Results.Redirect("/openapi/v1.json")).ExcludeFromDescription();
        // The interactive API reference, reading the same document (its scripts are served by the package, no CDN).
        app.MapScalarApiReference(ApiDocsPath, options => options
            .WithTitle("Planner HTTP API")
            .DisableDefaultFonts()
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapAccountEndpoints();
        app.MapCultureSwitch();
        app.MapPlannerApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
