namespace Planner.Data.Entities;

/// <summary>A typical operating-cost figure (PUE, electricity price, depreciation life, ...) offered as a starting value.</summary>
public sealed class CostDefault : CatalogRow
{
    /// <summary>camelCase key, e.g. "electricityPerKwh".</summary>
    public string Key { get; set; } = "";

    public double Value { get; set; }

    public string Unit { get; set; } = "";

    public string Description { get; set; } = "";
}
