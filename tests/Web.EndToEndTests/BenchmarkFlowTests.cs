using Microsoft.Playwright;
using Planner.Web.EndToEndTests.Pages;

namespace Planner.Web.EndToEndTests;

[Collection(WebAppCollection.Name)]
public sealed class BenchmarkFlowTests(WebAppFixture app)
{
    /// <summary>The smoke profile takes well under a minute here; a busy CI machine gets generous room.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions RunTime = new() { Timeout = 240_000 };

    [Fact]
    public async Task Smoke_profile_runs_in_the_background_with_progress_and_its_results_are_stored_and_shown()
    {
        var page = await app.NewPageAsync();
        var benchmarks = new BenchmarksPage(page, app);
        await benchmarks.OpenAsync();

        await benchmarks.StartAsync();

        await Assertions.Expect(benchmarks.Progress).ToBeVisibleAsync();
        await benchmarks.ScreenshotAsync("benchmarks-running");
        await Assertions.Expect(benchmarks.LastRun).ToBeVisibleAsync(RunTime);
        await Assertions.Expect(benchmarks.LastRun).ToContainTextAsync("finished and stored");
        await Assertions.Expect(benchmarks.Runs.First).ToContainTextAsync("smoke");
        await benchmarks.ScreenshotAsync("benchmarks");

        var detail = await benchmarks.OpenLastRunAsync();
        Assert.True(await detail.Results.CountAsync() >= 4);
        await Assertions.Expect(detail.Results.First).ToContainTextAsync("mlp");
        await Assertions.Expect(detail.Fingerprint).ToContainTextAsync("CPU");
        await detail.WaitForChartAsync();
        await detail.ScreenshotAsync("benchmark-run");

        // Hand the measured decoder throughput to a scenario (same browser session: navigate inside the app). Issue #15:
        // it was measured on this CPU, and the template's options run on GPUs, so the hand-off is refused with the reason.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        var editor = await new DashboardPage(page, app).NewFromTemplateAsync("support-assistant");
        await page.GetByRole(AriaRole.Link, new() { Name = "Benchmarks" }).ClickAsync();
        await benchmarks.Runs.First.GetByRole(AriaRole.Link).ClickAsync();
        await detail.Results.First.WaitForAsync();
        var refused = await detail.UseInScenarioRefusedAsync();
        await Assertions.Expect(refused).ToContainTextAsync("was measured on a CPU");
        await Assertions.Expect(refused).ToContainTextAsync("a CPU's throughput says nothing about a GPU's");
        await detail.ScreenshotAsync("benchmark-handoff-refused");
        await page.GetByRole(AriaRole.Link, new() { Name = "Scenario editor" }).ClickAsync();
        await editor.WaitForResultsAsync();
        await Assertions.Expect(page.Locator("div[data-option=cloud]")).Not.ToContainTextAsync("Throughput: run");
        await Assertions.Expect(page.Locator("[data-testid=scenario-problems]")).ToHaveCountAsync(0);
        await editor.ScreenshotAsync("editor-with-benchmark-throughput");
    }
}
