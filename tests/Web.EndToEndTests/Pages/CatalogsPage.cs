using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

public sealed class CatalogsPage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    public Task OpenAsync() => GotoAsync("/catalogs");

    public async Task ShowAsync(string tabTitle, string kind)
    {
        await Page.GetByRole(AriaRole.Tab, new() { Name = tabTitle }).ClickAsync();
        await Rows(kind).First.WaitForAsync();
    }

    public ILocator Rows(string kind) => Page.Locator($"[data-testid=catalog-{kind}] tbody tr");

    public ILocator ImportErrors => Page.Locator("[data-testid=import-errors]");

    public async Task ImportAsync(string csvPath) => await Page.Locator("input[type=file]").SetInputFilesAsync(csvPath);
}
