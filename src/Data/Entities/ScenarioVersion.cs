namespace Planner.Data.Entities;

/// <summary>One saved version of a scenario, kept for history and restore.</summary>
public sealed class ScenarioVersion
{
    public string ScenarioId { get; set; } = "";

    public int Version { get; set; }

    public string Json { get; set; } = "";

    public DateTime SavedAt { get; set; }

    public string SavedBy { get; set; } = "";

    public string? Note { get; set; }
}
