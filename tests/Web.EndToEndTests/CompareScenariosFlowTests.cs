using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Planner.Web.EndToEndTests.Pages;

namespace Planner.Web.EndToEndTests;

[Collection(WebAppCollection.Name)]
public sealed class CompareScenariosFlowTests(WebAppFixture app)
{
    private static readonly string[] Templates = ["support-assistant", "document-summarization"];

    /// <summary>POSTs a template's JSON to <paramref name="path"/> over HTTP and returns the answer's JSON.</summary>
    private static async Task<JsonElement> PostAsync(IPage page, string path, string template)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(WebAppFixture.RepositoryRoot(), "examples", template + ".json"));
        var response = await page.APIRequest.PostAsync(path, new()
        {
            DataString = json,
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
        });
        Assert.True(response.Ok, $"{path} answered {response.Status}: {await response.TextAsync()}");
        return (await response.JsonAsync())!.Value;
    }

    [Fact]
    public async Task Two_scenarios_saved_through_the_api_are_compared_from_the_dashboard_with_both_recommendations_and_every_chart()
    {
        var page = await app.NewPageAsync();
        var ids = new List<string>();
        var recommendations = new List<string>();
        foreach (var template in Templates)
        {
            ids.Add((await PostAsync(page, "/api/scenarios", template)).GetProperty("id").GetString()!);
            recommendations.Add((await PostAsync(page, "/api/evaluate", template)).GetProperty("recommendation").GetString()!);
        }

        var dashboard = new DashboardPage(page, app);
        await dashboard.OpenAsync();
        foreach (var id in ids)
        {
            await dashboard.TickForComparisonAsync(id);
        }
        await dashboard.ScreenshotAsync("dashboard-compare-selected", fullPage: false);
        var compare = await dashboard.CompareSelectedAsync();

        Assert.EndsWith($"/compare?scenarios={ids[0]},{ids[1]}", page.Url, StringComparison.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(recommendations[i], await compare.RecommendationAsync(ids[i]));
        }
        await Assertions.Expect(compare.Metrics).ToContainTextAsync("Support assistant, 36 months");
        await Assertions.Expect(compare.Metrics).ToContainTextAsync("Document summarization, nightly batch");
        await Assertions.Expect(page.Locator("[data-testid=scenario-difference][data-field=horizonMonths]")).ToContainTextAsync("36 months");
        await Assertions.Expect(page.Locator("[data-chart=cumulative-cash] .legendtext").Filter(new() { HasText = "Document summarization" }).First).ToBeVisibleAsync();
        await compare.ScreenshotAsync("compare-saved-scenarios");
        await compare.ScreenshotAsync("compare-saved-scenarios-top", fullPage: false);
        await compare.Metrics.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "compare-saved-metrics.png") });
        foreach (var chart in ComparePage.Charts)
        {
            await page.Locator($"[data-chart={chart}]").First.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, $"compare-saved-{chart}.png") });
        }

        // The address is the comparison: opened afresh (a shared link), it shows the same scenarios; one more is picked there.
        var sharedPage = await app.NewPageAsync();
        var shared = new ComparePage(sharedPage, app);
        await shared.OpenAsync($"/compare?scenarios={ids[1]}");
        await Assertions.Expect(shared.PickMore).ToBeVisibleAsync();
        await shared.PickAsync(ids[0]);
        await Assertions.Expect(sharedPage).ToHaveURLAsync(new Regex($"/compare\\?scenarios={ids[1]},{ids[0]}$"));
        await shared.WaitForChartsAsync();
        Assert.Equal(recommendations[0], await shared.RecommendationAsync(ids[0]));
        Assert.Equal(recommendations[1], await shared.RecommendationAsync(ids[1]));

        await compare.SwitchModeAsync("This scenario's options");
        await page.WaitForURLAsync("**/compare");
        await Assertions.Expect(page.GetByText("Nothing to compare yet")).ToBeVisibleAsync();
    }
}
