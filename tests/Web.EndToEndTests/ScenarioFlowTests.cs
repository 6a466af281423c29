using Microsoft.Playwright;
using Planner.Web.EndToEndTests.Pages;

namespace Planner.Web.EndToEndTests;

[Collection(WebAppCollection.Name)]
public sealed class ScenarioFlowTests(WebAppFixture app)
{
    [Fact]
    public async Task Scenario_from_template_changes_recommendation_with_demand_is_saved_and_found_after_reload()
    {
        var page = await app.NewPageAsync();
        var dashboard = new DashboardPage(page, app);
        await dashboard.OpenAsync();
        await dashboard.ScreenshotAsync("dashboard-empty");

        var editor = await dashboard.NewFromTemplateAsync("support-assistant");
        var before = await editor.RecommendationAsync();
        Assert.Equal("api", before);
        await editor.ScreenshotAsync("editor");

        await editor.SetFieldAsync("workload.requestsPerMonth", "40000000");
        await editor.WaitForRecommendationOtherThanAsync(before);
        var after = await editor.RecommendationAsync();
        Assert.NotEqual(before, after);

        var id = await editor.SaveAsync();
        Assert.Equal("version 1", await editor.StoredVersion.InnerTextAsync());

        await page.ReloadAsync();
        await editor.WaitUntilInteractiveAsync();
        await editor.WaitForResultsAsync();
        Assert.Equal("Support assistant, 36 months", await editor.Title.InnerTextAsync());
        Assert.Equal(after, await editor.RecommendationAsync());
        Assert.Equal("40000000", await page.Locator("[data-field='workload.requestsPerMonth'] input").InputValueAsync());

        await dashboard.OpenAsync();
        await Assertions.Expect(dashboard.RecentScenario(id)).ToBeVisibleAsync();
        await dashboard.ScreenshotAsync("dashboard");

        await editor.OpenAsync($"/scenarios/{id}");
        await editor.WaitForResultsAsync();
        var compare = await editor.CompareAsync();
        await Assertions.Expect(compare.Metrics).ToContainTextAsync("Present value of cost");
        await compare.ScreenshotAsync("compare");

        Assert.Equal("rgb(255, 255, 255)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await page.Locator("[data-testid=dark-mode]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" })).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => getComputedStyle(document.body).backgroundColor !== 'rgb(255, 255, 255)'");
        await compare.ScreenshotAsync("compare-dark");
    }

    [Fact]
    public async Task Bad_catalog_csv_shows_row_errors_and_changes_nothing()
    {
        var page = await app.NewPageAsync();
        var catalogs = new CatalogsPage(page, app);
        await catalogs.OpenAsync();
        await catalogs.ShowAsync("Cloud offers", "cloud");
        var rowsBefore = await catalogs.Rows("cloud").CountAsync();
        var csv = Path.Combine(app.Screenshots, "..", "bad-cloud-offers.csv");
        await File.WriteAllTextAsync(csv,
            "id,provider,instance,gpu,gpusPerInstance,pricePerGpuHourUsd,pricingKind,region,source,sourceUrl,asOf\n"
            + "e2e-good-offer,Acme,a1,NVIDIA H100 SXM,8,2.50,onDemand,,Acme price page,,2026-01-01\n"
            + "e2e-bad-price,Acme,a2,NVIDIA H100 SXM,8,-3,onDemand,,Acme price page,,2026-01-01\n"
            + "e2e-no-source,Acme,a3,NVIDIA H100 SXM,8,2.50,onDemand,,,,2026-01-01\n");

        await catalogs.ImportAsync(csv);

        await Assertions.Expect(catalogs.ImportErrors).ToBeVisibleAsync();
        await Assertions.Expect(catalogs.ImportErrors).ToContainTextAsync("pricePerGpuHourUsd");
        await Assertions.Expect(catalogs.ImportErrors).ToContainTextAsync("nothing was imported");
        Assert.Equal(rowsBefore, await catalogs.Rows("cloud").CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=catalog-cloud]")).Not.ToContainTextAsync("e2e-good-offer");
        await catalogs.ScreenshotAsync("catalogs-import-errors");
    }

    [Fact]
    public async Task Methodology_page_renders_the_documented_formulas()
    {
        var page = await app.NewPageAsync();
        var methodology = new MethodologyPage(page, app);
        await methodology.OpenAsync();

        Assert.True(await methodology.Headings.CountAsync() > 3);
        await methodology.ScreenshotAsync("methodology");
    }
}

[Collection(WebAppCollection.Name)]
public sealed class RiskFlowTests(WebAppFixture app)
{
    [Fact]
    public async Task Risk_template_simulates_and_shows_probability_cheapest_for_every_option()
    {
        var page = await app.NewPageAsync();
        var dashboard = new DashboardPage(page, app);
        await dashboard.OpenAsync();
        await dashboard.NewFromTemplateAsync("risk-support-assistant");

        await page.GetByRole(AriaRole.Link, new() { Name = "Risk" }).ClickAsync();
        await page.GetByLabel("Trials").FillAsync("2000");
        await page.Locator("[data-testid=run-simulation]").ClickAsync();

        var table = page.Locator("[data-testid=simulation] tbody tr");
        await Assertions.Expect(table.First).ToBeVisibleAsync();
        Assert.Equal(3, await table.CountAsync());
        Assert.Equal(2, await page.Locator("[data-testid=simulation-savings] tbody tr").CountAsync());
        // Every uncertain input of the template is ranked, each with its distribution and a rank correlation in [-1, 1].
        var inputs = page.Locator("[data-testid=simulation-tornado] tbody tr");
        Assert.Equal(11, await inputs.CountAsync());
        foreach (var cell in await inputs.Locator("td:last-child").AllInnerTextsAsync())
        {
            Assert.InRange(double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture), -1, 1);
        }
        await Assertions.Expect(page.Locator("[data-chart=pv-histogram] .main-svg").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.Screenshots, "risk.png"), FullPage = true });
    }

    [Fact]
    public async Task Cancel_stops_a_million_trial_run_which_never_shows_results()
    {
        var page = await app.NewPageAsync();
        var dashboard = new DashboardPage(page, app);
        await dashboard.OpenAsync();
        await dashboard.NewFromTemplateAsync("risk-support-assistant");

        await page.GetByRole(AriaRole.Link, new() { Name = "Risk" }).ClickAsync();
        await page.GetByLabel("Trials").FillAsync("1000000");
        await page.Locator("[data-testid=run-simulation]").ClickAsync();
        // The run is under way once the bar has moved by a step of trials.
        await Assertions.Expect(page.Locator("[data-testid=simulation-progress-text]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9][\d,]* of 1,000,000 trials"));
        await page.Locator("[data-testid=cancel-simulation]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=simulation-message]")).ToContainTextAsync(
            new System.Text.RegularExpressions.Regex(@"Cancelled after [\d,]+ of 1,000,000 trials"), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=run-simulation]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=cancel-simulation]")).ToHaveCountAsync(0);
        Assert.Equal(0, await page.Locator("[data-testid=simulation]").CountAsync());
        Assert.DoesNotContain("1,000,000 of 1,000,000", await page.Locator("[data-testid=simulation-message]").InnerTextAsync(), StringComparison.Ordinal);
    }
}
