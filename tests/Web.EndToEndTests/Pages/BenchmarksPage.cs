using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests.Pages;

public sealed class BenchmarksPage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    public Task OpenAsync() => GotoAsync("/benchmarks");

    /// <summary>Starts the selected profile (the page selects smoke by default) on the default device.</summary>
    public async Task StartAsync() => await Page.Locator("[data-testid=start-run]").ClickAsync();

    public ILocator Progress => Page.Locator("[data-testid=run-progress]");

    public ILocator LastRun => Page.Locator("[data-testid=last-run]");

    public ILocator Runs => Page.Locator("[data-testid=benchmark-runs] tbody tr");

    public async Task<RunDetailPage> OpenLastRunAsync()
    {
        await LastRun.GetByRole(AriaRole.Link).ClickAsync();
        await Page.WaitForURLAsync("**/benchmarks/*");
        var detail = new RunDetailPage(Page, App);
        await detail.Results.First.WaitForAsync();
        return detail;
    }
}

public sealed class RunDetailPage(IPage page, WebAppFixture app) : AppPage(page, app)
{
    public ILocator Results => Page.Locator("[data-testid=run-results] tbody tr");

    public ILocator Fingerprint => Page.Locator("[data-testid=fingerprint]");

    /// <summary>Uses the page's default choice (the decoder's prefill + decode result) for the open scenario's first GPU option.</summary>
    public async Task UseInScenarioAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use in the scenario" }).ClickAsync();
        await Page.WaitForURLAsync("**/editor");
    }

    /// <summary>Clicks "Use in the scenario" and waits for the refusal (the page stays: evidence the store refuses is not handed over).</summary>
    public async Task<ILocator> UseInScenarioRefusedAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use in the scenario" }).ClickAsync();
        var refused = Page.Locator("[data-testid=handoff-refused]");
        await refused.WaitForAsync();
        return refused;
    }

    public async Task WaitForChartAsync() => await Page.Locator("[data-chart=throughput-vs-batch] .main-svg").First.WaitForAsync();
}
