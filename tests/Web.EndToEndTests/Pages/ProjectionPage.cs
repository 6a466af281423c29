using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

public sealed class ProjectionPage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    public ILocator Fits => Page.Locator("[data-testid=fits]");

    public ILocator DecodePerGpu => Page.Locator("[data-metric=decodeTokensPerSecondPerGpu]");

    public ILocator Chart => Page.Locator("[data-chart=batch-trade-off] .main-svg").First;

    /// <summary>Opens the page from the navigation menu (a link inside the app keeps the scenario open in the editor).</summary>
    public async Task OpenFromMenuAsync()
    {
        await Page.GetByRole(AriaRole.Link, new() { Name = "Projection", Exact = true }).ClickAsync();
        await Page.WaitForURLAsync("**/projection");
        await Page.Locator("[data-testid=projection-results]").WaitForAsync();
    }

    /// <summary>Opens the select of a form field and picks the entry whose text is <paramref name="text"/>.</summary>
    public async Task ChooseAsync(string field, string text)
    {
        await Page.Locator($"[data-field={field}] .mud-input-control").ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item")
            .Filter(new() { HasTextRegex = new Regex($@"^\s*{Regex.Escape(text)}\s*$") })
            .ClickAsync();
        await Page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>Types a number into a form field and leaves it, as a person does.</summary>
    public async Task SetAsync(string field, string text)
    {
        var input = Page.Locator($"[data-field={field}] input");
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }

    public async Task UseInScenarioAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use in the scenario" }).ClickAsync();
        await Page.WaitForURLAsync("**/editor");
    }
}
