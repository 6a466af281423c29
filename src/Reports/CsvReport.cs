using Planner.CostModel.Text;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Uncertainty;

namespace Planner.Reports;

/// <summary>
/// The CSV reports (RFC 4180 through CsvHelper, invariant culture, numbers in round-trip "R" form, a header row):
/// monthly cash flows, summary metrics, assumptions with origins, benchmark evidence, throughput projections and the
/// Monte Carlo simulation. docs/reports.md lists the columns.
/// </summary>
public static class CsvReport
{
    /// <summary>The file-name suffixes of the sibling files <see cref="WriteFiles"/> writes next to the cash-flow file.</summary>
    public static readonly IReadOnlyList<string> SiblingSuffixes = ["-summary", "-assumptions", "-benchmarks", "-projections", "-risk", "-risk-inputs"];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    internal static readonly CsvColumn<(OptionResult Option, MonthlyCash Month)>[] CashFlowColumns =
    [
        new("option", r => r.Option.Id),
        new("kind", r => r.Option.Kind),
        new("month", r => Integer(r.Month.Month)),
        new("requests", r => Number(r.Month.Requests)),
        new("tokens", r => Number(r.Month.Tokens)),
        new("gpus", r => Number(r.Month.Gpus)),
        new("servers", r => Integer(r.Month.Servers)),
        new("cash", r => Number(r.Month.Cash)),
        new("usage", r => Number(r.Month.Usage)),
        new("compute", r => Number(r.Month.Compute)),
        new("energy", r => Number(r.Month.Energy)),
        new("colocation", r => Number(r.Month.Colocation)),
        new("maintenance", r => Number(r.Month.Maintenance)),
        new("staff", r => Number(r.Month.Staff)),
        new("capex", r => Number(r.Month.Capex)),
        new("setup", r => Number(r.Month.Setup)),
        new("fixed", r => Number(r.Month.Fixed)),
        new("resale", r => Number(r.Month.Resale)),
        new("depreciation", r => Number(r.Month.Depreciation)),
        new("energyKwh", r => Number(r.Month.EnergyKwh)),
        new("tax", r => Number(r.Month.Tax)),
        new("financing", r => Number(r.Month.Financing)),
        new("interest", r => Number(r.Month.Interest)),
        new("lease", r => Number(r.Month.Lease)),
        new("idleCommittedGpuHours", r => Number(r.Month.IdleCommittedGpuHours)),
        new("overflowRequests", r => Number(r.Month.OverflowRequests)),
        new("overflowGpuHours", r => Number(r.Month.OverflowGpuHours)),
    ];

    internal static readonly CsvColumn<SummaryRow>[] SummaryColumns =
    [
        new("option", r => r.Option.Id),
        new("kind", r => r.Option.Kind),
        new("name", r => r.Option.Name),
        new("currency", r => r.Currency),
        new("recommended", r => r.Recommended ? "true" : "false"),
        new("totalCost", r => Number(r.Option.TotalCost)),
        new("presentValue", r => Number(r.Option.PresentValue)),
        new("levelizedCostPerMillionTokens", r => Number(r.Option.LevelizedCostPerMillionTokens)),
        new("energyKwh", r => Number(r.Option.EnergyKwh)),
        new("peakGpus", r => Integer(r.Option.PeakGpus)),
        new("servers", r => Integer(r.Option.Servers)),
        new("capex", r => Number(r.Option.Capex)),
        new("idleCommittedGpuHours", r => Number(r.Option.IdleCommittedGpuHours)),
        new("overflowTo", r => r.Option.Hybrid?.OverflowTo),
        new("ownedShare", r => Number(r.Option.Hybrid?.OwnedShare)),
        new("overflowRequests", r => Number(r.Option.Hybrid?.OverflowRequests)),
        new("overflowCost", r => Number(r.Option.Hybrid?.OverflowCost)),
        new("npv", r => Number(r.Option.Npv)),
        new("roi", r => Number(r.Option.Roi)),
        new("baseline", r => r.Baseline),
        new("npvSavings", r => Number(r.Comparison?.NpvSavings)),
        new("irrAnnual", r => Number(r.Comparison?.IrrAnnual)),
        new("irrNote", r => r.Comparison?.IrrNote),
        new("paybackMonth", r => Integer(r.Comparison?.PaybackMonth)),
        new("discountedPaybackMonth", r => Integer(r.Comparison?.DiscountedPaybackMonth)),
        new("breakEvenRequestsPerMonth", r => Number(r.Comparison?.BreakEvenRequestsPerMonth)),
        new("breakEvenNote", r => r.Comparison?.BreakEvenNote),
    ];

    internal static readonly CsvColumn<InputValue>[] AssumptionColumns =
    [
        new("key", i => i.Key),
        new("path", i => i.Path),
        new("label", i => i.Label),
        new("value", i => Number(i.Value)),
        new("unit", i => i.Unit),
        new("originKind", i => i.Origin.Kind.ToString().ToLowerInvariant()),
        new("source", i => i.Origin.Source),
        new("sourceUrl", i => i.Origin.SourceUrl),
        new("asOf", i => i.Origin.AsOf),
        new("reference", i => i.Origin.Reference),
    ];

    internal static readonly CsvColumn<BenchmarkEvidence>[] BenchmarkColumns =
    [
        new("run", b => b.Run),
        new("model", b => b.Model),
        new("settings", b => b.Settings),
        new("device", b => b.Device),
        new("measuredAt", b => b.MeasuredAt),
        new("prefillTokensPerSecond", b => Number(b.PrefillTokensPerSecond)),
        new("decodeTokensPerSecond", b => Number(b.DecodeTokensPerSecond)),
        new("latencyP50Ms", b => Number(b.LatencyP50Ms)),
        new("latencyP95Ms", b => Number(b.LatencyP95Ms)),
        new("latencyP99Ms", b => Number(b.LatencyP99Ms)),
        new("valid", b => b.Valid ? "true" : "false"),
        new("validity", b => b.Validity),
    ];

    internal static readonly CsvColumn<OptionProjection>[] ProjectionColumns =
    [
        new("option", p => p.Option),
        new("model", p => p.Projection.Model),
        new("gpu", p => p.Projection.Gpu),
        new("gpus", p => Integer(p.Projection.Gpus)),
        new("precision", p => p.Projection.Precision),
        new("batch", p => Integer(p.Projection.Batch)),
        new("contextLength", p => Integer(p.Projection.ContextLength)),
        new("weightMemoryGb", p => Number(p.Projection.WeightMemoryGb)),
        new("overheadGb", p => Number(p.Projection.OverheadGb)),
        new("kvCacheGbPerSequence", p => Number(p.Projection.KvCacheGbPerSequence)),
        new("totalMemoryGb", p => Number(p.Projection.TotalMemoryGb)),
        new("availableMemoryGb", p => Number(p.Projection.AvailableMemoryGb)),
        new("fits", p => p.Projection.Fits ? "true" : "false"),
        new("maxBatchThatFits", p => Integer(p.Projection.MaxBatchThatFits)),
        new("prefillTokensPerSecondPerGpu", p => Number(p.Projection.PrefillTokensPerSecondPerGpu)),
        new("prefillBound", p => p.Projection.PrefillBound),
        new("decodeTokensPerSecondPerGpu", p => Number(p.Projection.DecodeTokensPerSecondPerGpu)),
        new("decodeBound", p => p.Projection.DecodeBound),
        new("msPerOutputToken", p => Number(p.Projection.MsPerOutputToken)),
        new("computeEfficiency", p => Number(p.Projection.Efficiency.Compute)),
        new("bandwidthEfficiency", p => Number(p.Projection.Efficiency.Bandwidth)),
        new("tensorParallelEfficiency", p => Number(p.Projection.Efficiency.TensorParallel)),
        new("layerOverheadMicroseconds", p => Number(p.Projection.Efficiency.LayerOverheadMicroseconds)),
        new("halfEfficiencyHiddenSize", p => Number(p.Projection.Efficiency.HalfEfficiencyHiddenSize)),
        new("overlap", p => Number(p.Projection.Efficiency.Overlap)),
        new("efficiencySource", p => p.Projection.Efficiency.Source),
    ];

    internal static readonly CsvColumn<(SimulationResult Result, OptionSimulation Option)>[] RiskColumns =
    [
        new("option", r => r.Option.Id),
        new("name", r => r.Option.Name),
        new("currency", r => r.Result.Currency),
        new("trials", r => Integer(r.Result.Trials)),
        new("seed", r => r.Result.Seed.ToString(Invariant)),
        new("probabilityCheapest", r => Number(r.Option.ProbabilityCheapest)),
        new("probabilityBeatsBaseline", r => Number(r.Option.ProbabilityBeatsBaseline)),
        .. StatisticsColumns<(SimulationResult Result, OptionSimulation Option)>("presentValue", r => r.Option.PresentValue),
        .. StatisticsColumns<(SimulationResult Result, OptionSimulation Option)>("npvSavings", r => r.Option.NpvSavings),
    ];

    internal static readonly CsvColumn<(InputSimulation Input, RankTornadoBar Bar)>[] RiskInputColumns =
    [
        new("input", r => r.Input.Input),
        new("label", r => r.Input.Label),
        new("unit", r => r.Input.Unit),
        new("distribution", r => r.Input.Distribution.Describe()),
        new("mean", r => Number(r.Input.Mean)),
        new("p5", r => Number(r.Input.P5)),
        new("p95", r => Number(r.Input.P95)),
        new("clampedFraction", r => Number(r.Input.ClampedFraction)),
        new("rankCorrelation", r => Number(r.Bar.RankCorrelation)),
    ];

    /// <summary>Monthly cash flows: one row per option and month (0..H), one column per category.</summary>
    public static void WriteCashFlows(ScenarioEvaluation evaluation, TextWriter writer) =>
        Write(writer, CashFlowColumns, evaluation.Options.SelectMany(o => o.Months.Select(m => (o, m))));

    /// <summary><see cref="WriteCashFlows(ScenarioEvaluation, TextWriter)"/> as a string.</summary>
    public static string CashFlows(ScenarioEvaluation evaluation)
    {
        var writer = new StringWriter(Invariant);
        WriteCashFlows(evaluation, writer);
        return writer.ToString();
    }

    /// <summary>Summary columns added when an option is sized at the workload's latency targets (empty for the others).</summary>
    internal static readonly CsvColumn<SummaryRow>[] TargetColumns = SizingColumns("", r => r.Option.AtTargets);

    /// <summary>
    /// Summary columns added when a hybrid's cloud overflow is sized at the latency targets: the same figures of the
    /// overflow's replicas (<see cref="HybridSplit.OverflowAtTargets"/>), named with the prefix "overflow" (empty for the others).
    /// </summary>
    internal static readonly CsvColumn<SummaryRow>[] OverflowTargetColumns = SizingColumns("overflow", r => r.Option.Hybrid?.OverflowAtTargets);

    private static CsvColumn<SummaryRow>[] SizingColumns(string prefix, Func<SummaryRow, TargetSizingResult?> sizing)
    {
        string Name(string name) => prefix.Length == 0 ? name : prefix + char.ToUpperInvariant(name[0]) + name[1..];
        return
        [
            new(Name("sizingAtTargets"), r => sizing(r)?.Sizing),
            new(Name("replicaRequestsPerSecond"), r => Number(sizing(r)?.ReplicaRequestsPerSecond)),
            new(Name("gpusPerReplica"), r => Integer(sizing(r)?.GpusPerReplica)),
            new(Name("peakRequestsPerSecond"), r => Number(sizing(r)?.PeakRequestsPerSecond)),
            new(Name("peakReplicas"), r => Integer(sizing(r)?.PeakReplicas)),
            new(Name("achievedUtilization"), r => Number(sizing(r)?.AchievedUtilization)),
            new(Name("costPerMillionTokensAtTargets"), r => Number(sizing(r)?.CostPerMillionTokensAtTargets)),
            new(Name("costPerMillionTokensWithoutTargets"), r => Number(sizing(r)?.CostPerMillionTokensWithoutTargets)),
            new(Name("presentValueWithoutTargets"), r => Number(sizing(r)?.PresentValueWithoutTargets)),
            new(Name("peakGpusWithoutTargets"), r => Integer(sizing(r)?.PeakGpusWithoutTargets)),
            new(Name("firstMonthReplicasByHour"), r => sizing(r) is { FirstMonthHours.Count: > 0 } a ? string.Join(" ", a.FirstMonthHours.Select(h => h.Replicas.ToString(Invariant))) : null),
        ];
    }

    /// <summary>
    /// Summary metrics: one row per option, with its comparison against the baseline (empty for the baseline itself); with
    /// the <see cref="TargetColumns"/> after them when an option is sized at the workload's latency targets, and the
    /// <see cref="OverflowTargetColumns"/> when a hybrid's overflow is.
    /// </summary>
    public static void WriteSummary(ScenarioEvaluation evaluation, TextWriter writer) =>
        Write(writer,
            [
                .. SummaryColumns,
                .. evaluation.Options.Any(o => o.AtTargets is not null) ? TargetColumns : [],
                .. evaluation.Options.Any(o => o.Hybrid?.OverflowAtTargets is not null) ? OverflowTargetColumns : [],
            ],
            evaluation.Options.Select(o => new SummaryRow(
            o, evaluation.Currency, o.Id == evaluation.Recommendation, evaluation.Baseline,
            evaluation.Comparisons.FirstOrDefault(c => c.Option == o.Id))));

    /// <summary>Every numeric input with its value, unit and origin.</summary>
    public static void WriteAssumptions(ScenarioEvaluation evaluation, TextWriter writer) =>
        Write(writer, AssumptionColumns, evaluation.Inputs);

    /// <summary>The benchmark evidence (header only when there is none).</summary>
    public static void WriteBenchmarks(IReadOnlyList<BenchmarkEvidence> benchmarks, TextWriter writer) =>
        Write(writer, BenchmarkColumns, benchmarks);

    /// <summary>The projections behind throughput figures (header only when there are none).</summary>
    public static void WriteProjections(IReadOnlyList<OptionProjection> projections, TextWriter writer) =>
        Write(writer, ProjectionColumns, projections);

    /// <summary>The simulated present value and NPV savings per option (header only without a simulation).</summary>
    public static void WriteRisk(SimulationResult? simulation, TextWriter writer) =>
        Write(writer, RiskColumns, simulation is null ? [] : simulation.Options.Select(o => (simulation, o)));

    /// <summary>The uncertain inputs, most influential first (|rank correlation| with the decision metric), as sampled.</summary>
    public static void WriteRiskInputs(SimulationResult? simulation, TextWriter writer)
    {
        var inputs = simulation?.Inputs.ToDictionary(i => i.Input, StringComparer.Ordinal);
        Write(writer, RiskInputColumns, simulation is null ? [] : simulation.Tornado.Select(b => (inputs![b.Input], b)));
    }

    /// <summary>
    /// Writes the cash flows to <paramref name="cashFlowsPath"/> and the other files next to it (<c>F.csv</c> gives
    /// <c>F-summary.csv</c>, <c>F-assumptions.csv</c>, <c>F-benchmarks.csv</c>, <c>F-projections.csv</c>,
    /// <c>F-risk.csv</c>, <c>F-risk-inputs.csv</c>). The seven files are written all or none. Returns the seven paths.
    /// </summary>
    public static IReadOnlyList<string> WriteFiles(ReportInput input, string cashFlowsPath)
    {
        using var files = new AtomicFileSet();
        StageFiles(input, cashFlowsPath, files);
        return files.Commit();
    }

    /// <summary>Stages the seven files of <see cref="WriteFiles"/> in <paramref name="files"/> (moved into place by its commit).</summary>
    public static void StageFiles(ReportInput input, string cashFlowsPath, AtomicFileSet files)
    {
        var paths = FilePaths(cashFlowsPath);
        var writers = Parts(input);
        for (var i = 0; i < paths.Count; i++)
        {
            files.Stage(paths[i], stream =>
            {
                using var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                writers[i].Write(text);
            });
        }
    }

    /// <summary>The paths <see cref="WriteFiles"/> writes, cash flows first.</summary>
    public static IReadOnlyList<string> FilePaths(string cashFlowsPath)
    {
        var full = Path.GetFullPath(cashFlowsPath);
        var directory = Path.GetDirectoryName(full)!;
        var stem = Path.GetFileNameWithoutExtension(full);
        var extension = Path.GetExtension(full);
        return [full, .. SiblingSuffixes.Select(s => Path.Combine(directory, stem + s + extension))];
    }

    /// <summary>The same CSV files in one zip (cash-flows.csv, summary.csv, assumptions.csv, benchmarks.csv, projections.csv, risk.csv, risk-inputs.csv), for a single download.</summary>
    public static void WriteZip(ReportInput input, Stream output)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, write) in Parts(input))
        {
            using var entry = zip.CreateEntry(name + ".csv", CompressionLevel.Optimal).Open();
            using var text = new StreamWriter(entry, new UTF8Encoding(false));
            write(text);
        }
    }

    private static List<(string Name, Action<TextWriter> Write)> Parts(ReportInput input) =>
    [
        ("cash-flows", w => WriteCashFlows(input.Evaluation, w)),
        ("summary", w => WriteSummary(input.Evaluation, w)),
        ("assumptions", w => WriteAssumptions(input.Evaluation, w)),
        ("benchmarks", w => WriteBenchmarks(input.Benchmarks, w)),
        ("projections", w => WriteProjections(input.Projections, w)),
        ("risk", w => WriteRisk(input.Simulation, w)),
        ("risk-inputs", w => WriteRiskInputs(input.Simulation, w)),
    ];

    private static IEnumerable<CsvColumn<T>> StatisticsColumns<T>(string prefix, Func<T, SampleStatistics?> of) =>
    [
        new(prefix + "Mean", r => Number(of(r)?.Mean)),
        new(prefix + "StdDev", r => Number(of(r)?.StdDev)),
        new(prefix + "StandardError", r => Number(of(r)?.StandardError)),
        new(prefix + "P5", r => Number(of(r)?.P5)),
        new(prefix + "P10", r => Number(of(r)?.P10)),
        new(prefix + "P50", r => Number(of(r)?.P50)),
        new(prefix + "P90", r => Number(of(r)?.P90)),
        new(prefix + "P95", r => Number(of(r)?.P95)),
    ];

    private static void Write<T>(TextWriter writer, IReadOnlyList<CsvColumn<T>> columns, IEnumerable<T> rows)
    {
        // RFC 4180 mode, CRLF line ends and quoting when needed are CsvHelper's defaults; the culture is stated.
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { FormatProvider = Invariant }, leaveOpen: true);
        csv.WriteRecord(columns.Select(c => CsvCells.Neutralise(c.Header)).ToArray());
        foreach (var row in rows)
        {
            csv.WriteRecord(columns.Select(c => CsvCells.Neutralise(c.Value(row))).ToArray());
        }
        csv.Flush();
    }

    private static string Number(double value) => value.ToString("R", Invariant);

    private static string Number(double? value) => value is { } v ? Number(v) : "";

    private static string Integer(int? value) => value is { } v ? v.ToString(Invariant) : "";

    internal sealed record SummaryRow(OptionResult Option, string Currency, bool Recommended, string Baseline, Comparison? Comparison);
}

internal sealed record CsvColumn<T>(string Header, Func<T, string?> Value);
