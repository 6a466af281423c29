using System.Security.Claims;
using Planner.Web.Access;

namespace Planner.Web.Apis;

/// <summary>Who the web app records as the author of a change in history and the audit log: the signed-in user's account name.</summary>
public static class Owners
{
    public static string Of(ClaimsPrincipal user) => PlannerAccess.NameOf(user);
}
