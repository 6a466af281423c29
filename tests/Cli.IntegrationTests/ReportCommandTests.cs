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
