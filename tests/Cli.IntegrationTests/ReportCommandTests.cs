using System.Globalization;
using ClosedXML.Excel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.Reports;
using UglyToad.PdfPig;

namespace Planner.Cli.IntegrationTests;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-cli-").FullName;
    private readonly string _example = PlannerProcess.Example("support-assistant.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Report_writes_the_pdf_csv_files_and_workbook()
    {
        var pdf = Path.Combine(_folder, "out", "support.pdf");
        var csv = Path.Combine(_folder, "out", "support.csv");
        var xlsx = Path.Combine(_folder, "out", "support.xlsx");
        var (code, stdout, stderr) = await PlannerProcess.RunAsync("report", _example, "--pdf", pdf, "--csv", csv, "--xlsx", xlsx, "--paper", "letter");

        Assert.True(code == 0, stderr);
        var evaluation = CostEngine.Evaluate(ScenarioJson.ReadFile(_example));
        using (var document = PdfDocument.Open(pdf))
        {
            Assert.Equal(612, document.GetPage(1).Width, 0.5);
            Assert.Contains(evaluation.GetOption(evaluation.Recommendation).Name.Replace(" ", "", StringComparison.Ordinal),
                document.GetPage(1).Text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        foreach (var path in CsvReport.FilePaths(csv))
        {
            Assert.True(File.Exists(path), path);
            Assert.Contains(path, stdout, StringComparison.Ordinal);
        }
        Assert.StartsWith("option,kind,month,requests", await File.ReadAllTextAsync(csv), StringComparison.Ordinal);
        using var workbook = new XLWorkbook(xlsx);
        Assert.Equal(evaluation.Options[0].PresentValue,
            Convert.ToDouble(workbook.Worksheet(XlsxReport.SummarySheet).Cell(8, 6).Value, CultureInfo.InvariantCulture), 6);
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "out"), "*.tmp"));
    }

    [Fact]
    public async Task Report_of_a_stored_scenario_id_shows_its_version_and_catalog_origins()
    {
        var environment = new Dictionary<string, string> { ["PLANNER_DB"] = Path.Combine(_folder, "db", "planner.db") };
        var save = await PlannerProcess.RunAsync(["scenario", "save", PlannerProcess.Example("catalog-referenced.json"), "--by", "ann"], environment, _folder);
        Assert.True(save.ExitCode == 0, save.ToString());
        var id = save.Stdout.Split(' ')[0];

        var pdf = Path.Combine(_folder, "stored.pdf");
        var report = await PlannerProcess.RunAsync(["report", id, "--pdf", pdf], environment, _folder);

        Assert.True(report.ExitCode == 0, report.ToString());
        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(p => p.Text)).Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("v1·generated", text, StringComparison.Ordinal);
        Assert.Contains("catalog:", text, StringComparison.Ordinal);
        Assert.Contains("asof2026-03-01", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_with_lang_zh_CN_writes_the_pdf_in_Chinese_and_keeps_the_csv_in_English()
    {
        var pdf = Path.Combine(_folder, "zh.pdf");
        var csv = Path.Combine(_folder, "zh.csv");
        var (code, _, stderr) = await PlannerProcess.RunAsync("report", _example, "--pdf", pdf, "--csv", csv, "--lang", "zh-CN");

        Assert.True(code == 0, stderr);
        using (var document = PdfDocument.Open(pdf))
        {
            var first = document.GetPage(1).Text.Replace(" ", "", StringComparison.Ordinal);
            Assert.Contains("推荐：", first, StringComparison.Ordinal);
            Assert.Contains("总成本", first, StringComparison.Ordinal);
            Assert.Contains("第1页", first, StringComparison.Ordinal);
        }
        Assert.StartsWith("option,kind,month,requests", await File.ReadAllTextAsync(csv), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("zh")]
    public async Task Report_with_an_unknown_lang_exits_2_naming_lang_and_the_allowed_values_and_writes_nothing(string lang)
    {
        var pdf = Path.Combine(_folder, "bad.pdf");
        var (code, _, stderr) = await PlannerProcess.RunAsync("report", _example, "--pdf", pdf, "--lang", lang);

        Assert.Equal(2, code);
        Assert.Equal($"--lang must be en or zh-CN (got \"{lang}\")", stderr.Trim());
        Assert.False(File.Exists(pdf));
    }

    [Fact]
    public async Task Report_without_an_output_exits_2_naming_the_options()
    {
        var (code, _, stderr) = await PlannerProcess.RunAsync("report", _example);
        Assert.Equal(2, code);
        Assert.Contains("--pdf", stderr, StringComparison.Ordinal);
        Assert.Contains("--csv", stderr, StringComparison.Ordinal);
        Assert.Contains("--xlsx", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_csv_writes_the_cash_flows_in_the_report_format()
    {
        var (code, stdout, stderr) = await PlannerProcess.RunAsync("evaluate", _example, "--format", "csv");
        Assert.True(code == 0, stderr);
        Assert.Equal(CsvReport.CashFlows(CostEngine.Evaluate(ScenarioJson.ReadFile(_example))), stdout);
    }
}
