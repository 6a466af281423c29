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
}
