using Microsoft.AspNetCore.Identity;

namespace Planner.Data.Entities;

/// <summary>An account (ASP.NET Core Identity user in the Planner store); its one role is in AspNetUserRoles (docs/security.md).</summary>
public sealed class PlannerUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }
}
