using System.Globalization;
using System.IO.Compression;
using CsvHelper;
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
    public void Summary_assumptions_and_benchmarks_round_trip_with_origins()
    {
        var input = Scenarios.Input(Scenarios.Example());
        var paths = CsvReport.WriteFiles(input, Path.Combine(_folder, "out", "support.csv"));
        Assert.Equal(
            ["support.csv", "support-summary.csv", "support-assumptions.csv", "support-benchmarks.csv"],
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
    public void Zip_holds_the_four_csv_files()
    {
        var input = Scenarios.Input(Scenarios.Example());
        using var buffer = new MemoryStream();
        CsvReport.WriteZip(input, buffer);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        Assert.Equal(["cash-flows.csv", "summary.csv", "assumptions.csv", "benchmarks.csv"], zip.Entries.Select(e => e.FullName).ToArray());
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
