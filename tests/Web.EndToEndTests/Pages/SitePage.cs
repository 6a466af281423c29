using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

/// <summary>Any page of the app by its address (the not-found page, a scenario address, the API reference).</summary>
public sealed class SitePage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    /// <summary>Opens <paramref name="path"/> and waits for the circuit; the server's status of the first answer.</summary>
    public async Task<int> OpenAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        await WaitUntilInteractiveAsync();
        return response?.Status ?? 0;
    }

    public ILocator Heading => Page.Locator("h1").First;

    public ILocator HelpFor(string name) => Page.Locator($"[data-help-for='{name}']").First;
}
