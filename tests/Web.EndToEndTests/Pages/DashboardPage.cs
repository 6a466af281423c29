using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

public sealed class DashboardPage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    /// <summary>
    /// Opens the dashboard and waits until its saved scenarios are loaded: the list (or its empty state) re-renders the
    /// page when it arrives, and a click during that re-render can be lost.
    /// </summary>
    public async Task OpenAsync()
    {
        await GotoAsync("/");
        await Page.Locator("[data-testid=recent-scenarios], [data-testid=no-scenarios]").First.WaitForAsync();
    }

    public async Task<EditorPage> NewFromTemplateAsync(string template)
    {
        await Page.Locator($"[data-testid=template-{template}]").ClickAsync();
        await Page.WaitForURLAsync("**/editor");
        var editor = new EditorPage(Page, App);
        await editor.WaitForResultsAsync();
        return editor;
    }

    public ILocator RecentScenario(string id) => Page.Locator($"[data-testid=recent-scenarios] tr[data-scenario='{id}']");

    /// <summary>Ticks a recent scenario's box for the comparison.</summary>
    public async Task TickForComparisonAsync(string id) =>
        await RecentScenario(id).Locator("input[type=checkbox]").CheckAsync();

    /// <summary>"Compare selected": opens the compare page in saved-scenarios mode and waits for its charts.</summary>
    public async Task<ComparePage> CompareSelectedAsync()
    {
        await Page.Locator("[data-testid=compare-selected]").ClickAsync();
        await Page.WaitForURLAsync("**/compare?scenarios=*");
        var compare = new ComparePage(Page, App);
        await compare.WaitForChartsAsync();
        return compare;
    }
}
