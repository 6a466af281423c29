namespace Planner.Data.Entities;

/// <summary>A saved scenario: its current JSON and metadata; every saved version is kept in <see cref="Versions"/>.</summary>
public sealed class StoredScenario
{
    /// <summary>Short stable id used by the CLI and in URLs (8 characters, lower-case base32).</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public List<string> Tags { get; set; } = [];

    public string Owner { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    /// <summary>Increments on each save; the optimistic concurrency token.</summary>
    public int Version { get; set; }

    public string CurrentJson { get; set; } = "";

    public List<ScenarioVersion> Versions { get; set; } = [];
}
