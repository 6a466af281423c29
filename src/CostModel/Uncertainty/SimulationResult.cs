using System.Text.Json.Serialization;

namespace Planner.CostModel.Uncertainty;

/// <summary>
/// The outcome of <see cref="MonteCarlo.Run(Scenarios.Scenario, SimulationSettings, IProgress{double}?, CancellationToken)"/>:
/// per option the distribution of its present value and of its NPV savings against the baseline, how often it was the
/// cheapest, and a rank-correlation tornado of the uncertain inputs against the decision metric.
/// </summary>
public sealed record SimulationResult
{
    public required string Scenario { get; init; }

    public required string Currency { get; init; }

    public required int Trials { get; init; }

    public required long Seed { get; init; }

    public required string Baseline { get; init; }

    /// <summary>The option the deterministic evaluation recommends (lowest present value at the inputs' base values).</summary>
    public required string Recommendation { get; init; }

    public required IReadOnlyList<OptionSimulation> Options { get; init; }

    /// <summary>"npvSavings" (recommendation vs baseline) or "presentValue" (the baseline's, when it is recommended).</summary>
    public required string TornadoMetric { get; init; }

    /// <summary>Uncertain inputs sorted by |rank correlation| with the decision metric, largest first.</summary>
    public required IReadOnlyList<RankTornadoBar> Tornado { get; init; }

    /// <summary>
    /// When the scenario gives benefits: the present value of the benefits per trial (the same for every option), which
    /// the value-model and benefit inputs move; null without benefits.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SampleStatistics? BenefitsPresentValue { get; init; }

    /// <summary>
    /// When the scenario gives benefits: uncertain inputs sorted by |rank correlation| with the recommendation's NPV
    /// (benefits present value minus its cost present value), largest first; null without benefits.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RankTornadoBar>? ValueTornado { get; init; }

    /// <summary>The inputs that carried a distribution, with the spread of the values actually used (after clamping).</summary>
    public required IReadOnlyList<InputSimulation> Inputs { get; init; }

    public OptionSimulation GetOption(string id) =>
        Options.FirstOrDefault(o => o.Id == id) ?? throw new KeyNotFoundException($"no option '{id}' in the simulation");
}

public sealed record OptionSimulation
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required SampleStatistics PresentValue { get; init; }

    /// <summary>Baseline present value minus this option's, per trial; null for the baseline itself.</summary>
    public SampleStatistics? NpvSavings { get; init; }

    /// <summary>The share of trials in which this option cost less than the baseline (savings &gt; 0); null for the baseline.</summary>
    public double? ProbabilityBeatsBaseline { get; init; }

    /// <summary>The share of trials in which this option had the lowest present value (ties go to the earlier option).</summary>
    public required double ProbabilityCheapest { get; init; }

    /// <summary>Benefits present value minus this option's present value, per trial; null when the scenario gives no benefits.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SampleStatistics? Npv { get; init; }

    /// <summary>The share of trials in which this option's NPV was above zero (its benefits outweighed its cost); null without benefits.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ProbabilityPositiveNpv { get; init; }
}

/// <summary>
/// Summary of a sample: mean, standard deviation (n - 1), the standard error of the mean (sd / √n), percentiles by
/// linear interpolation between order statistics (Hyndman and Fan type 7, the spreadsheet PERCENTILE.INC), extremes
/// and an equal-width histogram from Min to Max.
/// </summary>
public sealed record SampleStatistics
{
    public required double Mean { get; init; }

    public required double StdDev { get; init; }

    public required double StandardError { get; init; }

    public required double P5 { get; init; }

    public required double P10 { get; init; }

    public required double P50 { get; init; }

    public required double P90 { get; init; }

    public required double P95 { get; init; }

    public required double Min { get; init; }

    public required double Max { get; init; }

    public required IReadOnlyList<HistogramBin> Histogram { get; init; }
}

/// <summary>A histogram bin [From, To) (the last bin includes To).</summary>
public sealed record HistogramBin(double From, double To, int Count);

/// <summary>The Spearman rank correlation between one uncertain input's sampled values and the decision metric.</summary>
public sealed record RankTornadoBar
{
    public required string Input { get; init; }

    public required string Label { get; init; }

    public required string Unit { get; init; }

    public required double RankCorrelation { get; init; }
}

public sealed record InputSimulation
{
    public required string Input { get; init; }

    public required string Label { get; init; }

    public required string Unit { get; init; }

    public required Distribution Distribution { get; init; }

    public required double Mean { get; init; }

    public required double P5 { get; init; }

    public required double P95 { get; init; }

    /// <summary>The share of trials whose sampled value lay outside the field's allowed range and was clamped to it.</summary>
    public required double ClampedFraction { get; init; }
}

/// <summary>How to run a simulation.</summary>
public sealed record SimulationSettings
{
    public const int MinTrials = 100;
    public const int MaxTrials = Limits.MonteCarloTrials;
    public const int DefaultTrials = 10_000;
    public const long DefaultSeed = 42;

    /// <summary>The allowed number of trials, as every host words it: "must be &gt;= 100 and &lt;= 1,000,000".</summary>
    public static string TrialsRule { get; } = string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"must be >= {MinTrials} and <= {MaxTrials:N0}");

    /// <summary><see cref="TrialsRule"/> as a phrase.</summary>
    public static Text.Phrase TrialsRange() => Text.ProblemPhrases.Between(">= " + MinTrials.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "<= " + MaxTrials.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));

    public static bool AllowsTrials(int trials) => trials is >= MinTrials and <= MaxTrials;

    public int Trials { get; init; } = DefaultTrials;

    public long Seed { get; init; } = DefaultSeed;

    /// <summary>Threads to use; -1 lets the runtime choose. The result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    public int HistogramBins { get; init; } = 40;
}
