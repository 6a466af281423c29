namespace Planner.Data.Entities;

public enum PricingKind
{
    OnDemand,
    Reserved,
    Spot,
}

/// <summary>A cloud instance offer, priced per GPU-hour.</summary>
public sealed class CloudOffer : CatalogRow
{
    /// <summary>Stable id scenarios name, e.g. "aws-p5-48xlarge-ondemand".</summary>
    public string Id { get; set; } = "";

    public string Provider { get; set; } = "";

    public string Instance { get; set; } = "";

    /// <summary>The GPU catalog name of the instance's accelerator.</summary>
    public string Gpu { get; set; } = "";

    public int GpusPerInstance { get; set; }

    public decimal PricePerGpuHourUsd { get; set; }

    public PricingKind PricingKind { get; set; }

    /// <summary>Region or "" when the source gives none.</summary>
    public string Region { get; set; } = "";
}
