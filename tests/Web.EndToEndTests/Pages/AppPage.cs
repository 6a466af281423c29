using System.Text.RegularExpressions;
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

    /// <summary>Opens the select of a form field and picks the entry whose text is <paramref name="text"/>.</summary>
    public Task ChooseAsync(string field, string text) => ChooseAsync(field, new Regex($@"^\s*{Regex.Escape(text)}\s*$"));

    /// <summary>Opens the select of a form field and picks the first entry whose text matches <paramref name="text"/>.</summary>
    public async Task ChooseAsync(string field, Regex text)
    {
        await Page.Locator($"[data-field='{field}'] .mud-input-control").First.ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item")
            .Filter(new() { HasTextRegex = text })
            .First.ClickAsync();
        await Page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>Types a number into a form field and leaves it, as a person does.</summary>
    public async Task SetAsync(string field, string text)
    {
        var input = Page.Locator($"[data-field={field}] input");
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }

    /// <summary>The whole page, or with <paramref name="fullPage"/> false what the window shows (to see details at full size).</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(App.Screenshots, name + ".png"), FullPage = fullPage });
}
