using Microsoft.Playwright;
using UglyToad.PdfPig;
using Planner.Web.EndToEndTests.Pages;

namespace Planner.Web.EndToEndTests;

/// <summary>Issue 15, "numbers and trust": what the editor shows can be taken to a meeting.</summary>
[Collection(WebAppCollection.Name)]
public sealed class EditorTrustFlowTests(WebAppFixture app)
{
    [Fact]
    public async Task Every_bad_input_is_shown_red_under_its_field_with_its_range_and_the_results_look_stale()
    {
        var page = await app.NewPageAsync();
        var dashboard = new DashboardPage(page, app);
        await dashboard.OpenAsync();
        var editor = await dashboard.NewFromTemplateAsync("support-assistant");
        await Assertions.Expect(editor.Field("discountRateAnnual")).ToContainTextAsync("% per year");
        Assert.Equal("10", await editor.Field("discountRateAnnual").Locator("input").InputValueAsync());

        await editor.SetFieldAsync("discountRateAnnual", "1000");
        await editor.SetFieldAsync("workload.requestsPerMonth", "-5");
        await editor.SetFieldAsync("horizonMonths", "0");
        await editor.SetFieldAsync("workload.monthlyGrowth", "500");
        await editor.SetFieldAsync("workload.peakToAverage", "-1");
        await editor.SetFieldAsync("currency", "XYZ");

        var expected = new Dictionary<string, string>
        {
            ["discountRateAnnual"] = "Discount rate must be >= -50 % and <= 100 % (got 1000 %)",
            ["workload.requestsPerMonth"] = "workload.requestsPerMonth must be >= 0",
            ["horizonMonths"] = "horizonMonths must be >= 1",
            ["workload.monthlyGrowth"] = "Monthly demand growth must be >= -50 % and <= 100 % (got 500 %)",
            ["workload.peakToAverage"] = "workload.peakToAverage must be >= 1",
        };
        // Red: the light theme's error colour, #c62828 (MainLayout; darkened from MudBlazor's #f44336 for contrast).
        const string ErrorRed = "rgb(198, 40, 40)";
        foreach (var (path, message) in expected)
        {
            await Assertions.Expect(editor.Field(path)).ToContainTextAsync(message);
            await Assertions.Expect(editor.Field(path)).ToHaveAttributeAsync("data-invalid", "true");
            await Assertions.Expect(editor.Field(path).Locator(".mud-input-helper-text")).ToHaveCSSAsync("color", ErrorRed);
        }
        await Assertions.Expect(editor.Field("currency")).ToContainTextAsync("currency");
        await Assertions.Expect(editor.Field("currency").Locator(".mud-input-helper-text")).ToHaveCSSAsync("color", ErrorRed);
        await Assertions.Expect(page.Locator("[data-testid=results-stale]")).ToContainTextAsync("Out of date");
        await Assertions.Expect(page.Locator("[data-testid=results] [data-stale=true]")).ToHaveCSSAsync("opacity", "0.45");
        await Assertions.Expect(page.Locator("[data-testid=results] [data-testid=recommendation]")).ToHaveAttributeAsync("data-current", "false");
        await Assertions.Expect(page.Locator("[data-testid=results]")).Not.ToContainTextAsync("Recommended:");
        await editor.ScreenshotAsync("editor-problems");
    }

    [Fact]
    public async Task The_report_pdf_is_of_what_is_on_screen_saved_or_not_and_its_footer_says_which()
    {
        var page = await app.NewPageAsync();
        var dashboard = new DashboardPage(page, app);
        await dashboard.OpenAsync();
        var editor = await dashboard.NewFromTemplateAsync("support-assistant");
        var before = await editor.RecommendationAsync();
        await editor.SetFieldAsync("workload.requestsPerMonth", "40000000");
        await editor.WaitForRecommendationOtherThanAsync(before);
        await Assertions.Expect(page.Locator("[data-testid=report-basis]")).ToContainTextAsync("not saved yet");

        var unsaved = await editor.DownloadReportPdfAsync();
        await AssertReportShowsTheScreenAsync(page, unsaved);
        Assert.Contains("(not saved)", unsaved, StringComparison.Ordinal);

        await editor.SaveAsync();
        await Assertions.Expect(page.Locator("[data-testid=report-basis]")).ToContainTextAsync("saved version 1");
        var saved = await editor.DownloadReportPdfAsync();
        await AssertReportShowsTheScreenAsync(page, saved);
        Assert.Contains(" v1 ", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("unsaved", saved, StringComparison.Ordinal);

        var savedRecommendation = await editor.RecommendationAsync();
        await editor.SetFieldAsync("workload.requestsPerMonth", "2000000");
        await editor.WaitForRecommendationOtherThanAsync(savedRecommendation);
        await Assertions.Expect(page.Locator("[data-testid=report-basis]")).ToContainTextAsync("version 1 with unsaved edits");
        var edited = await editor.DownloadReportPdfAsync();
        await AssertReportShowsTheScreenAsync(page, edited);
        Assert.Contains("v1 with unsaved edits", edited, StringComparison.Ordinal);

        await editor.SetFieldAsync("workload.requestsPerMonth", "-1");
        await Assertions.Expect(page.Locator("[data-testid=report-pdf]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=report-basis]")).ToContainTextAsync("No report while the scenario has problems");
        await editor.ScreenshotAsync("editor-report-basis", fullPage: false);
    }

    /// <summary>The recommended option and every present value on screen are in the report.</summary>
    private static async Task AssertReportShowsTheScreenAsync(IPage page, string report)
    {
        var recommended = page.Locator("[data-testid=option-results] tr").Filter(new() { Has = page.Locator(".mud-icon-root") });
        var name = (await recommended.Locator("td").First.InnerTextAsync()).Trim();
        Assert.Contains("Recommendation: " + name, report, StringComparison.Ordinal);
        foreach (var value in await page.Locator("[data-testid=option-results] [data-metric=presentValue]").AllInnerTextsAsync())
        {
            Assert.Contains(value.Trim().TrimStart('$'), report, StringComparison.Ordinal);
        }
    }
}
