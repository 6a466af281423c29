using Planner.CostModel.Text;

namespace Planner.CostModel.Inputs;

public enum OriginKind
{
    /// <summary>Typed in the scenario.</summary>
    Typed,

    /// <summary>Not given; the documented default applies.</summary>
    Default,

    /// <summary>From a catalog row (GPU, cloud offer, API price card, cost defaults).</summary>
    Catalog,

    /// <summary>From a stored benchmark result.</summary>
    Benchmark,

    /// <summary>From a throughput projection for a model too large to benchmark here.</summary>
    Projection,
}

/// <summary>Where an input's value came from, so a report can show it beside the number.</summary>
public sealed record InputOrigin
{
    public static readonly InputOrigin Typed = new() { Kind = OriginKind.Typed, Source = "typed in the scenario" };
    public static readonly InputOrigin Default = new() { Kind = OriginKind.Default, Source = "default" };

    /// <summary>The sources of <see cref="Typed"/> and <see cref="Default"/> as phrases, for hosts that write them in the reader's language.</summary>
    public static readonly IReadOnlyList<PhraseTemplate> Phrases = [new("origin.typed", Typed.Source), new("origin.default", Default.Source)];

    public required OriginKind Kind { get; init; }

    /// <summary>Human-readable source: a catalog row's source text, "benchmark run X on device Y", ...</summary>
    public required string Source { get; init; }

    public string? SourceUrl { get; init; }

    /// <summary>The date the figure was true on (catalog as-of date, benchmark run date), ISO 8601.</summary>
    public string? AsOf { get; init; }

    /// <summary>What was referenced: catalog row name, run id and result, projection settings.</summary>
    public string? Reference { get; init; }
}
