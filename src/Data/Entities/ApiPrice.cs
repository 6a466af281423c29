namespace Planner.Data.Entities;

/// <summary>A model-as-a-service price card; scenarios name it "vendor/model".</summary>
public sealed class ApiPrice : CatalogRow
{
    public string Vendor { get; set; } = "";

    public string Model { get; set; } = "";

    /// <summary>ISO 4217 code of the card's prices (the price columns keep the "Usd" names of the first, USD-only catalog).</summary>
    public string Currency { get; set; } = "USD";

    public decimal InputPerMillionUsd { get; set; }

    public decimal OutputPerMillionUsd { get; set; }

    /// <summary>Price per 1M input tokens read from the provider's prompt cache; null when the card has none.</summary>
    public decimal? CachedInputPerMillionUsd { get; set; }

    /// <summary>Fraction off every token price in the provider's batch service; null when it has none.</summary>
    public double? BatchDiscount { get; set; }

    /// <summary>Context window in tokens; null when the source gives none.</summary>
    public int? ContextWindowTokens { get; set; }

    public string Key => $"{Vendor}/{Model}";
}
