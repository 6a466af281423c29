using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

public sealed class DashboardPage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    public Task OpenAsync() => GotoAsync("/");

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
