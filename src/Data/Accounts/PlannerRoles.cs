namespace Planner.Data.Accounts;

/// <summary>
/// The three roles, each including the one before: a viewer reads and exports; an editor also saves scenarios and
/// benchmark runs; an admin also changes catalogs, accounts and tokens of others, and deletes (docs/security.md).
/// </summary>
public static class PlannerRoles
{
    public const string Viewer = "viewer";
    public const string Editor = "editor";
    public const string Admin = "admin";

    /// <summary>From least to most rights.</summary>
    public static IReadOnlyList<string> All { get; } = [Viewer, Editor, Admin];

    /// <summary>Whether <paramref name="role"/> has at least the rights of <paramref name="required"/>.</summary>
    public static bool Includes(string? role, string required) =>
        role is not null && IndexOf(role) >= IndexOf(required) && IndexOf(required) >= 0;

    public static bool IsKnown(string? role) => role is not null && IndexOf(role) >= 0;

    private static int IndexOf(string role) => All.ToList().IndexOf(role);
}

/// <summary>What an API token may do: <c>read</c> (GET and evaluations) or <c>write</c> (also what its user's role allows to change).</summary>
public static class TokenScopes
{
    public const string Read = "read";
    public const string Write = "write";

    public static IReadOnlyList<string> All { get; } = [Read, Write];
}
