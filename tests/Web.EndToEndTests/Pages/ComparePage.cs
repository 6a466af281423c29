using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

public sealed class ComparePage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    public static readonly string[] Charts = ["cumulative-cash", "cost-by-category", "levelized-vs-demand", "tornado"];

    /// <summary>Waits until Plotly has drawn every chart (its SVG root is in the page).</summary>
    public async Task WaitForChartsAsync()
    {
        foreach (var chart in Charts)
        {
            await Page.Locator($"[data-chart={chart}] .main-svg").First.WaitForAsync();
        }
    }

    public ILocator Metrics => Page.Locator("[data-testid=metrics]");

    public Task OpenAsync(string path) => GotoAsync(path);

    /// <summary>The recommended option's id of a saved scenario in the saved-scenarios comparison.</summary>
    public async Task<string> RecommendationAsync(string scenarioId) =>
        await Page.Locator($"[data-testid=compared-scenarios] tr[data-scenario='{scenarioId}'] [data-testid=recommendation]").GetAttributeAsync("data-option") ?? "";

    public ILocator PickMore => Page.Locator("[data-testid=compare-pick-more]");

    /// <summary>Adds a saved scenario with the picker (opens its list and clicks the scenario).</summary>
    public async Task PickAsync(string scenarioId)
    {
        await Page.GetByLabel("Saved scenarios to compare").ClickAsync();
        await Page.Locator($".mud-popover [data-scenario='{scenarioId}']").ClickAsync();
    }

    /// <summary>Switches between "This scenario's options" and "Saved scenarios".</summary>
    public async Task SwitchModeAsync(string mode) =>
        await Page.Locator("[data-testid=compare-mode]").GetByRole(AriaRole.Checkbox, new() { Name = mode }).ClickAsync();
}
