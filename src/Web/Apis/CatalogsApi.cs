using Microsoft.AspNetCore.Http.HttpResults;
using Planner.Data.Catalogs;

namespace Planner.Web.Apis;

/// <summary><c>/api/catalogs/{kind}</c>: catalog CSV import (admin), the same all-or-nothing import as <c>planner catalog import</c> (docs/web.md).</summary>
public static class CatalogsApi
{
    public static RouteGroupBuilder MapCatalogsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/catalogs/{kind}", ImportAsync)
            .WithName("ImportCatalog").WithTags("Catalogs")
            .WithSummary("Import catalog rows from CSV (`Content-Type: text/csv`; kinds: gpus, cloud, api, defaults, models, fx); every row or none")
            .Accepts<string>("text/csv")
            .ProducesValidationProblem()
            .RequireAuthorization(Access.PlannerAccess.AdminPolicy);
        return api;
    }

    private static async Task<Ok<CatalogImportResult>> ImportAsync(string kind, HttpRequest request, CatalogService catalogs, CancellationToken ct)
    {
        var csv = await RequestBody.ReadAsync(request, ct);
        return TypedResults.Ok(await catalogs.ImportCsvAsync(kind, new StringReader(csv), Owners.Of(request.HttpContext.User), ct));
    }
}
