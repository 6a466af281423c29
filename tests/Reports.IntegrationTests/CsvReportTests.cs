using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using Planner.CostModel.Uncertainty;
using Planner.CostModel.Evaluation;

namespace Planner.Reports.IntegrationTests;

public sealed class CsvReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-csv-").FullName;

    private static readonly (string Column, Func<MonthlyCash, double> Value)[] NumberColumns =
    [
        ("requests", m => m.Requests), ("tokens", m => m.Tokens), ("gpus", m => m.Gpus), ("cash", m => m.Cash),
        ("usage", m => m.Usage), ("compute", m => m.Compute), ("energy", m => m.Energy), ("colocation", m => m.Colocation),
        ("maintenance", m => m.Maintenance), ("staff", m => m.Staff), ("capex", m => m.Capex), ("setup", m => m.Setup),
        ("fixed", m => m.Fixed), ("resale", m => m.Resale), ("depreciation", m => m.Depreciation), ("energyKwh", m => m.EnergyKwh),
    ];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void No_cell_of_any_csv_report_starts_like_a_formula_even_when_names_do()
    {
        var example = Scenarios.Example();
        var scenario = example with
        {
            Name = "+SUM(1,2)",
            Options = [.. example.Options.Select((o, i) => o with { Name = new[] { "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example\",\"click\")", "@SUM(1,2)" }[i % 3] })],
        };
        var paths = CsvReport.WriteFiles(Scenarios.Input(scenario), Path.Combine(_folder, "report.csv"));

        var cells = paths.SelectMany(p => Read(p).SelectMany(row => row.Values)).ToList();
        Assert.NotEmpty(cells);
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '@' or '\t' or '\r' || (c.StartsWith('-') && !double.TryParse(c, CultureInfo.InvariantCulture, out _)));
        Assert.Contains("'=cmd|' /C calc'!A0", cells);
        Assert.Contains(cells, c => c.StartsWith("'=HYPERLINK", StringComparison.Ordinal));
    }

    [Fact]
    public void Cash_flows_round_trip_through_CsvHelper_with_every_number_equal()
    {
        var input = Scenarios.Input(Scenarios.SixtyMonths());
        var paths = CsvReport.WriteFiles(input, Path.Combine(_folder, "report.csv"));

        var rows = Read(paths[0]);
        var expected = input.Evaluation.Options.SelectMany(o => o.Months.Select(m => (o, m))).ToList();
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(3 * 61, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (option, month) = expected[i];
            var row = rows[i];
            Assert.Equal(option.Id, row["option"]);
            Assert.Equal(option.Kind, row["kind"]);
            Assert.Equal(month.Month, int.Parse(row["month"], CultureInfo.InvariantCulture));
            Assert.Equal(month.Servers, int.Parse(row["servers"], CultureInfo.InvariantCulture));
            foreach (var (column, value) in NumberColumns)
            {
                Assert.Equal(value(month), Number(row[column]));
            }
        }
    }

    [Fact]
    public void Idle_committed_gpu_hours_are_written_per_month_and_per_option_for_reserved_cloud_and_left_empty_for_the_others()
    {
        var input = Scenarios.Input(Scenarios.WithFinance(reserved: true));
        var paths = CsvReport.WriteFiles(input, Path.Combine(_folder, "reserved.csv"));
        var cloud = input.Evaluation.GetOption("cloud");
        Assert.True(cloud.IdleCommittedGpuHours > 0);

        var months = Read(paths[0]);
        foreach (var option in input.Evaluation.Options)
        {
            AssertSequence(option.Months.Select(m => m.IdleCommittedGpuHours), months.Where(r => r["option"] == option.Id).Select(r => Number(r["idleCommittedGpuHours"])));
        }
        Assert.Equal(cloud.IdleCommittedGpuHours!.Value, months.Where(r => r["option"] == "cloud").Sum(r => Number(r["idleCommittedGpuHours"])), 6);

        var summary = Read(paths[1]);
        Assert.Equal(cloud.IdleCommittedGpuHours!.Value, Number(summary.Single(r => r["option"] == "cloud")["idleCommittedGpuHours"]));
        Assert.All(summary.Where(r => r["option"] != "cloud"), r => Assert.Equal("", r["idleCommittedGpuHours"]));

        static void AssertSequence(IEnumerable<double> expected, IEnumerable<double> actual) => Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    [Fact]
    public void Summary_assumptions_and_benchmarks_round_trip_with_origins()
    {
        var input = Scenarios.Input(Scenarios.Example());
        var paths = CsvReport.WriteFiles(input, Path.Combine(_folder, "out", "support.csv"));
        Assert.Equal(
            ["support.csv", "support-summary.csv", "support-assumptions.csv", "support-benchmarks.csv", "support-projections.csv", "support-risk.csv", "support-risk-inputs.csv"],
            paths.Select(p => Path.GetFileName(p)).ToArray());

        var summary = Read(paths[1]);
        Assert.Equal(input.Evaluation.Options.Select(o => o.Id), summary.Select(r => r["option"]));
        foreach (var row in summary)
        {
            var option = input.Evaluation.GetOption(row["option"]);
            Assert.Equal(option.PresentValue, Number(row["presentValue"]));
            Assert.Equal(option.TotalCost, Number(row["totalCost"]));
            Assert.Equal(option.LevelizedCostPerMillionTokens, Number(row["levelizedCostPerMillionTokens"]));
            Assert.Equal(option.Npv, Number(row["npv"]));
            Assert.Equal(option.Id == input.Evaluation.Recommendation ? "true" : "false", row["recommended"]);
            var comparison = input.Evaluation.Comparisons.FirstOrDefault(c => c.Option == option.Id);
            Assert.Equal(comparison?.NpvSavings, row["npvSavings"].Length == 0 ? null : Number(row["npvSavings"]));
            Assert.Equal(comparison?.IrrAnnual, row["irrAnnual"].Length == 0 ? null : Number(row["irrAnnual"]));
        }

        var assumptions = Read(paths[2]);
        Assert.Equal(input.Evaluation.Inputs.Count, assumptions.Count);
        for (var i = 0; i < assumptions.Count; i++)
        {
            var value = input.Evaluation.Inputs[i];
            Assert.Equal(value.Key, assumptions[i]["key"]);
            Assert.Equal(value.Value, Number(assumptions[i]["value"]));
            Assert.Equal(value.Origin.Source, assumptions[i]["source"]);
        }

        var benchmarks = Read(paths[3]);
        var evidence = Assert.Single(benchmarks);
        Assert.Equal("NVIDIA H100 80GB HBM3, driver 550.54, CUDA 12.4", evidence["device"]);
        Assert.Equal(80.125, Number(evidence["latencyP99Ms"]));
        Assert.Equal("true", evidence["valid"]);
    }

    [Fact]
    public void Risk_files_hold_every_simulated_statistic_and_projections_every_projected_figure()
    {
        var input = Scenarios.SimulatedWithProjection();
        var simulation = input.Simulation!;
        var paths = CsvReport.WriteFiles(input, Path.Combine(_folder, "risk.csv"));

        var risk = Read(paths[5]);
        Assert.Equal(simulation.Options.Select(o => o.Id), risk.Select(r => r["option"]));
        foreach (var row in risk)
        {
            var option = simulation.GetOption(row["option"]);
            Assert.Equal(simulation.Trials, int.Parse(row["trials"], CultureInfo.InvariantCulture));
            Assert.Equal(option.ProbabilityCheapest, Number(row["probabilityCheapest"]));
            Assert.Equal(option.PresentValue.Mean, Number(row["presentValueMean"]));
            Assert.Equal(option.PresentValue.StandardError, Number(row["presentValueStandardError"]));
            Assert.Equal(option.PresentValue.P10, Number(row["presentValueP10"]));
            Assert.Equal(option.PresentValue.P90, Number(row["presentValueP90"]));
            Assert.Equal(option.NpvSavings?.P50, row["npvSavingsP50"].Length == 0 ? null : Number(row["npvSavingsP50"]));
            Assert.Equal(option.ProbabilityBeatsBaseline, row["probabilityBeatsBaseline"].Length == 0 ? null : Number(row["probabilityBeatsBaseline"]));
        }

        var inputs = Read(paths[6]);
        Assert.Equal(simulation.Tornado.Select(b => b.Input), inputs.Select(r => r["input"]));
        foreach (var (bar, row) in simulation.Tornado.Zip(inputs))
        {
            Assert.Equal(bar.RankCorrelation, Number(row["rankCorrelation"]));
            Assert.Equal(simulation.Inputs.Single(i => i.Input == bar.Input).Distribution.Describe(), row["distribution"]);
        }

        var projection = Assert.Single(Read(paths[4]));
        var p = input.Projections[0].Projection;
        Assert.Equal(input.Projections[0].Option, projection["option"]);
        Assert.Equal(p.DecodeTokensPerSecondPerGpu, Number(projection["decodeTokensPerSecondPerGpu"]));
        Assert.Equal(p.TotalMemoryGb, Number(projection["totalMemoryGb"]));
        Assert.Equal(p.Efficiency.Source, projection["efficiencySource"]);
    }

    [Fact]
    public void A_scenario_without_distributions_gets_header_only_risk_files()
    {
        var scenario = Scenarios.Example();
        var input = ReportInput.Simulated(scenario, CostEngine.Evaluate(scenario), new SimulationSettings(), null, CancellationToken.None);
        Assert.Null(input.Simulation);
        var paths = CsvReport.WriteFiles(input, Path.Combine(_folder, "plain.csv"));
        Assert.Empty(Read(paths[5]));
        Assert.StartsWith("option,name,currency,trials,seed,probabilityCheapest", File.ReadAllText(paths[5]), StringComparison.Ordinal);
        Assert.Empty(Read(paths[6]));
        Assert.Empty(Read(paths[4]));
    }

    [Fact]
    public void Text_with_commas_quotes_and_line_breaks_is_quoted_per_RFC_4180()
    {
        var scenario = Scenarios.Example();
        var renamed = scenario with
        {
            Options = scenario.Options.Select(o => o.Id == "api" ? o with { Name = "API, \"hosted\"\nby vendor" } : o).ToList(),
        };
        var input = Scenarios.Input(renamed);
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        CsvReport.WriteSummary(input.Evaluation, writer);
        Assert.Contains("\"API, \"\"hosted\"\"\nby vendor\"", writer.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("\r\n", writer.ToString(), StringComparison.Ordinal);

        var rows = Read(new StringReader(writer.ToString()));
        Assert.Equal("API, \"hosted\"\nby vendor", rows[0]["name"]);
    }

    [Fact]
    public void The_summary_gains_the_sizing_at_the_latency_targets_only_when_an_option_is_sized_at_them()
    {
        var input = Scenarios.Input(Scenarios.WithTargets());
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        CsvReport.WriteSummary(input.Evaluation, writer);
        var plain = new StringWriter(CultureInfo.InvariantCulture);
        CsvReport.WriteSummary(Scenarios.Input(Scenarios.SixtyMonths()).Evaluation, plain);

        var rows = Read(new StringReader(writer.ToString()));
        Assert.DoesNotContain("sizingAtTargets", plain.ToString(), StringComparison.Ordinal);
        Assert.Equal("", rows.Single(r => r["option"] == "api")["sizingAtTargets"]);
        foreach (var id in new[] { "cloud", "onprem" })
        {
            var row = rows.Single(r => r["option"] == id);
            var at = input.Evaluation.GetOption(id).AtTargets!;
            Assert.Equal(at.Sizing, row["sizingAtTargets"]);
            Assert.Equal(at.AchievedUtilization, Number(row["achievedUtilization"]));
            Assert.Equal(at.CostPerMillionTokensWithoutTargets, Number(row["costPerMillionTokensWithoutTargets"]));
            Assert.Equal(at.PeakReplicas, int.Parse(row["peakReplicas"], CultureInfo.InvariantCulture));
            Assert.Equal(at.FirstMonthHours.Select(h => h.Replicas), row["firstMonthReplicasByHour"].Split(' ').Select(int.Parse));
        }
        Assert.Equal("rented, following the profile", rows.Single(r => r["option"] == "cloud")["sizingAtTargets"]);
    }

    [Fact]
    public void The_summary_gains_the_overflow_sizing_at_the_latency_targets_for_hybrids_whose_cloud_overflow_is_sized_at_them()
    {
        var input = Scenarios.Input(Scenarios.WithTargetsOverflow());
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        CsvReport.WriteSummary(input.Evaluation, writer);
        var plain = new StringWriter(CultureInfo.InvariantCulture);
        CsvReport.WriteSummary(Scenarios.Input(Scenarios.WithTargets()).Evaluation, plain);

        var rows = Read(new StringReader(writer.ToString()));
        Assert.DoesNotContain("overflowSizingAtTargets", plain.ToString(), StringComparison.Ordinal);
        Assert.Equal("", rows.Single(r => r["option"] == "cloud")["overflowSizingAtTargets"]);
        foreach (var id in new[] { "hybrid-fixed", "hybrid-targets" })
        {
            var row = rows.Single(r => r["option"] == id);
            var at = input.Evaluation.GetOption(id).Hybrid!.OverflowAtTargets!;
            Assert.Equal("overflow rented, following the profile", row["overflowSizingAtTargets"]);
            Assert.Equal(at.AchievedUtilization, Number(row["overflowAchievedUtilization"]));
            Assert.Equal(at.PeakRequestsPerSecond, Number(row["overflowPeakRequestsPerSecond"]));
            Assert.Equal(at.CostPerMillionTokensWithoutTargets, Number(row["overflowCostPerMillionTokensWithoutTargets"]));
            Assert.Equal(at.PeakReplicas, int.Parse(row["overflowPeakReplicas"], CultureInfo.InvariantCulture));
            Assert.Equal(at.FirstMonthHours.Select(h => h.Replicas), row["overflowFirstMonthReplicasByHour"].Split(' ').Select(int.Parse));
        }
        // The hybrid whose own fleet is sized at the targets has both: its replicas and its overflow's.
        Assert.Equal("owned", rows.Single(r => r["option"] == "hybrid-targets")["sizingAtTargets"]);
    }

    [Fact]
    public void Zip_holds_the_seven_csv_files()
    {
        var input = Scenarios.Input(Scenarios.Example());
        using var buffer = new MemoryStream();
        CsvReport.WriteZip(input, buffer);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        Assert.Equal(["cash-flows.csv", "summary.csv", "assumptions.csv", "benchmarks.csv", "projections.csv", "risk.csv", "risk-inputs.csv"],
            zip.Entries.Select(e => e.FullName).ToArray());
        using var reader = new StreamReader(zip.GetEntry("cash-flows.csv")!.Open());
        Assert.Equal(CsvReport.CashFlows(input.Evaluation), reader.ReadToEnd());
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader);
    }

    private static List<Dictionary<string, string>> Read(TextReader text)
    {
        using var csv = CsvReader.Create(text, new CsvReaderOptions { FormatProvider = CultureInfo.InvariantCulture });
        var rows = new List<Dictionary<string, string>>();
        string[]? header = null;
        while (csv.Read())
        {
            header ??= csv.Headers.ToArray();
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = csv.GetString(i);
            }
            rows.Add(row);
        }
        return rows;
    }
}
