using Microsoft.EntityFrameworkCore;
using Planner.Data.Entities;
using Planner.Data.Storage;

namespace Planner.Data.Accounts;

/// <summary>The audit log: every change with its user (docs/security.md). Stores add their entry in the same transaction as the change.</summary>
public sealed class AuditLog(PlannerDatabase database)
{
    /// <summary>The most entries one read returns.</summary>
    public const int MaxTake = 1000;

    /// <summary>Adds an entry to <paramref name="db"/>'s pending changes: it is written with the change it describes.</summary>
    public static void Add(PlannerDbContext db, DateTime at, string user, string action, string target, string? detail = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = at,
            User = Clip(user, 256),
            Action = action,
            Target = Clip(target, 256),
            Detail = detail is null ? null : Clip(detail, 1000),
        });

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int take, string? user, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrEmpty(user))
        {
            query = query.Where(e => e.User == user);
        }
        return await query.OrderByDescending(e => e.Id).Take(Math.Clamp(take, 1, MaxTake)).ToListAsync(ct);
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
