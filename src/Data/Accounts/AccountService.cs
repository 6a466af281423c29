using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.CostModel;
using Planner.Data.Entities;
using Planner.Data.Storage;
using Planner.CostModel.Text;

namespace Planner.Data.Accounts;

/// <summary>
/// Accounts and API tokens, for the CLI (<c>planner user</c>, <c>planner token</c>) and the web app alike. Passwords are
/// hashed by ASP.NET Core Identity; tokens are random and only their SHA-256 is stored. Every change is audited.
/// </summary>
public sealed class AccountService(PlannerDatabase database, IServiceScopeFactory scopes)
{
    private static readonly PhraseTemplate NotAnAccount = new("account.notAnAccount", "\"{0}\" is not an account name");
    private static readonly PhraseTemplate LastAdmin = new("account.lastAdmin", "\"{0}\" is the last admin; add another admin before removing it");
    private static readonly PhraseTemplate LabelTooLong = new("account.labelTooLong", "must be at most 100 characters (got {0})");
    private static readonly PhraseTemplate NotAToken = new("account.notAToken", "{0} is not a token id (see planner token list)");

    /// <summary>Every token starts with this, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string TokenPrefix = "plnr_";

    /// <summary>Shortest password accepted (length over character classes, as NIST SP 800-63B advises).</summary>
    public const int MinPasswordLength = 12;

    public async Task<bool> AnyAccountAsync(CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        return await db.Users.AnyAsync(ct);
    }

    public async Task<bool> AnyAdminAsync(CancellationToken ct) => (await ListUsersAsync(ct)).Any(u => u.Role == PlannerRoles.Admin);

    public async Task<IReadOnlyList<AccountSummary>> ListUsersAsync(CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        var tokens = await db.ApiTokens.Where(t => t.RevokedAt == null).GroupBy(t => t.UserId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        return users.Select(u => new AccountSummary(
            u.UserName!, roles.FirstOrDefault(r => r.UserId == u.Id)?.Name ?? "", u.Email, u.CreatedAt,
            tokens.FirstOrDefault(t => t.Key == u.Id)?.Count ?? 0)).ToArray();
    }

    public async Task<AccountSummary?> FindUserAsync(string name, CancellationToken ct) =>
        (await ListUsersAsync(ct)).FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <exception cref="InputException">The name is taken or malformed, the role unknown or the password too weak; nothing is written.</exception>
    public async Task<AccountSummary> AddUserAsync(string name, string role, string password, string? email, string by, CancellationToken ct)
    {
        if (!PlannerRoles.IsKnown(role))
        {
            throw new InputException(InputProblem.At("role", ProblemPhrases.OneOf(string.Join(", ", PlannerRoles.All), role)));
        }
        await database.EnsureReadyAsync(ct);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlannerUser>>();
        var user = new PlannerUser { UserName = name, Email = email, CreatedAt = database.Time.GetUtcNow().UtcDateTime };
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        AuditLog.Add(db, user.CreatedAt, by, "user.add", name, $"role {role}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new AccountSummary(name, role, email, user.CreatedAt, 0);
    }

    /// <summary>Removes an account and its tokens; the last admin cannot be removed.</summary>
    /// <exception cref="InputException">No such account, or it is the last admin.</exception>
    public async Task RemoveUserAsync(string name, string by, CancellationToken ct)
    {
        var all = await ListUsersAsync(ct);
        var target = all.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException(InputProblem.At("name", NotAnAccount.With(name)));
        if (target.Role == PlannerRoles.Admin && all.Count(u => u.Role == PlannerRoles.Admin) == 1)
        {
            throw new InputException(InputProblem.At("name", LastAdmin.With(name)));
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlannerUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        var user = await users.FindByNameAsync(target.Name) ?? throw new InputException(InputProblem.At("name", NotAnAccount.With(name)));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.ApiTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);
        Check(await users.DeleteAsync(user));
        AuditLog.Add(db, database.Time.GetUtcNow().UtcDateTime, by, "user.remove", target.Name);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Creates a token for <paramref name="userName"/>; the returned text is the only time it is seen.</summary>
    /// <exception cref="InputException">No such account or an unknown scope.</exception>
    public async Task<CreatedToken> CreateTokenAsync(string userName, string scope, string? label, string by, CancellationToken ct)
    {
        if (!TokenScopes.All.Contains(scope))
        {
            throw new InputException(InputProblem.At("scope", ProblemPhrases.OneOf(string.Join(", ", TokenScopes.All), scope)));
        }
        if (label is { Length: > 100 })
        {
            throw new InputException(InputProblem.At("label", LabelTooLong.With(label.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        await using var db = await database.CreateContextAsync(ct);
        var user = await FindEntityAsync(db, userName, ct) ?? throw new InputException(InputProblem.At("user", NotAnAccount.With(userName)));
        var text = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = database.Time.GetUtcNow().UtcDateTime;
        var token = new ApiToken
        {
            UserId = user.Id, Hash = HashOf(text), Prefix = text[..(TokenPrefix.Length + 6)], Scope = scope, Label = label,
            CreatedAt = now, CreatedBy = by,
        };
        db.ApiTokens.Add(token);
        AuditLog.Add(db, now, by, "token.create", user.UserName!, $"token {token.Prefix}… scope {scope}");
        await db.SaveChangesAsync(ct);
        return new CreatedToken(text, Summarize(token, user.UserName!));
    }

    /// <summary>Tokens of one account (or all when <paramref name="userName"/> is null), newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<TokenSummary>> ListTokensAsync(string? userName, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var rows = await (from t in db.ApiTokens join u in db.Users on t.UserId equals u.Id select new { t, u.UserName }).ToListAsync(ct);
        return rows
            .Where(r => userName is null || string.Equals(r.UserName, userName, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(r => r.t.Id)
            .Select(r => Summarize(r.t, r.UserName!))
            .ToArray();
    }

    /// <summary>Makes a token unusable from now on.</summary>
    /// <exception cref="InputException">No token has the id.</exception>
    public async Task<TokenSummary> RevokeTokenAsync(int id, string by, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new InputException(InputProblem.At("id", NotAToken.With(id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var owner = await db.Users.Where(u => u.Id == token.UserId).Select(u => u.UserName).FirstAsync(ct);
        if (token.RevokedAt is null)
        {
            token.RevokedAt = database.Time.GetUtcNow().UtcDateTime;
            AuditLog.Add(db, token.RevokedAt.Value, by, "token.revoke", owner!, $"token {token.Prefix}…");
            await db.SaveChangesAsync(ct);
        }
        return Summarize(token, owner!);
    }

    /// <summary>Who a token speaks for, or null when it is unknown, revoked or its account is gone.</summary>
    public async Task<TokenIdentity?> VerifyTokenAsync(string text, CancellationToken ct)
    {
        if (!text.StartsWith(TokenPrefix, StringComparison.Ordinal) || text.Length > 200)
        {
            return null;
        }
        var hash = HashOf(text);
        await using var db = await database.CreateContextAsync(ct);
        var row = await (from t in db.ApiTokens
                         join u in db.Users on t.UserId equals u.Id
                         where t.Hash == hash && t.RevokedAt == null
                         select new { t.Id, t.Scope, UserId = u.Id, u.UserName }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var role = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == row.UserId select r.Name).FirstOrDefaultAsync(ct);
        return role is null ? null : new TokenIdentity(row.UserName!, role, row.Scope, row.Id);
    }

    internal static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static async Task<PlannerUser?> FindEntityAsync(PlannerDbContext db, string name, CancellationToken ct)
    {
        var normalized = name.ToUpperInvariant();
        return await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
    }

    private static TokenSummary Summarize(ApiToken t, string user) => new(t.Id, user, t.Prefix, t.Scope, t.Label, t.CreatedAt, t.CreatedBy, t.RevokedAt);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InputException(result.Errors.Select(e => new InputProblem(FieldOf(e.Code), $"{FieldOf(e.Code)}: {e.Description}")).ToList());
        }
    }

    private static string FieldOf(string code) =>
        code.StartsWith("Password", StringComparison.Ordinal) ? "password"
        : code.Contains("Email", StringComparison.Ordinal) ? "email"
        : code.Contains("Role", StringComparison.Ordinal) ? "role"
        : "name";
}

public sealed record AccountSummary(string Name, string Role, string? Email, DateTime CreatedAt, int ActiveTokens);

public sealed record TokenSummary(int Id, string User, string Prefix, string Scope, string? Label, DateTime CreatedAt, string CreatedBy, DateTime? RevokedAt)
{
    public bool Revoked => RevokedAt is not null;
}

/// <summary>A new token: <see cref="Text"/> is shown once and never stored.</summary>
public sealed record CreatedToken(string Text, TokenSummary Token);

public sealed record TokenIdentity(string UserName, string Role, string Scope, int TokenId);
