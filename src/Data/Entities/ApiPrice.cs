namespace Planner.Data.Entities;

/// <summary>A model-as-a-service price card; scenarios name it "vendor/model".</summary>
public sealed class ApiPrice : CatalogRow
{
    public string Vendor { get; set; } = "";

    public string Model { get; set; } = "";

    public decimal InputPerMillionUsd { get; set; }

    public decimal OutputPerMillionUsd { get; set; }

    /// <summary>Context window in tokens; null when the source gives none.</summary>
    public int? ContextWindowTokens { get; set; }

    public string Key => $"{Vendor}/{Model}";
}
