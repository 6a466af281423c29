namespace Planner.Web.Apis;

/// <summary>The HTTP API (docs/web.md), one file per resource; exceptions become problem details in <see cref="PlannerExceptionHandler"/>.</summary>
public static class PlannerApi
{
    public static IEndpointRouteBuilder MapPlannerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapEvaluationApi();
        api.MapScenariosApi();
        api.MapBenchmarkRunsApi();
        return app;
    }
}
