using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

/// <summary>Base of the page objects: navigation that waits until the Blazor circuit is interactive, and screenshots.</summary>
public abstract class AppPage(IPage page, WebAppFixture app)
{
    protected IPage Page { get; } = page;

    protected WebAppFixture App { get; } = app;

    /// <summary>Server-rendered pages show before the circuit connects; the layout sets data-interactive once it has.</summary>
    public async Task WaitUntilInteractiveAsync() =>
        await Page.Locator("[data-interactive=true]").WaitForAsync();

    protected async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitUntilInteractiveAsync();
    }

    /// <summary>The whole page, or with <paramref name="fullPage"/> false what the window shows (to see details at full size).</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(App.Screenshots, name + ".png"), FullPage = fullPage });
}
