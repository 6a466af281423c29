using Planner.CostModel.Text;
using Planner.CostModel.Inputs;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.Scenarios;

/// <summary>
/// A build-vs-rent-vs-API question: a workload, the sourcing options that could serve it, and the finance
/// settings to compare them with. Read from JSON by <see cref="Json.ScenarioJson"/>; see docs/scenario-format.md.
/// </summary>
public sealed record Scenario
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>
    /// The name and description translated, by language tag (one of <see cref="ScenarioLanguages.Tags"/>); empty when
    /// the scenario has none. Read by <see cref="ScenarioLanguages.TextFor"/>.
    /// </summary>
    public IReadOnlyDictionary<string, LocalizedText> Localized { get; init; } = new Dictionary<string, LocalizedText>();

    /// <summary>ISO 4217 code; every money figure in the scenario is in this currency.</summary>
    public string Currency { get; init; } = "USD";

    public required int HorizonMonths { get; init; }

    public double DiscountRateAnnual { get; init; }

    /// <summary>
    /// Tax rate on the company's profit; when above 0 every option is compared after tax (expenses deductible when paid,
    /// purchases through their depreciation, resale gains taxed). See docs/methodology.md, "Tax".
    /// </summary>
    public double TaxRateAnnual { get; init; }

    public required Workload Workload { get; init; }

    /// <summary>The id of the option every other option is compared with.</summary>
    public required string Baseline { get; init; }

    public required IReadOnlyList<SourcingOption> Options { get; init; }

    public Benefits? Benefits { get; init; }

    public string? Notes { get; init; }

    public SensitivitySettings Sensitivity { get; init; } = SensitivitySettings.Default;

    /// <summary>Inputs that carry a probability distribution instead of a single number (Monte Carlo).</summary>
    public IReadOnlyList<UncertainInput> Uncertainties { get; init; } = [];

    /// <summary>Rank correlations between uncertain inputs.</summary>
    public IReadOnlyList<RankCorrelation> Correlations { get; init; } = [];

    /// <summary>
    /// Where inputs came from, by input key (see <see cref="InputKeys"/>). An input with no entry was typed in
    /// the scenario. The reader records defaults; reference resolution records catalog and benchmark origins.
    /// </summary>
    public IReadOnlyDictionary<string, InputOrigin> Origins { get; init; } = new Dictionary<string, InputOrigin>();

    /// <summary>
    /// The benchmark results and projections behind throughput taken from references, one per such option; filled by
    /// reference resolution (never read from or written to JSON).
    /// </summary>
    public IReadOnlyList<ThroughputEvidence> Evidence { get; init; } = [];

    /// <summary>"no option has the id '{id}' (ids: {the ids there are})": every look-up of an option by its id words it so.</summary>
    private static readonly PhraseTemplate NoOptionTemplate = new("scenario.noOption", "no option has the id '{0}' (ids: {1})");

    /// <summary>The problem of an id that names none of the options, listing the ids there are.</summary>
    internal InputException NoOption(string id) =>
        new(InputProblem.General(NoOptionTemplate.With(id, string.Join(", ", Options.Select(o => o.Id)))));

    public SourcingOption? FindOption(string id) => Options.FirstOrDefault(o => o.Id == id);

    public SourcingOption GetOption(string id) =>
        FindOption(id) ?? throw NoOption(id);
}

public sealed record Workload
{
    public double RequestsPerMonth { get; init; } = double.NaN;

    public double MonthlyGrowth { get; init; }

    public double InputTokensPerRequest { get; init; }

    public double OutputTokensPerRequest { get; init; }

    /// <summary>Peak-hour load divided by average load; sizes an owned fleet. Left at 1 when <see cref="HourlyShares"/> gives the shape.</summary>
    public double PeakToAverage { get; init; } = 1;

    /// <summary>Latency target: p95 time to first token, seconds; 0 = no target (then <see cref="ItlP95Seconds"/> is 0 too).</summary>
    public double TtftP95Seconds { get; init; }

    /// <summary>Latency target: p95 inter-token latency, seconds; 0 = no target.</summary>
    public double ItlP95Seconds { get; init; }

    /// <summary>Whether the workload has latency targets (both are given): GPU options with a replica capacity are sized at them.</summary>
    public bool HasLatencyTargets => TtftP95Seconds > 0 && ItlP95Seconds > 0;

    /// <summary>A day's requests by hour (24 shares adding up to 1, hour 0 first); null = no profile (<see cref="PeakToAverage"/> applies). See <see cref="DemandShape"/>.</summary>
    public IReadOnlyList<double>? HourlyShares { get; init; }

    /// <summary>Weekend days' own hourly shares; null = every day follows <see cref="HourlyShares"/>.</summary>
    public IReadOnlyList<double>? WeekendHourlyShares { get; init; }

    /// <summary>A weekend day's requests relative to a weekday's (with <see cref="WeekendHourlyShares"/>).</summary>
    public double WeekendDayVolume { get; init; } = 1;

    /// <summary>The share of input tokens a pay-per-token API reads from its prompt cache (priced at its cached-input price).</summary>
    public double CachedInputShare { get; init; }

    /// <summary>The share of requests that can wait for a pay-per-token API's batch (asynchronous) service.</summary>
    public double BatchShare { get; init; }

    /// <summary>
    /// The model the workload serves: a models-catalog name (e.g. "llama-3-70b", its parameter count from the catalog),
    /// or, with <see cref="ModelParametersBillions"/>, a label for a model the catalog lacks; null = not named, and the
    /// size of the model behind handed-over throughput is not checked (<see cref="Inputs.EvidenceGuard.CheckModel"/>).
    /// </summary>
    public string? Model { get; init; }

    /// <summary>The served model's total parameters in billions (70 for a 70B model), for a model not in the models catalog; null = the catalog's count for <see cref="Model"/>.</summary>
    public double? ModelParametersBillions { get; init; }

    /// <summary>The largest <see cref="ModelParametersBillions"/>: 10^15 parameters, the models catalog's own bound.</summary>
    public const double MaxModelParametersBillions = 1_000_000;
}

public sealed record Benefits
{
    public double ValuePerRequest { get; init; }

    public double FixedMonthlyValue { get; init; }

    /// <summary>Value per inspected item (request) from defects caught and false rejects; see <see cref="ValueModels"/>.</summary>
    public QualityInspectionValue? QualityInspection { get; init; }

    /// <summary>Monthly value of unplanned downtime avoided.</summary>
    public PredictiveMaintenanceValue? PredictiveMaintenance { get; init; }

    /// <summary>Monthly value of a throughput or yield gain.</summary>
    public LineOptimizationValue? LineOptimization { get; init; }

    /// <summary>valuePerRequest plus every per-request value model's value (docs/methodology.md, "Benefits and ROI").</summary>
    public double TotalValuePerRequest => ValuePerRequest + ModelValues(ValueBasis.PerRequest);

    /// <summary>fixedMonthlyValue plus every per-month value model's value.</summary>
    public double TotalMonthlyValue => FixedMonthlyValue + ModelValues(ValueBasis.PerMonth);

    private double ModelValues(ValueBasis basis)
    {
        var sum = 0.0;
        // By index: a foreach over the interface allocates an enumerator, and the Monte Carlo asks this on every trial.
        var models = ValueModels.All;
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            if (model.Basis == basis && model.Get(this) is { } part)
            {
                sum += model.Value(part);
            }
        }
        return sum;
    }
}

/// <summary>Tornado settings: default low/high factors and per-input overrides (absolute values).</summary>
public sealed record SensitivitySettings
{
    public static readonly SensitivitySettings Default = new();

    public double LowFactor { get; init; } = 0.8;

    public double HighFactor { get; init; } = 1.2;

    public IReadOnlyDictionary<string, SensitivityRange> Ranges { get; init; } = new Dictionary<string, SensitivityRange>();
}

public sealed record SensitivityRange(double Low, double High);
