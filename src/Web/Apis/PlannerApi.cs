namespace Planner.Web.Apis;

/// <summary>The HTTP API (docs/web.md), one file per resource; exceptions become problem details in <see cref="PlannerExceptionHandler"/>.</summary>
public static class PlannerApi
{
    public static IEndpointRouteBuilder MapPlannerApi(this IEndpointRouteBuilder app)
    {
        // Every API call needs a signed-in user, an API token or local mode; changes need more (Access/PlannerAccess.cs).
        var api = app.MapGroup("/api").RequireAuthorization(Access.PlannerAccess.ReadPolicy).RequireRateLimiting(Access.Operations.ApiRateLimit);
        api.MapEvaluationApi();
        api.MapScenariosApi();
        api.MapBenchmarkRunsApi();
        api.MapCatalogsApi();
        api.MapAuditApi();
        api.MapCapacityApi();
        return app;
    }
}
