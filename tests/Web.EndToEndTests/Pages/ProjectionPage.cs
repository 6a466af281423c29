using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

public sealed class ProjectionPage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    public ILocator Fits => Page.Locator("[data-testid=fits]");

    public ILocator DecodePerGpu => Page.Locator("[data-metric=decodeTokensPerSecondPerGpu]");

    public ILocator Chart => Page.Locator("[data-chart=batch-trade-off] .main-svg").First;

    /// <summary>Opens the page from the navigation menu (a link inside the app keeps the scenario open in the editor).</summary>
    public async Task OpenFromMenuAsync()
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "Projection", Exact = true }).ClickAsync();
        await Page.WaitForURLAsync("**/projection");
        await Page.Locator("[data-testid=projection-results]").WaitForAsync();
    }

    public async Task UseInScenarioAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use in the scenario" }).ClickAsync();
        await Page.WaitForURLAsync("**/editor");
    }
}
