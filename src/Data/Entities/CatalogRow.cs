namespace Planner.Data.Entities;

/// <summary>
/// What every catalog row carries besides its figures: where the figures came from, the date they were true on,
/// and who changed the row last. See docs/data.md.
/// </summary>
public abstract class CatalogRow
{
    /// <summary>Human-readable source ("NVIDIA H100 datasheet"), with any choice made from a range stated.</summary>
    public string Source { get; set; } = "";

    public string? SourceUrl { get; set; }

    /// <summary>The date the figures were true on.</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>Who changed the row last (a user name, or "seed" for the shipped catalogs).</summary>
    public string UpdatedBy { get; set; } = "";

    /// <summary>When the row was changed last (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}
