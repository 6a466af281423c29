using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

public sealed class EditorPage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    public ILocator Title => Page.Locator("[data-testid=scenario-title]");

    public ILocator StoredVersion => Page.Locator("[data-testid=stored-version]");

    private ILocator Recommendation => Page.Locator("[data-testid=results] [data-testid=recommendation]");

    public Task OpenAsync(string path) => GotoAsync(path);

    /// <summary>The field at a scenario JSON path, with its label, unit and the problem shown under it.</summary>
    public ILocator Field(string jsonPath) => Page.Locator($"[data-field='{jsonPath}']");

    public async Task WaitForResultsAsync() => await Recommendation.WaitForAsync();

    public async Task<string> RecommendationAsync() => await Recommendation.GetAttributeAsync("data-option") ?? "";

    /// <summary>Types a value into the field at a scenario JSON path and leaves the field, as a person does.</summary>
    public async Task SetFieldAsync(string jsonPath, string text)
    {
        var input = Page.Locator($"[data-field='{jsonPath}'] input");
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }

    public async Task WaitForRecommendationOtherThanAsync(string option) =>
        await Page.Locator($"[data-testid=results] [data-testid=recommendation]:not([data-option='{option}'])").WaitForAsync();

    /// <summary>Saves and returns the saved scenario's id (from the /scenarios/{id} address the editor moves to).</summary>
    public async Task<string> SaveAsync()
    {
        await Page.Locator("[data-testid=save]").ClickAsync();
        await Page.WaitForURLAsync("**/scenarios/*");
        await StoredVersion.WaitForAsync();
        return Page.Url[(Page.Url.LastIndexOf('/') + 1)..];
    }

    /// <summary>Clicks "Report PDF", waits for the download and returns the PDF's text (words joined by spaces).</summary>
    public async Task<string> DownloadReportPdfAsync()
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator("[data-testid=report-pdf]").ClickAsync());
        var path = Path.Combine(App.Screenshots, "..", "downloads", Guid.NewGuid().ToString("N") + ".pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await download.SaveAsAsync(path);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(path);
        return string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    public async Task<ComparePage> CompareAsync()
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "Compare", Exact = true }).Last.ClickAsync();
        await Page.WaitForURLAsync("**/compare**");
        var compare = new ComparePage(Page, App);
        await compare.WaitForChartsAsync();
        return compare;
    }
}
