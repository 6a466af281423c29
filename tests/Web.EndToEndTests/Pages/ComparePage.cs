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
}
