using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using UglyToad.PdfPig;

namespace Planner.Web.IntegrationTests;

public sealed class ReportApiTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<(string Id, ScenarioEvaluation Evaluation)> SaveExampleAsync(string example = "support-assistant.json")
    {
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", example));
        var response = await _client.PostAsync("/api/scenarios", new StringContent(json, Encoding.UTF8, "application/json"));
        var id = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
        return (id, CostEngine.Evaluate(ScenarioJson.Parse(json)));
    }

    [Fact]
    public async Task Pdf_report_of_a_saved_scenario_names_the_recommendation_and_each_present_value()
    {
        var (id, evaluation) = await SaveExampleAsync();

        var response = await _client.GetAsync($"/api/scenarios/{id}/report.pdf?paper=letter");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        Assert.Contains(evaluation.GetOption(evaluation.Recommendation).Name, text, StringComparison.Ordinal);
        foreach (var option in evaluation.Options)
        {
            Assert.Contains(option.PresentValue.ToString("N0", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        }
        Assert.Equal(612, pdf.GetPage(1).Width, 0);
    }

    [Fact]
    public async Task Pdf_report_with_lang_zh_CN_is_in_Chinese_and_without_lang_follows_the_interface_language()
    {
        var (id, evaluation) = await SaveExampleAsync();

        using var chinese = PdfDocument.Open(await _client.GetByteArrayAsync($"/api/scenarios/{id}/report.pdf?lang=zh-CN"));
        var first = chinese.GetPage(1).Text.Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("推荐：", first, StringComparison.Ordinal);
        Assert.Contains("总成本", first, StringComparison.Ordinal);
        Assert.Contains(evaluation.Options[0].PresentValue.ToString("N0", CultureInfo.InvariantCulture), first, StringComparison.Ordinal);

        using var english = PdfDocument.Open(await _client.GetByteArrayAsync($"/api/scenarios/{id}/report.pdf?lang=en"));
        Assert.Contains("Recommendation:", english.GetPage(1).Text, StringComparison.Ordinal);

        // Without ?lang= the request's interface language decides (the culture cookie, else Accept-Language).
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/scenarios/{id}/report.pdf");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var response = await _client.SendAsync(request);
        using var negotiated = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("推荐：", negotiated.GetPage(1).Text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        using var plain = PdfDocument.Open(await _client.GetByteArrayAsync($"/api/scenarios/{id}/report.pdf"));
        Assert.Contains("Recommendation:", plain.GetPage(1).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workbook_and_csv_zip_reports_open()
    {
        var (id, evaluation) = await SaveExampleAsync();

        using var workbook = new XLWorkbook(await _client.GetStreamAsync($"/api/scenarios/{id}/report.xlsx"));
        Assert.Contains(workbook.Worksheets, sheet => sheet.Name == "Summary");

        using var zip = new ZipArchive(await _client.GetStreamAsync($"/api/scenarios/{id}/report.csv"));
        Assert.True(zip.Entries.Count >= 3);
        Assert.Contains(evaluation.Options[0].Id, new StreamReader(zip.Entries[0].Open()).ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_with_distributions_is_simulated_with_the_trials_and_seed_asked_for()
    {
        var (id, evaluation) = await SaveExampleAsync("risk-support-assistant.json");

        using var zip = new ZipArchive(await _client.GetStreamAsync($"/api/scenarios/{id}/report.csv?trials=500&seed=9"));
        var risk = new StreamReader(zip.GetEntry("risk.csv")!.Open()).ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(evaluation.Options.Count + 1, risk.Length);
        Assert.All(risk.Skip(1), line => Assert.Contains(",500,9,", line, StringComparison.Ordinal));

        var tooFew = await _client.GetAsync($"/api/scenarios/{id}/report.pdf?trials=5");
        Assert.Equal(HttpStatusCode.BadRequest, tooFew.StatusCode);
        Assert.Contains("trials must be >= 100", await tooFew.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_format_is_400_naming_it_and_unknown_scenario_is_404()
    {
        var (id, _) = await SaveExampleAsync();
        var bad = await _client.GetAsync($"/api/scenarios/{id}/report.docx");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("format must be one of pdf, csv, xlsx", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/scenarios/nope0000/report.pdf")).StatusCode);
    }
}
