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

    /// <summary>Switches between "This scenario's options" and "Saved scenarios".</summary>
    public async Task SwitchModeAsync(string mode) =>
        await Page.Locator("[data-testid=compare-mode]").GetByRole(AriaRole.Checkbox, new() { Name = mode }).ClickAsync();
}
