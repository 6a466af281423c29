namespace Planner.Data.Scenarios;

/// <summary>
/// A request to save scenario JSON. <see cref="Id"/> null creates a scenario with a new id; saving over an existing
/// scenario needs <see cref="ExpectedVersion"/>, the version the change was made to. Name and description come from
/// the JSON unless given here; when given, they are written into the stored JSON as well, so that every view and report
/// of the stored scenario names it alike.
/// </summary>
public sealed record ScenarioSave
{
    public string? Id { get; init; }

    public required string Json { get; init; }

    public int? ExpectedVersion { get; init; }

    public required string Owner { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Null keeps the stored tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    public string? Note { get; init; }
}

/// <summary>A stored scenario without its JSON, for lists.</summary>
public sealed record ScenarioSummary(
    string Id, string Name, string? Description, IReadOnlyList<string> Tags, string Owner,
    DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, int Version);

/// <summary>One entry of a scenario's history.</summary>
public sealed record ScenarioVersionInfo(int Version, DateTime SavedAt, string SavedBy, string? Note);
