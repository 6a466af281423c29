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

        await SeventyBillionOnFourGpusAsync(capacity);
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

    [Fact]
    public async Task Closed_loop_users_with_a_think_time_give_the_users_per_replica_their_rate_and_the_replicas_for_them()
    {
        var page = await app.NewPageAsync();
        var capacity = new CapacityPage(page, app);
        await page.GotoAsync("/capacity");
        await capacity.WaitUntilInteractiveAsync();
        await page.Locator("[data-testid=capacity-form]").WaitForAsync();

        await SeventyBillionOnFourGpusAsync(capacity);
        await page.Locator("[data-field=closedLoop] .mud-switch").ClickAsync();
        // Out of range while typing: the field names itself and its range.
        await capacity.SetAsync("clients", "0");
        await Assertions.Expect(page.Locator("[data-field=clients]")).ToContainTextAsync("clients must be >= 1 and <= 1000000 (got 0)");
        await capacity.SetAsync("clients", "500");
        await capacity.SetAsync("thinkTime", "5");
        await Assertions.Expect(page.Locator("[data-field=clients]")).ToHaveAttributeAsync("data-invalid", "false");
        await capacity.FindCapacityAsync();

        var users = int.Parse((await capacity.Rate.GetAttributeAsync("data-users"))!, CultureInfo.InvariantCulture);
        Assert.True(users > 0);
        await Assertions.Expect(capacity.Rate).ToContainTextAsync($"One replica of 4 GPUs serves {users.ToString("N0", CultureInfo.GetCultureInfo("en-US"))} users (each thinking 5.0 s");
        await Assertions.Expect(capacity.Rate).ToContainTextAsync("requests/s within p95 TTFT 2,000 ms and p95 ITL 60.0 ms");
        var replicas = (500 + users - 1) / users;
        await Assertions.Expect(capacity.Fleet).ToHaveAttributeAsync("data-replicas", replicas.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(capacity.Fleet).ToContainTextAsync($"500 users at peak: {replicas} replica");
        await Assertions.Expect(capacity.Fleet).ToContainTextAsync($"= {replicas * 4} GPUs");
        await Assertions.Expect(page.Locator("[data-testid=capacity-curve-table] td[data-users]").First).ToBeVisibleAsync();
        await capacity.ScreenshotAsync("capacity-closed-loop");
    }

    /// <summary>The replica both flows size: llama-3-70b in fp8 on 4 GPUs, at p95 TTFT 2 s and ITL 60 ms, 60 simulated seconds per load tried.</summary>
    private static async Task SeventyBillionOnFourGpusAsync(CapacityPage capacity)
    {
        await capacity.ChooseAsync("model", "llama-3-70b");
        await capacity.SetAsync("gpusPerReplica", "4");
        await capacity.ChooseAsync("precision", "fp8");
        await capacity.SetAsync("ttftMs", "2000");
        await capacity.SetAsync("itlMs", "60");
        await capacity.SetAsync("duration", "60");
    }
}
