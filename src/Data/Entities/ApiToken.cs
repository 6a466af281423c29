namespace Planner.Data.Entities;

/// <summary>
/// An API token: only the SHA-256 of the token text is stored, so the store never holds a usable token. Revoking keeps
/// the row (who had what, until when) and makes it unusable.
/// </summary>
public sealed class ApiToken
{
    public int Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole token text.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The first characters of the token, to recognise it in lists.</summary>
    public string Prefix { get; set; } = "";

    /// <summary><c>read</c> or <c>write</c> (<see cref="Accounts.TokenScopes"/>).</summary>
    public string Scope { get; set; } = "";

    public string? Label { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime? RevokedAt { get; set; }
}
