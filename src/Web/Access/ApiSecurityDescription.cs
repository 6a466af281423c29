using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Planner.Data.Accounts;

namespace Planner.Web.Access;

/// <summary>
/// How the OpenAPI document says who may call what: the API token as an HTTP Bearer scheme (and the browser's sign-in
/// cookie), required by every operation, and on each operation the role and token scope its policy needs, with the
/// 401 and 403 answers (docs/security.md, "API tokens").
/// </summary>
internal static class ApiSecurityDescription
{
    public const string BearerScheme = "Bearer";

    public const string CookieScheme = "SignInCookie";

    public static OpenApiOptions DescribeApiSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "plnr_ token",
                Description = "An API token (`Authorization: Bearer plnr_…`), made with `planner token create` or on the "
                    + "Tokens page. A `read` token only reads (GET and POST /api/evaluate); a `write` token may also change "
                    + "what its account's role allows. Local mode (no accounts, loopback only) needs none.",
            };
            document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = "planner.auth",
                Description = "The browser's sign-in cookie (/signin); a change also needs a same-host Origin and a JSON body.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] });
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
                .Select(a => a.Policy).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (policies.Count == 0)
            {
                return Task.CompletedTask;
            }
            var needs = Needs(policies);
            operation.Description = string.IsNullOrEmpty(operation.Description) ? needs : operation.Description + "\n\n" + needs;
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid token or sign-in." });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The account's role or the token's scope does not allow it." });
            if (policies.Contains(PlannerAccess.EditPolicy) || policies.Contains(PlannerAccess.AdminPolicy))
            {
                operation.Responses.TryAdd("503", new OpenApiResponse { Description = "The server serves a read-only store: changes are off." });
            }
            return Task.CompletedTask;
        });
        return options;
    }

    /// <summary>The strictest policy's requirement, in words.</summary>
    internal static string Needs(IReadOnlySet<string> policies) =>
        policies.Contains(PlannerAccess.AdminPolicy) ? $"**Access:** the {PlannerRoles.Admin} role, with a `write` token."
        : policies.Contains(PlannerAccess.AdminReadPolicy) ? $"**Access:** the {PlannerRoles.Admin} role (a `read` token is enough)."
        : policies.Contains(PlannerAccess.EditPolicy) ? $"**Access:** the {PlannerRoles.Editor} role or higher, with a `write` token."
        : $"**Access:** any role ({PlannerRoles.Viewer} or higher); a `read` token is enough.";
}
