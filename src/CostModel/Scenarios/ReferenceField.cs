namespace Planner.CostModel.Scenarios;

/// <summary>
/// The option fields that name something in the store instead of giving numbers: a catalog row (gpu, cloudOffer,
/// apiPrice) or a benchmark result / projection (throughputFrom). See <see cref="OptionReferences"/>.
/// </summary>
public enum ReferenceField
{
    Gpu,
    CloudOffer,
    ApiPrice,
    ThroughputFrom,
}

public static class ReferenceFields
{
    /// <summary>The field's name in scenario JSON.</summary>
    public static string JsonName(this ReferenceField field) => field switch
    {
        ReferenceField.Gpu => "gpu",
        ReferenceField.CloudOffer => "cloudOffer",
        ReferenceField.ApiPrice => "apiPrice",
        ReferenceField.ThroughputFrom => "throughputFrom",
    };

    /// <summary>The catalog row an option names in this field, or null (throughputFrom names no catalog row).</summary>
    public static string? CatalogKey(this OptionReferences references, ReferenceField field) => field switch
    {
        ReferenceField.Gpu => references.Gpu,
        ReferenceField.CloudOffer => references.CloudOffer,
        ReferenceField.ApiPrice => references.ApiPrice,
        ReferenceField.ThroughputFrom => null,
    };

    /// <summary>The references with a catalog row named in <paramref name="field"/>.</summary>
    public static OptionReferences WithCatalogKey(this OptionReferences references, ReferenceField field, string key) => field switch
    {
        ReferenceField.Gpu => references with { Gpu = key },
        ReferenceField.CloudOffer => references with { CloudOffer = key },
        ReferenceField.ApiPrice => references with { ApiPrice = key },
        ReferenceField.ThroughputFrom => throw new ArgumentException("throughputFrom names a benchmark result or a projection, not a catalog row", nameof(field)),
    };

    /// <summary>How a problem message names what the field refers to: "\"H100 SXM\"", "(run r1, gpt-decoder)", or null when the field is empty.</summary>
    public static string? Describe(this OptionReferences references, ReferenceField field) => field switch
    {
        ReferenceField.ThroughputFrom => references.ThroughputFrom is { } from
            ? from.Projection is { } p ? $"(projection of {p.Model} on {p.Gpus}x {p.Gpu})" : $"(run {from.Run}, {from.Model})"
            : null,
        ReferenceField.Gpu or ReferenceField.CloudOffer or ReferenceField.ApiPrice =>
            references.CatalogKey(field) is { } key ? $"\"{key}\"" : null,
    };
}
