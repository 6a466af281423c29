namespace Planner.CostModel.Scenarios;

/// <summary>
/// The option fields that name something in the store instead of giving numbers: a catalog row (gpu, cloudOffer,
/// apiPrice), a benchmark result / projection (throughputFrom), a serving run (capacityFrom, latencyFrom) or a
/// training benchmark result (trainingFrom). See <see cref="OptionReferences"/>.
/// </summary>
public enum ReferenceField
{
    Gpu,
    CloudOffer,
    ApiPrice,
    ThroughputFrom,
    TrainingFrom,
    CapacityFrom,
    LatencyFrom,
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
        ReferenceField.TrainingFrom => "trainingFrom",
        ReferenceField.CapacityFrom => "capacityFrom",
        ReferenceField.LatencyFrom => "latencyFrom",
    };

    /// <summary>Whether the field names a catalog row (gpu, cloudOffer, apiPrice), rather than a benchmark result, projection or serving run.</summary>
    public static bool NamesCatalogRow(this ReferenceField field) => field switch
    {
        ReferenceField.Gpu or ReferenceField.CloudOffer or ReferenceField.ApiPrice => true,
        ReferenceField.ThroughputFrom or ReferenceField.TrainingFrom or ReferenceField.CapacityFrom or ReferenceField.LatencyFrom => false,
    };

    /// <summary>The catalog row an option names in this field, or null (throughputFrom, trainingFrom, capacityFrom and latencyFrom name none).</summary>
    public static string? CatalogKey(this OptionReferences references, ReferenceField field) => field switch
    {
        ReferenceField.Gpu => references.Gpu,
        ReferenceField.CloudOffer => references.CloudOffer,
        ReferenceField.ApiPrice => references.ApiPrice,
        ReferenceField.ThroughputFrom or ReferenceField.TrainingFrom or ReferenceField.CapacityFrom or ReferenceField.LatencyFrom => null,
    };

    /// <summary>The references with a catalog row named in <paramref name="field"/>.</summary>
    public static OptionReferences WithCatalogKey(this OptionReferences references, ReferenceField field, string key) => field switch
    {
        ReferenceField.Gpu => references with { Gpu = key },
        ReferenceField.CloudOffer => references with { CloudOffer = key },
        ReferenceField.ApiPrice => references with { ApiPrice = key },
        ReferenceField.ThroughputFrom or ReferenceField.TrainingFrom or ReferenceField.CapacityFrom or ReferenceField.LatencyFrom =>
            throw new ArgumentException($"{field.JsonName()} names a benchmark result or a projection, not a catalog row", nameof(field)),
    };

    /// <summary>How a problem message names what the field refers to: "\"H100 SXM\"", "(run r1, gpt-decoder)", or null when the field is empty.</summary>
    public static string? Describe(this OptionReferences references, ReferenceField field) => field switch
    {
        ReferenceField.ThroughputFrom => references.ThroughputFrom is { } from
            ? from.Projection is { } p ? $"(projection of {p.Model} on {p.Gpus}x {p.Gpu})" : $"(run {from.Run}, {from.Model})"
            : null,
        ReferenceField.TrainingFrom => references.TrainingFrom is { } training ? $"(training run {training.Run}, {training.Model})" : null,
        ReferenceField.CapacityFrom => references.CapacityFrom is { } c ? $"(run {c.Run}{ServingRunReferences.DescribeLoad(c)})" : null,
        ReferenceField.LatencyFrom => references.LatencyFrom is { } l ? $"(run {l.Run}{ServingRunReferences.DescribeLoad(l)})" : null,
        ReferenceField.Gpu or ReferenceField.CloudOffer or ReferenceField.ApiPrice =>
            references.CatalogKey(field) is { } key ? $"\"{key}\"" : null,
    };
}

public static class ServingRunReferences
{
    /// <summary>The load a reference names, as ", rate 2/s" or ", concurrency 4"; empty when it names none.</summary>
    public static string DescribeLoad(ServingRunReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Rate is { } r ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", rate {r}/s")
            : reference.Concurrency is { } c ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", concurrency {c}")
            : "";
    }
}
