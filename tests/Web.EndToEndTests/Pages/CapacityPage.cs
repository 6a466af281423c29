using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

public sealed class CapacityPage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    public ILocator Rate => Page.Locator("[data-testid=capacity-rate]");

    public ILocator Fleet => Page.Locator("[data-testid=capacity-fleet]");

    public ILocator TtftChart => Page.Locator("[data-chart=capacity-ttft] .main-svg").First;

    public ILocator ParetoChart => Page.Locator("[data-chart=capacity-pareto] .main-svg").First;

    /// <summary>Opens the page from the navigation menu (a link inside the app keeps the scenario open in the editor).</summary>
    public async Task OpenFromMenuAsync()
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "Capacity", Exact = true }).ClickAsync();
        await Page.WaitForURLAsync("**/capacity");
        await Page.Locator("[data-testid=capacity-form]").WaitForAsync();
    }

    /// <summary>Starts the search and waits for its results (each rate tried is a simulated run).</summary>
    public async Task FindCapacityAsync()
    {
        await Page.Locator("[data-testid=run-capacity]").ClickAsync();
        await Page.Locator("[data-testid=capacity-results]").WaitForAsync(new() { Timeout = 120_000 });
    }

    public async Task UseInScenarioAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use in the scenario" }).ClickAsync();
        await Page.WaitForURLAsync("**/editor");
    }
}
