using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

public sealed class MethodologyPage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    public Task OpenAsync() => GotoAsync("/methodology");

    public ILocator Headings => Page.Locator("[data-testid=methodology] h2");
}
