namespace Planner.Data.Entities;

/// <summary>One change to the store: who, when, what (an action such as <c>scenario.save</c>) and its target.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public string User { get; set; } = "";

    public string Action { get; set; } = "";

    public string Target { get; set; } = "";

    public string? Detail { get; set; }
}
