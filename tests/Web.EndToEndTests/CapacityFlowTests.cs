using System.Globalization;
using Microsoft.Playwright;
using Planner.Web.EndToEndTests.Pages;

namespace Planner.Web.EndToEndTests;

[Collection(WebAppCollection.Name)]
public sealed class CapacityFlowTests(WebAppFixture app)
{
    [Fact]
    public async Task A_model_sized_at_latency_targets_gives_replicas_for_a_peak_and_hands_the_fleet_to_the_scenario()
    {
        var page = await app.NewPageAsync();
        var dashboard = new DashboardPage(page, app);
        await dashboard.OpenAsync();
        var editor = await dashboard.NewFromTemplateAsync("support-assistant");
        var capacity = new CapacityPage(page, app);
        await capacity.OpenFromMenuAsync();

        await capacity.ChooseAsync("model", "llama-3-70b");
        await capacity.SetAsync("gpusPerReplica", "4");
        await capacity.ChooseAsync("precision", "fp8");
        await capacity.SetAsync("ttftMs", "2000");
        await capacity.SetAsync("itlMs", "60");
        await capacity.SetAsync("duration", "60");
        await capacity.FindCapacityAsync();

        await Assertions.Expect(capacity.Rate).ToContainTextAsync("One replica of 4 GPUs serves");
        var rate = double.Parse((await capacity.Rate.GetAttributeAsync("data-rate"))!, CultureInfo.InvariantCulture);
        Assert.True(rate > 0);
        await Assertions.Expect(capacity.TtftChart).ToBeVisibleAsync();
        await Assertions.Expect(capacity.ParetoChart).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=capacity-curve-table] tr[data-pareto=true]").First).ToBeVisibleAsync();

        await capacity.SetAsync("rate", "20");

        var replicas = (int)Math.Ceiling(20 / rate);
        await Assertions.Expect(capacity.Fleet).ToHaveAttributeAsync("data-replicas", replicas.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(capacity.Fleet).ToContainTextAsync($"= {replicas * 4} GPUs");
        await Assertions.Expect(page.Locator("[data-testid=fleet-choice]")).ToContainTextAsync($"at least {replicas * 4} GPUs");
        await capacity.ScreenshotAsync("capacity");

        await capacity.UseInScenarioAsync();
        await editor.WaitForResultsAsync();
        await Assertions.Expect(page.Locator("div[data-option=cloud]")).ToContainTextAsync("Throughput: projection of llama-3-70b on 4x NVIDIA H100 SXM");
        await Assertions.Expect(page.Locator("[data-field='options[1].minGpus'] input")).ToHaveValueAsync((replicas * 4).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-testid=scenario-problems]")).ToHaveCountAsync(0);
    }
}
