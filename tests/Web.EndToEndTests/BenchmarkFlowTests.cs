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
    }
}
