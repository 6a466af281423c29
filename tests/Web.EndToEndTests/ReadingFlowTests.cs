using Microsoft.Playwright;
using Planner.Web.EndToEndTests.Pages;

namespace Planner.Web.EndToEndTests;

/// <summary>Issue 15, "Reading it", in a real browser: the API reference, unknown addresses, help linked to the methodology.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ReadingFlowTests(WebAppFixture app)
{
    [Fact]
    public async Task The_api_reference_page_draws_the_endpoints_of_the_openapi_document()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { errors.Add(message.Text); } };

        var response = await page.GotoAsync("/api-docs");

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.GetByText("/api/evaluate").First).ToBeVisibleAsync();
        Assert.DoesNotContain(errors, e => e.Contains("Content Security Policy", StringComparison.Ordinal) || e.Contains("Refused", StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.Screenshots, "api-docs.png") });
    }

    [Fact]
    public async Task An_unknown_address_shows_the_not_found_page_and_an_unknown_scenario_says_it_does_not_exist()
    {
        var site = new SitePage(await app.NewPageAsync(), app);

        Assert.Equal(404, await site.OpenAsync("/no-such-page"));
        await Assertions.Expect(site.Heading).ToHaveTextAsync("Page not found");
        await site.ScreenshotAsync("not-found");

        await site.OpenAsync("/scenarios/nope0000");
        await Assertions.Expect(site.Heading).ToHaveTextAsync("Scenario not found");
        await Assertions.Expect(site.Heading.Page.Locator("[data-testid=scenario-missing]")).ToContainTextAsync("nope0000");
    }

    [Fact]
    public async Task A_field_help_link_opens_the_methodology_at_its_formula()
    {
        var page = await app.NewPageAsync();
        var dashboard = new DashboardPage(page, app);
        await dashboard.OpenAsync();
        await dashboard.NewFromTemplateAsync("support-assistant");
        var site = new SitePage(page, app);
        var href = await site.HelpFor("peakToAverage").GetAttributeAsync("href");
        Assert.Equal("methodology#on-premises-owned-servers", href);

        await site.OpenAsync("/" + href);

        await Assertions.Expect(page.Locator("[data-testid=methodology-contents] a[href='methodology#on-premises-owned-servers']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#on-premises-owned-servers")).ToBeInViewportAsync();
        await site.ScreenshotAsync("methodology-anchor", fullPage: false);
    }
}
