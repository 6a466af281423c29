using Microsoft.AspNetCore.Http.HttpResults;
using Planner.Data.Accounts;
using Planner.Data.Entities;

namespace Planner.Web.Apis;

/// <summary><c>GET /api/audit</c>: the audit log, newest first (admin; docs/security.md).</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync)
            .WithName("AuditLog").WithTags("Audit")
            .WithSummary($"Every change with its user, newest first: `?take=` 1 to {AuditLog.MaxTake} (default 100), `?user=` one account")
            .ProducesValidationProblem()
            .RequireAuthorization(Access.PlannerAccess.AdminReadPolicy);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem>> ListAsync(int? take, string? user, AuditLog audit, CancellationToken ct)
    {
        if (take is < 1 or > AuditLog.MaxTake)
        {
            return Problems.BadParameter("take", $"take must be 1 to {AuditLog.MaxTake} (got {take})");
        }
        return TypedResults.Ok(await audit.ListAsync(take ?? 100, user, ct));
    }
}
